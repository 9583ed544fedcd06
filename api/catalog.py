"""`catalog/`: every code the diary accepts, with labels; public and cacheable.

The PWA keeps it for offline use and takes from it everything it shows about a code: labels,
severities, which side effects are red flags and the advice for them, MME factors per unit,
intake limits, the instruments (items word for word, answers, anchors, scoring, bands,
schedule), the words for figures (categories, their reasons, relief bounds, the legend),
the not-watched sentence and the crisis lines (diary.crisis_lines).

It answers in the request's language (Accept-Language, else the signed-in patient's choice:
the language middleware activates it), labels and advice through the catalogues, the
instruments in a published translation only (diary.instrument_languages). Each language's
document is built once per process and kept (it depends on nothing else but the settings);
`Content-Language` names it and `Vary: Accept-Language` keeps shared caches per language.
"""

import json
from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.views.decorators.gzip import gzip_page
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.schema import choice_field
from diary import catalogue
from diary.crisis_lines import crisis_lines_for
from diary.instrument_languages import instrument_in, language_note, text_language


def _labelled(options: dict) -> list[dict]:
    return [{"code": code, "label": str(label)} for code, label in options.items()]


def _words(options: dict) -> dict[str, str]:
    return {code: str(words) for code, words in options.items()}


def _instrument(english: catalogue.Instrument, language: str) -> dict:
    instrument = instrument_in(english, language)
    return {
        "code": instrument.code,
        "name": instrument.name,
        "title": instrument.title,
        "citation": instrument.citation,
        "recall": instrument.recall,
        "stem": instrument.stem,
        "items": [
            {
                "text": item.text,
                "min": item.lo,
                "max": item.hi,
                "answers": [{"value": v, "label": str(label)} for v, label in item.answers],
                "anchors": [{"value": v, "label": str(label)} for v, label in item.anchors],
            }
            for item in instrument.items
        ],
        "score": instrument.score_rule,
        "score_min": instrument.score_min,
        "score_max": instrument.score_max,
        "bands": [
            {"code": b.code, "label": str(b.label), "min": b.lo, "max": b.hi} for b in instrument.bands
        ],
        "schedule_days": instrument.schedule_days,
        "red_flag_item": instrument.red_flag_item,
        "red_flag_from": instrument.red_flag_from,
        "language": text_language(english, language),
        "language_note": language_note(english, language),
    }


def catalog_document(language: str | None = None) -> dict:
    """The catalogue in `language` (default: the active one); a fresh dict the caller may change."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        return _document(language)


def _document(language: str) -> dict:
    return {
        "conditions": _labelled(catalogue.CONDITIONS),
        "treatments": _labelled(catalogue.TREATMENTS),
        "routes": _labelled(catalogue.ROUTES),
        "phases": _labelled(catalogue.PHASES),
        "settings": _labelled(catalogue.SETTINGS),
        "side_effects": [
            {
                "code": s.code,
                "label": str(s.label),
                "red_flag": s.red_flag != "never",
                "red_flag_when": s.red_flag,
                "red_flag_from": s.red_flag_from,
                "advice": _advice(s.code),
                "urgent_help": s.urgent_help,
            }
            for s in catalogue.SIDE_EFFECTS.values()
        ],
        "severities": [{"value": v, "label": str(label)} for v, label in catalogue.SEVERITIES.items()],
        "body_regions": _labelled(catalogue.BODY_REGIONS),
        "drugs": [
            {
                "code": d.code,
                "label": str(d.label),
                "opioid": d.opioid,
                "benzodiazepine": d.benzodiazepine,
                "patch": d.patch,
                "mme_incomplete": d.mme_incomplete,
                "mme_factor": float(d.mme_factor) if d.mme_factor is not None else None,
                "mme_per_unit": {unit: float(f) for unit, f in catalogue.mme_per_unit(d).items()},
                "units": ["mcg_per_h"] if d.patch else ["mg", "mcg"],
            }
            for d in catalogue.DRUGS.values()
        ],
        "units": [
            {"code": code, "label": str(label), "max_dose": float(catalogue.DOSE_MAX[code])}
            for code, label in catalogue.UNITS.items()
        ],
        "wear_hours": {
            "min": catalogue.WEAR_HOURS_MIN,
            "max": catalogue.WEAR_HOURS_MAX,
            "default": catalogue.WEAR_HOURS_DEFAULT,
        },
        "pgic": [{"value": v, "label": str(label)} for v, label in catalogue.PGIC.items()],
        "instruments": [_instrument(i, language) for i in catalogue.INSTRUMENTS.values()],
        "categories": _words(catalogue.CATEGORIES),
        "category_reasons": _words(catalogue.CATEGORY_REASONS),
        "relief_bounds": _words(catalogue.RELIEF_BOUNDS),
        "legend": _words(catalogue.LEGEND),
        "not_watched": str(catalogue.NOT_WATCHED),
        "crisis_lines": crisis_lines_for(language),
    }


def _advice(code: str) -> str | None:
    advice = catalogue.RED_FLAG_ADVICE.get(code)
    return None if advice is None else str(advice)


@lru_cache(maxsize=8)
def _cached_document(language: str, crisis_settings: str) -> dict:
    """One document per language (and crisis-line settings, so a changed setting is seen)."""
    return catalog_document(language)


class CatalogItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class CatalogValueSerializer(serializers.Serializer):
    """A point of a scale (severity 1-3, PGIC 1-7) and its label."""

    value = serializers.IntegerField()
    label = serializers.CharField()


class CatalogSideEffectSerializer(CatalogItemSerializer):
    red_flag = serializers.BooleanField(help_text="A red flag at some severity.")
    red_flag_when = choice_field(
        [(w, w) for w in ("never", "always", "severe")], enum_id="RedFlagWhen", help_text="At which severity."
    )
    red_flag_from = serializers.IntegerField(
        allow_null=True, help_text="The lowest severity at which it is a red flag; null: never."
    )
    advice = serializers.CharField(
        allow_null=True, help_text="What the patient is told at once on logging it as a red flag."
    )
    urgent_help = serializers.BooleanField(help_text="Show the urgent-help guidance at once.")


class CatalogDrugSerializer(CatalogItemSerializer):
    opioid = serializers.BooleanField()
    benzodiazepine = serializers.BooleanField(help_text="A benzodiazepine (no MME; opioid cautions).")
    patch = serializers.BooleanField(help_text="A transdermal patch: logged in mcg_per_h, with wear_hours.")
    mme_incomplete = serializers.BooleanField(
        help_text="An opioid without an MME factor: its mme is null and its days are 'MME incomplete'."
    )
    mme_factor = serializers.FloatField(
        allow_null=True, help_text="Morphine milligram equivalents per mg (a patch: per mcg/h)."
    )
    mme_per_unit = serializers.DictField(
        child=serializers.FloatField(),
        help_text="The MME of one unit of dose, by unit (MME = dose × factor); empty for non-opioids.",
    )
    units = serializers.ListField(
        child=choice_field(list(catalogue.UNITS.items()), enum_id="Unit"),
        help_text="The units it is logged in.",
    )


class CatalogUnitSerializer(CatalogItemSerializer):
    max_dose = serializers.FloatField(help_text="The largest dose accepted in this unit (a dose is > 0).")


class CatalogWearHoursSerializer(serializers.Serializer):
    """How long a patch (unit mcg_per_h) may be worn, in hours."""

    min = serializers.IntegerField()
    max = serializers.IntegerField()
    default = serializers.IntegerField(help_text="What the server stores when a patch is logged without it.")


class CrisisLineSerializer(serializers.Serializer):
    name = serializers.CharField()
    number = serializers.CharField(help_text="As dialled, spaces allowed (e.g. `116 123`).")
    region = serializers.CharField(help_text="Where the line answers.")


class CatalogInstrumentItemSerializer(serializers.Serializer):
    """One question of an instrument, answered with a whole number from `min` to `max`."""

    text = serializers.CharField(help_text="The published wording, word for word.")
    min = serializers.IntegerField()
    max = serializers.IntegerField()
    answers = CatalogValueSerializer(
        many=True, help_text="The label of every answer (PHQ-9, GAD-7); empty for a 0-10 scale."
    )
    anchors = CatalogValueSerializer(
        many=True, help_text="The labels of the ends of a 0-10 scale (PEG); empty otherwise."
    )


class CatalogBandSerializer(serializers.Serializer):
    """A severity band of a score, `min` to `max` included."""

    code = serializers.CharField()
    label = serializers.CharField()
    min = serializers.IntegerField()
    max = serializers.IntegerField()


class CatalogInstrumentSerializer(serializers.Serializer):
    """A validated questionnaire (an assessment's `instrument`)."""

    code = choice_field([(c, i.name) for c, i in catalogue.INSTRUMENTS.items()], enum_id="InstrumentCode")
    name = serializers.CharField()
    title = serializers.CharField()
    citation = serializers.CharField(help_text="Who made it and on what terms it may be used.")
    recall = serializers.CharField(help_text="The period the questions ask about (show it with them).")
    stem = serializers.CharField(
        allow_blank=True, help_text="The question each item completes; empty when items are whole questions."
    )
    items = CatalogInstrumentItemSerializer(
        many=True, help_text="In order: an assessment's answers follow it."
    )
    score = choice_field(
        [("mean", "mean"), ("sum", "sum")],
        enum_id="InstrumentScoreRule",
        help_text="mean: of the answers, rounded once to 1 decimal half away from zero; sum: of the answers.",
    )
    score_min = serializers.IntegerField()
    score_max = serializers.IntegerField()
    bands = CatalogBandSerializer(many=True, help_text="Empty: the score has no bands (PEG).")
    schedule_days = serializers.IntegerField(help_text="Due again this many days after the last one.")
    red_flag_item = serializers.IntegerField(
        allow_null=True, help_text="0-based index of the item whose answer can raise a red flag."
    )
    red_flag_from = serializers.IntegerField(
        allow_null=True, help_text="The lowest answer to that item that is a red flag (urgent help at once)."
    )
    language = serializers.CharField(
        help_text="The language its text (title, stem, items, answers, anchors) is in: the request's "
        "when a validated translation was published in it, else `en`."
    )
    language_note = serializers.CharField(
        allow_null=True,
        help_text="Null, or one line in the request's language saying the questionnaire is shown in "
        "English because no validated translation was published.",
    )


def _words_field(help_text: str) -> serializers.DictField:
    return serializers.DictField(child=serializers.CharField(), help_text=help_text)


# Gzipped (21 KB → 4 KB): every app start fetches it. Public and the same for everyone,
# so compressing it reveals nothing (docs/assets.md).
@method_decorator(gzip_page, name="dispatch")
class CatalogApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    class CatalogSerializer(serializers.Serializer):
        conditions = CatalogItemSerializer(many=True)
        treatments = CatalogItemSerializer(many=True)
        routes = CatalogItemSerializer(many=True)
        phases = CatalogItemSerializer(many=True)
        settings = CatalogItemSerializer(many=True)
        side_effects = CatalogSideEffectSerializer(many=True)
        severities = CatalogValueSerializer(many=True)
        body_regions = CatalogItemSerializer(many=True)
        drugs = CatalogDrugSerializer(many=True)
        units = CatalogUnitSerializer(many=True)
        wear_hours = CatalogWearHoursSerializer()
        pgic = CatalogValueSerializer(many=True)
        instruments = CatalogInstrumentSerializer(many=True)
        categories = _words_field(
            "Category code → its label (substantial, moderate, minimal, no_change, worse)."
        )
        category_reasons = _words_field(
            "Why a category is null, code → words (insufficient_data, in_progress, low_baseline, too_early)."
        )
        relief_bounds = _words_field(
            "What bounds a relief figure, code → words (next_administration, horizon, as_of)."
        )
        legend = _words_field("One line defining each category, responder and relief, by code.")
        not_watched = serializers.CharField(
            help_text="Said on every red-flag card: nobody watches the diary in real time."
        )
        crisis_lines = CrisisLineSerializer(
            many=True,
            help_text="The crisis lines for the request's language (the setting CRISIS_LINES when set).",
        )

    @extend_schema(tags=["catalog"], responses=CatalogSerializer, auth=[])
    def get(self, request: Request) -> Response:
        language = translation.get_language() or settings.LANGUAGE_CODE
        crisis_settings = json.dumps([settings.CRISIS_LINES, settings.CRISIS_LINE_DEFAULTS])
        response = Response(_cached_document(language, crisis_settings))
        response["Cache-Control"] = "public, max-age=3600"
        response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language",))
        return response

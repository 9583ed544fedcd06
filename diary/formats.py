"""The diary's record formats: what clients may write of each record kind, and what they read back.

One format per kind, declared once as its fields (diary.fields) and its cross-field rules.
The REST API, the sync engine, the import and the demo data all validate through
`Format.validate` (by way of diary.services), and every client reads the documents
`Format.document` shows; the API's schema is generated from the same declaration
(api.record_serializers).

Every write validates the *whole* resulting document (current state merged with the change),
so cross-field rules hold after partial updates and sync merges too. Unknown and
server-managed fields are ignored. Errors are Django's `ValidationError`, by field path
(`side_effects.0.code`), in the order the API has always listed them: a field's own errors
before those of the items inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from diary import catalogue
from diary.fields import (
    MISSING,
    ChoiceField,
    DateField,
    DateTimeField,
    DecimalField,
    Distinct,
    Field,
    IntegerField,
    LinkField,
    ListField,
    ObjectsField,
    OffsetDateTimeField,
    Step,
    TextField,
    UUIDField,
    invalid,
)

NOTES_MAX = 5000

Rules = Callable[[dict[str, Any], Any], dict[str, Any]]


class Format:
    """A record kind's document: its fields in order (the server-managed ones first), and the
    rules that hold between fields (`rules(attrs, refs)` returns the attributes, completed)."""

    def __init__(self, description: str, fields: Mapping[str, Field], rules: Rules | None = None) -> None:
        self.description = description
        self.fields = {**record_fields(), **fields}
        for name, field in self.fields.items():
            field.bind(name)
        self.rules = rules
        self.writable = tuple(name for name, field in self.fields.items() if not field.read_only)
        """The fields a client may write, by their wire names."""

    def validate(self, data: Mapping[str, Any], *, refs: Any) -> dict[str, Any]:
        """The model attributes the document `data` stands for; ValidationError naming every
        bad field. `refs` looks up the records that links point to (diary.services.RecordRefs).
        """
        if not isinstance(data, Mapping):
            message = gettext("Invalid data. Expected a dictionary, but got %(type)s.") % {
                "type": type(data).__name__
            }
            raise ValidationError({NON_FIELD_ERRORS: invalid(message)})
        attrs, errors = {}, {}
        for name in self.writable:
            field = self.fields[name]
            try:
                attrs[field.source] = field.clean(data.get(name, MISSING), refs)
            except ValidationError as exc:
                errors.update(_by_path(name, exc))
        if errors:
            # A field's own errors before those inside it (`locations.3`, `side_effects.0.code`).
            raise ValidationError(dict(sorted(errors.items(), key=lambda item: item[0].count("."))))
        return self.rules(attrs, refs) if self.rules else attrs

    def document(self, record: Any) -> dict[str, Any]:
        """The record as clients read it (REST, pull, the export)."""
        document = {}
        for name, field in self.fields.items():
            value = field.get_attribute(record)
            document[name] = None if value is None else field.to_representation(value)
        return document

    def documents(self, records: Iterable[Any]) -> list[dict[str, Any]]:
        return [self.document(record) for record in records]


def _by_path(name: str, exc: ValidationError) -> dict[str, list[ValidationError]]:
    if hasattr(exc, "error_dict"):
        return {f"{name}.{path}": errors for path, errors in exc.error_dict.items()}
    return {name: exc.error_list}


def record_fields() -> dict[str, Field]:
    """What every record shows; all server-managed, so input for them is ignored."""
    return {
        "id": UUIDField(read_only=True),
        "version": IntegerField(read_only=True),
        "created_at": DateTimeField(read_only=True),
        "updated_at": DateTimeField(read_only=True),
    }


def score(lo: int = 0, hi: int = 10, **kwargs: Any) -> IntegerField:
    return IntegerField(lo, hi, **kwargs)


def optional_score(lo: int = 0, hi: int = 10, **kwargs: Any) -> IntegerField:
    return IntegerField(lo, hi, null=True, default=None, **kwargs)


def measure(lo: str, hi: str, digits: int, places: int, **kwargs: Any) -> DecimalField:
    """An optional plausibility-limited quantity: out of range is an error, never clamped."""
    return DecimalField(digits, places, lo, hi, null=True, default=None, **kwargs)


def notes() -> TextField:
    return TextField(NOTES_MAX, blank=True, trim=False, default="")


def fail(field: str, message: str) -> ValidationError:
    return ValidationError({field: invalid(message)})


# --- episode ---------------------------------------------------------------------------


def episode_rules(attrs: dict[str, Any], refs: Any) -> dict[str, Any]:
    errors = {}
    if attrs["treatment"] == "other" and not attrs.get("treatment_name", "").strip():
        errors["treatment_name"] = invalid(gettext("Name the treatment when it is 'other'."))
    if attrs.get("ended_on") and attrs["ended_on"] < attrs["started_on"]:
        errors["ended_on"] = invalid(gettext("An episode cannot end before it starts."))
    if errors:
        raise ValidationError(errors)
    return attrs


EPISODE = Format(
    "A course of treatment for a condition (e.g. ketamine infusions for CRPS), from its start "
    "to its end; administrations and entries may belong to one.",
    {
        "treatment": ChoiceField(catalogue.TREATMENTS),
        "treatment_name": TextField(
            200, blank=True, default="", help_text="Required (not blank) when treatment is `other`."
        ),
        "condition": ChoiceField(catalogue.CONDITIONS),
        "title": TextField(200),
        "started_on": DateField(),
        "ended_on": DateField(null=True, default=None, help_text="On or after started_on; null: ongoing."),
        "notes": notes(),
    },
    episode_rules,
)


# --- administration --------------------------------------------------------------------


def administration_rules(attrs: dict[str, Any], refs: Any) -> dict[str, Any]:
    if attrs.get("dose_mg_per_kg") is not None and attrs.get("weight_kg") is None:
        raise fail("weight_kg", gettext("A dose in mg/kg needs the weight in kg."))
    return attrs


ADMINISTRATION = Format(
    "One dose or infusion of an episode's treatment, with what was measured during it.",
    {
        "episode": LinkField("episode", source="episode_id", help_text="The id of one of your own episodes."),
        "administered_at": OffsetDateTimeField(offset_attr="administered_offset"),
        "route": ChoiceField(catalogue.ROUTES),
        "phase": ChoiceField(catalogue.PHASES, default="single"),
        "setting": ChoiceField(catalogue.SETTINGS, default="clinic"),
        "dose_mg": measure("0", "2000", 8, 3),
        "dose_mg_per_kg": measure("0", "10", 6, 3, help_text="Needs weight_kg."),
        "weight_kg": measure("1", "400", 5, 1),
        "duration_minutes": optional_score(0, 1440),
        "bp_systolic_max": optional_score(40, 300),
        "bp_diastolic_max": optional_score(20, 200),
        "heart_rate_max": optional_score(20, 250),
        "notes": notes(),
    },
    administration_rules,
)


# --- entry -----------------------------------------------------------------------------


# How far a device's clock may run ahead of the server's, and how far back an entry may be
# about (DOMAIN.md § Diary entries).
RECORDED_AHEAD_MAX = timedelta(hours=24)
DIARY_DATE_BACK_MAX = timedelta(days=366)

# Every message of a rule between fields is a constant sentence (no values in it): the API's
# schema states the rules in words, and clients may match them.
RECORDED_AHEAD = gettext_lazy(
    "recorded_at is more than 24 hours ahead of the server's clock: check the device's date and time."
)
DIARY_DATE_AFTER = gettext_lazy(
    "The diary date cannot be after the date of recorded_at (in recorded_at's own offset)."
)
DIARY_DATE_BEFORE = gettext_lazy(
    "The diary date cannot be more than 366 days before the date of recorded_at."
)
AVERAGE_BELOW_LEAST = gettext_lazy("Average pain cannot be below least pain (least ≤ average ≤ worst).")
WORST_BELOW_AVERAGE = gettext_lazy("Worst pain cannot be below average pain (least ≤ average ≤ worst).")
WORST_BELOW_LEAST = gettext_lazy("Worst pain cannot be below least pain (least ≤ average ≤ worst).")


def pain_order_errors(least: int | None, average: int | None, worst: int | None) -> dict[str, str]:
    """Where two of least, average and worst pain are given, least ≤ average ≤ worst.

    A broken pair is named by its higher field: `pain_average` when it is below least,
    `pain_worst` when it is below average (or, average not given, below least). At most one
    message per field.
    """
    errors = {}
    if least is not None and average is not None and average < least:
        errors["pain_average"] = AVERAGE_BELOW_LEAST
    if worst is not None and average is not None and worst < average:
        errors["pain_worst"] = WORST_BELOW_AVERAGE
    elif worst is not None and least is not None and worst < least:
        errors["pain_worst"] = WORST_BELOW_LEAST
    return errors


def entry_rules(attrs: dict[str, Any], refs: Any) -> dict[str, Any]:
    administration = attrs.get("administration_id")
    if administration is not None:
        episode = attrs.get("episode_id")
        if episode is not None and refs.get("administration", administration).episode_id != episode:
            raise fail("administration", gettext("This administration belongs to a different episode."))
    recorded_at = attrs["recorded_at"]
    recorded_on = recorded_at.date()  # local date in its own offset
    if attrs.get("diary_date") is None:
        attrs["diary_date"] = recorded_on
    errors = {}
    if recorded_at > timezone.now() + RECORDED_AHEAD_MAX:
        errors["recorded_at"] = RECORDED_AHEAD
    if attrs["diary_date"] > recorded_on:
        errors["diary_date"] = DIARY_DATE_AFTER
    elif recorded_on - attrs["diary_date"] > DIARY_DATE_BACK_MAX:
        errors["diary_date"] = DIARY_DATE_BEFORE
    errors.update(
        pain_order_errors(attrs.get("pain_least"), attrs.get("pain_average"), attrs.get("pain_worst"))
    )
    if errors:
        raise ValidationError({field: invalid(message) for field, message in errors.items()})
    return attrs


PAIN_ORDER = (
    "Over the last 24 hours. Where two of least, average and worst are given: least ≤ average ≤ worst."
)

SIDE_EFFECT = {
    "code": ChoiceField({code: effect.label for code, effect in catalogue.SIDE_EFFECTS.items()}),
    "severity": score(1, 3),
}

ENTRY = Format(
    "A diary entry: pain and how it interferes, mood, sleep, relief and side effects, at a "
    "moment of the patient's day.",
    {
        "recorded_at": OffsetDateTimeField(
            offset_attr="recorded_offset",
            help_text="With the device's UTC offset; not more than 24 hours ahead of the server's clock.",
        ),
        "diary_date": DateField(
            default=None,
            help_text="The day the entry is about; by default the date of recorded_at in its own offset. "
            "Never after that date, nor more than 366 days before it.",
        ),
        "pain_now": score(),
        "pain_average": optional_score(help_text=PAIN_ORDER),
        "pain_worst": optional_score(help_text=PAIN_ORDER),
        "pain_least": optional_score(help_text=PAIN_ORDER),
        "interference_enjoyment": optional_score(),
        "interference_activity": optional_score(),
        "mood": optional_score(),
        "sleep_quality": optional_score(),
        "relief_percent": optional_score(
            0, 100, checks=(Step(10, gettext_lazy("Relief is recorded in steps of 10 (0, 10, … 100).")),)
        ),
        "pgic": optional_score(1, 7),
        "locations": ListField(
            ChoiceField(catalogue.BODY_REGIONS),
            default=list,
            checks=(Distinct(gettext_lazy("A body region appears more than once.")),),
        ),
        "side_effects": ObjectsField(
            SIDE_EFFECT,
            item_name="SideEffect",
            default=list,
            checks=(
                Distinct(
                    gettext_lazy("A side effect appears more than once; give it one severity."), key="code"
                ),
            ),
            help_text="Each side effect (code) at most once.",
        ),
        "episode": LinkField(
            "episode",
            source="episode_id",
            null=True,
            default=None,
            help_text="The id of one of your own episodes.",
        ),
        "administration": LinkField(
            "administration",
            source="administration_id",
            null=True,
            default=None,
            help_text="The id of one of your own administrations; of `episode`, when both are given.",
        ),
        "notes": notes(),
    },
    entry_rules,
)


# --- medication ------------------------------------------------------------------------


DOSE_ABOVE_MAX = {
    "mg": gettext_lazy("A dose in mg is at most 5000."),
    "mcg": gettext_lazy("A dose in mcg is at most 100000."),
    "mcg_per_h": gettext_lazy("A patch's dose in mcg_per_h is at most 400."),
}
WEAR_HOURS_NOT_A_PATCH = gettext_lazy(
    "wear_hours is only for patches (unit mcg_per_h); send null for other units."
)


def medication_rules(attrs: dict[str, Any], refs: Any) -> dict[str, Any]:
    drug, unit = catalogue.DRUGS[attrs["drug"]], attrs["unit"]
    if drug.patch and unit != "mcg_per_h":
        raise fail("unit", gettext("A fentanyl patch is logged in mcg_per_h."))
    if not drug.patch and unit == "mcg_per_h":
        raise fail("unit", gettext("mcg_per_h is only for patches; use mg or mcg."))
    errors = {}
    if attrs["dose"] > catalogue.DOSE_MAX[unit]:
        errors["dose"] = DOSE_ABOVE_MAX[unit]
    if unit != "mcg_per_h" and attrs.get("wear_hours") is not None:
        errors["wear_hours"] = WEAR_HOURS_NOT_A_PATCH
    if errors:
        raise ValidationError({field: invalid(message) for field, message in errors.items()})
    if unit == "mcg_per_h" and attrs.get("wear_hours") is None:
        attrs["wear_hours"] = catalogue.WEAR_HOURS_DEFAULT
    return attrs


MEDICATION = Format(
    "One intake of a medication; the server derives its morphine milligram equivalents (`mme`). "
    "A patch (unit mcg_per_h) is logged once, when applied, with how long it is worn (`wear_hours`).",
    {
        "taken_at": OffsetDateTimeField(offset_attr="taken_offset"),
        "drug": ChoiceField({code: drug.label for code, drug in catalogue.DRUGS.items()}),
        "dose": DecimalField(
            10,
            3,
            "0.001",
            str(max(catalogue.DOSE_MAX.values())),
            help_text="More than 0, and at most 5000 in mg, 100000 in mcg, 400 in mcg_per_h.",
        ),
        "unit": ChoiceField(catalogue.UNITS, help_text="mcg_per_h for a fentanyl patch, and only for one."),
        "wear_hours": optional_score(
            catalogue.WEAR_HOURS_MIN,
            catalogue.WEAR_HOURS_MAX,
            help_text="How long a patch (unit mcg_per_h) is worn, in hours; 72 when not given. "
            "Null for every other unit.",
        ),
        "mme": DecimalField(
            12,
            4,
            read_only=True,
            null=True,
            help_text="Derived by the server. A patch: the MME of each day it is worn. Null for non-opioids "
            "and for opioids without an MME factor (buprenorphine, other_opioid).",
        ),
        "notes": notes(),
    },
    medication_rules,
)


# --- assessment ------------------------------------------------------------------------


COMPLETED_AHEAD = gettext_lazy(
    "completed_at is more than 24 hours ahead of the server's clock: check the device's date and time."
)
# One constant sentence per instrument (clients may match them): the count of answers, and the
# range of each answer (named `answers.<index>`).
ANSWERS_COUNT = {
    code: format_lazy(
        gettext_lazy("The {name} has {count} answers, one per item in the catalogue's order."),
        name=instrument.name,
        count=len(instrument.items),
    )
    for code, instrument in catalogue.INSTRUMENTS.items()
}
ANSWER_RANGE = {
    code: format_lazy(
        gettext_lazy("Each {name} answer is a whole number from {lo} to {hi}."),
        name=instrument.name,
        lo=instrument.items[0].lo,
        hi=instrument.items[0].hi,
    )
    for code, instrument in catalogue.INSTRUMENTS.items()
}
# Every (field, message) of a rule the schema states only in words (a schema-valid document
# the rules refuse): what tests/security/test_schemathesis.py accepts as such.
ASSESSMENT_RULES_IN_WORDS: list[tuple[str, str]] = [
    ("completed_at", COMPLETED_AHEAD),
    *(("answers", message) for message in ANSWERS_COUNT.values()),
    *(
        (f"answers.{index}", ANSWER_RANGE[code])
        for code, instrument in catalogue.INSTRUMENTS.items()
        for index in range(len(instrument.items))
    ),
]
ANSWER_LO = min(item.lo for i in catalogue.INSTRUMENTS.values() for item in i.items)
ANSWER_HI = max(item.hi for i in catalogue.INSTRUMENTS.values() for item in i.items)


def assessment_rules(attrs: dict[str, Any], refs: Any) -> dict[str, Any]:
    instrument = catalogue.INSTRUMENTS[attrs["instrument"]]
    answers = attrs["answers"]
    errors = {}
    if attrs["completed_at"] > timezone.now() + RECORDED_AHEAD_MAX:
        errors["completed_at"] = COMPLETED_AHEAD
    if len(answers) != len(instrument.items):
        errors["answers"] = ANSWERS_COUNT[instrument.code]
    else:
        for index, (item, value) in enumerate(zip(instrument.items, answers, strict=True)):
            if not item.lo <= value <= item.hi:
                errors[f"answers.{index}"] = ANSWER_RANGE[instrument.code]
    if errors:
        raise ValidationError({field: invalid(message) for field, message in errors.items()})
    return attrs


class BandField(ChoiceField):
    """An assessment's band code; null for an instrument without bands (the model keeps "")."""

    def get_attribute(self, record: Any) -> str | None:
        return getattr(record, self.source) or None


ASSESSMENT = Format(
    "A validated questionnaire the patient completed (PEG, PHQ-9 or GAD-7: the catalogue's "
    "`instruments`); the server derives its `score` and `band` from the answers.",
    {
        "completed_at": OffsetDateTimeField(
            offset_attr="completed_offset",
            help_text="With the device's UTC offset; not more than 24 hours ahead of the server's clock.",
        ),
        "instrument": ChoiceField({code: i.name for code, i in catalogue.INSTRUMENTS.items()}),
        "answers": ListField(
            IntegerField(ANSWER_LO, ANSWER_HI),
            help_text="One whole number per item of the instrument, in the catalogue's order, each "
            "within its item's range: PEG 3 answers 0-10, PHQ-9 9 answers 0-3, GAD-7 7 answers 0-3.",
        ),
        "episode": LinkField(
            "episode",
            source="episode_id",
            null=True,
            default=None,
            help_text="The id of one of your own episodes.",
        ),
        "score": DecimalField(
            4,
            1,
            read_only=True,
            null=True,
            help_text="Derived by the server: PEG the mean of its answers to 1 decimal (half away from "
            "zero); PHQ-9 and GAD-7 the sum.",
        ),
        "band": BandField(
            catalogue.ASSESSMENT_BANDS,
            read_only=True,
            null=True,
            help_text="Derived by the server from the score (the catalogue's bands); null for the PEG.",
        ),
    },
    assessment_rules,
)

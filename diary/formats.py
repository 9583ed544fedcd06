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
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

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
            message = f"Invalid data. Expected a dictionary, but got {type(data).__name__}."
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
        errors["treatment_name"] = invalid("Name the treatment when it is 'other'.")
    if attrs.get("ended_on") and attrs["ended_on"] < attrs["started_on"]:
        errors["ended_on"] = invalid("An episode cannot end before it starts.")
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
        raise fail("weight_kg", "A dose in mg/kg needs the weight in kg.")
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


def entry_rules(attrs: dict[str, Any], refs: Any) -> dict[str, Any]:
    administration = attrs.get("administration_id")
    if administration is not None:
        episode = attrs.get("episode_id")
        if episode is not None and refs.get("administration", administration).episode_id != episode:
            raise fail("administration", "This administration belongs to a different episode.")
    if attrs.get("diary_date") is None:
        attrs["diary_date"] = attrs["recorded_at"].date()  # local date in its own offset
    return attrs


SIDE_EFFECT = {
    "code": ChoiceField({code: effect.label for code, effect in catalogue.SIDE_EFFECTS.items()}),
    "severity": score(1, 3),
}

ENTRY = Format(
    "A diary entry: pain and how it interferes, mood, sleep, relief and side effects, at a "
    "moment of the patient's day.",
    {
        "recorded_at": OffsetDateTimeField(offset_attr="recorded_offset"),
        "diary_date": DateField(default=None),
        "pain_now": score(),
        "pain_average": optional_score(),
        "pain_worst": optional_score(),
        "pain_least": optional_score(),
        "interference_enjoyment": optional_score(),
        "interference_activity": optional_score(),
        "mood": optional_score(),
        "sleep_quality": optional_score(),
        "relief_percent": optional_score(
            0, 100, checks=(Step(10, "Relief is recorded in steps of 10 (0, 10, … 100)."),)
        ),
        "pgic": optional_score(1, 7),
        "locations": ListField(
            ChoiceField(catalogue.BODY_REGIONS),
            default=list,
            checks=(Distinct("A body region appears more than once."),),
        ),
        "side_effects": ObjectsField(
            SIDE_EFFECT,
            item_name="SideEffect",
            default=list,
            checks=(Distinct("A side effect appears more than once; give it one severity.", key="code"),),
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


def medication_rules(attrs: dict[str, Any], refs: Any) -> dict[str, Any]:
    drug = catalogue.DRUGS[attrs["drug"]]
    if drug.patch and attrs["unit"] != "mcg_per_h":
        raise fail("unit", "A fentanyl patch is logged in mcg_per_h.")
    if not drug.patch and attrs["unit"] == "mcg_per_h":
        raise fail("unit", "mcg_per_h is only for patches; use mg or mcg.")
    return attrs


MEDICATION = Format(
    "One intake of a medication; the server derives its morphine milligram equivalents (`mme`).",
    {
        "taken_at": OffsetDateTimeField(offset_attr="taken_offset"),
        "drug": ChoiceField({code: drug.label for code, drug in catalogue.DRUGS.items()}),
        "dose": DecimalField(10, 3, "0.001", "100000"),
        "unit": ChoiceField(catalogue.UNITS, help_text="mcg_per_h for a fentanyl patch, and only for one."),
        "mme": DecimalField(12, 4, read_only=True, null=True),  # null for a drug without an MME factor
        "notes": notes(),
    },
    medication_rules,
)

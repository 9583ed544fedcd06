"""The diary's record formats: validation of what clients write, and what they read back.

One serializer per record kind, shared by the REST API and the sync engine, so a record is
validated the same way whichever path it arrives by. Every write validates the *whole*
resulting document (current state merged with the change), so cross-field rules hold after
partial updates and sync merges too. Unknown and server-managed fields are ignored.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from diary import catalogue
from diary.fields import BoundedDateField, OffsetDateTimeField, schema_hint

NOTES_MAX = 5000


class StrictIntegerField(serializers.IntegerField):
    """An integer that must arrive as a JSON integer: "5", 5.0 and true are refused, not coerced."""

    default_error_messages = {"invalid": "A whole number is required (not text, a fraction or a boolean)."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """Text that must arrive as a JSON string: 6 and 6.5 are refused, not turned into "6"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictUUIDField(serializers.UUIDField):
    """A UUID that must arrive as a string: DRF would read 5 (or false) as UUID(int=5)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


def score(lo: int = 0, hi: int = 10, **kwargs) -> StrictIntegerField:
    return StrictIntegerField(min_value=lo, max_value=hi, **kwargs)


def optional_score(lo: int = 0, hi: int = 10) -> StrictIntegerField:
    return score(lo, hi, required=False, allow_null=True, default=None)


def measure(lo: str, hi: str, digits: int, places: int, **kwargs) -> serializers.DecimalField:
    """An optional plausibility-limited quantity: out of range is an error, never clamped."""
    return serializers.DecimalField(
        max_digits=digits,
        decimal_places=places,
        min_value=Decimal(lo),
        max_value=Decimal(hi),
        required=False,
        allow_null=True,
        default=None,
        coerce_to_string=False,
        **kwargs,
    )


def notes_field() -> serializers.CharField:
    return StrictCharField(
        max_length=NOTES_MAX, allow_blank=True, required=False, default="", trim_whitespace=False
    )


def choice(options: dict, **kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=list(options.items()), **kwargs)


class RecordSerializer(serializers.Serializer):
    """Fields every patient record shows; all server-managed, so input for them is ignored."""

    id = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    @property
    def refs(self):
        """The patient's records that links may point to (see diary.services.RecordRefs)."""
        return self.context["refs"]

    def owned(self, entity: str, value):
        """The linked record if it belongs to this patient; else a field error."""
        if value is None:
            return None
        record = self.refs.get(entity, value)
        if record is None:
            raise serializers.ValidationError(f"No {entity} with this id in your diary.")
        return record


class EpisodeSerializer(RecordSerializer):
    treatment = choice(catalogue.TREATMENTS)
    treatment_name = StrictCharField(
        max_length=200,
        allow_blank=True,
        required=False,
        default="",
        help_text="Required (not blank) when treatment is `other`.",
    )
    condition = choice(catalogue.CONDITIONS)
    title = StrictCharField(max_length=200)
    started_on = BoundedDateField()
    ended_on = BoundedDateField(
        required=False, allow_null=True, default=None, help_text="On or after started_on; null: ongoing."
    )
    notes = notes_field()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors = {}
        if attrs["treatment"] == "other" and not attrs.get("treatment_name", "").strip():
            errors["treatment_name"] = "Name the treatment when it is 'other'."
        if attrs.get("ended_on") and attrs["ended_on"] < attrs["started_on"]:
            errors["ended_on"] = "An episode cannot end before it starts."
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class AdministrationSerializer(RecordSerializer):
    episode = StrictUUIDField(source="episode_id", help_text="The id of one of your own episodes.")
    administered_at = OffsetDateTimeField(offset_attr="administered_offset")
    route = choice(catalogue.ROUTES)
    phase = choice(catalogue.PHASES, required=False, default="single")
    setting = choice(catalogue.SETTINGS, required=False, default="clinic")
    dose_mg = measure("0", "2000", 8, 3)
    dose_mg_per_kg = measure("0", "10", 6, 3, help_text="Needs weight_kg.")
    weight_kg = measure("1", "400", 5, 1)
    duration_minutes = optional_score(0, 1440)
    bp_systolic_max = optional_score(40, 300)
    bp_diastolic_max = optional_score(20, 200)
    heart_rate_max = optional_score(20, 250)
    notes = notes_field()

    def validate_episode(self, value):
        self.owned("episode", value)
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("dose_mg_per_kg") is not None and attrs.get("weight_kg") is None:
            raise serializers.ValidationError({"weight_kg": "A dose in mg/kg needs the weight in kg."})
        return attrs


class SideEffectSerializer(serializers.Serializer):
    code = choice({code: s.label for code, s in catalogue.SIDE_EFFECTS.items()})
    severity = score(1, 3)


class EntrySerializer(RecordSerializer):
    recorded_at = OffsetDateTimeField(offset_attr="recorded_offset")
    diary_date = BoundedDateField(required=False, default=None)
    pain_now = score()
    pain_average = optional_score()
    pain_worst = optional_score()
    pain_least = optional_score()
    interference_enjoyment = optional_score()
    interference_activity = optional_score()
    mood = optional_score()
    sleep_quality = optional_score()
    relief_percent = schema_hint(optional_score(0, 100), multipleOf=10)
    pgic = optional_score(1, 7)
    locations = schema_hint(
        serializers.ListField(child=choice(catalogue.BODY_REGIONS), required=False, default=list),
        uniqueItems=True,
    )
    side_effects = SideEffectSerializer(
        many=True, required=False, default=list, help_text="Each side effect (code) at most once."
    )
    episode = StrictUUIDField(
        source="episode_id",
        required=False,
        allow_null=True,
        default=None,
        help_text="The id of one of your own episodes.",
    )
    administration = StrictUUIDField(
        source="administration_id",
        required=False,
        allow_null=True,
        default=None,
        help_text="The id of one of your own administrations; of `episode`, when both are given.",
    )
    notes = notes_field()

    def validate_relief_percent(self, value):
        if value is not None and value % 10:
            raise serializers.ValidationError("Relief is recorded in steps of 10 (0, 10, … 100).")
        return value

    def validate_locations(self, value):
        if len(set(value)) != len(value):
            raise serializers.ValidationError("A body region appears more than once.")
        return value

    def validate_side_effects(self, value):
        codes = [item["code"] for item in value]
        if len(set(codes)) != len(codes):
            raise serializers.ValidationError("A side effect appears more than once; give it one severity.")
        return value

    def validate_episode(self, value):
        self.owned("episode", value)
        return value

    def validate_administration(self, value):
        self.owned("administration", value)
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        administration = attrs.get("administration_id")
        if administration is not None:
            record = self.refs.get("administration", administration)
            episode = attrs.get("episode_id")
            if episode is not None and record.episode_id != episode:
                raise serializers.ValidationError(
                    {"administration": "This administration belongs to a different episode."}
                )
        if attrs.get("diary_date") is None:
            attrs["diary_date"] = attrs["recorded_at"].date()  # local date in its own offset
        return attrs


class MedicationIntakeSerializer(RecordSerializer):
    taken_at = OffsetDateTimeField(offset_attr="taken_offset")
    drug = choice({code: d.label for code, d in catalogue.DRUGS.items()})
    dose = serializers.DecimalField(
        max_digits=10,
        decimal_places=3,
        min_value=Decimal("0.001"),
        max_value=Decimal("100000"),
        coerce_to_string=False,
    )
    unit = choice(catalogue.UNITS, help_text="mcg_per_h for a fentanyl patch, and only for one.")
    mme = serializers.DecimalField(
        max_digits=12, decimal_places=4, read_only=True, allow_null=True, coerce_to_string=False
    )  # null for a drug without an MME factor (e.g. "other")
    notes = notes_field()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        drug = catalogue.DRUGS[attrs["drug"]]
        if drug.patch and attrs["unit"] != "mcg_per_h":
            raise serializers.ValidationError({"unit": "A fentanyl patch is logged in mcg_per_h."})
        if not drug.patch and attrs["unit"] == "mcg_per_h":
            raise serializers.ValidationError({"unit": "mcg_per_h is only for patches; use mg or mcg."})
        return attrs

"""Strict DRF fields: what the API reads is exactly what the schema says, never a coercion.

DRF would read "5" or 5.0 as the integer 5, 6 as the text "6", 5 as UUID(int=5) and any
ISO-ish date-time as one. These read one JSON type only, as the diary's own fields do
(diary.fields, which the record endpoints validate with); the date fields read exactly the
text the schema's patterns match, from 1900 to 2100 (diary.fields.DATE_PATTERN).
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diary import fields as diary_fields


def schema_hint(field: serializers.Field, **keywords) -> serializers.Field:
    """Mark `field` with JSON Schema keywords for what its validation enforces beyond its type
    (`multipleOf=10`, `uniqueItems=True`); api.schema.AutoSchema adds them to the schema."""
    # A subclass, not an attribute: DRF copies fields by re-creating them from their class.
    field.__class__ = type(type(field).__name__, (type(field),), {"schema_extra": keywords})
    return field


class StrictIntegerField(serializers.IntegerField):
    """An integer that must arrive as a JSON integer: "5", 5.0 and true are refused, not coerced."""

    default_error_messages = {
        "invalid": gettext_lazy("A whole number is required (not text, a fraction or a boolean).")
    }

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


@extend_schema_field(diary_fields.DATE_SCHEMA)
class BoundedDateField(serializers.DateField):
    """A date as YYYY-MM-DD (nothing else: no 2026-3-1, no date-time) from 1900 to 2100."""

    def to_internal_value(self, value) -> date:
        try:
            return diary_fields.date_parse(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc), code="invalid") from None


@extend_schema_field(diary_fields.DATETIME_SCHEMA)
class OffsetDateTimeField(serializers.DateTimeField):
    """A date-time with its UTC offset, read and shown as diary.fields.OffsetDateTimeField does.

    The model stores the instant in UTC (`source`) and the offset in minutes (`offset_attr`).
    """

    default_error_messages = diary_fields.OffsetDateTimeField.MESSAGES  # its codes, for the schema

    def __init__(self, *, offset_attr: str, **kwargs) -> None:
        self.diary_field = diary_fields.OffsetDateTimeField(offset_attr=offset_attr)
        super().__init__(**kwargs)

    def bind(self, field_name, parent) -> None:
        super().bind(field_name, parent)
        self.diary_field.bind(self.source)

    def to_internal_value(self, value) -> datetime:
        try:
            return self.diary_field.to_internal_value(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages, code=exc.code) from None

    def get_attribute(self, instance):
        return self.diary_field.get_attribute(instance)

    def to_representation(self, value) -> str | None:
        return self.diary_field.to_representation(value)

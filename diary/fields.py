"""Serializer fields for the diary's wire format: date-times that keep their UTC offset."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from rest_framework import serializers


class OffsetDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date-time that must carry a UTC offset, and is shown in that offset.

    The model stores the instant in UTC (`<name>`) and the offset in minutes
    (`<name>_offset` → here `offset_attr`); input yields an aware datetime.
    """

    default_error_messages = {
        "naive": "Date-time has no UTC offset; send e.g. 2026-05-01T08:30:00+01:00.",
        "offset": "UTC offset must be whole minutes between -14:00 and +14:00.",
        "range": "Date-time is out of range.",
    }

    def __init__(self, *, offset_attr: str, **kwargs) -> None:
        self.offset_attr = offset_attr
        super().__init__(**kwargs)

    def to_internal_value(self, value) -> datetime:
        if not isinstance(value, str):
            self.fail("invalid", format="ISO 8601 with an offset")
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.fail("invalid", format="ISO 8601 with an offset")
        offset = parsed.utcoffset()
        if offset is None:
            self.fail("naive")
        if offset % timedelta(minutes=1) or abs(offset) > timedelta(hours=14):
            self.fail("offset")
        try:
            parsed.astimezone(UTC)  # stored in UTC: 0001-01-01T00:00+01:00 has no UTC form
        except OverflowError:
            self.fail("range")
        return parsed

    def get_attribute(self, instance):
        return (getattr(instance, self.source), getattr(instance, self.offset_attr))

    def to_representation(self, value) -> str | None:
        instant, offset_minutes = value
        if instant is None:
            return None
        tz = timezone(timedelta(minutes=offset_minutes or 0))
        return instant.astimezone(tz).isoformat()


def offset_minutes(value: datetime) -> int:
    offset = value.utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def local_date(value: datetime) -> date:
    """The calendar date of an aware datetime in its own offset."""
    return value.date()

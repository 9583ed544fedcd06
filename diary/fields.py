"""Serializer fields for the diary's wire format: dates and date-times that keep their UTC offset.

Every date and date-time the API reads lies in the years 1900 to 2100 (DATE_MIN..DATE_MAX):
far outside anything a diary holds, and far from the calendar's ends, so nothing computed
from an input (a summary's window, a UTC instant) can overflow. The accepted text is
exactly what DATE_PATTERN / DATETIME_PATTERN match, and those patterns are what the OpenAPI
schema states, so a client (or a schema-driven test) can tell a good value from a bad one.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)
_YEAR = "(?:19[0-9]{2}|20[0-9]{2}|2100)"
_MONTH_DAY = (
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_LEAP_DAY = "(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:0[048]|[2468][048]|[13579][26]))-02-29"
_DATE = f"(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_DAY})"
_TIME = "(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:[.][0-9]{1,6})?"
_OFFSET = "(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
DATE_PATTERN = f"^{_DATE}$"
"""A real calendar date YYYY-MM-DD from 1900-01-01 to 2100-12-31 (ECMA and Python regex alike)."""
DATETIME_PATTERN = f"^{_DATE}T{_TIME}{_OFFSET}$"
"""A date-time in that range with seconds (RFC 3339), up to 6 fractional digits, and a UTC offset
(Z, or whole minutes from -14:00 to +14:00)."""
DATE_RULE = f"YYYY-MM-DD, from {DATE_MIN} to {DATE_MAX}"
DATE_SCHEMA = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
DATETIME_SCHEMA = {"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN}

_DATE_RE = re.compile(DATE_PATTERN.replace("$", r"\Z"))
_DATETIME_RE = re.compile(DATETIME_PATTERN.replace("$", r"\Z"))


def schema_hint(field: serializers.Field, **keywords) -> serializers.Field:
    """Mark `field` with JSON Schema keywords for what its validation enforces beyond its type
    (`multipleOf=10`, `uniqueItems=True`); api.schema.AutoSchema adds them to the schema."""
    # A subclass, not an attribute: DRF copies fields by re-creating them from their class.
    field.__class__ = type(type(field).__name__, (type(field),), {"schema_extra": keywords})
    return field


def date_parse(value: object) -> date:
    """The date `value` names, if it is text matching DATE_PATTERN; ValueError (why) otherwise."""
    if isinstance(value, str) and _DATE_RE.match(value):
        return date.fromisoformat(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError("This date does not exist.") from None
        raise ValueError(f"Dates run from {DATE_MIN} to {DATE_MAX}.")
    raise ValueError(f"Enter a date as {DATE_RULE}.")


@extend_schema_field(DATE_SCHEMA)
class BoundedDateField(serializers.DateField):
    """A date as YYYY-MM-DD (nothing else: no 2026-3-1, no date-time) from 1900 to 2100."""

    def to_internal_value(self, value) -> date:
        try:
            return date_parse(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc), code="invalid") from None


@extend_schema_field(DATETIME_SCHEMA)
class OffsetDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date-time that must carry a UTC offset, and is shown in that offset.

    Accepted: exactly DATETIME_PATTERN (years 1900 to 2100). The model stores the instant in
    UTC (`<name>`) and the offset in minutes (`<name>_offset` → here `offset_attr`); input
    yields an aware datetime.
    """

    default_error_messages = {
        "naive": "Date-time has no UTC offset; send e.g. 2026-05-01T08:30:00+01:00.",
        "offset": "UTC offset must be whole minutes between -14:00 and +14:00.",
        "range": f"Date-time is out of range: dates run from {DATE_MIN} to {DATE_MAX}.",
    }

    def __init__(self, *, offset_attr: str, **kwargs) -> None:
        self.offset_attr = offset_attr
        super().__init__(**kwargs)

    def to_internal_value(self, value) -> datetime:
        if isinstance(value, str) and _DATETIME_RE.match(value):
            return datetime.fromisoformat(value)
        self.fail(self._why_not(value), format="YYYY-MM-DDThh:mm:ss±hh:mm")

    @staticmethod
    def _why_not(value) -> str:
        """The error code for a refused value: the most helpful reason Python can tell."""
        try:
            parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None:
            return "invalid"
        offset = parsed.utcoffset()
        if offset is None:
            return "naive"
        if offset % timedelta(minutes=1) or abs(offset) > timedelta(hours=14):
            return "offset"
        if not DATE_MIN <= parsed.date() <= DATE_MAX:
            return "range"
        return "invalid"  # another ISO 8601 spelling (week date, no dashes, a space for T…)

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

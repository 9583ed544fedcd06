"""The field types of the diary's documents: how a value is read from JSON, checked, and shown.

A field reads exactly one JSON type and never coerces another into it: an integer is a JSON
integer (not "5", 5.0 or true), text a JSON string, a UUID a string, a date the text
DATE_PATTERN matches. A refused value raises Django's `ValidationError`: a list of messages
for the field itself, or a dict of them by sub-path ("3" of a list, "0.code" of a list of
objects). Codes and messages are the API's (CONTRACT.md § Errors): clients branch on the
codes and show the messages, so they change only with the contract.

Every date and date-time read lies in the years 1900 to 2100 (DATE_MIN..DATE_MAX): far
outside anything a diary holds, and far from the calendar's ends, so nothing computed from an
input (a summary's window, a UTC instant) can overflow. The accepted text is exactly what
DATE_PATTERN / DATETIME_PATTERN match, and those patterns are what the OpenAPI schema states,
so a client (or a schema-driven test) can tell a good value from a bad one.
"""

from __future__ import annotations

import decimal
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.utils import timezone as django_timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

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
MAX_NUMBER_TEXT = 1000  # longer text is not read as a number at all


def date_parse(value: object) -> date:
    """The date `value` names, if it is text matching DATE_PATTERN; ValueError (why) otherwise."""
    if isinstance(value, str) and _DATE_RE.match(value):
        return date.fromisoformat(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError(gettext("This date does not exist.")) from None
        raise ValueError(gettext("Dates run from %(min)s to %(max)s.") % {"min": DATE_MIN, "max": DATE_MAX})
    raise ValueError(
        gettext("Enter a date as YYYY-MM-DD, from %(min)s to %(max)s.") % {"min": DATE_MIN, "max": DATE_MAX}
    )


def offset_minutes(value: datetime) -> int:
    offset = value.utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def local_date(value: datetime) -> date:
    """The calendar date of an aware datetime in its own offset."""
    return value.date()


def invalid(message: str, code: str = "invalid") -> ValidationError:
    return ValidationError(message, code=code)


class Missing:
    """The value of a field absent from the input (None is a value: JSON null)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = Missing()


# --- checks beyond a field's type, each with its message ---------------------------------


@dataclass(frozen=True)
class Step:
    """A number is a multiple of `size` (the API's schema states it as `multipleOf`)."""

    size: int
    message: str

    def __call__(self, value: int | None) -> None:
        if value is not None and value % self.size:
            raise invalid(self.message)


@dataclass(frozen=True)
class Distinct:
    """No two items of a list are the same (`key`: no two share that key's value).

    Without a key, the schema states it as `uniqueItems`.
    """

    message: str
    key: str | None = None

    def __call__(self, items: list) -> None:
        values = [item[self.key] for item in items] if self.key else items
        if len(set(values)) != len(values):
            raise invalid(self.message)


class ProhibitSurrogateCharactersValidator:
    """Text holds no unpaired UTF-16 surrogate (nothing can encode it as UTF-8)."""

    code = "surrogate_characters_not_allowed"

    def __call__(self, value: str) -> None:
        for character in value:
            if 0xD800 <= ord(character) <= 0xDFFF:
                message = gettext("Surrogate characters are not allowed: U+%(code)X.") % {
                    "code": ord(character)
                }
                raise invalid(message, self.code)


def bounds(lo: Any, hi: Any) -> list[Callable[[Any], None]]:
    """Validators of a number from `lo` to `hi` (either may be None: unbounded)."""
    validators: list[Callable[[Any], None]] = []
    if hi is not None:
        message = gettext_lazy("Ensure this value is less than or equal to %(limit_value)s.")
        validators.append(MaxValueValidator(hi, message=message))
    if lo is not None:
        message = gettext_lazy("Ensure this value is greater than or equal to %(limit_value)s.")
        validators.append(MinValueValidator(lo, message=message))
    return validators


# --- fields ----------------------------------------------------------------------------


class Field:
    """A field of a document, named by the document that holds it (`bind`).

    `default` makes the field optional (a callable is called for each document); `null` lets
    it be JSON null; a `read_only` field is shown and never read. `source` is the model's
    attribute when it differs from the name (`episode` → `episode_id`). `checks` run on the
    value read, default or null included. `help_text` documents the field (the API's schema).
    """

    def __init__(
        self,
        *,
        default: Any = MISSING,
        null: bool = False,
        read_only: bool = False,
        source: str | None = None,
        checks: tuple[Callable[[Any], None], ...] = (),
        help_text: str = "",
    ) -> None:
        self.default = default
        self.null = null
        self.read_only = read_only
        self.source = source
        self.checks = checks
        self.help_text = help_text
        self.validators: list[Callable[[Any], None]] = []
        self.name = ""

    def bind(self, name: str) -> None:
        self.name = name
        self.source = self.source or name

    @property
    def required(self) -> bool:
        return self.default is MISSING and not self.read_only

    def clean(self, data: Any, refs: Any = None) -> Any:
        """The value `data` (MISSING if absent) stands for; ValidationError if it is refused.

        `refs` is what fields linking to other records look them up in (diary.services.RecordRefs).
        """
        value = self.read(data)
        for check in self.checks:
            check(value)
        return value

    def read(self, data: Any) -> Any:
        """The default, null, or the value read and passed through every validator."""
        if data is MISSING:
            if self.required:
                raise invalid(gettext("This field is required."), "required")
            return self.default() if callable(self.default) else self.default
        if data is None:
            if not self.null:
                raise invalid(gettext("This field may not be null."), "null")
            return None
        value = self.to_internal_value(data)
        errors = []
        for validator in self.validators:
            try:
                validator(value)
            except ValidationError as exc:
                errors.extend(exc.error_list)
        if errors:
            raise ValidationError(errors)
        return value

    def to_internal_value(self, data: Any) -> Any:
        """The value of a present, non-null input; ValidationError if it has the wrong type."""
        raise NotImplementedError

    def get_attribute(self, record: Any) -> Any:
        return getattr(record, self.source)

    def to_representation(self, value: Any) -> Any:
        """The JSON value of a model value that is not None."""
        return value


class IntegerField(Field):
    """A JSON integer from `lo` to `hi`: "5", 5.0 and true are refused, not coerced."""

    def __init__(self, lo: int | None = None, hi: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lo, self.hi = lo, hi
        self.validators += bounds(lo, hi)

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise invalid(gettext("A whole number is required (not text, a fraction or a boolean)."))
        try:
            str(data)  # beyond Python's conversion limit (thousands of digits): not a number we keep
        except ValueError:
            raise invalid(
                gettext("A whole number is required (not text, a fraction or a boolean).")
            ) from None
        return data

    def to_representation(self, value: Any) -> int:
        return int(value)


class DecimalField(Field):
    """A number with at most `digits` digits, `places` of them after the point, from `lo` to `hi`.

    Read from a JSON number (or its text); out of range is an error, never clamped. Shown as
    a Decimal with exactly `places` places (a JSON number in responses).
    """

    def __init__(
        self, digits: int, places: int, lo: str | None = None, hi: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.digits, self.places = digits, places
        self.lo = decimal.Decimal(lo) if lo is not None else None
        self.hi = decimal.Decimal(hi) if hi is not None else None
        self.validators += bounds(self.lo, self.hi)

    def read(self, data: Any) -> Any:
        if self.null and isinstance(data, str) and not data.strip():
            return None  # "" for an optional quantity: none given
        return super().read(data)

    def to_internal_value(self, data: Any) -> decimal.Decimal:
        text = str(data).strip()
        if len(text) > MAX_NUMBER_TEXT:
            raise invalid(gettext("String value too large."), "max_string_length")
        try:
            value = decimal.Decimal(text)
        except decimal.DecimalException:
            raise invalid(gettext("A valid number is required.")) from None
        if not value.is_finite():
            raise invalid(gettext("A valid number is required."))
        self._check_precision(value)
        return self._quantize(value)

    def _check_precision(self, value: decimal.Decimal) -> None:
        _, digits, exponent = value.as_tuple()
        if exponent >= 0:
            whole, places = len(digits) + exponent, 0
        elif len(digits) > -exponent:
            whole, places = len(digits) + exponent, -exponent
        else:
            whole, places = 0, -exponent
        if whole + places > self.digits:
            message = gettext("Ensure that there are no more than %(digits)s digits in total.")
            raise invalid(message % {"digits": self.digits}, "max_digits")
        if places > self.places:
            message = gettext("Ensure that there are no more than %(places)s decimal places.")
            raise invalid(message % {"places": self.places}, "max_decimal_places")
        if whole > (whole_digits := self.digits - self.places):
            message = gettext(
                "Ensure that there are no more than %(digits)s digits before the decimal point."
            ) % {"digits": whole_digits}
            raise invalid(message, "max_whole_digits")

    def _quantize(self, value: decimal.Decimal) -> decimal.Decimal:
        context = decimal.getcontext().copy()
        context.prec = self.digits
        return value.quantize(decimal.Decimal(1).scaleb(-self.places), context=context)

    def to_representation(self, value: Any) -> decimal.Decimal:
        if not isinstance(value, decimal.Decimal):
            value = decimal.Decimal(str(value).strip())
        return self._quantize(value)


class TextField(Field):
    """A JSON string of at most `max_length` characters, with no NUL or unpaired surrogate.

    `blank`: the empty string is allowed. `trim`: surrounding whitespace is dropped first (so
    only whitespace counts as blank).
    """

    def __init__(self, max_length: int, *, blank: bool = False, trim: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_length, self.blank, self.trim = max_length, blank, trim
        self.validators += [
            MaxLengthValidator(
                max_length,
                message=gettext_lazy("Ensure this field has no more than %(limit_value)s characters."),
            ),
            ProhibitNullCharactersValidator(),
            ProhibitSurrogateCharactersValidator(),
        ]

    def read(self, data: Any) -> Any:
        if isinstance(data, str) and (data == "" or (self.trim and not data.strip())):
            if not self.blank:
                raise invalid(gettext("This field may not be blank."), "blank")
            return ""
        return super().read(data)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            raise invalid(gettext("Not a valid string."))
        return data.strip() if self.trim else data

    def to_representation(self, value: Any) -> str:
        return str(value)


class ChoiceField(Field):
    """One of the codes of `choices` (code → label, from diary.catalogue)."""

    def __init__(self, choices: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = dict(choices)

    def to_internal_value(self, data: Any) -> str:
        code = str(data)
        if code not in self.choices:
            raise invalid(gettext('"%(input)s" is not a valid choice.') % {"input": data}, "invalid_choice")
        return code


class UUIDField(Field):
    """A UUID as a JSON string (5 or false is not one)."""

    def to_internal_value(self, data: Any) -> uuid.UUID:
        try:
            if isinstance(data, str):
                return uuid.UUID(hex=data)
        except ValueError:
            pass
        raise invalid(gettext("Must be a valid UUID."))

    def to_representation(self, value: Any) -> str:
        return str(value)


class LinkField(UUIDField):
    """The id of another of the patient's records, of kind `entity`: an id that is not one of
    theirs is refused the same whether it exists or not (nothing about others' records leaks).
    """

    def __init__(self, entity: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entity = entity

    def clean(self, data: Any, refs: Any = None) -> Any:
        value = super().clean(data, refs)
        if value is not None and refs.get(self.entity, value) is None:
            raise invalid(gettext("No %(entity)s with this id in your diary.") % {"entity": self.entity})
        return value


class DateField(Field):
    """A date as YYYY-MM-DD (nothing else: no 2026-3-1, no date-time) from 1900 to 2100."""

    def to_internal_value(self, data: Any) -> date:
        try:
            return date_parse(data)
        except ValueError as exc:
            raise invalid(str(exc)) from None

    def to_representation(self, value: Any) -> str | None:
        return value.isoformat() if value else None


class DateTimeField(Field):
    """An instant the server keeps (created_at, updated_at), shown in the server's time zone."""

    def to_representation(self, value: Any) -> str | None:
        if not value:
            return None
        text = django_timezone.localtime(value).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


class OffsetDateTimeField(Field):
    """An ISO 8601 date-time that must carry a UTC offset, and is shown in that offset.

    Accepted: exactly DATETIME_PATTERN (years 1900 to 2100). The model stores the instant in
    UTC (`<name>`) and the offset in minutes (`offset_attr`: `<name>_offset`); input yields an
    aware datetime, and the services derive the offset column from it.
    """

    MESSAGES = {
        "invalid": gettext_lazy(
            "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm:ss±hh:mm."
        ),
        "naive": gettext_lazy("Date-time has no UTC offset; send e.g. 2026-05-01T08:30:00+01:00."),
        "offset": gettext_lazy("UTC offset must be whole minutes between -14:00 and +14:00."),
        "range": format_lazy(
            gettext_lazy("Date-time is out of range: dates run from {min} to {max}."),
            min=DATE_MIN,
            max=DATE_MAX,
        ),
    }

    def __init__(self, *, offset_attr: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.offset_attr = offset_attr

    def to_internal_value(self, data: Any) -> datetime:
        if isinstance(data, str) and _DATETIME_RE.match(data):
            return datetime.fromisoformat(data)
        code = self._why_not(data)
        raise invalid(self.MESSAGES[code], code)

    @staticmethod
    def _why_not(value: Any) -> str:
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

    def get_attribute(self, record: Any) -> tuple[datetime | None, int | None]:
        return (getattr(record, self.source), getattr(record, self.offset_attr))

    def to_representation(self, value: tuple[datetime | None, int | None]) -> str | None:
        instant, minutes = value
        if instant is None:
            return None
        return instant.astimezone(timezone(timedelta(minutes=minutes or 0))).isoformat()


class ListField(Field):
    """A JSON array whose items are each read by `child`; an item's errors are named by its index."""

    def __init__(self, child: Field, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.child = child

    def to_internal_value(self, data: Any) -> list:
        if not isinstance(data, list):
            message = gettext('Expected a list of items but got type "%(type)s".') % {
                "type": type(data).__name__
            }
            raise invalid(message, "not_a_list")
        values, errors = [], {}
        for index, item in enumerate(data):
            try:
                values.append(self.child.read(item))
            except ValidationError as exc:
                errors[str(index)] = exc.error_list
        if errors:
            raise ValidationError(errors)
        return values

    def to_representation(self, value: Any) -> list:
        return [self.child.to_representation(item) if item is not None else None for item in value]


class ObjectsField(Field):
    """A JSON array of small objects, each with `fields` (side effects: code and severity).

    Errors are named by the item's index and field (`0.code`); an item that is not an object
    gets `0.non_field_errors`, and a value that is not a list `non_field_errors`.
    """

    def __init__(self, fields: Mapping[str, Field], *, item_name: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.item_name = item_name  # what one item is called (the schema's component: SideEffect)
        self.fields = dict(fields)
        for name, field in self.fields.items():
            field.bind(name)

    def to_internal_value(self, data: Any) -> list[dict[str, Any]]:
        if not isinstance(data, list):
            message = gettext('Expected a list of items but got type "%(type)s".') % {
                "type": type(data).__name__
            }
            raise ValidationError({"non_field_errors": [invalid(message, "not_a_list")]})
        values, errors = [], {}
        for index, item in enumerate(data):
            if item is None:
                errors[str(index)] = [invalid(gettext("This field may not be null."), "null")]
            elif not isinstance(item, Mapping):
                message = gettext("Invalid data. Expected a dictionary, but got %(type)s.") % {
                    "type": type(item).__name__
                }
                errors[f"{index}.non_field_errors"] = [invalid(message)]
            else:
                value, item_errors = {}, {}
                for name, field in self.fields.items():
                    try:
                        value[field.source] = field.clean(item.get(name, MISSING))
                    except ValidationError as exc:
                        item_errors[f"{index}.{name}"] = exc.error_list
                errors.update(item_errors)
                values.append(value)
        if errors:
            raise ValidationError(errors)
        return values

    def to_representation(self, value: Any) -> list[dict[str, Any]]:
        return [
            {name: field.to_representation(item[field.source]) for name, field in self.fields.items()}
            for item in value
        ]

"""FHIR primitive values from stored ones: text, instants with their offset, numbers, ids."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal

# FHIR strings hold no character below U+0020 but tab, CR and LF; JSON text holds no lone
# UTF-16 surrogate. A row stored before the diary's checks may have either.
_NOT_FHIR_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def fhir_text(value: object) -> str | None:
    """Stored text as a FHIR string: what FHIR cannot hold becomes U+FFFD; None when blank
    (FHIR has no empty strings: the element is left out)."""
    if value is None:
        return None
    text = _NOT_FHIR_TEXT.sub("\ufffd", str(value))
    return text if text.strip() else None


def instant(moment: datetime, offset_minutes: int | None) -> str:
    """A FHIR dateTime in the offset the device recorded it at."""
    return moment.astimezone(timezone(timedelta(minutes=offset_minutes or 0))).isoformat()


def number(value: Decimal | int) -> int | float:
    """A JSON number for a FHIR decimal: an integer when whole."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def derived_id(record_id: uuid.UUID | str, part: str) -> str:
    """The id of a resource made from part of a record: the same on every export."""
    return str(uuid.uuid5(uuid.UUID(str(record_id)), part))


def reference(resource_id: str) -> dict:
    return {"reference": f"urn:uuid:{resource_id}"}

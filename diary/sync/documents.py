"""What the records sync carries look like to clients: pull data, and the export's rejections.

Diary records are shown by their kind's format (diary.formats); conflicts and rejections by
the functions here. Their JSON columns hold what a device sent. Rows are shown through
`diary.storable`, so a value no response can carry (a row stored before the push checked
storability: an unpaired surrogate on SQLite, a number beyond a double) comes as
{"json_text": …} like a new one, and a pull or an export never fails on a stored row.
"""

from __future__ import annotations

import decimal
import json
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from diary.fields import DateTimeField
from diary.models import Conflict, PatientRecord, Rejection, SyncRecord
from diary.records import KINDS
from diary.storable import printable, storable

_INSTANT = DateTimeField(read_only=True)


def _optional(value: Any, show: Callable[[Any], Any]) -> Any:
    return None if value is None else show(value)


def _sync_record(record: SyncRecord) -> dict[str, Any]:
    """What conflicts and rejections show alike: the record's own fields and the mutation's."""
    return {
        "id": _optional(record.pk, str),
        "version": _optional(record.version, int),
        "created_at": _optional(record.created_at, _INSTANT.to_representation),
        "updated_at": _optional(record.updated_at, _INSTANT.to_representation),
        "entity": _optional(record.entity, str),
        "record_id": _optional(record.record_id, str),
        "base_version": _optional(record.base_version, int),
        "client_id": _optional(record.client_id, str),
        "mid": _optional(record.mid, int),
    }


def conflict_document(conflict: Conflict) -> dict[str, Any]:
    """A clash: `fields` is {"field": {"server": value, "client": value}}; `client_data` the
    clashing part of the mutation; `resolution` "server" or "client" once resolved."""
    return {
        **_sync_record(conflict),
        "kind": conflict.kind,  # one of "edit", "edit_deleted", "delete_edited"
        "fields": _optional(conflict.fields, storable),
        "client_data": _optional(conflict.client_data, storable),
        "resolution": _optional(conflict.resolution, str),
    }


REJECTION_FIELDS = (
    *("id", "version", "created_at", "updated_at", "entity", "record_id", "base_version", "client_id", "mid"),
    *("op", "data", "errors"),
)
"""The keys of a rejection's document, in order (the columns of the export's rejections.csv)."""


def rejection_document(rejection: Rejection) -> dict[str, Any]:
    """A refused mutation: `data` as it was pushed (or {"json_text": …}), `errors` in the
    standard shape with what no response can carry shown as U+FFFD."""
    return {
        **_sync_record(rejection),
        "op": _optional(rejection.op, str),
        "data": _optional(rejection.payload, storable),
        "errors": _optional(rejection.errors, printable),
    }


class SyncKind(NamedTuple):
    """What pull reads (`model`) and shows (`document`) of one entity."""

    model: type[PatientRecord]
    document: Callable[[Any], dict[str, Any]]


SYNC_KINDS: dict[str, SyncKind] = {
    **{entity: SyncKind(kind.model, kind.document) for entity, kind in KINDS.items()},
    "conflict": SyncKind(Conflict, conflict_document),
    "rejection": SyncKind(Rejection, rejection_document),
}


def change_documents(items: list[tuple[str, PatientRecord]]) -> list[dict[str, Any]]:
    """Pull items for (entity, record) pairs, in the given order: a live record's document, or
    the tombstone of a deleted one."""
    return [
        {
            "entity": entity,
            "id": str(record.pk),
            "version": record.version,
            "deleted": False,
            "data": SYNC_KINDS[entity].document(record),
        }
        if record.deleted_at is None
        else {"entity": entity, "id": str(record.pk), "version": record.version, "deleted": True}
        for entity, record in items
    ]


SYNC_COLUMNS: dict[str, tuple[str, ...]] = {
    entity: tuple(
        field.attname
        for field in kind.model._meta.concrete_fields
        if field.attname not in ("patient_id", "origin", "field_writers")
    )
    for entity, kind in SYNC_KINDS.items()
}
"""The columns each kind's document and tombstone read (not the merge's bookkeeping)."""


class Row:
    """A value row (`QuerySet.values`) read like the record it comes from: `row.version`, `row.pk`.

    Pull shows conflicts and rejections from these rather than from model instances.
    """

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values["id" if name == "pk" else name]
        except KeyError:
            raise AttributeError(name) from None


def _number(value: Any) -> float:
    if isinstance(value, decimal.Decimal):
        return float(value)  # as the API's renderer writes a Decimal
    raise TypeError(f"{type(value).__name__} is not JSON")


def change_json(change: dict[str, Any]) -> str:
    """A pull item as the JSON text the API sends (compact, UTF-8, a Decimal as a number)."""
    return json.dumps(change, default=_number, ensure_ascii=False, separators=(",", ":"))

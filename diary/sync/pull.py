"""Pull: every change after a cursor, in version order, from a consistent watermark.

The watermark H is the patient's committed version, read on a sequence's first page and
carried in the cursor until the sequence ends (`has_more` false). Writers hold the patient's
clock lock until they commit and bump the clock in the same transaction, so every change
with a version ≤ H is visible to the queries that follow. Each record table is then read for
versions in (cursor, H]; a row updated meanwhile has moved above H and comes in the next
sequence. So a sequence never skips a change, and never returns a record twice
(docs/sync.md has the argument in full).
"""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any

from django.core import signing
from django.db import connection
from django.utils.translation import gettext

from diary.document_sql import change_item, item_sql, quote
from diary.models import PatientClock, SyncClient
from diary.records import KINDS
from diary.storable import StoredJSONDecoder
from diary.sync.documents import SYNC_COLUMNS, SYNC_KINDS, Row, change_documents, change_json

CURSOR_SALT = "diary.sync.pull"
DEFAULT_LIMIT = 500
MAX_LIMIT = 1000


class BadCursor(ValueError):
    """The cursor was altered, or belongs to another patient."""


def cursor_encode(*, patient_id, version: int, watermark: int | None = None) -> str:
    """A signed cursor: changes after `version`, up to `watermark` while a sequence is open."""
    payload = {"p": str(patient_id), "v": version, "h": watermark}
    return signing.dumps(payload, salt=CURSOR_SALT, compress=False)


def cursor_decode(*, patient_id, cursor: str | None) -> tuple[int, int | None]:
    """(version, watermark of the open sequence or None); BadCursor if altered or foreign."""
    if not cursor:
        return 0, None
    try:
        payload = signing.loads(cursor, salt=CURSOR_SALT)
    except signing.BadSignature:
        raise BadCursor(gettext("This cursor is not valid; pull again without one.")) from None
    valid = (
        isinstance(payload, dict)
        and payload.get("p") == str(patient_id)
        and isinstance(payload.get("v"), int)
        and (payload.get("h") is None or isinstance(payload.get("h"), int))
    )
    if not valid:
        raise BadCursor(gettext("This cursor is not valid; pull again without one."))
    return payload["v"], payload["h"]


@dataclass(frozen=True)
class PullPage:
    """A page of changes: `changes_json` holds each change as JSON text, in version order."""

    changes_json: list[str]
    cursor: str
    has_more: bool
    version: int
    client_mids: dict[str, int]
    reset: bool

    @property
    def changes(self) -> list[dict[str, Any]]:
        return [json.loads(change, cls=StoredJSONDecoder) for change in self.changes_json]

    def as_dict(self) -> dict[str, Any]:
        """The response's fields; `changes` still as JSON text (api.raw_json writes it as it is)."""
        return {
            "changes": self.changes_json,
            "cursor": self.cursor,
            "has_more": self.has_more,
            "version": self.version,
            "client_mids": self.client_mids,
            "reset": self.reset,
        }


def _committed_and_clients(patient) -> tuple[int, dict[str, int]]:
    """The patient's committed version and each install's last mid, in one query.

    `patient` is the patient's id as the database holds it (_patient_value).
    """
    clock, clients = quote(PatientClock._meta.db_table), quote(SyncClient._meta.db_table)
    sql = (
        f"SELECT NULL, version FROM {clock} WHERE patient_id = %s "  # noqa: S608 (names from the models)
        f"UNION ALL SELECT client_id, last_mid FROM {clients} WHERE patient_id = %s"
    )
    client_field = SyncClient._meta.get_field("client_id")
    committed, client_mids = 0, {}
    for client, number in _fetch(sql, [patient, patient]):
        if client is None:
            committed = number
        else:
            client_mids[str(client_field.to_python(client))] = number
    return committed, client_mids


def _patient_value(patient_id) -> Any:
    """The patient's id as the database holds it (32 hex digits on SQLite, a uuid in PostgreSQL)."""
    return PatientClock._meta.pk.get_db_prep_value(patient_id, connection)


def _window(table: str, select: str) -> str:
    """SQL of a table's rows of the patient in (since, upto]: parameters patient, since, upto."""
    # Tables and columns from the models, never input; the values are parameters.
    where = "WHERE patient_id = %s AND version > %s AND version <= %s"
    return f"SELECT {select} FROM {quote(table)} {where}"  # noqa: S608


TABLES = {entity: kind.model._meta.db_table for entity, kind in SYNC_KINDS.items()}


@cache
def _versions_sql() -> str:
    """The first versions of each table in a window, and the table's index: one query.

    Parameters per table: patient, since, upto, how many.
    """
    return " UNION ALL ".join(
        f"SELECT * FROM ({_window(table, f'version, {index} AS kind')} ORDER BY version LIMIT %s) AS t{index}"  # noqa: S608
        for index, table in enumerate(TABLES.values())
    )


ENTITIES = tuple(TABLES)


@cache
def _changes_sql(entities: tuple[str, ...], vendor: str) -> str:
    """What the pull shows of these kinds' rows in a window (diary.document_sql.item_sql),
    with the kind's index: one query, in no order (sorting their text in the database costs
    more than sorting the rows in Python).

    Parameters per kind: patient, since, upto. The SQL is made of the formats' own column
    names and constants, never of input.
    """
    selects = [
        _window(TABLES[entity], f"version, {ENTITIES.index(entity)}, {item_sql(KINDS[entity], connection)}")
        for entity in entities
    ]
    return " UNION ALL ".join(selects)


def _sql_kinds(entities: list[str]) -> list[str]:
    """The kinds whose documents the database can write (diary.document_sql)."""
    return [
        entity for entity in entities if entity in KINDS and item_sql(KINDS[entity], connection) is not None
    ]


def _shown_changes(entity: str, window: dict[str, Any]) -> list[tuple[int, str]]:
    """(version, change as JSON text) of one kind's rows in the window, shown in Python from
    value rows: conflicts and rejections (whose JSON is checked by diary.storable), and every
    kind on a database that cannot write documents."""
    rows = SYNC_KINDS[entity].model.objects.filter(**window).order_by("version")
    shown = [Row(values) for values in rows.values(*SYNC_COLUMNS[entity])]
    changes = change_documents([(entity, row) for row in shown])
    return [(row.version, change_json(change)) for row, change in zip(shown, changes, strict=True)]


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def sync_pull(*, patient_id, cursor: str | None, limit: int = DEFAULT_LIMIT) -> PullPage:
    """The next page of changes after `cursor` (None: from the beginning).

    An up-to-date device (its cursor at the committed version, no sequence open) is answered
    from the clock and its installs alone, in one query: no record table is read. Another
    page costs two more: the versions, then the changes (and one per kind shown in Python).
    """
    since, open_watermark = cursor_decode(patient_id=patient_id, cursor=cursor)
    patient = _patient_value(patient_id)
    committed, client_mids = _committed_and_clients(patient)
    if max(since, open_watermark or 0) > committed:  # the server lost what the device saw: start again
        reset_cursor = cursor_encode(patient_id=patient_id, version=0)
        return PullPage([], reset_cursor, False, committed, client_mids, reset=True)
    watermark = open_watermark if open_watermark is not None else committed
    if since >= watermark:
        cursor = cursor_encode(patient_id=patient_id, version=watermark)
        return PullPage([], cursor, False, watermark, client_mids, reset=False)

    # First the versions alone, to find where this page ends; then the changes up to there.
    # Versions are unique per patient, so every row of the window up to the page's last
    # version is on the page, and a row changed in between has moved above the watermark: it
    # is left out, and comes in the next sequence like any change made now.
    rows = _fetch(_versions_sql(), [patient, since, watermark, limit + 1] * len(TABLES))
    versions = sorted(rows)
    has_more = len(versions) > limit
    last = versions[limit - 1][0] if has_more else watermark
    on_page = [ENTITIES[i] for i in sorted({index for version, index in versions if version <= last})]
    in_sql = _sql_kinds(on_page)
    parts = []
    if in_sql:
        sql = _changes_sql(tuple(in_sql), connection.vendor)
        rows = sorted(_fetch(sql, [patient, since, last] * len(in_sql)), key=itemgetter(0))
        parts.append(
            [(version, change_item(ENTITIES[index], version, item)) for version, index, item in rows]
        )
    window = {"patient_id": patient_id, "version__gt": since, "version__lte": last}
    parts += [_shown_changes(entity, window) for entity in on_page if entity not in in_sql]
    changes = parts[0] if len(parts) == 1 else heapq.merge(*parts, key=lambda item: item[0])
    next_cursor = (
        cursor_encode(patient_id=patient_id, version=last, watermark=watermark)
        if has_more
        else cursor_encode(patient_id=patient_id, version=watermark)
    )
    return PullPage(
        changes_json=[change for _, change in changes],
        cursor=next_cursor,
        has_more=has_more,
        version=watermark,
        client_mids=client_mids,
        reset=False,
    )

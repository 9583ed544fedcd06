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
from dataclasses import dataclass
from typing import Any

from django.core import signing

from diary.models import SyncClient
from diary.sync.documents import SYNC_KINDS, change_documents
from diary.versioning import current_version

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
        raise BadCursor("This cursor is not valid; pull again without one.") from None
    valid = (
        isinstance(payload, dict)
        and payload.get("p") == str(patient_id)
        and isinstance(payload.get("v"), int)
        and (payload.get("h") is None or isinstance(payload.get("h"), int))
    )
    if not valid:
        raise BadCursor("This cursor is not valid; pull again without one.")
    return payload["v"], payload["h"]


@dataclass(frozen=True)
class PullPage:
    changes: list[dict[str, Any]]
    cursor: str
    has_more: bool
    version: int
    client_mids: dict[str, int]
    reset: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "changes": self.changes,
            "cursor": self.cursor,
            "has_more": self.has_more,
            "version": self.version,
            "client_mids": self.client_mids,
            "reset": self.reset,
        }


def _load(page: list[tuple[int, str, object]]) -> dict:
    """The full rows of a page, one query per kind on it.

    A row changed since the first pass has moved above the watermark: it is left out here
    and arrives in the next sequence, like any change made during this one.
    """
    records = {}
    for entity, kind in SYNC_KINDS.items():
        wanted = {pk: version for version, e, pk in page if e == entity}
        if wanted:
            rows = kind.model.objects.filter(pk__in=wanted).defer("origin", "field_writers")
            records.update({r.pk: r for r in rows if r.version == wanted[r.pk]})
    return records


def sync_pull(*, patient_id, cursor: str | None, limit: int = DEFAULT_LIMIT) -> PullPage:
    """The next page of changes after `cursor` (None: from the beginning)."""
    since, open_watermark = cursor_decode(patient_id=patient_id, cursor=cursor)
    committed = current_version(patient_id)
    client_mids = {
        str(c): mid
        for c, mid in SyncClient.objects.filter(patient_id=patient_id).values_list("client_id", "last_mid")
    }
    if max(since, open_watermark or 0) > committed:  # the server lost what the device saw: start again
        reset_cursor = cursor_encode(patient_id=patient_id, version=0)
        return PullPage([], reset_cursor, False, committed, client_mids, reset=True)
    watermark = open_watermark if open_watermark is not None else committed

    window = {"patient_id": patient_id, "version__gt": since, "version__lte": watermark}
    per_table = (
        [
            (version, entity, pk)
            for version, pk in kind.model.objects.filter(**window)
            .order_by("version")
            .values_list("version", "pk")[: limit + 1]
        ]
        for entity, kind in SYNC_KINDS.items()
    )
    merged = list(heapq.merge(*per_table, key=lambda item: item[0]))
    page, has_more = merged[:limit], len(merged) > limit
    records = _load(page)
    next_cursor = (
        cursor_encode(patient_id=patient_id, version=page[-1][0], watermark=watermark)
        if has_more
        else cursor_encode(patient_id=patient_id, version=watermark)
    )
    return PullPage(
        changes=change_documents([(entity, records[pk]) for _, entity, pk in page if pk in records]),
        cursor=next_cursor,
        has_more=has_more,
        version=watermark,
        client_mids=client_mids,
        reset=False,
    )

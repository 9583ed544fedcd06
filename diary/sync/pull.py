"""Pull: every change after a cursor, in version order, from a consistent watermark.

The watermark H is the patient's committed version, read first. Writers hold the patient's
clock lock until they commit and bump the clock in the same transaction, so every change
with a version ≤ H is visible to the queries that follow. Each record table is then read for
versions in (cursor, H]; a row updated meanwhile has moved above H and comes in a later pull.
So a pull sequence never skips a change (docs/sync.md has the argument in full).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any

from django.core import signing

from diary.models import SyncClient
from diary.sync.documents import SYNC_KINDS, change_document
from diary.versioning import current_version

CURSOR_SALT = "diary.sync.pull"
DEFAULT_LIMIT = 500
MAX_LIMIT = 1000


class BadCursor(ValueError):
    """The cursor was altered, or belongs to another patient."""


def cursor_encode(*, patient_id, version: int) -> str:
    return signing.dumps({"p": str(patient_id), "v": version}, salt=CURSOR_SALT, compress=False)


def cursor_decode(*, patient_id, cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        payload = signing.loads(cursor, salt=CURSOR_SALT)
    except signing.BadSignature:
        raise BadCursor("This cursor is not valid; pull again without one.") from None
    if (
        not isinstance(payload, dict)
        or payload.get("p") != str(patient_id)
        or not isinstance(payload.get("v"), int)
    ):
        raise BadCursor("This cursor is not valid; pull again without one.")
    return payload["v"]


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


def sync_pull(*, patient_id, cursor: str | None, limit: int = DEFAULT_LIMIT) -> PullPage:
    """The next page of changes after `cursor` (None: from the beginning)."""
    since = cursor_decode(patient_id=patient_id, cursor=cursor)
    watermark = current_version(patient_id)
    client_mids = {
        str(c): mid
        for c, mid in SyncClient.objects.filter(patient_id=patient_id).values_list("client_id", "last_mid")
    }
    if since > watermark:  # the server lost what the device saw (restore): start again
        return PullPage(
            [], cursor_encode(patient_id=patient_id, version=0), False, watermark, client_mids, True
        )

    per_table = (
        [
            (record.version, entity, record)
            for record in model.objects.filter(
                patient_id=patient_id, version__gt=since, version__lte=watermark
            ).order_by("version")[: limit + 1]
        ]
        for entity, (model, _) in SYNC_KINDS.items()
    )
    merged = list(heapq.merge(*per_table, key=lambda item: item[0]))
    page, has_more = merged[:limit], len(merged) > limit
    reached = page[-1][0] if has_more else watermark
    return PullPage(
        changes=[change_document(entity, record) for _, entity, record in page],
        cursor=cursor_encode(patient_id=patient_id, version=reached),
        has_more=has_more,
        version=watermark,
        client_mids=client_mids,
        reset=False,
    )

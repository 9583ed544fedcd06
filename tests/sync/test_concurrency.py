"""Concurrent pushes and paged pulls on PostgreSQL, where transactions really overlap.

Writer threads push batches for one patient while reader threads pull page by page. Every
reader must end with every record at its latest version: no change skipped, no record twice
in one pull sequence, no version going backwards. A naive cursor (by `updated_at`, no
watermark) run through the same check must fail: the check can catch skipped rows.
"""

from __future__ import annotations

import heapq
import threading
import uuid
from dataclasses import dataclass

import pytest
from django.db import connection

from accounts.services import user_create
from diary.sync.documents import SYNC_KINDS
from diary.sync.pull import sync_pull
from diary.sync.push import sync_push

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WRITERS, READERS, BATCHES, PAGE = 3, 3, 12, 4


def writer(patient_id, errors: list) -> None:
    device, mid, mine = uuid.uuid4(), 0, {}
    try:
        for _ in range(BATCHES):
            episode = uuid.uuid4()
            batch = [
                (
                    "episode",
                    episode,
                    None,
                    {"treatment": "ketamine", "condition": "crps", "title": "T", "started_on": "2026-04-01"},
                )
            ]
            for _ in range(3):
                data = {"recorded_at": "2026-05-01T08:00:00+01:00", "pain_now": 5, "episode": str(episode)}
                batch.append(("entry", uuid.uuid4(), None, data))
            batch.append(
                (
                    "medication",
                    uuid.uuid4(),
                    None,
                    {"taken_at": "2026-05-01T08:00:00Z", "drug": "oxycodone", "dose": 5, "unit": "mg"},
                )
            )
            for record, version in list(mine.items())[:2]:
                batch.append(("entry", record, version, {"pain_now": mid % 11}))
            mutations = []
            for entity, record, base, data in batch:
                mid += 1
                mutations.append(
                    {
                        "mid": mid,
                        "entity": entity,
                        "op": "upsert",
                        "id": str(record),
                        "base_version": base,
                        "data": data,
                    }
                )
            outcome = sync_push(patient_id=patient_id, client_id=device, mutations=mutations)
            for m, result in zip(mutations, outcome.results, strict=True):
                if m["entity"] == "entry":
                    mine[m["id"]] = result["version"]
    except Exception as exc:
        errors.append(f"writer: {exc!r}")
    finally:
        connection.close()


def reader(pull, patient_id, writing: threading.Event, problems: list, states: list) -> None:
    state: dict[str, int] = {}
    cursor = None
    try:
        while True:
            last_round = not writing.is_set()  # a sequence that starts after every write committed
            in_sequence: set[str] = set()
            while True:
                page = pull(patient_id=patient_id, cursor=cursor, limit=PAGE)
                for change in page.changes:
                    if change["id"] in in_sequence:
                        problems.append(f"{change['id']} twice in one pull sequence")
                    in_sequence.add(change["id"])
                    if state.get(change["id"], -1) >= change["version"]:
                        problems.append(f"{change['id']} went back to version {change['version']}")
                    state[change["id"]] = change["version"]
                cursor = page.cursor
                if not page.has_more:
                    break
            if last_round:
                break
        states.append(state)
    except Exception as exc:
        problems.append(f"reader: {exc!r}")
    finally:
        connection.close()


def server_versions(patient_id) -> dict[str, int]:
    return {
        str(pk): version
        for model, _ in SYNC_KINDS.values()
        for pk, version in model.objects.filter(patient_id=patient_id).values_list("pk", "version")
    }


def run_concurrently(pull) -> list[str]:
    """Problems a reader saw, plus every record a reader ended without (or at an old version)."""
    patient = user_create(
        email=f"{uuid.uuid4().hex}@example.com", password="concurrent-pass-1", role="patient"
    )
    writing, errors, problems, states = threading.Event(), [], [], []
    writing.set()
    writers = [threading.Thread(target=writer, args=(patient.pk, errors)) for _ in range(WRITERS)]
    readers = [
        threading.Thread(target=reader, args=(pull, patient.pk, writing, problems, states))
        for _ in range(READERS)
    ]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    writing.clear()
    for thread in readers:
        thread.join()
    assert not errors, errors
    expected = server_versions(patient.pk)
    assert len(expected) >= WRITERS * BATCHES * 5
    for state in states:
        missing = {k for k, v in expected.items() if state.get(k) != v}
        if missing:
            problems.append(f"a reader ended without the latest state of {len(missing)} records")
    return problems


def test_concurrent_pushes_and_pulls_never_skip_a_change():
    assert run_concurrently(sync_pull) == []


@dataclass
class NaivePage:
    changes: list
    cursor: str | None
    has_more: bool


def naive_pull(*, patient_id, cursor: str | None, limit: int) -> NaivePage:
    """The classic mistake: page by `updated_at`, one table at a time, no watermark."""
    since = cursor or "0001-01-01T00:00:00+00:00"
    per_table = (
        [
            (record.updated_at.isoformat(), entity, record)
            for record in model.objects.filter(patient_id=patient_id, updated_at__gt=since).order_by(
                "updated_at"
            )[: limit + 1]
        ]
        for entity, (model, _) in SYNC_KINDS.items()
    )
    merged = list(heapq.merge(*per_table, key=lambda item: item[0]))
    page = merged[:limit]
    changes = [{"entity": e, "id": str(r.pk), "version": r.version} for _, e, r in page]
    return NaivePage(changes, page[-1][0] if page else cursor, len(merged) > limit)


def test_negative_control_a_naive_cursor_is_caught():
    attempts = [run_concurrently(naive_pull) for _ in range(3)]
    assert any(attempts), "the check did not catch the naive cursor: it cannot see skipped rows"

"""Measure the sync budgets of DESIGN.md: first pull of two years, up-to-date pull, 500-mutation push.

The baseline is `GET /api/v1/me/` (authentication, session, one small serializer): the
figures are also printed as multiples of it.
"""

from __future__ import annotations

import gzip
import os
import statistics
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

DAYS = 730


def timed(fn, repeat: int = 5) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), result


def two_years_of_mutations(client_id: uuid.UUID) -> list[list[dict]]:
    """~1,100 entries, ~100 infusions, ~1,500 intakes as sync batches of ≤ 500."""
    start = date.today() - timedelta(days=DAYS)
    episode = str(uuid.uuid4())
    records = [
        (
            "episode",
            {"treatment": "ketamine", "condition": "crps", "title": "Two years", "started_on": str(start)},
        )
    ]
    for day in range(DAYS):
        when = start + timedelta(days=day)
        stamp = f"{when}T08:30:00+01:00"
        records.append(
            (
                "entry",
                {
                    "recorded_at": stamp,
                    "pain_now": day % 11,
                    "mood": (day * 3) % 11,
                    "sleep_quality": 6,
                    "episode": episode,
                    "notes": "Slept badly, flare in the hand.",
                },
            )
        )
        if day % 2:
            records.append(
                ("entry", {"recorded_at": f"{when}T20:00:00+01:00", "pain_now": 5, "episode": episode})
            )
        if day % 7 == 0:
            records.append(
                (
                    "administration",
                    {
                        "episode": episode,
                        "administered_at": stamp,
                        "route": "iv_infusion",
                        "dose_mg_per_kg": 0.4,
                        "weight_kg": 70,
                        "duration_minutes": 45,
                    },
                )
            )
        for hour in ("08", "20"):
            records.append(
                (
                    "medication",
                    {"taken_at": f"{when}T{hour}:00:00+01:00", "drug": "oxycodone", "dose": 10, "unit": "mg"},
                )
            )
    ids = [episode] + [str(uuid.uuid4()) for _ in records[1:]]
    mutations = [
        {"mid": i + 1, "entity": entity, "op": "upsert", "id": rid, "base_version": None, "data": data}
        for i, ((entity, data), rid) in enumerate(zip(records, ids, strict=True))
    ]
    return [mutations[i : i + 500] for i in range(0, len(mutations), 500)]


def report(label: str, ms: float, baseline: float, budget: str | None) -> None:
    ratio = f"({ms / baseline:6.1f}× baseline)"
    print(f"{label:36}{ms:8.1f} ms  {ratio:20}" + (f"budget {budget}" if budget else ""))


def main() -> None:
    from accounts.services import user_create

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        patient = user_create(email="bench@example.com", password="bench-password-1", role="patient")
        client = APIClient()
        client.force_login(patient)
        client_id = uuid.uuid4()
        batches = two_years_of_mutations(client_id)
        for batch in batches:
            response = client.post(
                "/api/v1/sync/push", {"client_id": str(client_id), "mutations": batch}, format="json"
            )
            assert response.status_code == 200, response.content
        records = sum(len(b) for b in batches)

        baseline, _ = timed(lambda: client.get("/api/v1/me/"), repeat=20)

        def first_sync():
            """Server time only: the client's gzip and JSON parsing are left out of the clock."""
            cursor, pages, size, server_ms = None, 0, 0, 0.0
            while True:
                query = {"limit": 1000} | ({"cursor": cursor} if cursor else {})
                start = time.perf_counter()
                response = client.get("/api/v1/sync/pull", query)
                server_ms += (time.perf_counter() - start) * 1000
                size += len(gzip.compress(response.content))
                pages += 1
                body = response.json()
                cursor = body["cursor"]
                if not body["has_more"]:
                    return server_ms, (cursor, pages, size)

        runs = [first_sync() for _ in range(3)]
        first_ms = statistics.median(ms for ms, _ in runs)
        cursor, pages, compressed = runs[-1][1]
        idle_ms, _ = timed(lambda: client.get("/api/v1/sync/pull", {"cursor": cursor}), repeat=20)

        fresh = {"n": 0}

        def push_500():
            fresh["n"] += 1
            device = uuid.uuid4()
            mutations = [
                {
                    "mid": i + 1,
                    "entity": "entry",
                    "op": "upsert",
                    "id": str(uuid.uuid4()),
                    "base_version": None,
                    "data": {"recorded_at": "2026-05-01T08:00:00+01:00", "pain_now": 4, "notes": "bench"},
                }
                for i in range(500)
            ]
            response = client.post(
                "/api/v1/sync/push", {"client_id": str(device), "mutations": mutations}, format="json"
            )
            assert response.status_code == 200

        push_ms, _ = timed(push_500, repeat=3)

        print(f"database: {connection.vendor}; records: {records} in {pages} pull pages of ≤ 1000")
        report("baseline GET /api/v1/me/", baseline, baseline, None)
        report("first sync (pull everything)", first_ms, baseline, "300 ms")
        print(f"{'first sync, gzip-compressed size':36}{compressed / 1024:8.1f} KB{'':24}budget 150 KB")
        report("up-to-date pull", idle_ms, baseline, "20 ms")
        report("push of 500 new entries", push_ms, baseline, "500 ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

"""The sync read path against plain DRF and the database's own JSON, in one run (issue 15).

On the data set of sync_budget.py (two years of daily data, pushed through sync), it times:

- the project's first-sync pull (every page of 1000) against a plain DRF list of the same
  rows (ReadOnlyModelViewSet + ModelSerializer(fields="__all__"), one unpaginated request
  per table), and against the floor: the database writing the same rows as JSON itself
  (PostgreSQL json_agg(row), SQLite json_group_array(json_object(every column)));
- the compressed size of the pull's bodies;
- an up-to-date pull: its queries and its time;
- the entry list (every page of 500) against the plain DRF list with the same pagination;
- a push of 500 new entries.

Views are called directly with a force-authenticated request and their response rendered,
so both sides pay the same (no session, no middleware); the first sync through the whole
stack (test client, session) is printed too. Each figure is the median of several runs;
ratios are taken within this run, so they compare across machines. Run on the embedded
default, or on PostgreSQL with DATABASE_URL set.
"""

from __future__ import annotations

import gzip
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

os.environ.setdefault("THROTTLE_SYNC", "1000000/min")  # the bench calls pull more than a device does
os.environ.setdefault("THROTTLE_USER", "1000000/min")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from rest_framework import serializers, viewsets  # noqa: E402
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate  # noqa: E402

from bench.sync_budget import two_years_of_mutations  # noqa: E402

RUNS = 11


def median_ms(fn, runs: int = RUNS) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), result


def plain_view(model, paginated: bool):
    """A plain DRF list of the patient's rows of `model`: what a project without a read path has."""

    class Plain(serializers.ModelSerializer):
        class Meta:
            fields = "__all__"

    Plain.Meta.model = model

    class PlainList(viewsets.ReadOnlyModelViewSet):
        serializer_class = Plain

        def get_queryset(self):
            return model.objects.filter(patient=self.request.user)

    if not paginated:
        PlainList.pagination_class = None
    return PlainList.as_view({"get": "list"})


def call(view, user, path: str, query: dict | None = None):
    request = APIRequestFactory().get(path, query or {})
    force_authenticate(request, user)
    response = view(request)
    response.render()
    assert response.status_code == 200, response.content[:300]
    return response


def floor_sql(model) -> str:
    """The database's own JSON of the patient's rows of `model` (names from the model, never input)."""
    table = connection.ops.quote_name(model._meta.db_table)
    rows = "SELECT * FROM " + table + " WHERE patient_id = %s ORDER BY version"  # noqa: S608
    if connection.vendor == "postgresql":
        return "SELECT json_agg(t)::text FROM (" + rows + ") t"  # noqa: S608
    quote = connection.ops.quote_name
    columns = ", ".join(f"'{f.column}', {quote(f.column)}" for f in model._meta.concrete_fields)
    return "SELECT json_group_array(json_object(" + columns + ")) FROM (" + rows + ")"  # noqa: S608


def main() -> None:
    from accounts.services import user_create
    from api.records import collection_view
    from api.sync import PullApi, PushApi
    from diary.records import KINDS
    from diary.sync.documents import SYNC_KINDS

    setup_test_environment()
    # Rate limits count in memory, so no side pays for the database cache table.
    override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ).enable()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        patient = user_create(email="bench@example.com", password="bench-password-1", role="patient")
        pull, push = PullApi.as_view(), PushApi.as_view()
        client_id = uuid.uuid4()
        batches = two_years_of_mutations(client_id)
        for batch in batches:
            request = APIRequestFactory().post(
                "/api/v1/sync/push", {"client_id": str(client_id), "mutations": batch}, format="json"
            )
            force_authenticate(request, patient)
            assert push(request).status_code == 200
        records = sum(len(b) for b in batches)

        def first_sync() -> tuple[list[bytes], str]:
            cursor, bodies = None, []
            while True:
                response = call(
                    pull,
                    patient,
                    "/api/v1/sync/pull",
                    {"limit": 1000} | ({"cursor": cursor} if cursor else {}),
                )
                bodies.append(response.content)  # compressed after the clock stops
                body = response.data
                cursor = body["cursor"]
                if not body["has_more"]:
                    return bodies, cursor

        plain_all = {entity: plain_view(kind.model, paginated=False) for entity, kind in SYNC_KINDS.items()}

        def plain_sync() -> int:
            return sum(len(call(view, patient, f"/plain/{e}/").content) for e, view in plain_all.items())

        patient_id = patient.pk.hex if connection.vendor == "sqlite" else patient.pk

        def floor() -> int:
            size = 0
            with connection.cursor() as cursor:
                for kind in SYNC_KINDS.values():
                    cursor.execute(floor_sql(kind.model), [patient_id])
                    size += len(cursor.fetchone()[0] or "")
            return size

        entries = collection_view(KINDS["entry"]).as_view()
        plain_entries = plain_view(KINDS["entry"].model, paginated=True)

        def all_pages(view) -> int:
            path, query, pages = "/api/v1/entries/", {"page_size": 500}, 0
            while True:
                response = call(view, patient, path, query)
                pages += 1
                following = response.data["next"]
                if following is None:
                    return pages
                path, query = (
                    following.split("?")[0],
                    dict(p.split("=", 1) for p in following.split("?")[1].split("&")),
                )

        client = APIClient()
        client.force_login(patient)

        def first_sync_through_the_stack() -> None:
            cursor = None
            while True:
                response = client.get(
                    "/api/v1/sync/pull", {"limit": 1000} | ({"cursor": cursor} if cursor else {})
                )
                body = response.json()
                cursor = body["cursor"]
                if not body["has_more"]:
                    return

        # Interleaved, so a busy moment of the machine hits every side alike.
        samples: dict[str, list[float]] = {
            k: [] for k in ("pull", "plain", "floor", "entries", "plain_entries", "stack")
        }
        measured = {
            "pull": first_sync,
            "plain": plain_sync,
            "floor": floor,
            "entries": lambda: all_pages(entries),
            "plain_entries": lambda: all_pages(plain_entries),
            "stack": first_sync_through_the_stack,
        }
        results = {}
        for _ in range(RUNS):
            for name, fn in measured.items():
                start = time.perf_counter()
                results[name] = fn()
                samples[name].append((time.perf_counter() - start) * 1000)
        ms = {name: statistics.median(values) for name, values in samples.items()}
        bodies, cursor = results["pull"]
        pages, compressed = len(bodies), sum(len(gzip.compress(body)) for body in bodies)

        with CaptureQueriesContext(connection) as captured:
            call(pull, patient, "/api/v1/sync/pull", {"cursor": cursor})
        idle_queries = [q["sql"] for q in captured.captured_queries]
        idle_ms, _ = median_ms(lambda: call(pull, patient, "/api/v1/sync/pull", {"cursor": cursor}), runs=31)

        def push_500() -> None:
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
            request = APIRequestFactory().post(
                "/api/v1/sync/push", {"client_id": str(device), "mutations": mutations}, format="json"
            )
            force_authenticate(request, patient)
            assert push(request).status_code == 200

        push_ms, _ = median_ms(push_500, runs=3)

        floor_name = "json_agg" if connection.vendor == "postgresql" else "json_group_array"
        print(f"database: {connection.vendor}; {records} records; pull in {pages} pages of <= 1000", end="")
        print(f"; median of {RUNS} runs")
        print(f"{'first-sync pull (all pages)':44}{ms['pull']:8.1f} ms")
        print(
            f"{'plain DRF list of the same rows':44}{ms['plain']:8.1f} ms   "
            f"pull is {ms['plain'] / ms['pull']:.1f}x faster"
        )
        print(
            f"{floor_name + ' of the same rows (floor)':44}{ms['floor']:8.1f} ms   "
            f"pull is {ms['pull'] / ms['floor']:.1f}x the floor"
        )
        print(
            f"{'first-sync pull through the test client':44}{ms['stack']:8.1f} ms   "
            "(session and middleware included)"
        )
        print(f"{'pull bodies, gzip-compressed':44}{compressed / 1024:8.1f} KB")
        print(
            f"{'up-to-date pull':44}{idle_ms:8.2f} ms   "
            f"{len(idle_queries)} quer{'y' if len(idle_queries) == 1 else 'ies'}"
        )
        print(f"{'entry list (all pages of 500)':44}{ms['entries']:8.1f} ms")
        print(
            f"{'plain DRF entry list (same pages)':44}{ms['plain_entries']:8.1f} ms   "
            f"list is {ms['plain_entries'] / ms['entries']:.1f}x faster"
        )
        print(f"{'push of 500 new entries':44}{push_ms:8.1f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

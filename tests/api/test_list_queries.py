"""A page of a record list is one query, whatever its size, and reads only that kind's table.

Counted with a force-authenticated client and an in-memory cache: the list's own queries.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from diary.records import KINDS
from diary.services import record_create

pytestmark = pytest.mark.django_db

MEMORY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def own_queries(client: APIClient, url: str) -> tuple[dict, list[str]]:
    with override_settings(CACHES=MEMORY_CACHE), CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json(), [q["sql"] for q in captured.captured_queries]


def test_an_entry_list_page_is_one_query_on_the_entries_alone(alice):
    for pain in range(120):
        record_create(
            patient_id=alice.pk,
            entity="entry",
            data={"recorded_at": "2026-05-01T08:00:00+01:00", "pain_now": pain % 11, "locations": ["head"]},
        )
    client = APIClient()
    client.force_authenticate(alice)
    small, small_sql = own_queries(client, "/api/v1/entries/?page_size=5")
    large, large_sql = own_queries(client, "/api/v1/entries/?page_size=500")
    assert len(small["results"]) == 5 and small["next"] is not None
    assert len(large["results"]) == 120 and large["next"] is None
    assert large["results"][0]["recorded_at"] == "2026-05-01T08:00:00+01:00"
    assert len(small_sql) == len(large_sql) == 1, (small_sql, large_sql)
    others = {kind.model._meta.db_table for entity, kind in KINDS.items() if entity != "entry"}
    assert '"diary_entry"' in large_sql[0] and not any(f'"{t}"' in large_sql[0] for t in others)
    following, following_sql = own_queries(client, small["next"])
    assert len(following_sql) == 1 and len(following["results"]) == 5
    assert not {d["id"] for d in following["results"]} & {d["id"] for d in small["results"]}

"""The read path's queries: an up-to-date pull reads no record table; a page costs a fixed few.

Counted with a force-authenticated client and an in-memory cache, so only the pull's own
queries are captured: not the session's, nor the rate limit's (the `cache` table when there
is no Redis). The whole request's count is another test's.
"""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from diary.sync.documents import SYNC_KINDS
from tests.sync.conftest import ENTRY, Device

pytestmark = pytest.mark.django_db

MEMORY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RECORD_TABLES = {kind.model._meta.db_table for kind in SYNC_KINDS.values()}


def own_queries(client: APIClient, query: dict) -> tuple[dict, list[str]]:
    """The pull's answer and the SQL it ran."""
    with override_settings(CACHES=MEMORY_CACHE), CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/sync/pull", query)
    assert response.status_code == 200, response.content
    return response.json(), [q["sql"] for q in captured.captured_queries]


def tables_named(sql: str) -> set[str]:
    return {table for table in RECORD_TABLES if f'"{table}"' in sql}


@pytest.fixture
def patient_client(alice) -> APIClient:
    client = APIClient()
    client.force_authenticate(alice)
    return client


def fill(device: Device, entries: int) -> None:
    episode = uuid.uuid4()
    data = {"treatment": "ketamine", "condition": "crps", "title": "Course", "started_on": "2026-04-01"}
    device.push_one("episode", "upsert", episode, None, data)
    device.push_one("entry", "upsert", uuid.uuid4(), None, {"pain_now": 99})  # a rejection
    device.push(
        *(
            device.mutation("entry", "upsert", uuid.uuid4(), None, {**ENTRY, "episode": str(episode)})
            for _ in range(entries)
        )
    )


def test_an_up_to_date_pull_reads_one_query_and_no_record_table(device, patient_client):
    fill(device, 20)
    _, cursor, last = device.pull_all()
    body, sql = own_queries(patient_client, {"cursor": cursor})
    assert body["changes"] == [] and body["has_more"] is False and body["reset"] is False
    assert body["version"] == last["version"]
    assert body["client_mids"] == {str(device.client_id): device.next_mid - 1}
    assert len(sql) == 1, sql
    assert not any(tables_named(q) for q in sql), sql


def test_a_new_device_of_an_empty_diary_also_needs_one_query(patient_client):
    body, sql = own_queries(patient_client, {})
    assert body["changes"] == [] and body["version"] == 0 and body["client_mids"] == {}
    assert len(sql) == 1, sql


def test_a_first_pull_page_costs_the_same_queries_whatever_its_size(device, patient_client):
    fill(device, 300)
    small, small_sql = own_queries(patient_client, {"limit": 3})
    large, large_sql = own_queries(patient_client, {"limit": 1000})
    assert len(small["changes"]) == 3 and small["has_more"] is True
    assert len(large["changes"]) == 302 and large["has_more"] is False
    # The clock and installs; every table's versions; the changes the database writes
    # (episode, entries); the rejections, shown in Python: four, whichever the page's size.
    assert len(small_sql) == len(large_sql) == 4, (small_sql, large_sql)
    assert {t for q in large_sql for t in tables_named(q)} == RECORD_TABLES

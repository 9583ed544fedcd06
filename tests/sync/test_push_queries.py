"""A push costs the same few queries for 1, 3 or 50 mutations, and none about who is pushing.

Counted through HTTP with the PWA's session token, the sign-in cache warm. The rate limit's
own cache reads are left out (the database cache table without Redis, none with it).
What a push of new entries linked to an episode costs:
  the patient's clock (locked), the device's sync client, the episodes and the entries the
  batch names (one query per kind, whoever holds the ids), the new entries, the results, the
  client's last mid, the clock's new version: 8.
Edits and deletes read the same and write the changed records in one bulk update.
"""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.user_cache import user_cache_refresh
from tests.accounts.signin import app_login
from tests.sync.conftest import ENTRY, Device

pytestmark = pytest.mark.django_db
EPISODE = {"treatment": "ketamine", "condition": "crps", "title": "Course", "started_on": "2026-04-01"}


@pytest.fixture
def phone(alice, django_capture_on_commit_callbacks) -> Device:
    with django_capture_on_commit_callbacks(execute=True):
        user_cache_refresh(alice.pk)  # the account's creation committed, as it would have
        device = Device(app_login(alice))
    device.pull_all()
    return device


def push_queries(device: Device, mutations: list[dict]) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        body = device.push(*mutations)
    assert {r["status"] for r in body["results"]} == {"applied"}, body
    return [
        q["sql"]
        for q in captured.captured_queries
        if '"cache"' not in q["sql"] and not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def new_entries(device: Device, episode: uuid.UUID, n: int) -> list[dict]:
    data = {**ENTRY, "episode": str(episode)}
    return [device.mutation("entry", "upsert", uuid.uuid4(), None, data) for _ in range(n)]


def test_a_push_of_new_entries_costs_eight_queries_whatever_its_size(phone):
    episode = uuid.uuid4()
    phone.push_one("episode", "upsert", episode, None, EPISODE)

    counts = {n: push_queries(phone, new_entries(phone, episode, n)) for n in (1, 3, 50)}

    assert {n: len(sql) for n, sql in counts.items()} == {1: 8, 3: 8, 50: 8}
    assert not [q for q in counts[3] if '"accounts_user"' in q or '"django_session"' in q]


def test_a_push_of_edits_and_deletes_costs_the_same_whatever_its_size(phone):
    episode = uuid.uuid4()
    phone.push_one("episode", "upsert", episode, None, EPISODE)
    phone.push(*new_entries(phone, episode, 108))
    entries = [c for c in phone.pull_all()[0] if c["entity"] == "entry"]

    def edits(batch: list[dict]) -> list[dict]:
        return [
            phone.mutation("entry", "delete" if i % 2 else "upsert", c["id"], c["version"], {"pain_now": 2})
            for i, c in enumerate(batch)
        ]

    sizes = {1: entries[:1], 3: entries[1:4], 50: entries[4:54]}
    counts = {n: len(push_queries(phone, edits(batch))) for n, batch in sizes.items()}

    # the entries, the episode they link to (an edit validates the whole entry) and the red flags
    # they might withdraw are read once each; 1 is an edit only, 3 and 50 also delete (the same
    # bulk update of the same table)
    assert counts == {1: 9, 3: 9, 50: 9}


def test_edits_of_entries_linked_to_many_episodes_read_the_episodes_at_once(phone):
    episodes = [uuid.uuid4() for _ in range(20)]
    phone.push(*[phone.mutation("episode", "upsert", e, None, EPISODE) for e in episodes])
    linked = [{**ENTRY, "episode": str(e)} for e in episodes]
    phone.push(*[phone.mutation("entry", "upsert", uuid.uuid4(), None, data) for data in linked])
    entries = [c for c in phone.pull_all()[0] if c["entity"] == "entry"]

    def edit(batch: list[dict]) -> list[dict]:
        return [phone.mutation("entry", "upsert", c["id"], c["version"], {"pain_now": 3}) for c in batch]

    assert len(push_queries(phone, edit(entries[:1]))) == len(push_queries(phone, edit(entries[1:]))) == 9

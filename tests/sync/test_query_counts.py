"""Push and pull run a constant number of queries, whatever the batch or page size."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.sync.conftest import ENTRY, Device

pytestmark = pytest.mark.django_db


def batch(device: Device, size: int, episode: uuid.UUID) -> list[dict]:
    mutations = []
    for _ in range(size):
        entry = uuid.uuid4()
        data = {**ENTRY, "episode": str(episode)}
        mutations.append(device.mutation("entry", "upsert", entry, None, data))
    return mutations


def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def seed_episode(device: Device) -> uuid.UUID:
    episode = uuid.uuid4()
    data = {"treatment": "ketamine", "condition": "crps", "title": "Course", "started_on": "2026-04-01"}
    device.push_one("episode", "upsert", episode, None, data)
    return episode


def test_push_queries_do_not_grow_with_the_batch(device, client_for, alice):
    episode = seed_episode(device)
    one, many = Device(client_for(alice)), Device(client_for(alice))  # both pushing for the first time
    small = count_queries(lambda: one.push(*batch(one, 1, episode)))
    large = count_queries(lambda: many.push(*batch(many, 500, episode)))
    assert small == large, (small, large)
    assert large <= 25


def test_push_of_edits_and_deletes_is_constant_too(device):
    episode = seed_episode(device)
    device.push(*batch(device, 300, episode))
    entries = [c for c in device.pull_all()[0] if c["entity"] == "entry"]
    first, rest = entries[0], entries[1:]
    small = count_queries(
        lambda: device.push(
            device.mutation("entry", "upsert", first["id"], first["version"], {"pain_now": 1})
        )
    )
    edits_and_deletes = [
        device.mutation("entry", "delete" if i % 2 else "upsert", c["id"], c["version"], {"pain_now": 2})
        for i, c in enumerate(rest)
    ]
    large = count_queries(lambda: device.push(*edits_and_deletes))
    assert small == large, (small, large)


def test_pull_queries_do_not_grow_with_the_page(device):
    episode = seed_episode(device)
    device.push(*batch(device, 400, episode))
    # A page of 2 already holds both kinds (the episode, then entries): one row query per kind.
    small = count_queries(lambda: device.client.get("/api/v1/sync/pull", {"limit": 2}))
    large = count_queries(lambda: device.client.get("/api/v1/sync/pull", {"limit": 1000}))
    assert small == large, (small, large)
    assert large <= 24  # session, user, throttle cache, clock, clients, six tables and their rows

"""Helpers for sync tests: push/pull through HTTP as a signed-in patient."""

from __future__ import annotations

import uuid

import pytest

ENTRY = {"recorded_at": "2026-05-01T08:00:00+01:00", "pain_now": 6}


class Device:
    """A minimal sync client for protocol tests: numbers its mids, pushes, pulls."""

    def __init__(self, client, client_id: uuid.UUID | None = None) -> None:
        self.client = client
        self.client_id = client_id or uuid.uuid4()
        self.next_mid = 1

    def mutation(self, entity: str, op: str, record_id, base_version=None, data=None) -> dict:
        m = {
            "mid": self.next_mid,
            "entity": entity,
            "op": op,
            "id": str(record_id),
            "base_version": base_version,
        }
        if data is not None:
            m["data"] = data
        self.next_mid += 1
        return m

    def push(self, *mutations: dict, expect: int = 200):
        response = self.client.post(
            "/api/v1/sync/push",
            {"client_id": str(self.client_id), "mutations": list(mutations)},
            format="json",
        )
        assert response.status_code == expect, response.content
        return response.json()

    def push_one(self, entity: str, op: str, record_id, base_version=None, data=None) -> dict:
        return self.push(self.mutation(entity, op, record_id, base_version, data))["results"][0]

    def pull_all(self, cursor: str | None = None, limit: int = 500) -> tuple[list[dict], str, dict]:
        changes = []
        while True:
            query = {"limit": limit} | ({"cursor": cursor} if cursor else {})
            response = self.client.get("/api/v1/sync/pull", query)
            assert response.status_code == 200, response.content
            page = response.json()
            changes += page["changes"]
            cursor = page["cursor"]
            if not page["has_more"]:
                return changes, cursor, page


@pytest.fixture
def device(alice, client_for):
    """A device of alice's."""
    return Device(client_for(alice))


@pytest.fixture
def other_device(alice, client_for):
    """Another device of alice's."""
    return Device(client_for(alice))

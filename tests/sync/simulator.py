"""A simulated device for sync tests: the client algorithm of docs/sync.md, in Python.

It keeps a *shadow* (the server's state as last pulled) and an *outbox* of pending
mutations; what the patient sees is the shadow with the outbox applied. Syncing pushes the
outbox (mids fixed when queued), then pulls until `has_more` is false.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any


class SimDevice:
    def __init__(self, http, name: str) -> None:
        self.http = http
        self.name = name
        self.reinstall()

    def reinstall(self) -> None:
        """A fresh install: new client_id, nothing local (unsent mutations are gone with it)."""
        self.client_id = str(uuid.uuid4())
        self.next_mid = 1
        self.outbox: list[dict[str, Any]] = []
        self.queued: list[dict[str, Any]] = []  # every mutation this install queued, in mid order
        self.shadow: dict[tuple[str, str], dict[str, Any]] = {}  # (entity, id) -> data
        self.known: dict[str, int | None] = {}  # record id -> version last seen
        self.cursor: str | None = None
        self.last_batch: list[dict[str, Any]] = []

    # -- what the patient sees --------------------------------------------------------------
    def view(self, kind: str = "entry") -> dict[str, dict[str, Any]]:
        """The records of one kind (`entry`, `assessment` …) as the patient sees them, by id."""
        records = {rid: copy.deepcopy(data) for (entity, rid), data in self.shadow.items() if entity == kind}
        for m in self.outbox:
            if m["entity"] != kind:
                continue
            if m["op"] == "delete":
                records.pop(m["id"], None)
            elif m["id"] in records or m["base_version"] is None:
                records.setdefault(m["id"], {}).update(m["data"])
        return records

    def conflicts(self) -> list[str]:
        return [rid for (entity, rid) in self.shadow if entity == "conflict"]

    def wrote(self, record_id: str, field: str) -> list[Any]:
        """The values this install queued for a record's field (its own writes, which never clash)."""
        return [
            m["data"][field]
            for m in self.queued
            if m["id"] == record_id and m["op"] == "upsert" and field in m["data"]
        ]

    # -- local edits ----------------------------------------------------------------------
    def queue(self, entity: str, op: str, record_id: str, data: dict | None = None) -> dict:
        m = {
            "mid": self.next_mid,
            "entity": entity,
            "op": op,
            "id": record_id,
            "base_version": self.known.get(record_id),
            "data": data or {},
        }
        self.next_mid += 1
        self.outbox.append(m)
        self.queued.append(m)
        return m

    # -- syncing --------------------------------------------------------------------------
    def push(self, *, lose_response: bool = False) -> dict | None:
        if not self.outbox:
            return None
        batch = list(self.outbox)
        response = self.http.post(
            "/api/v1/sync/push", {"client_id": self.client_id, "mutations": batch}, format="json"
        )
        assert response.status_code == 200, response.content
        if lose_response:
            return None
        body = response.json()
        for m, result in zip(batch, body["results"], strict=True):
            assert result["mid"] == m["mid"]
            # Only an `applied` result means the device knows the whole record at that version;
            # after `merged` or `conflict` it has not seen the others' changes yet (docs/sync.md).
            if (
                result["status"] == "applied"
                and result.get("version") is not None
                and m["entity"] != "conflict"
            ):
                self.known[m["id"]] = result["version"]
        self.outbox = []
        self.last_batch = batch
        return body

    def replay_last_batch(self) -> None:
        """A duplicate delivery of an acknowledged batch: the server must change nothing."""
        if self.last_batch:
            response = self.http.post(
                "/api/v1/sync/push",
                {"client_id": self.client_id, "mutations": self.last_batch},
                format="json",
            )
            assert response.status_code == 200, response.content

    def pull(self) -> None:
        while True:
            query = {"limit": 7} | ({"cursor": self.cursor} if self.cursor else {})
            response = self.http.get("/api/v1/sync/pull", query)
            assert response.status_code == 200, response.content
            page = response.json()
            assert not page["reset"]
            for change in page["changes"]:
                key = (change["entity"], change["id"])
                self.known[change["id"]] = change["version"]
                if change["deleted"]:
                    self.shadow.pop(key, None)
                else:
                    self.shadow[key] = change["data"]
            self.cursor = page["cursor"]
            if not page["has_more"]:
                return

    def sync(self, *, lose_response: bool = False) -> None:
        """Push, then pull; a lost response leaves the outbox to be sent again."""
        body = self.push(lose_response=lose_response)
        if lose_response:
            return
        del body
        self.pull()

"""Hypothesis drives 2–4 devices of one patient through offline edits, lost responses,
replays and reinstalls. At quiescence every device equals the server, and every value a
device pushed is in the current state, a conflict record or a rejection record — unless a
device that had seen it replaced or deleted it on purpose.
"""

from __future__ import annotations

import itertools
import uuid

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from rest_framework.test import APIClient

from accounts.services import user_create
from diary.models import Conflict, Entry, Rejection
from diary.sync.documents import change_documents
from tests.sync.simulator import SimDevice

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

_patients = itertools.count()
FIELDS = ("pain_now", "mood", "notes")


class SyncMachine(RuleBasedStateMachine):
    @initialize(count=st.integers(min_value=2, max_value=4))
    def start(self, count: int) -> None:
        self.patient = user_create(
            email=f"sim{next(_patients)}@example.com", password="sim-password-1", role="patient"
        )
        http = APIClient()
        http.force_login(self.patient)
        self.devices = [SimDevice(http, f"d{i}") for i in range(count)]
        self.tokens = itertools.count()
        self.pushed: list[tuple[str, str, object]] = []  # (record id, field, value) that reached the server
        self.superseded: set[tuple[str, str, object]] = set()  # values a device saw and replaced or deleted
        self.create(0, 5, 5)  # one record every device knows, so edits can clash from the start
        self.everyone_syncs()

    def token(self, device: SimDevice) -> str:
        return f"{device.name}-note-{next(self.tokens)}"

    devices_index = st.integers(min_value=0, max_value=3)

    def device(self, i: int) -> SimDevice:
        return self.devices[i % len(self.devices)]

    # -- edits while offline ----------------------------------------------------------------
    @rule(i=devices_index, pain=st.integers(0, 10), mood=st.none() | st.integers(0, 10))
    def create(self, i, pain, mood):
        device = self.device(i)
        data = {
            "recorded_at": "2026-05-01T08:00:00+01:00",
            "pain_now": pain,
            "mood": mood,
            "notes": self.token(device),
        }
        device.queue("entry", "upsert", str(uuid.uuid4()), data)

    @rule(i=devices_index, pick=st.integers(0, 1000), field=st.sampled_from(FIELDS), value=st.integers(0, 10))
    def edit(self, i, pick, field, value):
        device = self.device(i)
        view = device.view()
        if not view:
            return
        self.edit_record(device, list(view)[pick % len(view)], field, value)

    @rule(
        i=devices_index,
        j=devices_index,
        pick=st.integers(0, 1000),
        field=st.sampled_from(FIELDS),
        values=st.tuples(st.integers(0, 10), st.integers(0, 10)),
        delete=st.booleans(),
    )
    def both_edit_offline(self, i, j, pick, field, values, delete):
        """Two devices change (or one deletes) the same record before either syncs."""
        first, second = self.device(i), self.device(j)
        shared = [r for r in first.view() if r in second.view()]
        if first is second or not shared:
            return
        record_id = shared[pick % len(shared)]
        for device, value in ((first, values[0]), (second, values[1])):
            self.edit_record(device, record_id, field, value)
        if delete:
            self.delete_record(second, record_id)

    def edit_record(self, device: SimDevice, record_id: str, field: str, value: int) -> None:
        view = device.view()[record_id]
        new = self.token(device) if field == "notes" else value
        if field in view:
            self.superseded.add((record_id, field, view[field]))
        device.queue("entry", "upsert", record_id, {field: new})

    def delete_record(self, device: SimDevice, record_id: str) -> None:
        view = device.view()[record_id]
        self.superseded.update((record_id, f, v) for f, v in view.items() if f in FIELDS)
        device.queue("entry", "delete", record_id)

    @rule(i=devices_index, pick=st.integers(0, 1000))
    def delete(self, i, pick):
        device = self.device(i)
        view = device.view()
        if not view:
            return
        self.delete_record(device, list(view)[pick % len(view)])

    @rule(i=devices_index, pick=st.integers(0, 1000))
    def invalid_edit(self, i, pick):
        device = self.device(i)
        view = device.view()
        if view:
            record_id = list(view)[pick % len(view)]
            self.superseded.add((record_id, "pain_now", view[record_id].get("pain_now")))
            device.queue("entry", "upsert", record_id, {"pain_now": 11})

    @rule(i=devices_index, pick=st.integers(0, 1000), keep=st.sampled_from(["server", "client"]))
    def resolve(self, i, pick, keep):
        device = self.device(i)
        conflicts = device.conflicts()
        if not conflicts:
            return
        conflict_id = list(conflicts)[pick % len(conflicts)]
        conflict = device.shadow[("conflict", conflict_id)]
        view = device.view().get(conflict["record_id"])
        if keep == "client" and conflict["kind"] == "delete_edited" and view:
            self.superseded.update((conflict["record_id"], f, v) for f, v in view.items() if f in FIELDS)
        device.queue("conflict", "resolve", conflict_id, {"keep": keep})

    # -- the network ------------------------------------------------------------------------
    @rule(i=devices_index, lose=st.booleans())
    def sync(self, i, lose):
        device = self.device(i)
        self.note_pushed(device)
        device.sync(lose_response=lose)

    @rule()
    def everyone_syncs(self):
        for device in self.devices:
            self.note_pushed(device)
            device.sync()

    @rule(i=devices_index)
    def replay(self, i):
        device = self.device(i)
        before = self.server_documents()
        device.replay_last_batch()
        assert self.server_documents() == before

    @precondition(lambda self: hasattr(self, "devices"))
    @rule(i=devices_index)
    def reinstall(self, i):
        self.device(i).reinstall()

    def note_pushed(self, device: SimDevice) -> None:
        for m in device.outbox:
            if m["entity"] == "entry" and m["op"] == "upsert":
                self.pushed += [(m["id"], f, v) for f, v in m["data"].items() if f in FIELDS]

    # -- checks ----------------------------------------------------------------------------
    def server_documents(self) -> dict:
        docs = {}
        for model, entity in ((Entry, "entry"), (Conflict, "conflict"), (Rejection, "rejection")):
            for record in model.objects.filter(patient=self.patient, deleted_at__isnull=True):
                docs[(entity, str(record.pk))] = change_documents([(entity, record)])[0]["data"]
        return docs

    @invariant()
    def versions_only_grow(self):
        if not hasattr(self, "devices"):
            return
        for device in self.devices:
            assert all(v is None or v >= 0 for v in device.known.values())

    def quiesce(self) -> None:
        for _ in range(4):
            for device in self.devices:
                self.note_pushed(device)
                device.sync()
            if not any(d.outbox for d in self.devices):
                break
        for device in self.devices:
            device.pull()

    def teardown(self):
        if not hasattr(self, "devices"):
            return
        self.quiesce()
        server = self.server_documents()
        for device in self.devices:
            assert not device.outbox
            assert device.shadow == server, f"{device.name} differs from the server"
        self.check_nothing_lost()

    def check_nothing_lost(self) -> None:
        live = {str(e.pk): e for e in Entry.objects.filter(patient=self.patient, deleted_at__isnull=True)}
        conflicts = list(Conflict.objects.filter(patient=self.patient))
        rejections = list(Rejection.objects.filter(patient=self.patient))
        for record_id, field, value in self.pushed:
            if (record_id, field, value) in self.superseded:
                continue
            if record_id in live and getattr(live[record_id], field) == value:
                continue
            if any(
                c.record_id == uuid.UUID(record_id)
                and (
                    c.client_data.get(field) == value
                    or c.fields.get(field, {}).get("client") == value
                    or c.fields.get(field, {}).get("server") == value
                )
                for c in conflicts
            ):
                continue
            if any(
                (r.payload.get("data") or {}).get(field) == value and r.record_id == uuid.UUID(record_id)
                for r in rejections
            ):
                continue
            raise AssertionError(f"{field}={value!r} of {record_id} was lost")


TestSync = SyncMachine.TestCase
TestSync.settings = settings(
    max_examples=150,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

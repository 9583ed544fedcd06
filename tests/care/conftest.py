"""Fixtures for care-team tests: shares in every state, on-commit task runs, alice's diary via the API.

`alice_diary` posts a three-week diary through the patient API (episodes, administrations,
entries, medications, two deletions) whose every trend figure is computed by hand in
tests/care/test_summary_figures.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from care.models import Scope, Share
from tests.api.conftest import create
from tests.conftest import make_user

PERIOD = {"period_start": "2026-03-01", "period_end": "2026-03-21"}


def share_for(patient, clinician, *, state: str = "active", scope: str = Scope.SUMMARY) -> Share:
    """A share from patient to clinician in one of: pending, active, expired, revoked."""
    today = timezone.localdate()
    share = Share.objects.create(
        patient=patient,
        clinician_email=clinician.email,
        scope=scope,
        expires_on=today - timedelta(days=1) if state == "expired" else None,
    )
    if state != "pending":
        share.clinician, share.accepted_at = clinician, timezone.now()
    if state == "revoked":
        share.revoked_at = timezone.now()
    share.save()
    return share


@pytest.fixture
def dan(db):
    """Another clinician: sees only what is shared with him."""
    return make_user("dan@clinic.example.com", role=Role.CLINICIAN, display_name="Dr Dan")


@pytest.fixture
def make_records():
    """`make_records(patient)`: one episode, administration, entry and intake (via the services)."""

    def make(patient) -> None:
        episode = create(patient, "episode")
        create(patient, "administration", episode=episode.pk)
        create(patient, "entry")
        create(patient, "medication")

    return make


class DiaryClient:
    """POSTs records as the patient, asserting each is created."""

    def __init__(self, client) -> None:
        self.client = client

    def post(self, resource: str, body: dict) -> dict:
        response = self.client.post(f"/api/v1/{resource}/", body, format="json")
        assert response.status_code == 201, response.content
        return response.json()

    def delete(self, resource: str, record_id: str) -> None:
        assert self.client.delete(f"/api/v1/{resource}/{record_id}/").status_code == 204


def entry(day: int, pain: int, mood: int | None = None, **extra) -> dict:
    body = {"recorded_at": f"2026-03-{day:02d}T09:00:00+00:00", "pain_now": pain, **extra}
    return body if mood is None else {**body, "mood": mood}


def effects(*pairs) -> dict:
    return {"side_effects": [{"code": code, "severity": severity} for code, severity in pairs]}


@pytest.fixture
def alice_diary(alice, client_for) -> dict:
    """Alice's diary of March 2026, posted through the API. Returns the ids of note.

    Daily pain (mood = 10 − pain from 5 March on; "-" = nothing logged):
      1:8  2:7  3:8  4:-  5:8 (9 and 7)  6:8  7:7  | A1 on 8th, BP 185/95
      8:6  9:3  10:3  11:4  12:5  13:-  14:9       | A2 on 15th, BP 150/112
      15:8  16:2  17:2  18:3  19:-  20:2  21:2     | period ends 21st
      22:1 (after the period)  26:7 (after A3 on 25th, BP 190/100)
    """
    api = DiaryClient(client_for(alice))
    episode = api.post(
        "episodes",
        {"treatment": "ketamine", "condition": "crps", "title": "Ketamine", "started_on": "2026-03-01"},
    )
    admin = {"episode": episode["id"], "route": "iv_infusion"}
    a1 = api.post(
        "administrations",
        {
            **admin,
            "administered_at": "2026-03-08T10:00:00+00:00",
            "dose_mg": 35,
            "dose_mg_per_kg": 0.5,
            "weight_kg": 70,
            "duration_minutes": 40,
            "bp_systolic_max": 185,
            "bp_diastolic_max": 95,
        },
    )
    a2 = api.post(
        "administrations",
        {
            **admin,
            "administered_at": "2026-03-15T10:00:00+00:00",
            "route": "im",
            "bp_systolic_max": 150,
            "bp_diastolic_max": 112,
        },
    )
    a3 = api.post(
        "administrations",
        {
            **admin,
            "administered_at": "2026-03-25T10:00:00+00:00",
            "bp_systolic_max": 190,
            "bp_diastolic_max": 100,
        },
    )
    entries = [
        entry(1, 8),
        entry(2, 7),
        entry(3, 8),
        entry(5, 9, 1),
        {**entry(5, 7, 3), "recorded_at": "2026-03-05T20:00:00+00:00"},
        entry(6, 8, 2),
        # logged just after midnight, about the day before
        {**entry(7, 7, 3), "recorded_at": "2026-03-08T01:00:00+00:00", "diary_date": "2026-03-07"},
        entry(8, 6, 4, **effects(("nausea", 2), ("dizziness", 1))),
        entry(9, 3, 7, **effects(("nausea", 1), ("hallucinations", 3))),
        entry(10, 3, 7, pgic=2),
        entry(11, 4, 6),
        # 00:30 at +01:00 is 11 March in UTC: its diary date is the 12th (its own offset)
        {**entry(12, 5, 5, **effects(("nausea", 3))), "recorded_at": "2026-03-12T00:30:00+01:00"},
        entry(14, 9, 1),
        entry(15, 8, 2),
        entry(16, 2, 8, **effects(("dissociation", 2), ("hallucinations", 2))),
        entry(17, 2, 8),
        entry(18, 3, 7),
        entry(20, 2, 8, pgic=3),
        entry(21, 2, 8, **effects(("bladder_pain", 1))),
        entry(22, 1, 9, pgic=1),
        entry(26, 7, 3),
    ]
    posted = [api.post("entries", body) for body in entries]
    api.delete("entries", api.post("entries", entry(4, 10))["id"])  # deleted: never counted
    intakes = [
        ("2026-03-01T09:00:00+00:00", "oxycodone", 10, "mg"),  # 15 MME
        ("2026-03-01T21:00:00+00:00", "morphine", 10, "mg"),  # 10 MME
        ("2026-03-03T09:00:00+00:00", "oxycodone", 10, "mg"),  # 15 MME
        ("2026-03-05T09:00:00+00:00", "paracetamol", 1000, "mg"),  # no MME: the day counts 0
        ("2026-03-16T09:00:00+00:00", "fentanyl", 12, "mcg_per_h"),  # 12 × 2.4 = 28.8 MME
        ("2026-03-18T00:30:00+01:00", "tramadol", 50, "mg"),  # 10 MME, local date the 18th
        ("2026-03-18T09:00:00+00:00", "codeine", 30000, "mcg"),  # 30 mg × 0.15 = 4.5 MME
    ]
    for taken_at, drug, dose, unit in intakes:
        api.post("medications", {"taken_at": taken_at, "drug": drug, "dose": dose, "unit": unit})
    deleted = api.post(
        "medications",
        {"taken_at": "2026-03-10T09:00:00+00:00", "drug": "morphine", "dose": 100, "unit": "mg"},
    )
    api.delete("medications", deleted["id"])
    return {"episode": episode["id"], "a1": a1["id"], "a2": a2["id"], "a3": a3["id"], "entries": posted}


@pytest.fixture
def alice_summary(alice, alice_diary, client_for, on_commit) -> dict:
    """Alice's ready summary of 1–21 March 2026, asked for through the API."""
    client = client_for(alice)
    response = on_commit(lambda: client.post("/api/v1/summaries/", PERIOD, format="json"))
    assert response.status_code == 202, response.content
    summary = client.get(f"/api/v1/summaries/{response.json()['id']}/").json()
    assert summary["status"] == "ready", summary
    return summary

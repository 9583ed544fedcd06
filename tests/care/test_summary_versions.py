"""Summaries stored before figures version 2 never reach a client in their old shape.

The upgrade's data migration sends every one of them back to pending for the sweep to
recompute; and should an older shape be stored anyway (a worker still running the old code
during a deploy), every read shows it as pending, without figures, and asks for it again.
"""

from __future__ import annotations

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from care import selectors, tasks
from care.models import Summary
from tests.care.conftest import DiaryClient, entry, share_for

pytestmark = pytest.mark.django_db

# What a summary's figures looked like before version 2 (no figures_version, no counts).
V1_FIGURES = {
    "days": 21,
    "logged_days": 2,
    "adherence_percent": 9.5,
    "pain_mean": 7.0,
    "daily": [
        {"date": "2026-03-02", "pain": 8.0, "mood": None, "mme": None},
        {"date": "2026-03-03", "pain": 6.0, "mood": None, "mme": None},
    ],
    "administrations": [],
    "side_effects": [],
    "red_flags": [],
    "weekly_mme": [],
    "mood_pain_r": None,
    "latest_pgic": None,
}


@pytest.fixture
def patient(alice, client_for):
    """Alice's client, with two days logged: 8 on 2 March, 6 on 3 March."""
    client = client_for(alice)
    DiaryClient(client).post("entries", entry(2, 8))
    DiaryClient(client).post("entries", entry(3, 6))
    return client


def stored(patient_user, figures: dict | None, *, status: str = "ready", end: int = 21) -> Summary:
    return Summary.objects.create(
        patient=patient_user,
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, end),
        status=status,
        figures=figures,
        generated_at=timezone.now() if status != "pending" else None,
    )


@pytest.mark.parametrize("figures", [V1_FIGURES, {**V1_FIGURES, "figures_version": 1}])
def test_an_older_shape_reads_as_pending_and_the_read_has_it_recomputed(
    figures, alice, patient, django_capture_on_commit_callbacks
):
    old = stored(alice, figures)

    with django_capture_on_commit_callbacks() as queued:
        shown = patient.get(f"/api/v1/summaries/{old.pk}/").json()
        listed = patient.get("/api/v1/summaries/").json()["results"]

    assert (shown["status"], shown["figures"], shown["generated_at"]) == ("pending", None, None)
    assert [(s["id"], s["status"], s["figures"]) for s in listed] == [(str(old.pk), "pending", None)]
    assert patient.get(f"/api/v1/summaries/{old.pk}/pdf").status_code == 409
    # Asked for again, once (the second read finds it pending): a newer request, not yet sent.
    old.refresh_from_db()
    assert (old.status, old.figures, old.request_seq) == ("pending", None, 1)
    assert len(queued) == 1

    for callback in queued:  # the worker computes it
        callback()

    fresh = patient.get(f"/api/v1/summaries/{old.pk}/").json()
    assert fresh["status"] == "ready"
    assert fresh["figures"]["figures_version"] == 2
    assert [(d["date"], d["pain"]) for d in fresh["figures"]["daily"]] == [
        ("2026-03-02", 8.0),
        ("2026-03-03", 6.0),
    ]
    assert fresh["figures"]["pain_days"] == 2


def test_a_clinician_never_sees_an_older_shape_either(alice, carol, patient, client_for, on_commit):
    share_for(alice, carol)
    old = stored(alice, V1_FIGURES)
    clinician = client_for(carol)
    base = f"/api/v1/clinician/patients/{alice.pk}/summaries/"

    assert clinician.get(f"{base}{old.pk}/pdf").status_code == 409
    listed = on_commit(lambda: clinician.get(base)).json()["results"]
    assert [(s["status"], s["figures"]) for s in listed] == [("pending", None)]

    fresh = clinician.get(f"{base}{old.pk}/").json()
    assert (fresh["status"], fresh["figures"]["figures_version"]) == ("ready", 2)


def test_the_portal_shows_the_latest_summary_of_the_current_version(alice):
    current = stored(alice, {"figures_version": 2}, end=20)
    stored(alice, V1_FIGURES, end=21)  # newer period, older shape

    assert selectors.summary_latest_ready(patient_id=alice.pk) == current


def test_the_upgrade_sends_every_older_summary_back_to_pending_for_the_sweep(alice, bob, patient, on_commit):
    migration = importlib.import_module("care.migrations.0006_summary_figures_v2")
    older = stored(alice, V1_FIGURES, end=21)
    waiting = stored(alice, None, status="pending", end=20)
    current = stored(bob, {"figures_version": 2, "days": 21}, end=21)
    failed = stored(bob, None, status="failed", end=20)
    before = timezone.now()

    migration.recompute_older_figures(apps, None)

    rows = {s.pk: s for s in Summary.objects.all()}
    for summary in (older, waiting):  # pending under a new request, not yet sent
        row = rows[summary.pk]
        assert (row.status, row.figures, row.generated_at, row.queued_at) == ("pending", None, None, None)
        assert row.request_seq == summary.request_seq + 1
        assert row.requested_at >= before
    assert (rows[current.pk].status, rows[current.pk].figures) == (
        "ready",
        {"figures_version": 2, "days": 21},
    )
    assert (rows[failed.pk].status, rows[failed.pk].request_seq) == ("failed", 0)

    # The next sweep sends both (never sent: no two-minute wait) and they are computed.
    assert (
        on_commit(lambda: tasks.summaries_sweep.delay((before + timedelta(seconds=1)).isoformat())).get() == 2
    )
    recomputed = Summary.objects.get(pk=older.pk)
    assert (recomputed.status, recomputed.figures["figures_version"]) == ("ready", 2)
    assert recomputed.figures["logged_days"] == 2

"""Every summary ends `ready` or `failed` (docs/tasks.md): the minutely sweep sends again what the
broker refused or a worker lost, gives up on what stays pending, and a period at the calendar's
edge is computed instead of crashing the worker. The sweep runs as the beat would, at a given time.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from kombu.exceptions import OperationalError

from care import tasks
from care.models import Summary
from care.services import GIVE_UP_AFTER, RESEND_AFTER
from config.celery_app import app
from tests.care.conftest import PERIOD, DiaryClient, entry, share_for
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def sweep(on_commit, at) -> int:
    """The beat's sweep at `at`, as the worker runs it; what it queues runs too (eagerly)."""
    return on_commit(lambda: tasks.summaries_sweep.delay(at.isoformat())).get()


def lost_request(client, capture) -> str:
    """A summary request whose computation never reaches a worker (the message is lost)."""
    with capture() as queued:
        response = client.post("/api/v1/summaries/", PERIOD, format="json")
    assert response.status_code == 202
    assert len(queued) == 1  # queued on commit, and dropped here
    return response.json()["id"]


@pytest.fixture
def patient(alice, client_for):
    client = client_for(alice)
    DiaryClient(client).post("entries", entry(2, 8))
    return client


def status(client, summary_id: str) -> str:
    return client.get(f"/api/v1/summaries/{summary_id}/").json()["status"]


def test_the_beat_sweeps_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["care-summaries-sweep"]
    assert entry["task"] == "care.summaries_sweep"
    assert entry["schedule"].minute == set(range(60)) and entry["schedule"].hour == set(range(24))
    assert entry["options"]["expires"] < 60
    assert "care.summaries_sweep" in app.tasks


def test_a_lost_computation_is_sent_again_after_two_minutes(
    patient, django_capture_on_commit_callbacks, on_commit
):
    summary_id = lost_request(patient, django_capture_on_commit_callbacks)
    asked = timezone.now()

    assert sweep(on_commit, asked + RESEND_AFTER - timedelta(seconds=5)) == 0  # may still be queued
    assert status(patient, summary_id) == "pending"

    assert sweep(on_commit, asked + RESEND_AFTER + timedelta(seconds=5)) == 1
    summary = patient.get(f"/api/v1/summaries/{summary_id}/").json()
    assert summary["status"] == "ready"
    assert summary["figures"]["logged_days"] == 1


def test_a_request_the_broker_refuses_answers_202_and_the_next_sweep_sends_it(
    patient, on_commit, monkeypatch, caplog
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.summary_compute, "delay", broker_down)
    with caplog.at_level(logging.WARNING, logger="config.celery_app"):
        response = on_commit(lambda: patient.post("/api/v1/summaries/", PERIOD, format="json"))

    assert response.status_code == 202
    summary_id = response.json()["id"]
    assert status(patient, summary_id) == "pending"
    assert "care.summary_compute not queued, the broker is unavailable" in caplog.text

    monkeypatch.undo()  # the broker is back: the very next sweep sends it, no two-minute wait
    assert sweep(on_commit, timezone.now()) == 1
    assert status(patient, summary_id) == "ready"


def test_a_summary_still_pending_15_minutes_after_its_request_fails_and_can_be_asked_again(
    patient, django_capture_on_commit_callbacks, on_commit, monkeypatch
):
    summary_id = lost_request(patient, django_capture_on_commit_callbacks)
    monkeypatch.setattr(tasks.summary_compute, "delay", lambda *a: None)  # every send is lost
    monkeypatch.setattr(tasks.summaries_compute, "delay", lambda *a: None)
    asked = timezone.now()
    for minutes in range(1, 15):
        sweep(on_commit, asked + timedelta(minutes=minutes))
        assert status(patient, summary_id) == "pending"

    sweep(on_commit, asked + GIVE_UP_AFTER + timedelta(seconds=1))

    summary = patient.get(f"/api/v1/summaries/{summary_id}/").json()
    assert (summary["status"], summary["figures"]) == ("failed", None)
    assert Summary.objects.get(pk=summary_id).error == "Timeout"
    assert patient.get(f"/api/v1/summaries/{summary_id}/pdf").status_code == 409

    monkeypatch.undo()
    again = on_commit(lambda: patient.post("/api/v1/summaries/", PERIOD, format="json"))
    assert again.json()["id"] == summary_id
    assert status(patient, summary_id) == "ready"


def test_the_sweep_sends_each_lost_summary_once_in_chunks_with_constant_queries(
    carol, on_commit, monkeypatch
):
    sent: list[list[str]] = []
    monkeypatch.setattr(tasks.summaries_compute, "delay", lambda ids: sent.append(ids))
    monkeypatch.setattr(tasks.summary_compute, "delay", lambda summary_id: sent.append([summary_id]))
    asked = timezone.now() - RESEND_AFTER - timedelta(minutes=1)

    def lost(n: int, offset: int) -> set[str]:
        made = set()
        for i in range(n):
            patient = make_user(f"p{offset + i}@example.com")
            share_for(patient, carol)
            made.add(
                str(
                    Summary.objects.create(
                        patient=patient,
                        period_start=date(2026, 3, 1),
                        period_end=date(2026, 3, 21),
                        requested_at=asked,
                        queued_at=asked,
                    ).pk
                )
            )
        return made

    counts = []
    for n, offset in ((1, 0), (150, 100)):
        ids, sent[:] = lost(n, offset), []
        with CaptureQueriesContext(connection) as queries:
            on_commit(lambda: tasks.summaries_sweep.delay())
        counts.append(len(queries))
        assert sorted(i for chunk in sent for i in chunk) == sorted(ids)
        assert max(len(chunk) for chunk in sent) <= tasks.CHUNK_SIZE
        sent[:] = []
        on_commit(lambda: tasks.summaries_sweep.delay())  # a minute later: sent, so not again
        assert sent == []

    assert counts[0] == counts[1], counts
    assert Summary.objects.filter(status="pending").count() == 151


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        # after the as-of date (the day before 22 March 2026): no day of it has figures yet
        (date(9999, 12, 1), date(9999, 12, 31), 0),
        # long before any record: 31 days, none logged
        (date(1, 1, 1), date(1, 1, 31), 31),
    ],
)
def test_a_period_at_the_calendars_edge_is_computed_beside_the_rest_of_its_chunk(
    alice, bob, start, end, days
):
    # The API refuses such periods (years 1900–2100); rows made another way are still settled.
    edge = Summary.objects.create(patient=alice, period_start=start, period_end=end)
    fine = Summary.objects.create(patient=bob, period_start=date(2026, 3, 1), period_end=date(2026, 3, 21))
    now = "2026-03-22T12:00:00+00:00"

    assert tasks.summaries_compute.delay([str(edge.pk), str(fine.pk)], now).get() == 2

    edge.refresh_from_db()
    fine.refresh_from_db()
    assert (edge.status, edge.figures["days"], edge.figures["logged_days"]) == ("ready", days, 0)
    assert fine.status == "ready"

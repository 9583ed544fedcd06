"""Asking again while a summary is being computed: the figures that end up `ready` include what
the patient logged before asking again, whichever computation finishes first.

The worker's computation is run by hand, from the on-commit callbacks of the request that
queued it; the patient logs a day and asks again while it is half-way (between reading the
diary and storing the figures), through the API, as a second device would.
"""

from __future__ import annotations

import pytest

from care import services
from tests.care.conftest import PERIOD, DiaryClient, entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient(alice, client_for):
    """Alice's client, with two days of her diary logged (2 and 3 March)."""
    client = client_for(alice)
    diary = DiaryClient(client)
    diary.post("entries", entry(2, 8))
    diary.post("entries", entry(3, 6))
    return client


def ask(client, capture) -> tuple[str, list]:
    """POST a summary request; (its id, the computation it queued, not yet run)."""
    with capture() as queued:
        response = client.post("/api/v1/summaries/", PERIOD, format="json")
    assert response.status_code == 202, response.content
    assert len(queued) == 1
    return response.json()["id"], queued


def run(callbacks: list) -> None:
    for callback in callbacks:
        callback()


def logged_dates(summary: dict) -> list[str]:
    return [day["date"] for day in summary["figures"]["daily"]]


def test_asking_again_during_a_computation_stores_the_newer_figures_only(
    patient, django_capture_on_commit_callbacks, monkeypatch
):
    summary_id, first = ask(patient, django_capture_on_commit_callbacks)
    real_compute = services.compute_figures
    again: list = []

    def meanwhile_the_patient_logs_and_asks_again(**rows):
        if not again:  # the first computation has read the diary: 2 and 3 March
            DiaryClient(patient).post("entries", entry(4, 2))
            again.append(ask(patient, django_capture_on_commit_callbacks))
        return real_compute(**rows)

    monkeypatch.setattr(services, "compute_figures", meanwhile_the_patient_logs_and_asks_again)

    run(first)  # the worker finishes the first computation, from data older than the request

    assert patient.get(f"/api/v1/summaries/{summary_id}/").json()["status"] == "pending"
    [(same_id, second)] = again
    assert same_id == summary_id  # one summary per period: the same row, asked for again

    run(second)

    summary = patient.get(f"/api/v1/summaries/{summary_id}/").json()
    assert summary["status"] == "ready"
    assert logged_dates(summary) == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert summary["figures"]["logged_days"] == 3


def test_an_older_computation_finishing_last_does_not_overwrite_the_newer_one(
    patient, django_capture_on_commit_callbacks, monkeypatch
):
    summary_id, first = ask(patient, django_capture_on_commit_callbacks)
    real_compute = services.compute_figures
    calls: list = []

    def the_newer_request_is_computed_meanwhile(**rows):
        calls.append(len(rows["entries"]))
        if len(calls) == 1:  # the first computation has read 2 and 3 March
            DiaryClient(patient).post("entries", entry(4, 2))
            _, second = ask(patient, django_capture_on_commit_callbacks)
            run(second)  # another worker computes the newer request and stores it first
            newer = patient.get(f"/api/v1/summaries/{summary_id}/").json()
            assert (newer["status"], newer["figures"]["logged_days"]) == ("ready", 3)
        return real_compute(**rows)

    monkeypatch.setattr(services, "compute_figures", the_newer_request_is_computed_meanwhile)

    run(first)

    assert calls == [2, 3]
    summary = patient.get(f"/api/v1/summaries/{summary_id}/").json()
    assert summary["status"] == "ready"
    assert logged_dates(summary) == ["2026-03-02", "2026-03-03", "2026-03-04"]


def test_asking_again_after_the_summary_is_ready_recomputes_it(patient, django_capture_on_commit_callbacks):
    summary_id, first = ask(patient, django_capture_on_commit_callbacks)
    run(first)
    assert patient.get(f"/api/v1/summaries/{summary_id}/").json()["figures"]["logged_days"] == 2

    DiaryClient(patient).post("entries", entry(4, 2))
    same_id, second = ask(patient, django_capture_on_commit_callbacks)
    assert same_id == summary_id
    assert patient.get(f"/api/v1/summaries/{summary_id}/").json()["status"] == "pending"
    run(second)

    summary = patient.get(f"/api/v1/summaries/{summary_id}/").json()
    assert (summary["status"], summary["figures"]["logged_days"]) == ("ready", 3)

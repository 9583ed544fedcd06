"""The nightly job recomputes every ready summary whose figures are still in progress, so an
open window completes by itself, night after night, with the clock of each night.

The nights are the beat's task run with a given clock (`now`); what it queues runs on commit.
Dee is in UTC; her maintenance dose M is on 8 March 2026, its response window 9–15 March.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from care import services, tasks
from care.models import Summary
from tests.care.conftest import DiaryClient
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PERIOD = {"period_start": "2026-03-01", "period_end": "2026-03-14"}


def night(day: int) -> datetime:
    """02:30 UTC on `day` March 2026, when the beat runs the nightly job: A is the day before."""
    return datetime(2026, 3, day, 2, 30, tzinfo=UTC)


def run_night(on_commit, day: int) -> None:
    on_commit(lambda: tasks.summaries_nightly.delay(night(day).isoformat()))


@pytest.fixture
def dee(db):
    return make_user("dee@example.com", timezone="UTC")


@pytest.fixture
def dee_client(dee, client_for):
    """Dee's diary: pain 6 on 1–7 March, M on the 8th, then 5, 5, 6, 6, 6, 6, 6 on 9–15 March."""
    client = client_for(dee)
    api = DiaryClient(client)
    episode = api.post(
        "episodes",
        {"treatment": "ketamine", "condition": "crps", "title": "Ketamine", "started_on": "2026-03-01"},
    )["id"]
    api.post(
        "administrations",
        {
            "episode": episode,
            "administered_at": "2026-03-08T10:00:00+00:00",
            "route": "iv_infusion",
            "phase": "maintenance",
        },
    )
    pains = {1: 6, 2: 6, 3: 6, 4: 6, 5: 6, 6: 6, 7: 6, 9: 5, 10: 5, 11: 6, 12: 6, 13: 6, 14: 6, 15: 6}
    for day, pain in pains.items():
        api.post("entries", {"recorded_at": f"2026-03-{day:02d}T09:00:00+00:00", "pain_now": pain})
    return client


def window(client, summary_id: str) -> dict:
    summary = client.get(f"/api/v1/summaries/{summary_id}/").json()
    assert summary["status"] == "ready"
    [dose] = summary["figures"]["administrations"]
    return {"as_of": summary["figures"]["as_of"], "generated_at": summary["generated_at"], **dose}


def test_an_open_window_is_recomputed_the_next_night_and_completes(dee, dee_client, on_commit):
    asked = dee_client.post("/api/v1/summaries/", PERIOD, format="json").json()["id"]
    tasks.summary_compute.delay(asked, night(15).isoformat()).get()  # computed on the night of the 15th

    # A = 14th: the window 9–15 is open; 6 dates so far (5, 5, 6, 6, 6, 6 = 34 / 6 = 5.67 → 5.7).
    first = window(dee_client, asked)
    assert first["as_of"] == "2026-03-14"
    assert (first["response_days"], first["response"], first["response_complete"]) == (6, 5.7, False)
    assert (first["category"], first["category_reason"]) == (None, "in_progress")
    assert Summary.objects.get(pk=asked).in_progress is True

    run_night(on_commit, 16)

    # A = 15th: complete. Baseline 1–7: 6.0; response 9–15: 40 / 7 = 5.714… → 5.7; change 2/7 →
    # 0.3; reduction (2/7) / 6 = 1/21 = 4.76…% → 4.8: no meaningful change (> −10 %, < 10 %).
    second = window(dee_client, asked)
    assert second["as_of"] == "2026-03-15"
    assert (second["response_days"], second["response"], second["response_complete"]) == (7, 5.7, True)
    assert (second["change"], second["reduction_percent"]) == (0.3, 4.8)
    assert (second["category"], second["category_reason"], second["responder"]) == ("no_change", None, False)
    assert second["generated_at"] != first["generated_at"]
    assert Summary.objects.get(pk=asked).in_progress is False

    run_night(on_commit, 17)  # nothing left to change: not computed again

    assert window(dee_client, asked) == second


def test_only_ready_summaries_in_progress_are_refreshed(dee, dee_client, on_commit):
    def summary(end: int, **fields) -> Summary:
        return Summary.objects.create(
            patient=dee, period_start=date(2026, 3, 1), period_end=date(2026, 3, end), **fields
        )

    open_window = summary(14)
    tasks.summary_compute.delay(str(open_window.pk), night(15).isoformat()).get()
    settled = summary(13, status="ready", figures={"figures_version": 2}, in_progress=False)
    failed = summary(12, status="failed")
    pending = summary(11)  # the sweep's, not the nightly job's

    run_night(on_commit, 16)

    rows = {s.pk: s for s in Summary.objects.all()}
    assert rows[open_window.pk].figures["as_of"] == "2026-03-15"
    assert rows[settled.pk].figures == {"figures_version": 2}
    assert (rows[failed.pk].status, rows[pending.pk].status) == ("failed", "pending")


def test_a_summary_whose_period_is_not_over_is_refreshed_until_it_is(dee, dee_client, on_commit):
    asked = dee_client.post(
        "/api/v1/summaries/", {"period_start": "2026-03-10", "period_end": "2026-03-16"}, format="json"
    ).json()["id"]
    tasks.summary_compute.delay(asked, night(15).isoformat()).get()
    assert Summary.objects.get(pk=asked).figures["days"] == 5  # 10–14 March so far

    run_night(on_commit, 16)
    assert Summary.objects.get(pk=asked).figures["days"] == 6  # and the 15th
    run_night(on_commit, 17)

    summary = Summary.objects.get(pk=asked)
    assert (summary.figures["days"], summary.in_progress) == (7, False)  # the whole period: settled


def test_the_refresh_is_queued_in_chunks_and_safe_to_run_twice(on_commit):
    summaries = []
    for n in range(5):
        patient = make_user(f"p{n}@example.com", timezone="UTC")
        summary = Summary.objects.create(
            patient=patient, period_start=date(2026, 3, 1), period_end=date(2026, 3, 20)
        )
        tasks.summary_compute.delay(str(summary.pk), night(15).isoformat()).get()  # period not over
        summaries.append(summary.pk)

    chunks = on_commit(lambda: tasks.summaries_nightly_dispatch(chunk_size=2, now=night(16).isoformat()))

    assert chunks == 3  # 2 + 2 + 1 (no patient shares: no default summaries)
    assert {s.figures["as_of"] for s in Summary.objects.all()} == {"2026-03-15"}
    # The same chunk again, the same night: still in progress, so computed again, the same.
    before = {s.pk: s.figures for s in Summary.objects.all()}
    assert services.summaries_refresh(summary_ids=summaries[:2], now=night(16)) == 2
    assert {s.pk: s.figures for s in Summary.objects.all()} == before

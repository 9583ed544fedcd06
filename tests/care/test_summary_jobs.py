"""The summary tasks: the nightly job (idempotent, constant queries per chunk, per-patient time
zones), on-demand requests, periods, and failures that end as `failed`, never as a 500."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from care import services, tasks
from care.models import Summary
from care.selectors import summary_default_period
from config.celery_app import app
from diary.models import Entry
from tests.api.conftest import create, error_attrs
from tests.care.conftest import PERIOD, share_for
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def patient_with_diary(n: int, carol, *, tz: str = "UTC", state: str = "active"):
    patient = make_user(f"patient{n}@example.com", timezone=tz)
    share_for(patient, carol, state=state)
    episode = create(patient, "episode")
    create(patient, "administration", episode=episode.pk, administered_at="2026-03-10T10:00:00+00:00")
    for day in (3, 5, 7, 11, 12, 14):
        create(patient, "entry", recorded_at=f"2026-03-{day:02d}T09:00:00+00:00", pain_now=day % 10)
    create(patient, "medication", taken_at="2026-03-11T08:00:00+00:00")
    return patient


# --- nightly ------------------------------------------------------------------------------


def test_the_beat_schedule_runs_the_nightly_task():
    entry = settings.CELERY_BEAT_SCHEDULE["care-summaries-nightly"]
    assert entry["task"] == "care.summaries_nightly"
    assert "care.summaries_nightly" in app.tasks
    assert "care.summaries_nightly_chunk" in app.tasks


def test_the_nightly_job_makes_one_summary_per_patient_with_an_active_share_even_run_twice(carol, on_commit):
    active = [patient_with_diary(n, carol) for n in range(3)]
    for n, state in enumerate(["pending", "expired", "revoked"], start=10):
        patient_with_diary(n, carol, state=state)

    on_commit(tasks.summaries_nightly.delay)
    first = {s.pk: s.status for s in Summary.objects.all()}
    on_commit(tasks.summaries_nightly.delay)

    assert {s.pk: s.status for s in Summary.objects.all()} == first
    assert sorted(Summary.objects.values_list("patient_id", flat=True)) == sorted(p.pk for p in active)
    assert set(first.values()) == {"ready"}


def test_a_chunk_run_twice_keeps_one_summary_per_patient_and_period(carol):
    patients = [patient_with_diary(n, carol) for n in range(2)]
    ids = [str(p.pk) for p in patients]

    assert services.summaries_nightly_chunk(patient_ids=ids) == 2
    assert services.summaries_nightly_chunk(patient_ids=ids) == 0  # nothing pending: nothing computed

    assert Summary.objects.count() == 2


def test_the_dispatcher_queues_chunks_of_patients(carol, on_commit):
    for n in range(5):
        patient_with_diary(n, carol)

    chunks = on_commit(lambda: tasks.summaries_nightly_dispatch(chunk_size=2))

    assert chunks == 3  # 2 + 2 + 1
    assert Summary.objects.filter(status="ready").count() == 5


def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def test_a_chunk_runs_the_same_number_of_queries_for_1_or_20_patients(carol):
    patients = [patient_with_diary(n, carol) for n in range(21)]
    now = datetime(2026, 3, 22, 3, 0, tzinfo=UTC)

    one = count_queries(lambda: services.summaries_nightly_chunk(patient_ids=[patients[0].pk], now=now))
    twenty = count_queries(
        lambda: services.summaries_nightly_chunk(patient_ids=[p.pk for p in patients[1:]], now=now)
    )

    assert Summary.objects.filter(status="ready").count() == 21
    assert one == twenty
    # patients, the summaries made, those pending; the summaries with their patients' time
    # zones, entries, administrations, intakes, episodes, assessments; the figures stored
    assert one <= 10


def test_the_default_period_is_the_30_days_ending_yesterday_in_each_patients_time_zone(carol):
    london = patient_with_diary(1, carol, tz="Europe/London")
    los_angeles = patient_with_diary(2, carol, tz="America/Los_Angeles")
    auckland = patient_with_diary(3, carol, tz="Pacific/Auckland")
    # 01:30 UTC on 22 March: 01:30 on the 22nd in London, 18:30 on the 21st in Los Angeles
    # (PDT, −7), 14:30 on the 22nd in Auckland (NZDT, +13).
    now = datetime(2026, 3, 22, 1, 30, tzinfo=UTC)

    services.summaries_nightly_chunk(patient_ids=[london.pk, los_angeles.pk, auckland.pk], now=now)

    periods = {s.patient_id: (s.period_start, s.period_end) for s in Summary.objects.all()}
    assert periods[london.pk] == (date(2026, 2, 20), date(2026, 3, 21))
    assert periods[los_angeles.pk] == (date(2026, 2, 19), date(2026, 3, 20))
    assert periods[auckland.pk] == (date(2026, 2, 20), date(2026, 3, 21))
    # each computed as of the last whole day in its own zone: its period's end
    as_of = {s.patient_id: s.figures["as_of"] for s in Summary.objects.all()}
    assert as_of == {london.pk: "2026-03-21", los_angeles.pk: "2026-03-20", auckland.pk: "2026-03-21"}


# --- failures -------------------------------------------------------------------------------


def test_a_failing_computation_marks_its_summary_failed_and_spares_the_others(carol, monkeypatch):
    good, bad = patient_with_diary(1, carol), patient_with_diary(2, carol)
    bad_entries = {str(pk) for pk in Entry.objects.filter(patient=bad).values_list("pk", flat=True)}
    real = services.compute_figures

    def compute(**rows):
        if any(e.id in bad_entries for e in rows["entries"]):
            raise ZeroDivisionError("boom")
        return real(**rows)

    monkeypatch.setattr(services, "compute_figures", compute)

    services.summaries_nightly_chunk(patient_ids=[good.pk, bad.pk], now=datetime(2026, 3, 22, 3, tzinfo=UTC))

    statuses = {s.patient_id: (s.status, s.figures is None) for s in Summary.objects.all()}
    assert statuses == {good.pk: ("ready", False), bad.pk: ("failed", True)}
    assert Summary.objects.get(patient=bad).error == "ZeroDivisionError"


def test_a_failing_computation_on_demand_answers_202_then_failed(alice, client_for, on_commit, monkeypatch):
    def broken(**_):
        raise ValueError("bad data")

    monkeypatch.setattr(services, "compute_figures", broken)
    client = client_for(alice)

    response = on_commit(lambda: client.post("/api/v1/summaries/", PERIOD, format="json"))

    assert response.status_code == 202
    summary = client.get(f"/api/v1/summaries/{response.json()['id']}/")
    assert summary.status_code == 200
    assert summary.json()["status"] == "failed"
    assert summary.json()["figures"] is None
    assert client.get(f"/api/v1/summaries/{response.json()['id']}/pdf").status_code == 409


def test_the_compute_task_leaves_a_summary_that_is_no_longer_pending_alone(alice):
    summary = Summary.objects.create(
        patient=alice,
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 21),
        status="ready",
        figures={"x": 1},
    )
    assert tasks.summary_compute.delay(str(summary.pk)).get() == 0
    summary.refresh_from_db()
    assert summary.figures == {"x": 1}


# --- the request: periods -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"period_start": "2026-03-21", "period_end": "2026-03-01"}, "period_end"),
        ({"period_start": "2025-01-01", "period_end": "2026-01-02"}, "period_end"),  # 367 days
        ({"period_start": "21/03/2026"}, "period_start"),
        ({"period_end": "yesterday"}, "period_end"),
    ],
)
def test_bad_periods_are_400_naming_the_field(body, field, alice, client_for):
    response = client_for(alice).post("/api/v1/summaries/", body, format="json")

    assert response.status_code == 400
    assert error_attrs(response) == [field]
    assert not Summary.objects.exists()


def test_a_period_of_366_days_is_allowed(alice, client_for, on_commit):
    body = {"period_start": "2024-01-01", "period_end": "2024-12-31"}  # a leap year: 366 days
    assert (
        on_commit(lambda: client_for(alice).post("/api/v1/summaries/", body, format="json")).status_code
        == 202
    )


def test_without_a_period_the_summary_covers_the_30_days_ending_yesterday(alice, client_for, on_commit):
    response = on_commit(lambda: client_for(alice).post("/api/v1/summaries/", {}, format="json"))

    summary = Summary.objects.get(pk=response.json()["id"])
    assert (summary.period_start, summary.period_end) == summary_default_period(timezone_name="Europe/London")
    assert (summary.period_end - summary.period_start).days == 29


def test_only_an_end_gives_the_30_days_ending_then(alice, client_for, on_commit):
    response = on_commit(
        lambda: client_for(alice).post("/api/v1/summaries/", {"period_end": "2026-03-30"}, format="json")
    )
    summary = Summary.objects.get(pk=response.json()["id"])
    assert (summary.period_start, summary.period_end) == (date(2026, 3, 1), date(2026, 3, 30))


def test_the_list_pages_with_a_cursor_and_holds_only_mine(alice, bob, client_for, on_commit):
    client = client_for(alice)
    for day in range(1, 4):
        on_commit(
            lambda d=day: client.post("/api/v1/summaries/", {"period_end": f"2026-03-{d:02d}"}, format="json")
        )
    Summary.objects.create(patient=bob, period_start=date(2026, 3, 1), period_end=date(2026, 3, 2))

    first = client.get("/api/v1/summaries/?page_size=2").json()
    second = client.get(first["next"]).json()

    ends = [s["period_end"] for s in first["results"] + second["results"]]
    assert ends == ["2026-03-03", "2026-03-02", "2026-03-01"]
    assert second["next"] is None


def test_another_patient_cannot_see_alices_summaries(alice, bob, client_for):
    summary = Summary.objects.create(
        patient=alice, period_start=date(2026, 3, 1), period_end=date(2026, 3, 2)
    )

    assert client_for(bob).get(f"/api/v1/summaries/{summary.pk}/").status_code == 404
    assert client_for(bob).get(f"/api/v1/summaries/{summary.pk}/pdf").status_code == 404
    assert client_for(None).get(f"/api/v1/summaries/{summary.pk}/").status_code == 401

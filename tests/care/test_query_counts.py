"""The list endpoints and the summary computations run a constant number of queries, whatever
the number of rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from care import services
from care.models import Summary
from tests.api.conftest import create
from tests.care.conftest import share_for
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(alice, carol, n: int) -> None:
    """n more shares (each accepted by its own clinician, each read once) and n more summaries."""
    for i in range(n):
        clinician = make_user(f"doc{i}-{n}@clinic.example.com", role=Role.CLINICIAN)
        share = share_for(alice, clinician, state="active")
        services.access_log_write(clinician=clinician, share=share, action="summary_read", path="/")
        patient = make_user(f"p{i}-{n}@example.com")
        share_for(patient, carol, state="active")
        share_for(make_user(f"q{i}-{n}@example.com"), carol, state="pending")
        Summary.objects.create(
            patient=alice,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 1, 1) + timedelta(days=i + 10 * n),
        )


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("alice", "/api/v1/shares/"),
        ("alice", "/api/v1/summaries/"),
        ("carol", "/api/v1/clinician/shares/"),
        ("carol", "/api/v1/clinician/patients/"),
    ],
)
def test_lists_do_not_grow_with_their_rows(who, url, alice, carol, client_for):
    client = client_for({"alice": alice, "carol": carol}[who])
    grow(alice, carol, 1)
    small = queries(client, url)
    grow(alice, carol, 2)
    grow(alice, carol, 3)
    large = queries(client, url)

    assert small == large


# --- computing summaries: constant queries per chunk -----------------------------------------

ZONES = ["Europe/London", "America/Los_Angeles", "Pacific/Auckland", "Asia/Kolkata", "UTC"]
NIGHT = datetime(2026, 3, 22, 2, 30, tzinfo=UTC)


def summaries_of_patients(n: int, offset: int, **fields) -> list:
    """n summaries of 1–21 March 2026, each of its own patient in one of several time zones."""
    ids = []
    for i in range(n):
        patient = make_user(f"z{offset + i}@example.com", timezone=ZONES[i % len(ZONES)])
        create(patient, "entry", recorded_at="2026-03-20T09:00:00+00:00")
        summary = Summary.objects.create(
            patient=patient, period_start=date(2026, 3, 1), period_end=date(2026, 3, 21), **fields
        )
        ids.append(summary.pk)
    return ids


def count(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def test_a_chunk_reads_each_patients_time_zone_with_its_summary(db):
    one, twenty = summaries_of_patients(1, 0), summaries_of_patients(20, 100)

    small = count(lambda: services.summaries_compute(summary_ids=one, now=NIGHT))
    large = count(lambda: services.summaries_compute(summary_ids=twenty, now=NIGHT))

    # the summaries with their patients' zones, entries, administrations, intakes, episodes,
    # assessments, UPDATE
    assert small == large == 7
    # 02:30 UTC on 22 March: the 21st in Los Angeles (A = 20th), the 22nd elsewhere (A = 21st)
    as_of = {s.patient.timezone: s.figures["as_of"] for s in Summary.objects.select_related("patient")}
    assert as_of == {
        "Europe/London": "2026-03-21",
        "America/Los_Angeles": "2026-03-20",
        "Pacific/Auckland": "2026-03-21",
        "Asia/Kolkata": "2026-03-21",
        "UTC": "2026-03-21",
    }


def test_the_nightly_refresh_of_a_chunk_runs_constant_queries(db):
    ready = {"status": "ready", "figures": {"figures_version": 2}, "in_progress": True}
    one, twenty = summaries_of_patients(1, 0, **ready), summaries_of_patients(20, 100, **ready)

    small = count(lambda: services.summaries_refresh(summary_ids=one, now=NIGHT))
    large = count(lambda: services.summaries_refresh(summary_ids=twenty, now=NIGHT))

    assert small == large
    assert Summary.objects.filter(status="ready", figures__has_key="as_of").count() == 21  # all recomputed


def test_reading_summaries_of_an_older_shape_asks_again_for_all_at_once(alice, client_for):
    client = client_for(alice)
    for end in range(10, 13):
        Summary.objects.create(
            patient=alice,
            period_start=date(2026, 3, 1),
            period_end=date(2026, 3, end),
            status="ready",
            figures={"days": end},
        )
    small = queries(client, "/api/v1/summaries/?page_size=1")  # one of them asked for again
    large = queries(client, "/api/v1/summaries/")  # the two others, in the same one UPDATE

    assert small == large
    assert set(Summary.objects.values_list("status", flat=True)) == {"pending"}


def test_a_nightly_chunk_runs_ten_queries_and_one_write_for_1_or_50_patients(db):
    def patients(n: int, offset: int) -> list:
        made = []
        for i in range(n):
            patient = make_user(f"n{offset + i}@example.com", timezone=ZONES[i % len(ZONES)])
            create(patient, "entry", recorded_at="2026-03-20T09:00:00+00:00")
            made.append(patient.pk)
        return made

    one, fifty = patients(1, 0), patients(50, 100)

    with CaptureQueriesContext(connection) as small:
        assert services.summaries_nightly_chunk(patient_ids=one, now=NIGHT) == 1
    with CaptureQueriesContext(connection) as large:
        assert services.summaries_nightly_chunk(patient_ids=fifty, now=NIGHT) == 50

    # the patients' zones, the INSERT of their summaries, those pending; the summaries with
    # their patients' zones, entries, administrations, intakes, episodes, assessments; the
    # one UPDATE … FROM (VALUES …) that stores the chunk
    assert len(small) == len(large) == 10
    writes = [q["sql"] for q in large.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(writes) == 1
    assert "FROM (VALUES" in writes[0]
    assert Summary.objects.filter(status="ready").count() == 51

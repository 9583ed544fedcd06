"""How a chunk of computed summaries is stored: one `UPDATE … FROM (VALUES …)` statement, whose
rows read back exactly as computed (and exactly as Django's own bulk_update stored them), and
which never writes over a summary that was asked for again, settled or deleted while the
chunk was computing. Runs on the database of the run (SQLite, or PostgreSQL with
DATABASE_URL); the PostgreSQL-marked test checks the column types there.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from care import services
from care.models import Summary
from diary.models import Entry
from tests.api.conftest import create
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

# 09:30:15.123456 on 22 March in Kolkata (+05:30, 04:00 UTC): microseconds and an offset other
# than UTC, which must read back as the same instant
NIGHT = datetime(2026, 3, 22, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=5, minutes=30)))
PERIOD = (date(2026, 2, 20), date(2026, 3, 21))  # the default period that night (UTC patients)
STORED = ["status", "figures", "generated_at", "error", "in_progress"]

# Figures that would break a statement built by formatting values in, or a JSON written twice.
AWKWARD = {
    "figures_version": 2,
    "title": 'Douleur « aiguë » 痛み — it\'s "bad"',
    "sql": "'); DELETE FROM care_summary; --",
    "placeholders": ["%s", "%(x)s", "?", ":1", "$1"],
    "backslash": "C:\\diary\\n",
    "numbers": {"ratio": 0.1, "tiny": 1e-7, "big": 2**53, "negative": -3},
    "flags": [True, False, None],
    "empty": {"list": [], "dict": {}, "text": ""},
}


def patients(n: int, offset: int = 0) -> list:
    """n patients (UTC) with one entry each on 20 March 2026."""
    made = []
    for i in range(n):
        patient = make_user(f"w{offset + i}@example.com", timezone="UTC")
        create(patient, "entry", recorded_at="2026-03-20T09:00:00+00:00", pain_now=i % 10)
        made.append(patient)
    return made


def owner_of(rows: dict, entries: dict) -> object:
    """The patient whose diary rows compute_figures was given."""
    return entries[rows["entries"][0].id]


def entry_owners(people: list) -> dict:
    return {
        str(pk): pid for pk, pid in Entry.objects.filter(patient__in=people).values_list("pk", "patient_id")
    }


def updates(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]


def stored(pks) -> dict:
    """The stored columns of these summaries, read back by the ORM."""
    return {s.pk: {f: getattr(s, f) for f in STORED} for s in Summary.objects.filter(pk__in=list(pks))}


def raw(pk) -> tuple:
    """What the database holds in the stored columns of one summary, as its driver returns it."""
    table, qn = Summary._meta.db_table, connection.ops.quote_name
    columns = ", ".join(qn(Summary._meta.get_field(f).column) for f in STORED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {qn(table)} WHERE {qn('id')} = %s",
            [Summary._meta.pk.get_db_prep_value(pk, connection)],
        )
        return cursor.fetchone()


def test_a_chunk_stores_its_summaries_with_one_update_from_values():
    people = patients(3)

    with CaptureQueriesContext(connection) as captured:
        assert services.summaries_nightly_chunk(patient_ids=[p.pk for p in people], now=NIGHT) == 3

    [update] = updates(captured)
    assert "FROM (VALUES" in update
    assert "CASE" not in update  # not Django's bulk_update, a CASE WHEN per field and row
    assert set(Summary.objects.values_list("status", flat=True)) == {"ready"}


def test_stored_summaries_read_back_exactly_as_computed_and_as_bulk_update_stored_them(monkeypatch):
    good, in_progress, bad = people = patients(3)
    owners = entry_owners(people)

    def compute(**rows):
        who = owner_of(rows, owners)
        if who == bad.pk:
            raise ZeroDivisionError("boom")
        figures = {**AWKWARD, "patient": str(who)}
        return figures | ({"windows": [{"status": "in_progress"}]} if who == in_progress.pk else {})

    monkeypatch.setattr(services, "compute_figures", compute)
    monkeypatch.setattr(
        services,
        "figures_in_progress",
        lambda figures: figures.get("windows", [{}])[0].get("status") == "in_progress",
    )

    services.summaries_nightly_chunk(patient_ids=[p.pk for p in people], now=NIGHT)

    summaries = {s.patient_id: s for s in Summary.objects.all()}
    assert stored([s.pk for s in summaries.values()]) == {
        summaries[good.pk].pk: {
            "status": "ready",
            "figures": {**AWKWARD, "patient": str(good.pk)},
            "generated_at": NIGHT,
            "error": "",
            "in_progress": False,
        },
        summaries[in_progress.pk].pk: {
            "status": "ready",
            "figures": {**AWKWARD, "patient": str(in_progress.pk), "windows": [{"status": "in_progress"}]},
            "generated_at": NIGHT,
            "error": "",
            "in_progress": True,
        },
        summaries[bad.pk].pk: {
            "status": "failed",
            "figures": None,
            "generated_at": NIGHT,
            "error": "ZeroDivisionError",
            "in_progress": False,
        },
    }
    # A failed summary's figures are SQL NULL, as before (not a JSON null), and JSON lookups
    # see the others' figures as objects.
    assert list(Summary.objects.filter(figures__isnull=True).values_list("patient_id", flat=True)) == [bad.pk]
    assert Summary.objects.filter(figures__numbers__big=2**53, figures__has_key="sql").count() == 2

    # The same values written by Django's bulk_update to twin rows are stored byte for byte alike.
    twins = []
    for patient_id, summary in summaries.items():
        twin = Summary.objects.create(
            patient_id=patient_id, period_start=date(2026, 1, 1), period_end=date(2026, 1, 31)
        )
        for field in STORED:
            setattr(twin, field, getattr(summary, field))
        twins.append((summary, twin))
    Summary.objects.bulk_update([twin for _, twin in twins], STORED)
    for summary, twin in twins:
        assert raw(summary.pk) == raw(twin.pk)


@pytest.mark.parametrize("meanwhile", ["asked_again", "given_up", "deleted"])
def test_a_summary_changed_while_its_chunk_computes_is_not_written_over(meanwhile, monkeypatch):
    first, middle, last = people = patients(3)
    real = services.compute_figures
    done: list = []

    def compute(**rows):
        if not done:  # the chunk has read its summaries and diary rows; none is stored yet
            summary = Summary.objects.get(patient=middle)
            if meanwhile == "asked_again":  # the patient asks for the same period again
                services.summary_request(
                    patient=middle, requested_by=middle, period_start=PERIOD[0], period_end=PERIOD[1]
                )
            elif meanwhile == "given_up":  # the sweep settled it as failed
                Summary.objects.filter(pk=summary.pk).update(status="failed", error="Timeout")
            else:  # the patient erased their account's summaries
                summary.delete()
            done.append(summary.pk)
        return real(**rows)

    monkeypatch.setattr(services, "compute_figures", compute)

    assert services.summaries_nightly_chunk(patient_ids=[p.pk for p in people], now=NIGHT) == 3

    statuses = {s.patient_id: (s.status, s.figures is None, s.error) for s in Summary.objects.all()}
    expected = {
        "asked_again": ("pending", True, ""),  # the newer request's own task computes it
        "given_up": ("failed", True, "Timeout"),
        "deleted": None,  # not made again
    }[meanwhile]
    assert statuses.pop(first.pk) == statuses.pop(last.pk) == ("ready", False, "")
    assert statuses == ({} if expected is None else {middle.pk: expected})
    if meanwhile == "asked_again":  # and the newer request, computed, is stored
        assert services.summaries_compute(summary_ids=done, now=NIGHT) == 1
        assert Summary.objects.get(pk=done[0]).status == "ready"


def test_a_chunk_larger_than_the_databases_parameter_limit_is_stored_in_batches(monkeypatch):
    people = patients(20)
    # Lower the limit to 50 parameters per statement: 7 per row (id, request_seq, 5 stored) and
    # one for the guard's status, so 7 rows per statement and 3 statements for 20 rows.
    monkeypatch.setattr(type(connection.features), "max_query_params", 50)
    monkeypatch.delitem(connection.features.__dict__, "max_query_params", raising=False)

    with CaptureQueriesContext(connection) as captured:
        services.summaries_nightly_chunk(patient_ids=[p.pk for p in people], now=NIGHT)

    assert len([sql for sql in updates(captured) if "FROM (VALUES" in sql]) == 3
    figures = dict(Summary.objects.filter(status="ready").values_list("patient_id", "figures"))
    assert set(figures) == {p.pk for p in people}
    # each patient's own figures: the pain of their one entry
    assert {pid: f["pain_mean"] for pid, f in figures.items()} == {p.pk: i % 10 for i, p in enumerate(people)}


@pytest.mark.postgres
def test_on_postgresql_the_stored_columns_keep_their_types():
    [patient] = patients(1)

    services.summaries_nightly_chunk(patient_ids=[patient.pk], now=NIGHT)

    summary = Summary.objects.get(patient=patient)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT jsonb_typeof(figures), figures->>'as_of', generated_at AT TIME ZONE 'UTC', status, "
            "pg_typeof(generated_at)::text FROM care_summary WHERE id = %s",
            [summary.pk],
        )
        kind, as_of, utc, status, column_type = cursor.fetchone()
    assert (kind, as_of, status, column_type) == ("object", "2026-03-21", "ready", "timestamp with time zone")
    assert utc == NIGHT.astimezone(UTC).replace(tzinfo=None)

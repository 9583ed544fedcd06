"""Measure the nightly summaries at 1,000 and 10,000 patients (100,000 with --big): time per
patient, its ratio 10k / 1k (flat is the goal), the queries of a chunk, and the chunk's one
write (UPDATE … FROM (VALUES …), core.bulk_write) against Django's bulk_update on the same rows.

Each patient has 60 days of diary ending yesterday (an entry a day, a few days missed), an
episode with four infusions, and a medication intake a week. One patient is written through
diary.services; the others are copies of its rows made by the database itself (one
INSERT … SELECT per table and batch of patients), so 100,000 patients fill in minutes.

The nightly path is the one the Celery task runs: `care.services.summaries_nightly_chunk`
over chunks of `care.tasks.CHUNK_SIZE` patients, each summary made, computed and stored. Every
summary is deleted before each size's run, so every patient is computed. The write is timed
on one computed chunk, each statement in its own run with the rows set back to pending
before it (median of several runs, the two alternating).

SQLite runs on a file (as in production: WAL, synchronous=NORMAL), not in memory. Besides
wall time per patient, the median chunk's (less sensitive to other work on a shared machine)
and the CPU time spent on it: this process's, plus on PostgreSQL its server process's (read
from /proc when the server runs on the same machine). On a machine shared with other work,
CPU time is the cost; wall time adds the waiting for a core.

    .venv/bin/python bench/summaries.py [--big]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nightly_bench .venv/bin/python bench/summaries.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from itertools import batched
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django

django.setup()

from django.db import connection, models, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from diary.models import Administration, Entry, Episode, MedicationIntake  # noqa: E402

DIARY = (Episode, Administration, Entry, MedicationIntake)
DAYS = 60
WRITE_RUNS = 9
COPY_BATCH = 2000  # patients per INSERT … SELECT


def template_patient(now: datetime):
    """One patient written through the services: 60 days of diary ending the day before `now`."""
    from accounts.services import user_create
    from diary.services import record_create

    patient = user_create(
        email="template@example.com", password="bench-password-1", role="patient", timezone="UTC"
    )
    today = now.date()
    episode = record_create(
        patient_id=patient.pk,
        entity="episode",
        data={
            "treatment": "ketamine",
            "condition": "crps",
            "title": "Bench",
            "started_on": str(today - timedelta(days=DAYS)),
        },
    )
    for back in (40, 33, 26, 5):
        record_create(
            patient_id=patient.pk,
            entity="administration",
            data={
                "episode": str(episode.pk),
                "administered_at": f"{today - timedelta(days=back)}T10:00:00+00:00",
                "route": "iv_infusion",
                "phase": "induction" if back > 20 else "maintenance",
                "dose_mg_per_kg": 0.5,
                "weight_kg": 70,
            },
        )
    for back in range(DAYS, 0, -1):
        day = today - timedelta(days=back)
        if back % 9 == 4:
            continue  # a few days missed
        record_create(
            patient_id=patient.pk,
            entity="entry",
            data={
                "recorded_at": f"{day}T08:30:00+00:00",
                "pain_now": 7 if back > 30 else 4,
                "mood": 5,
                "episode": str(episode.pk),
                **({"side_effects": [{"code": "nausea", "severity": 1}]} if back % 7 == 0 else {}),
            },
        )
        if back % 7 == 3:
            record_create(
                patient_id=patient.pk,
                entity="medication",
                data={"taken_at": f"{day}T08:00:00+00:00", "drug": "morphine", "dose": 10, "unit": "mg"},
            )
    return patient


def new_id_sql() -> str:
    """A fresh UUID, made by the database, stored as Django stores UUIDs there."""
    return "gen_random_uuid()" if connection.vendor == "postgresql" else "lower(hex(randomblob(16)))"


def copy_patients(template, start: int, count: int) -> None:
    """`count` more patients whose diary rows are the template's (new ids, their own episode).

    Each copy's episode takes the copy's user id as its id (unique in the episode table), so
    its administrations and entries point at it without a lookup.
    """
    from accounts.models import User

    qn = connection.ops.quote_name
    if connection.vendor == "sqlite":  # a page cache that holds the indexes while they fill
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
    for numbers in batched(range(start, start + count), COPY_BATCH):
        users = [User(email=f"p{n}@example.com", role="patient", timezone="UTC") for n in numbers]
        for user in users:
            user.set_unusable_password()
        User.objects.bulk_create(users)
        placeholders = ", ".join(["%s"] * len(users))
        user_ids = [User._meta.pk.get_db_prep_value(u.pk, connection) for u in users]
        for model in DIARY:
            fields = model._meta.concrete_fields
            chosen = []
            for field in fields:
                if field.primary_key:
                    chosen.append("u.id" if model is Episode else new_id_sql())
                elif field.attname == "patient_id":
                    chosen.append("u.id")
                elif field.attname == "episode_id":
                    chosen.append("CASE WHEN r.episode_id IS NULL THEN NULL ELSE u.id END")
                elif field.attname == "administration_id":
                    chosen.append("NULL")
                else:
                    chosen.append(f"r.{qn(field.column)}")
            table, users_table = qn(model._meta.db_table), qn(User._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608
                    f"SELECT {', '.join(chosen)} FROM {table} r, {users_table} u "
                    f"WHERE r.patient_id = %s AND u.id IN ({placeholders})",
                    [User._meta.pk.get_db_prep_value(template.pk, connection), *user_ids],
                )
    if connection.vendor == "sqlite":  # back to the default the application runs with
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -2000")


def server_cpu_seconds() -> float:
    """CPU seconds of this connection's PostgreSQL backend so far (0 on SQLite, whose work is
    this process's, or when the server's /proc is not this machine's)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [pid] = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def nightly(patient_ids: list, now: datetime) -> dict:
    """Run the nightly chunks over every patient: wall and CPU seconds (this process), the
    median chunk's wall seconds, and the queries of the first chunk."""
    from care import services
    from care.tasks import CHUNK_SIZE

    first_chunk_queries, chunk_seconds = 0, []
    started, cpu_started, server_started = time.perf_counter(), time.process_time(), server_cpu_seconds()
    for n, chunk in enumerate(batched(patient_ids, CHUNK_SIZE)):
        chunk_started = time.perf_counter()
        if n == 0:
            with CaptureQueriesContext(connection) as captured:
                services.summaries_nightly_chunk(patient_ids=list(chunk), now=now)
            first_chunk_queries = len(captured)
        else:
            services.summaries_nightly_chunk(patient_ids=list(chunk), now=now)
        chunk_seconds.append(time.perf_counter() - chunk_started)
    return {
        "wall": time.perf_counter() - started,
        "cpu": time.process_time() - cpu_started + server_cpu_seconds() - server_started,
        "median_chunk": statistics.median(chunk_seconds),
        "queries": first_chunk_queries,
    }


def writes(patient_ids: list) -> tuple[float, float]:
    """Median ms of the chunk's write, UPDATE … FROM (VALUES …) and bulk_update with the same
    guard, on the same computed summaries (set back to pending, untimed, before each run)."""
    from care import services
    from care.models import Summary, SummaryStatus

    summaries = list(Summary.objects.filter(patient_id__in=patient_ids))
    pks = [s.pk for s in summaries]

    def values_statement() -> None:
        services._summaries_store(summaries)  # the nightly path's own write

    def bulk_update() -> None:  # the write it replaced, as it was
        current = models.Q()
        for s in summaries:
            current |= models.Q(pk=s.pk, request_seq=s.request_seq)
        Summary.objects.filter(current, status=SummaryStatus.PENDING).bulk_update(
            summaries, services._STORED_FIELDS
        )

    timings: dict = {values_statement: [], bulk_update: []}
    for _ in range(WRITE_RUNS):
        for write in (values_statement, bulk_update):
            Summary.objects.filter(pk__in=pks).update(status=SummaryStatus.PENDING, figures=None)
            with transaction.atomic():
                started = time.perf_counter()
                write()
                elapsed = time.perf_counter() - started
            timings[write].append(elapsed * 1000)
            assert Summary.objects.filter(pk__in=pks, status=SummaryStatus.READY).count() == len(pks)
    return statistics.median(timings[values_statement]), statistics.median(timings[bulk_update])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", action="store_true", help="also 100,000 patients")
    args = parser.parse_args()
    sizes = (1_000, 10_000, 100_000) if args.big else (1_000, 10_000)

    from accounts.models import User
    from care.models import Summary
    from care.tasks import CHUNK_SIZE

    setup_test_environment()
    folder = None
    if connection.vendor == "sqlite":
        folder = tempfile.TemporaryDirectory(prefix="bench-summaries-")
        connection.settings_dict["TEST"]["NAME"] = str(Path(folder.name) / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        now = datetime.now(UTC).replace(hour=3, minute=0, second=0, microsecond=0)
        template = template_patient(now)
        rows = {m._meta.verbose_name_plural: m.objects.filter(patient=template).count() for m in DIARY}
        print(
            f"Nightly summaries on {connection.vendor}, chunks of {CHUNK_SIZE}; each patient: "
            + ", ".join(f"{n} {name}" for name, n in rows.items())
        )
        per_patient = {}
        have = 1
        for size in sizes:
            started = time.perf_counter()
            copy_patients(template, have, size - have)
            have = size
            fill = time.perf_counter() - started
            Summary.objects.all().delete()
            ids = list(User.objects.filter(role="patient").order_by("pk").values_list("pk", flat=True))
            run = nightly(ids, now)
            ready = Summary.objects.filter(status="ready").count()
            assert ready == size, (ready, size)
            per_patient[size] = {
                "wall": run["wall"] * 1000 / size,
                "median chunk": run["median_chunk"] * 1000 / CHUNK_SIZE,
                "cpu": run["cpu"] * 1000 / size,
            }
            figures = "  ".join(f"{ms:5.2f} ({kind})" for kind, ms in per_patient[size].items())
            print(
                f"  {size:7,} patients: {run['wall']:6.1f} s; ms/patient {figures}; "
                f"{run['queries']} queries per chunk; filled in {fill:.0f} s"
            )
        base = sizes[0]
        for size in sizes[1:]:
            ratios = "  ".join(
                f"{per_patient[size][kind] / per_patient[base][kind]:4.2f}× ({kind})"
                for kind in per_patient[size]
            )
            print(f"  ms/patient {size:,} / {base:,}: {ratios}")
        values_ms, bulk_ms = writes(ids[:CHUNK_SIZE])
        print(
            f"  one chunk's write ({CHUNK_SIZE} summaries, median of {WRITE_RUNS}): "
            f"UPDATE … FROM (VALUES …) {values_ms:6.2f} ms, bulk_update {bulk_ms:6.2f} ms, "
            f"bulk_update / VALUES {bulk_ms / values_ms:4.1f}×"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        if folder is not None:
            folder.cleanup()


if __name__ == "__main__":
    main()

"""Measure the cohort dashboard at 50 and 500 patients: server time and queries, and the ratio.

A clinician with 50, then 500 patients sharing with them (issue 14: a clinic with 200
ketamine patients must see who needs attention today). Each patient has 30 days of entries
(one a day, a few days missed), an episode with three infusions (the last two days ago, so a
check-in is planned), a ready 30-day summary computed by the real service, and one patient
in five an open red flag. One patient's diary is written through diary.services and its
summary computed; the others are copies of its rows (bulk inserts), so filling 500 takes
seconds.

Measured through the whole stack with Django's test client, median of several runs:
- `GET /care/` (the portal's dashboard page, every patient on one page, rendered);
- `GET /api/v1/clinician/patients/?page_size=500` (the same rows over the API).
Prints milliseconds, queries, milliseconds per patient, and the ratios 500 / 50: flat queries
(ratio 1.0) and time per patient about the same (time ratio about 10) is the goal.

    .venv/bin/python bench/cohort.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/cohort.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

RUNS = 5
SIZES = (50, 500)
DAYS = 30


def template_patient(clinician, now: datetime):
    """One patient written through the services, with a ready summary computed by the worker code."""
    from accounts.services import user_create
    from care import services as care_services
    from care.models import Share
    from diary.services import record_create

    patient = user_create(
        email="template@example.com", password="bench-password-1", role="patient", timezone="Europe/London"
    )
    Share.objects.create(
        patient=patient, clinician_email=clinician.email, clinician=clinician, accepted_at=now
    )
    today = timezone.localdate(now)
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
    for back in (12, 8, 2):
        day = today - timedelta(days=back)
        record_create(
            patient_id=patient.pk,
            entity="administration",
            data={
                "episode": str(episode.pk),
                "administered_at": f"{day}T10:00:00+00:00",
                "route": "iv_infusion",
                "phase": "induction",
                "dose_mg_per_kg": 0.5,
                "weight_kg": 70,
            },
        )
    for back in range(DAYS, 0, -1):
        if back % 9 == 4:
            continue  # a few days missed
        day = today - timedelta(days=back)
        pain = 7 if back > 12 else 4
        record_create(
            patient_id=patient.pk,
            entity="entry",
            data={
                "recorded_at": f"{day}T08:30:00+00:00",
                "pain_now": pain,
                "mood": 5,
                "episode": str(episode.pk),
            },
        )
    summary = care_services.summary_request(
        patient=patient,
        requested_by=patient,
        period_start=today - timedelta(days=DAYS),
        period_end=today - timedelta(days=1),
    )
    care_services.summaries_compute(summary_ids=[summary.pk], now=now)
    summary.refresh_from_db()
    assert summary.status == "ready", summary.error
    return patient


def copies(template, clinician, start: int, count: int, now: datetime) -> None:
    """`count` more patients whose rows copy the template's (bulk inserts, new ids)."""
    from accounts.models import User
    from care.models import Share, Summary
    from diary.models import Administration, Entry, Episode, RedFlag

    episodes = list(Episode.objects.filter(patient=template))
    administrations = list(Administration.objects.filter(patient=template))
    entries = list(Entry.objects.filter(patient=template))
    summaries = list(Summary.objects.filter(patient=template))
    new_users, new_rows = (
        [],
        {Episode: [], Administration: [], Entry: [], Summary: [], Share: [], RedFlag: []},
    )
    for n in range(start, start + count):
        user = User(
            email=f"p{n}@example.com",
            role="patient",
            display_name=f"Patient {n:04d}",
            timezone="Europe/London",
        )
        user.set_unusable_password()
        new_users.append(user)
        episode_ids = {}
        for e in episodes:
            clone = Episode(**{f.attname: getattr(e, f.attname) for f in Episode._meta.concrete_fields})
            clone.pk, clone.patient = uuid.uuid4(), user
            episode_ids[e.pk] = clone.pk
            new_rows[Episode].append(clone)
        for model, rows in ((Administration, administrations), (Entry, entries), (Summary, summaries)):
            for row in rows:
                clone = model(**{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields})
                clone.pk, clone.patient = uuid.uuid4(), user
                if getattr(clone, "episode_id", None) in episode_ids:
                    clone.episode_id = episode_ids[clone.episode_id]
                new_rows[model].append(clone)
        new_rows[Share].append(
            Share(patient=user, clinician_email=clinician.email, clinician=clinician, accepted_at=now)
        )
        if n % 5 == 0:
            new_rows[RedFlag].append(
                RedFlag(
                    patient=user,
                    source="entry",
                    source_id=uuid.uuid4(),
                    kind="side_effect",
                    code="chest_pain",
                    detail="Chest pain, moderate",
                    date=timezone.localdate(now) - timedelta(days=1),
                )
            )
    User.objects.bulk_create(new_users, batch_size=500)
    for model in (Episode, Administration, Entry, Summary, Share, RedFlag):
        model.objects.bulk_create(new_rows[model], batch_size=500)


def measure(client, url: str) -> tuple[float, int]:
    samples, queries = [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    return statistics.median(samples), queries


def main() -> None:
    from accounts.services import user_create

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        now = datetime.now(UTC)
        clinician = user_create(email="doc@clinic.example.com", password="bench-password-1", role="clinician")
        template = template_patient(clinician, now)
        client = APIClient()
        client.force_login(clinician)
        urls = {
            "portal /care/": "/care/",
            "API clinician/patients/": "/api/v1/clinician/patients/?page_size=500",
        }
        results: dict[str, dict[int, tuple[float, int]]] = {label: {} for label in urls}
        have = 1
        for size in SIZES:
            copies(template, clinician, have, size - have, now)
            have = size
            for label, url in urls.items():
                results[label][size] = measure(client, url)
        print(f"Cohort dashboard on {connection.vendor}, median of {RUNS} runs (server time, test client)")
        for label, by_size in results.items():
            for size in SIZES:
                ms, queries = by_size[size]
                per_patient = ms / size
                print(f"  {label:24} {size:4} patients: {ms:8.1f} ms  {queries:3} queries", end="")
                print(f"  {per_patient:6.2f} ms/patient")
            (small_ms, small_q), (large_ms, large_q) = by_size[SIZES[0]], by_size[SIZES[-1]]
            per_patient = (large_ms / SIZES[-1]) / (small_ms / SIZES[0])
            print(
                f"  {label:24} ratio {SIZES[-1]}/{SIZES[0]}: time {large_ms / small_ms:5.1f}×, "
                f"queries {large_q / small_q:4.1f}×, time per patient {per_patient:4.2f}×"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

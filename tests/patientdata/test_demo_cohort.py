"""The demo data's cohort: `demo_data` gives the demo clinician enough patients for the
dashboard and the triage queue to mean something (patientdata.demo_cohort).

Dana's open red flags (blood pressure and heart rate), Leo's chest pain yesterday, Tom's
4 days without an entry, Grace's `worse` maintenance dose, Priya doing well, Mei still in her
baseline fortnight; the main demo sign-ins printed as before.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import User
from care.selectors import patient_list_for_clinician
from patientdata import cohort
from patientdata.demo import DEMO_ACCOUNTS, DEMO_CLINICIAN, DEMO_PATIENT
from patientdata.demo_cohort import COHORT, demo_cohort_plan

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def demo(settings, django_capture_on_commit_callbacks, capsys):
    """`manage.py demo_data`, with the summaries it asks for computed (tasks run eagerly)."""
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_data")
    return capsys.readouterr().out


@pytest.fixture
def rows(demo):
    clinician = User.objects.get(email=DEMO_CLINICIAN.email)
    patients = list(patient_list_for_clinician(clinician=clinician))
    found = cohort.cohort_for_clinician(clinician=clinician, patients=patients, path="/care/")
    return {row.patient.email.split("@")[0]: row for row in found.rows}


@pytest.mark.django_db
@pytest.mark.slow
def test_demo_data_prints_only_the_main_sign_ins(demo):
    for account in DEMO_ACCOUNTS:
        assert account.email in demo and account.password in demo
    assert all(p.email not in demo for p in COHORT)
    assert User.objects.filter(email__in=[p.email for p in COHORT]).count() == len(COHORT)
    assert not any(User.objects.get(email=p.email).check_password("") for p in COHORT)


@pytest.mark.django_db
@pytest.mark.slow
def test_the_demo_clinician_sees_six_varied_patients(rows):
    today = timezone.localdate(timezone=LONDON)
    assert set(rows) == {"patient", "priya", "leo", "tom", "grace", "mei"}

    dana = rows["patient"]
    assert dana.open_red_flags == 2 and dana.reasons == ("red_flags",)  # 184/102 mmHg and 124/min

    leo = rows["leo"]
    assert leo.open_red_flags == 1 and leo.reasons == ("red_flags",)  # chest pain yesterday
    assert leo.latest.kind == "series" and leo.latest.category_reason == "in_progress"
    assert leo.next_checkin.astimezone(LONDON).date() == today + timedelta(days=1)  # +3 d after 2 days ago

    tom = rows["tom"]
    assert tom.days_since_entry == 4 and tom.reasons == ("quiet",)

    grace = rows["grace"]
    assert grace.latest.kind == "maintenance" and grace.latest.category == "worse"
    assert grace.reasons == ("worse",)

    priya = rows["priya"]
    assert priya.reasons == () and priya.days_since_entry <= 1
    assert priya.adherence_logged == 14  # every day of the 14 ending yesterday
    assert (priya.latest.kind, priya.latest.category) == ("maintenance", "substantial")
    assert priya.outcome.category == "substantial"
    # Her episode's own check-ins include +14 days: 14 days after the dose 9 days ago.
    assert priya.next_checkin.astimezone(LONDON).date() == today + timedelta(days=5)

    mei = rows["mei"]
    assert mei.reasons == () and mei.outcome is None and mei.latest is None and mei.next_checkin is None
    assert mei.patient.share_scope == "summary"


@pytest.mark.django_db
@pytest.mark.slow
def test_the_portal_shows_the_demo_cohort(demo):
    client = Client()
    assert client.login(email=DEMO_CLINICIAN.email, password=DEMO_CLINICIAN.password)

    dashboard = client.get("/care/?attention=1").content.decode()
    triage = client.get("/care/red-flags/").content.decode()

    assert "Needs attention (4)" in dashboard and "All patients (6)" in dashboard
    assert all(
        name in dashboard for name in ("Leo (demo)", "Tom (demo)", "Grace (demo)", "Dana (demo patient)")
    )
    assert "Priya (demo)" not in dashboard
    assert "Chest pain, moderate" in triage and "BP 184/102 mmHg" in triage and "Heart rate 124/min" in triage
    assert 'class="count">3<' in triage


def test_the_cohort_plan_is_the_same_on_every_run_and_ends_where_the_story_says():
    today = date(2026, 3, 20)
    plans = demo_cohort_plan(today)
    again = demo_cohort_plan(today)

    assert [(r.entity, r.data.get("pain_now")) for r in plans["leo"].records] == [
        (r.entity, r.data.get("pain_now")) for r in again["leo"].records
    ]
    assert plans["tom"].end == date(2026, 3, 16)  # 4 days before today
    assert plans["priya"].end == plans["leo"].end == date(2026, 3, 19)
    leo_flags = [
        r
        for r in plans["leo"].records
        if any(e["code"] == "chest_pain" for e in r.data.get("side_effects", []))
    ]
    assert [r.data["recorded_at"][:10] for r in leo_flags] == ["2026-03-19"]
    assert not [r for r in plans["mei"].records if r.entity != "entry"]
    assert DEMO_PATIENT.email not in {p.email for p in COHORT}

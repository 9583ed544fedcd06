"""`demo_data` fills an empty database with accounts that can sign in and a realistic diary,
and refuses otherwise."""

import itertools
import statistics
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from care.models import Share
from diary.models import Administration, Entry, Episode, MedicationIntake
from diary.records import KINDS
from diary.services import RecordRefs, record_validate
from diary.trends import AdministrationRow, EntryRow, IntakeRow, compute_figures
from diary.versioning import current_version
from patientdata.demo import DEMO_CLINICIAN, DEMO_PATIENT, demo_data_create
from patientdata.demo_diary import demo_diary_plan


@pytest.mark.django_db
def test_demo_accounts_sign_in_and_share_is_active(settings, capsys):
    settings.DEBUG = True
    call_command("demo_data")

    out = capsys.readouterr().out
    assert DEMO_PATIENT.email in out and DEMO_PATIENT.password in out
    assert DEMO_CLINICIAN.email in out and DEMO_CLINICIAN.password in out
    for account in (DEMO_PATIENT, DEMO_CLINICIAN):
        response = APIClient().post(
            "/_allauth/app/v1/auth/login",
            {"email": account.email, "password": account.password},
            format="json",
        )
        assert response.status_code == 200, response.content
    share = Share.objects.active().get()
    assert (share.patient.email, share.clinician.email) == (DEMO_PATIENT.email, DEMO_CLINICIAN.email)


@pytest.mark.django_db
def test_refuses_when_debug_is_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo_data")
    call_command("demo_data", "--force")
    assert Share.objects.count() == 1


@pytest.mark.django_db
def test_refuses_a_database_with_accounts(settings, alice):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="already has accounts"):
        call_command("demo_data")


@pytest.mark.django_db
def test_if_empty_leaves_a_used_database_alone_and_succeeds(settings, alice, capsys):
    settings.DEBUG = True
    call_command("demo_data", "--if-empty")
    assert not Share.objects.exists()
    call_command("demo_data", "--if-empty")  # still fine the second time


# --- the demo diary ---------------------------------------------------------------------
#
# The diary is generated for a fixed `today` (never by patching the clock). This window,
# 2026-01-20 … 2026-04-19, crosses the start of British Summer Time on 29 March 2026.

TODAY = date(2026, 4, 20)
START, END = date(2026, 1, 20), date(2026, 4, 19)
LONDON = ZoneInfo("Europe/London")
ENDPOINTS = {
    "episode": "episodes",
    "administration": "administrations",
    "entry": "entries",
    "medication": "medications",
}


@pytest.fixture
def demo_patient(db):
    patient, _ = demo_data_create(today=TODAY)
    return patient


def _rows(patient):
    entries = [
        EntryRow(
            str(e.pk),
            e.diary_date,
            e.recorded_at,
            e.pain_now,
            e.mood,
            e.pgic,
            tuple((s["code"], s["severity"]) for s in e.side_effects),
        )
        for e in Entry.objects.filter(patient=patient)
    ]
    administrations = [
        AdministrationRow(
            str(a.pk), a.local_date, a.administered_at, a.route, a.bp_systolic_max, a.bp_diastolic_max
        )
        for a in Administration.objects.filter(patient=patient)
    ]
    intakes = [IntakeRow(i.local_date, i.mme) for i in MedicationIntake.objects.filter(patient=patient)]
    return entries, administrations, intakes


def _pain_series(entries) -> dict[date, list[int]]:
    series: dict[date, list[int]] = defaultdict(list)
    for diary_date, pain in sorted(entries):
        series[diary_date].append(pain)
    return dict(series)


def test_demo_diary_tells_a_ketamine_course(demo_patient):
    episode = Episode.objects.get(patient=demo_patient)
    assert (episode.treatment, episode.condition, episode.title) == (
        "ketamine",
        "crps",
        "Ketamine infusions for CRPS",
    )
    assert episode.started_on <= START + timedelta(days=14) and episode.ended_on is None and episode.notes

    administrations = list(Administration.objects.filter(patient=demo_patient).order_by("administered_at"))
    assert len(administrations) >= 7
    assert all(a.episode_id == episode.pk and a.route == "iv_infusion" for a in administrations)
    induction = [a.local_date for a in administrations if a.phase == "induction"]
    maintenance = [a.local_date for a in administrations if a.phase == "maintenance"]
    assert len(induction) == 5 and (induction[-1] - induction[0]).days < 14
    assert len(maintenance) >= 2 and min(maintenance) > induction[-1]
    for a in administrations:
        assert Decimal("0.1") <= a.dose_mg_per_kg <= Decimal("0.5") and a.weight_kg == 68
        assert 40 <= a.duration_minutes <= 60 and a.bp_systolic_max and a.heart_rate_max

    entries = Entry.objects.filter(patient=demo_patient)
    dates = sorted(set(entries.values_list("diary_date", flat=True)))
    assert dates[0] >= START and dates[-1] == END
    assert 75 <= len(dates) <= 90  # adherence about 85-90 %
    gaps = [(b - a).days - 1 for a, b in itertools.pairwise([START - timedelta(days=1), *dates])]
    assert max(gaps) <= 2  # never a missing week, not even three days in a row
    per_day = Counter(entries.values_list("diary_date", flat=True))
    assert 5 <= sum(1 for n in per_day.values() if n > 1) < len(per_day) / 2  # mostly one a day
    assert all(e.episode_id == episode.pk for e in entries)
    linked = {e.diary_date for e in entries if e.administration_id}
    assert linked == {a.local_date for a in administrations}
    assert entries.exclude(side_effects=[]).count() >= 10
    assert entries.filter(pgic__isnull=False).count() >= 4
    assert entries.exclude(notes="").count() >= 5
    reliefs = [e.relief_percent for e in entries if e.relief_percent is not None]
    assert len(reliefs) >= 40 and all(r % 10 == 0 for r in reliefs)

    # Written through the services: one version per record, handed out in order.
    total = sum(KINDS[k].model.objects.filter(patient=demo_patient).count() for k in KINDS)
    assert current_version(demo_patient.pk) == total
    versions = [v for k in KINDS for v in KINDS[k].model.objects.values_list("version", flat=True)]
    assert sorted(versions) == list(range(1, total + 1))

    # The same diary as the (pure, deterministic) plan.
    planned = [
        (date.fromisoformat(p.data.get("diary_date") or p.data["recorded_at"][:10]), p.data["pain_now"])
        for p in demo_diary_plan(TODAY).of("entry")
    ]
    assert _pain_series(entries.values_list("diary_date", "pain_now")) == _pain_series(planned)


def test_demo_diary_pain_falls_with_the_infusions(demo_patient):
    entries, administrations, _ = _rows(demo_patient)
    daily = _pain_series((e.diary_date, e.pain_now) for e in entries)
    first = min(a.local_date for a in administrations)

    def mean(first_day: date, last_day: date) -> float:
        values = [statistics.mean(v) for d, v in daily.items() if first_day <= d <= last_day]
        return statistics.mean(values)

    before = mean(START, first - timedelta(days=1))
    assert 6.5 <= before <= 8
    assert mean(first + timedelta(days=10), first + timedelta(days=16)) <= 4.5  # after induction
    assert mean(first + timedelta(days=34), first + timedelta(days=40)) >= 5  # wearing off
    assert mean(END - timedelta(days=6), END) <= 4.5  # after the last maintenance infusion


def test_demo_diary_offsets_follow_london_time(demo_patient):
    offsets = set()
    for model, field, offset_field in (
        (Entry, "recorded_at", "recorded_offset"),
        (Administration, "administered_at", "administered_offset"),
        (MedicationIntake, "taken_at", "taken_offset"),
    ):
        for instant, offset in model.objects.values_list(field, offset_field):
            assert instant < datetime.combine(TODAY, time(), tzinfo=LONDON)
            assert offset == instant.astimezone(LONDON).utcoffset().total_seconds() // 60
            offsets.add(offset)
    assert offsets == {0, 60}  # GMT before 29 March 2026, BST after
    assert set(MedicationIntake.objects.values_list("local_date", flat=True)) <= {
        START + timedelta(days=n) for n in range(90)
    }


def test_demo_diary_opioids_taper(demo_patient):
    intakes = MedicationIntake.objects.filter(patient=demo_patient)
    assert 300 <= intakes.count() <= 500
    daily: dict[date, Decimal] = defaultdict(Decimal)
    for intake in intakes:
        daily[intake.local_date] += intake.mme or 0
    first_week = [m for d, m in daily.items() if d < START + timedelta(days=7)]
    last_week = [m for d, m in daily.items() if d > END - timedelta(days=7)]
    assert statistics.mean(first_week) >= 45 > 15 >= statistics.mean(last_week) > 0
    assert intakes.filter(drug="pregabalin", mme__isnull=True).count() >= 2 * 75
    assert intakes.filter(drug="paracetamol").exists()
    assert set(intakes.values_list("drug", flat=True)) == {"oxycodone", "pregabalin", "paracetamol"}


def test_every_demo_record_passes_validation_and_is_served(demo_patient, client_for):
    client = client_for(demo_patient)
    refs = RecordRefs(demo_patient.pk)
    for entity, path in ENDPOINTS.items():
        kind = KINDS[entity]
        records = kind.model.objects.filter(patient=demo_patient)
        for record in records:
            record_validate(kind=kind, data=kind.document(record), refs=refs)
        response = client.get(f"/api/v1/{path}/?page_size=500")
        assert response.status_code == 200, response.content
        assert response.json()["next"] is None
        assert len(response.json()["results"]) == records.count() > 0


def test_demo_diary_gives_meaningful_figures(demo_patient):
    entries, administrations, intakes = _rows(demo_patient)
    figures = compute_figures(
        entries=entries, administrations=administrations, intakes=intakes, period_start=START, period_end=END
    )
    assert 85 <= figures["adherence_percent"] <= 90
    assert any(
        a["category"] in ("substantial", "moderate") and a["relief_days"] is not None
        for a in figures["administrations"]
    )
    assert [f["detail"] for f in figures["red_flags"]] == ["BP 184/102 mmHg"]
    weekly = [w["mean_mme"] for w in figures["weekly_mme"]]
    assert weekly[0] >= 45 and weekly[-1] == 15 and weekly == sorted(weekly, reverse=True)
    assert figures["mood_pain_r"] <= -0.5
    assert figures["latest_pgic"]["value"] in (2, 3)
    codes = {s["code"] for s in figures["side_effects"]}
    assert {"dissociation", "nausea", "dizziness", "vivid_dreams", "drowsiness"} <= codes

    # The default summary (the last 30 days) has a responding infusion and the red flag too.
    recent = compute_figures(
        entries=entries,
        administrations=administrations,
        intakes=intakes,
        period_start=END - timedelta(days=29),
        period_end=END,
    )
    assert any(a["responder"] and a["relief_days"] for a in recent["administrations"])
    assert recent["red_flags"] and recent["logged_days"] >= 24


def test_demo_diary_plan_is_deterministic_and_only_its_dates_move():
    plan = demo_diary_plan(TODAY)
    assert plan == demo_diary_plan(TODAY)
    later = demo_diary_plan(TODAY + timedelta(days=200))  # across the end of summer time
    assert (plan.start, plan.end) == (START, END)
    assert [(r.entity, r.data.get("pain_now")) for r in plan.records] == [
        (r.entity, r.data.get("pain_now")) for r in later.records
    ]


@pytest.mark.django_db
def test_demo_clinician_finds_a_ready_summary(settings, django_capture_on_commit_callbacks):
    from care.models import Summary

    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_data")
    summary = Summary.objects.get()
    assert summary.status == "ready"
    assert (summary.period_end - summary.period_start).days == 29
    assert summary.figures["logged_days"] >= 25
    clinician = APIClient()
    token = clinician.post(
        "/_allauth/app/v1/auth/login",
        {"email": DEMO_CLINICIAN.email, "password": DEMO_CLINICIAN.password},
        format="json",
    ).json()["meta"]["session_token"]
    patients = clinician.get("/api/v1/clinician/patients/", HTTP_X_SESSION_TOKEN=token).json()["results"]
    patient_id = patients[0]["id"]
    listed = clinician.get(f"/api/v1/clinician/patients/{patient_id}/summaries/", HTTP_X_SESSION_TOKEN=token)
    assert listed.json()["results"][0]["status"] == "ready"

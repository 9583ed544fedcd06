"""`demo_data` fills an empty database with accounts that can sign in and a realistic diary,
and refuses otherwise."""

import itertools
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from care.models import Share, Summary
from care.services import summaries_compute
from diary.models import Administration, Assessment, Entry, Episode, MedicationIntake
from diary.records import KINDS
from diary.services import RecordRefs, record_validate
from diary.trends import figures_in_progress
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
    share = Share.objects.active().get(patient__email=DEMO_PATIENT.email)  # the cohort's patients share too
    assert (share.patient.email, share.clinician.email) == (DEMO_PATIENT.email, DEMO_CLINICIAN.email)


@pytest.mark.django_db
def test_refuses_when_debug_is_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo_data")
    call_command("demo_data", "--force")
    assert Share.objects.filter(patient__email=DEMO_PATIENT.email).count() == 1


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
# Its summaries are computed as the worker would on `today` at noon in London: as of the
# day before, 19 April (DOMAIN.md "A").

TODAY = date(2026, 4, 20)
START, END = date(2026, 1, 20), date(2026, 4, 19)
LONDON = ZoneInfo("Europe/London")
ENDPOINTS = {
    "episode": "episodes",
    "administration": "administrations",
    "entry": "entries",
    "medication": "medications",
    "assessment": "assessments",
}


@pytest.fixture
def demo_patient(db):
    patient, _ = demo_data_create(today=TODAY)
    return patient


@pytest.fixture
def summaries(demo_patient) -> dict[int, dict]:
    """The demo's two summaries, computed on TODAY: figures by length of period in days."""
    ids = list(Summary.objects.filter(patient=demo_patient).values_list("pk", flat=True))
    summaries_compute(summary_ids=ids, now=datetime.combine(TODAY, time(12), tzinfo=LONDON))
    ready = Summary.objects.filter(patient=demo_patient)
    assert {s.status for s in ready} == {"ready"}
    return {(s.period_end - s.period_start).days + 1: s.figures for s in ready}


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
    assert all(a.episode_id == episode.pk and a.route == "iv_infusion" for a in administrations)
    induction = [a.local_date for a in administrations if a.phase == "induction"]
    maintenance = [a.local_date for a in administrations if a.phase == "maintenance"]
    assert len(induction) == 5 and (induction[-1] - induction[0]).days < 14
    assert len(maintenance) == 3 and min(maintenance) > induction[-1]
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
    versions = [
        v
        for k in KINDS
        for v in KINDS[k].model.objects.filter(patient=demo_patient).values_list("version", flat=True)
    ]
    assert sorted(versions) == list(range(1, total + 1))

    # The same diary as the (pure, deterministic) plan.
    planned = [
        (date.fromisoformat(p.data.get("diary_date") or p.data["recorded_at"][:10]), p.data["pain_now"])
        for p in demo_diary_plan(TODAY).of("entry")
    ]
    assert _pain_series(entries.values_list("diary_date", "pain_now")) == _pain_series(planned)


def test_demo_diary_offsets_follow_london_time(demo_patient):
    offsets = set()
    for model, field, offset_field in (
        (Entry, "recorded_at", "recorded_offset"),
        (Administration, "administered_at", "administered_offset"),
        (MedicationIntake, "taken_at", "taken_offset"),
        (Assessment, "completed_at", "completed_offset"),
    ):
        for instant, offset in model.objects.filter(patient=demo_patient).values_list(field, offset_field):
            assert instant < datetime.combine(TODAY, time(), tzinfo=LONDON)
            assert offset == instant.astimezone(LONDON).utcoffset().total_seconds() // 60
            offsets.add(offset)
    assert offsets == {0, 60}  # GMT before 29 March 2026, BST after
    taken = MedicationIntake.objects.filter(patient=demo_patient).values_list("local_date", flat=True)
    assert set(taken) <= {START + timedelta(days=n) for n in range(90)}


def test_demo_medications(demo_patient):
    intakes = MedicationIntake.objects.filter(patient=demo_patient)
    assert 300 <= intakes.count() <= 500
    assert set(intakes.values_list("drug", flat=True)) == {
        "oxycodone",
        "pregabalin",
        "paracetamol",
        "fentanyl",
        "buprenorphine",
        "diazepam",
    }
    patches = intakes.filter(drug="fentanyl")
    assert {(p.dose, p.unit, p.wear_hours, p.mme) for p in patches} == {
        (Decimal(12), "mcg_per_h", 72, Decimal("28.8"))  # 12 mcg/h × 2.4 per day worn
    }
    applied = sorted(p.local_date for p in patches)
    assert [(b - a).days for a, b in itertools.pairwise(applied)] == [3, 3]  # one after another
    [buprenorphine] = intakes.filter(drug="buprenorphine")
    assert (buprenorphine.unit, buprenorphine.mme) == ("mcg", None)  # no MME factor
    assert intakes.filter(drug="pregabalin", mme__isnull=True).count() >= 2 * 75


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


# --- what the summaries show (DOMAIN.md version 2) -------------------------------------


def test_the_induction_series_is_a_substantial_response(summaries):
    [series] = summaries[90]["series"]

    assert series["administrations"] == 5
    first, last = date.fromisoformat(series["first_date"]), date.fromisoformat(series["last_date"])
    assert (last - first).days < 14  # five infusions over under two weeks
    assert series["baseline"] >= 6.5 and series["baseline_days"] >= 3
    assert series["response_complete"] and series["response_days"] >= 3
    assert series["category"] == "substantial" and series["responder"]
    assert series["reduction_percent"] >= 50
    assert series["total_dose_mg"] == 136  # (0.3 + 0.35 + 0.4 + 0.45 + 0.5) mg/kg × 68 kg
    in_series = [a for a in summaries[90]["administrations"] if a["in_series"]]
    assert len(in_series) == 5 and all("category" not in a for a in in_series)


def test_maintenance_doses_bring_relief_that_ends_before_the_next_dose(summaries):
    maintenance = [a for a in summaries[90]["administrations"] if a["phase"] == "maintenance"]
    ended = [a for a in maintenance if a["responder"] and a["relief_ongoing"] is False]

    assert len(ended) == 2
    following = {a["id"]: b["date"] for a, b in itertools.pairwise(maintenance)}
    for dose in ended:
        assert dose["response_complete"] and dose["baseline"] >= 4
        # relief_days = (d − D) − 1 < (next dose − D) − 1: pain was back before the next dose
        back = date.fromisoformat(dose["date"]) + timedelta(days=dose["relief_days"] + 1)
        assert back < date.fromisoformat(following[dose["id"]])


def test_the_last_dose_is_still_in_progress(summaries):
    for figures in summaries.values():
        last = figures["administrations"][-1]
        assert date.fromisoformat(last["date"]) == TODAY - timedelta(days=3)  # 1-3 days before today
        assert last["response_complete"] is False and last["category_reason"] == "in_progress"
        assert last["response_until"] > figures["as_of"] == END.isoformat()
        assert figures_in_progress(figures)


def test_red_flags_a_raised_blood_pressure_and_a_fast_heart(summaries):
    for figures in summaries.values():  # both within the last 30 days
        flags = figures["red_flags"]
        assert [(f["kind"], f["detail"]) for f in flags] == [
            ("heart_rate", "Heart rate 124/min"),
            ("blood_pressure", "BP 184/102 mmHg"),
        ]


def test_opioid_cautions_and_incomplete_mme(summaries):
    course = summaries[90]
    cautions = course["opioid_cautions"]
    # A fentanyl patch (12 mcg/h × 2.4 = 28.8) on top of oxycodone twice a day (2 × 10 × 1.5 = 30)
    assert cautions["max_daily_mme"]["mme"] == 58.8
    assert cautions["mme_50_days"] >= 7 and cautions["mme_90_days"] == 0
    assert cautions["opioid_benzodiazepine_days"] == 2  # diazepam on two nights of oxycodone
    incomplete = [d for d in course["daily"] if d["mme_incomplete"]]
    assert len(incomplete) == 1  # the buprenorphine day
    assert [w["incomplete"] for w in course["weekly_mme"]].count(True) == 1
    weekly = [w["mean_mme"] for w in course["weekly_mme"]]
    assert weekly[0] >= 45 and weekly[-1] == 15 and max(weekly) > 50


def test_the_course_and_the_last_30_days_read_as_a_story(summaries):
    course, recent = summaries[90], summaries[30]
    assert 85 <= course["adherence_percent"] <= 90
    assert course["mood_pain_r"] <= -0.5 and course["mood_pain_n"] >= 14
    assert course["latest_pgic"]["value"] == 2 and course["latest_pgic"]["label"] == "Much improved"
    [episode] = course["episodes"]
    assert episode["baseline"] >= 6.5 and episode["category"] in ("moderate", "substantial")
    codes = {s["code"] for s in course["side_effects"]}
    assert {"dissociation", "nausea", "dizziness", "vivid_dreams", "drowsiness", "palpitations"} <= codes

    # The default summary has no series of its own, but a responding dose and the red flags.
    assert recent["series"] == [] and recent["logged_days"] >= 24
    assert any(a["responder"] and a["relief_days"] for a in recent["administrations"])
    assert recent["episodes"] == course["episodes"]


def test_questionnaires_a_weekly_peg_falling_with_the_course_and_two_phq9s(demo_patient, summaries):
    pegs = Assessment.objects.filter(patient=demo_patient, instrument="peg").order_by("completed_at")
    # Every 7th day from day 6 (26 Jan) to day 83 (13 Apr), each week's check-in evening.
    assert [a.local_date for a in pegs] == [START + timedelta(days=d) for d in range(6, 90, 7)]
    assert all(a.episode_id for a in Assessment.objects.filter(patient=demo_patient))
    phq9 = list(Assessment.objects.filter(patient=demo_patient, instrument="phq9").order_by("completed_at"))
    assert [a.answers[8] for a in phq9] == [0, 0]  # item 9 "not at all": no self-harm red flag
    assert not Assessment.objects.filter(patient=demo_patient, instrument="gad7").exists()

    course, recent = summaries[90]["assessments"], summaries[30]["assessments"]
    assert course == [
        {
            "instrument": "peg",
            "count": 12,  # days 6, 13, …, 83
            "first": {"date": "2026-01-26", "score": 7.3, "band": None},  # (7 + 7 + 8) / 3 = 7.33
            "latest": {"date": "2026-04-13", "score": 3.3, "band": None},  # (4 + 3 + 3) / 3 = 3.33
            "change": -4.0,  # 3.3 − 7.3
        },
        {
            "instrument": "phq9",
            "count": 2,
            "first": {"date": "2026-01-30", "score": 13.0, "band": "moderate"},  # 2+2+2+2+1+1+2+1+0, day 10
            "latest": {"date": "2026-04-10", "score": 6.0, "band": "mild"},  # 1+1+1+1+1+0+1+0+0, day 80
            "change": -7.0,  # 6 − 13
        },
    ]
    # The last 30 days (days 60-89, from 21 March): PEGs of days 62, 69, 76, 83, one PHQ-9.
    assert recent[0] == {
        "instrument": "peg",
        "count": 4,
        "first": {"date": "2026-03-23", "score": 4.0, "band": None},  # (4 + 4 + 4) / 3
        "latest": {"date": "2026-04-13", "score": 3.3, "band": None},
        "change": -0.7,  # 3.3 − 4.0
    }
    assert recent[1]["count"] == 1 and recent[1]["change"] is None and recent[1]["latest"]["score"] == 6.0
    assert all(f["kind"] != "assessment" for f in summaries[90]["red_flags"])


def test_demo_diary_plan_is_deterministic_and_only_its_dates_move():
    plan = demo_diary_plan(TODAY)
    assert plan == demo_diary_plan(TODAY)
    later = demo_diary_plan(TODAY + timedelta(days=200))  # across the end of summer time
    assert (plan.start, plan.end) == (START, END)
    assert [(r.entity, r.data.get("pain_now")) for r in plan.records] == [
        (r.entity, r.data.get("pain_now")) for r in later.records
    ]


@pytest.mark.django_db
def test_demo_clinician_finds_ready_summaries(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_data")
    mine = Summary.objects.filter(patient__email=DEMO_PATIENT.email)
    summaries = {(s.period_end - s.period_start).days + 1: s for s in mine}
    assert set(summaries) == {30, 90} and {s.status for s in summaries.values()} == {"ready"}
    assert summaries[30].figures["logged_days"] >= 25
    assert summaries[90].figures["series"][0]["category"] == "substantial"
    clinician = APIClient()
    token = clinician.post(
        "/_allauth/app/v1/auth/login",
        {"email": DEMO_CLINICIAN.email, "password": DEMO_CLINICIAN.password},
        format="json",
    ).json()["meta"]["session_token"]
    patients = clinician.get("/api/v1/clinician/patients/", HTTP_X_SESSION_TOKEN=token).json()["results"]
    patient_id = patients[0]["id"]
    listed = clinician.get(f"/api/v1/clinician/patients/{patient_id}/summaries/", HTTP_X_SESSION_TOKEN=token)
    assert [s["status"] for s in listed.json()["results"]] == ["ready", "ready"]

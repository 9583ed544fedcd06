"""The cohort dashboard (/care/ and the dashboard fields of clinician/patients/).

One row per patient who shares with the clinician: open red flags, the last entry in days,
adherence over the 14 days ending yesterday, the episode outcome and the latest series or
maintenance category from the latest ready summary, the next timed check-in; sortable by each
column; "needs attention" for open flags, 3 or more days without an entry, or `worse`; the
same number of queries for 2 patients as for 20; every patient shown audited.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from care import dashboard, red_flags
from care.models import AccessLog, Scope, Summary, SummaryStatus
from care.selectors import patient_list_for_clinician
from diary import services
from diary.models import RedFlag
from patientdata import cohort
from reminders.models import EpisodeCheckins, ReminderSettings
from tests.care.conftest import share_for
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def today_in(zone=LONDON) -> date:
    return timezone.localdate(timezone=zone)


def log(patient, day: date, pain: int = 5) -> None:
    """An entry on `day`, recorded that morning (UTC: the same date in any offset used here)."""
    at = datetime.combine(day, time(9, 0), tzinfo=UTC)
    services.record_create(
        patient_id=patient.pk, entity="entry", data={"recorded_at": at.isoformat(), "pain_now": pain}
    )


def red_flag(patient, day: date, code: str = "chest_pain") -> RedFlag:
    return RedFlag.objects.create(
        patient=patient,
        source="entry",
        source_id=uuid.uuid4(),
        kind="side_effect",
        code=code,
        detail="Chest pain (severe)",
        date=day,
    )


def window(category=None, reason=None, **over) -> dict:
    return {
        "baseline": 7.0,
        "baseline_days": 7,
        "response": 3.0,
        "response_days": 6,
        "response_complete": reason != "in_progress",
        "response_until": "2026-03-20",
        "change": 4.0,
        "reduction_percent": 57.1,
        "category": category,
        "category_reason": reason,
        **over,
    }


def summary(
    patient, *, as_of: date, episodes=(), series=(), administrations=(), period_days: int = 30, **over
):
    """A ready summary holding only the figures the dashboard reads (CONTRACT.md's keys)."""
    figures = {
        "figures_version": 2,
        "as_of": as_of.isoformat(),
        "episodes": list(episodes),
        "series": list(series),
        "administrations": list(administrations),
    }
    fields = {"status": SummaryStatus.READY, "generated_at": timezone.now(), "figures": figures, **over}
    return Summary.objects.create(
        patient=patient, period_start=as_of - timedelta(days=period_days - 1), period_end=as_of, **fields
    )


def outcome(**over) -> dict:
    return {
        "id": "e1",
        "title": "Ketamine for CRPS",
        "first_administration_date": "2026-02-01",
        "baseline": 6.8,
        "baseline_days": 7,
        "current": 3.9,
        "current_days": 6,
        "change": 2.9,
        "reduction_percent": 42.6,
        "category": "moderate",
        "category_reason": None,
        **over,
    }


@pytest.fixture
def carol_patients(carol):
    """`carol_patients(n)`: n patients in London sharing with carol (summary scope)."""

    def make(n: int, prefix: str = "p"):
        patients = []
        for i in range(n):
            patient = make_user(
                f"{prefix}{i}@example.com", display_name=f"{prefix.upper()} {i:02d}", timezone="Europe/London"
            )
            share_for(patient, carol, state="active")
            patients.append(patient)
        return patients

    return make


def rows_for(carol, now=None) -> dict:
    patients = list(patient_list_for_clinician(clinician=carol))
    found = cohort.cohort_for_clinician(clinician=carol, patients=patients, path="/care/", now=now)
    return {row.patient.email: row for row in found.rows}


# --- the columns -------------------------------------------------------------------------


def test_last_entry_and_adherence_over_the_14_days_ending_yesterday(carol, carol_patients):
    (patient,) = carol_patients(1)
    today = today_in()
    # Logged 1, 2, 5, 13 and 14 days ago (5 dates of the window today-14 … today-1), twice on
    # one of them (a date counts once), 15 days ago (outside) and today (not a whole day yet).
    for days in (1, 2, 5, 13, 14, 14, 15, 0):
        log(patient, today - timedelta(days=days))

    row = rows_for(carol)[patient.email]

    assert row.last_entry == today and row.days_since_entry == 0
    assert row.adherence_logged == 5
    assert row.adherence_percent == 35.7  # 5 / 14 × 100 = 35.714… → 35.7
    assert (row.adherence_start, row.adherence_end) == (today - timedelta(days=14), today - timedelta(days=1))


def test_deleted_entries_do_not_count(carol, carol_patients):
    (patient,) = carol_patients(1)
    today = today_in()
    log(patient, today - timedelta(days=4))
    at = datetime.combine(today - timedelta(days=1), time(9), tzinfo=UTC).isoformat()
    entry = services.record_create(
        patient_id=patient.pk, entity="entry", data={"recorded_at": at, "pain_now": 3}
    )
    services.record_delete(patient_id=patient.pk, entity="entry", record_id=entry.pk)

    row = rows_for(carol)[patient.email]

    assert row.days_since_entry == 4 and row.adherence_logged == 1


def test_the_patients_today_is_in_their_own_time_zone(carol):
    """At 11:30 UTC on 10 March it is already 00:30 on 11 March in Auckland (UTC+13)."""
    kiwi = make_user("kiwi@example.com", timezone="Pacific/Auckland")
    londoner = make_user("londoner@example.com", timezone="Europe/London")
    for patient in (kiwi, londoner):
        share_for(patient, carol)
        log(patient, date(2026, 3, 10))
    now = datetime(2026, 3, 10, 11, 30, tzinfo=UTC)

    rows = rows_for(carol, now=now)

    assert rows["kiwi@example.com"].today == date(2026, 3, 11)
    assert rows["kiwi@example.com"].days_since_entry == 1
    assert rows["londoner@example.com"].days_since_entry == 0
    # Auckland's window is 25 Feb … 10 Mar: the entry is in it; London's ends on 9 Mar.
    assert rows["kiwi@example.com"].adherence_logged == 1
    assert rows["londoner@example.com"].adherence_logged == 0


def test_outcome_and_latest_category_come_from_the_latest_ready_summary(carol, carol_patients):
    (patient,) = carol_patients(1)
    older = date(2026, 3, 1)
    summary(patient, as_of=older, episodes=[outcome(current=6.0)])
    summary(patient, as_of=date(2026, 3, 20), status=SummaryStatus.PENDING)  # not ready: ignored
    summary(
        patient,
        as_of=date(2026, 3, 15),
        episodes=[outcome(id="old", first_administration_date="2025-06-01", category="worse"), outcome()],
        series=[
            {
                "episode_id": "e1",
                "first_date": "2026-02-01",
                "last_date": "2026-02-10",
                **window("substantial"),
            }
        ],
        administrations=[
            {"id": "a1", "date": "2026-02-10", "phase": "induction", "in_series": True},
            {
                "id": "a2",
                "date": "2026-03-01",
                "phase": "maintenance",
                "in_series": False,
                **window("minimal"),
            },
            {
                "id": "a3",
                "date": "2026-03-12",
                "phase": "maintenance",
                "in_series": False,
                **window(None, "in_progress", response_until="2026-03-19"),
            },
            {"id": "a4", "date": "2026-03-14", "phase": "single", "in_series": False, **window("worse")},
        ],
    )

    row = rows_for(carol)[patient.email]

    assert row.figures_as_of == date(2026, 3, 15)
    # The episode whose first administration is the latest (2026-02-01, not 2025-06-01).
    assert (row.outcome.baseline, row.outcome.current, row.outcome.category) == (6.8, 3.9, "moderate")
    # The latest series or maintenance dose: 12 March's, in progress; the single dose is neither.
    assert row.latest.kind == "maintenance" and row.latest.date == date(2026, 3, 12)
    assert (row.latest.category, row.latest.category_reason) == (None, "in_progress")
    assert row.latest.response_until == date(2026, 3, 19)
    assert "worse" not in row.reasons


def test_a_series_is_the_latest_when_no_maintenance_dose_follows_it(carol, carol_patients):
    (patient,) = carol_patients(1)
    summary(
        patient,
        as_of=date(2026, 3, 15),
        series=[
            {
                "episode_id": "e1",
                "first_date": "2026-02-20",
                "last_date": "2026-03-01",
                **window("substantial"),
            }
        ],
        administrations=[
            {"id": "a1", "date": "2026-02-15", "phase": "maintenance", "in_series": False, **window("worse")}
        ],
    )

    row = rows_for(carol)[patient.email]

    assert (row.latest.kind, row.latest.date, row.latest.category) == (
        "series",
        date(2026, 3, 1),
        "substantial",
    )


def test_summaries_of_an_older_figures_version_are_not_read(carol, carol_patients):
    (patient,) = carol_patients(1)
    old = summary(patient, as_of=date(2026, 3, 15), episodes=[outcome()])
    Summary.objects.filter(pk=old.pk).update(figures={**old.figures, "figures_version": 1})

    row = rows_for(carol)[patient.email]

    assert row.outcome is None and row.latest is None and row.figures_as_of is None


def test_open_red_flags_are_those_i_have_not_acknowledged_withdrawn_ones_too(carol, dan, carol_patients):
    flagged, other = carol_patients(2)
    share_for(flagged, dan)
    red_flag(flagged, today_in())
    withdrawn = red_flag(flagged, today_in(), code="jaundice")
    RedFlag.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())  # open until acknowledged
    seen_by_me = red_flag(flagged, today_in(), code="bladder_pain")
    red_flags.red_flag_acknowledge(clinician=carol, red_flag_id=seen_by_me.pk)
    seen_by_dan = red_flag(flagged, today_in(), code="craving")
    red_flags.red_flag_acknowledge(clinician=dan, red_flag_id=seen_by_dan.pk)

    rows = rows_for(carol)

    assert rows[flagged.email].open_red_flags == 3  # chest pain, jaundice (withdrawn), craving
    assert rows[other.email].open_red_flags == 0
    assert rows[flagged.email].reasons[0] == "red_flags"
    assert rows_for(dan)[flagged.email].open_red_flags == 3  # all but craving


# --- the next timed check-in ----------------------------------------------------------------


def administer(patient, at: datetime, **over):
    episode = services.record_create(
        patient_id=patient.pk,
        entity="episode",
        data={"treatment": "ketamine", "condition": "crps", "title": "Ketamine", "started_on": "2026-01-01"},
    )
    data = {"episode": str(episode.pk), "administered_at": at.isoformat(), "route": "iv_infusion", **over}
    return episode, services.record_create(patient_id=patient.pk, entity="administration", data=data)


def test_next_checkin_follows_the_default_offsets_in_the_patients_zone(carol, carol_patients):
    (patient,) = carol_patients(1)
    # An infusion at 10:00 London time (GMT) on 2 March; now is 4 March 12:00 UTC.
    administer(patient, datetime(2026, 3, 2, 10, 0, tzinfo=LONDON))
    now = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)

    row = rows_for(carol, now=now)[patient.email]

    # Default check-ins +1 h, +1 d, +3 d, +7 d: +1 h and +1 d have passed; +3 d is 5 March 10:00.
    assert row.next_checkin == datetime(2026, 3, 5, 10, 0, tzinfo=UTC)


def test_next_checkin_uses_the_episodes_own_offsets_and_honours_turning_them_off(carol, carol_patients):
    own, off, gone = carol_patients(3)
    now = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    episode, _ = administer(own, datetime(2026, 3, 2, 10, 0, tzinfo=LONDON))
    EpisodeCheckins.objects.create(episode=episode, patient=own, offsets=["14d"])
    administer(off, datetime(2026, 3, 2, 10, 0, tzinfo=LONDON))
    ReminderSettings.objects.create(patient=off, checkins_enabled=False)
    _, administration = administer(gone, datetime(2026, 3, 2, 10, 0, tzinfo=LONDON))
    services.record_delete(patient_id=gone.pk, entity="administration", record_id=administration.pk)

    rows = rows_for(carol, now=now)

    assert rows[own.email].next_checkin == datetime(2026, 3, 16, 10, 0, tzinfo=UTC)  # 2 March + 14 days
    assert rows[off.email].next_checkin is None
    assert rows[gone.email].next_checkin is None


def test_a_day_checkin_keeps_the_wall_clock_time_across_the_clocks_changing(carol, carol_patients):
    (patient,) = carol_patients(1)
    # 10:00 GMT on 27 March 2026; +3 d is 30 March 10:00 BST = 09:00 UTC (clocks went forward on the 29th).
    administer(patient, datetime(2026, 3, 27, 10, 0, tzinfo=LONDON))
    now = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)

    assert rows_for(carol, now=now)[patient.email].next_checkin == datetime(2026, 3, 30, 9, 0, tzinfo=UTC)


# --- needs attention, sorting, who is listed ----------------------------------------------


def test_needs_attention_for_flags_three_quiet_days_never_logging_or_worse(carol, carol_patients):
    flagged, quiet, two_days, never, worse, well = carol_patients(6)
    today = today_in()
    for patient in (flagged, two_days, worse, well):
        log(patient, today - timedelta(days=2 if patient == two_days else 0))
    log(quiet, today - timedelta(days=3))
    red_flag(flagged, today)
    summary(
        worse,
        as_of=today - timedelta(days=1),
        administrations=[
            {"id": "a", "date": "2026-03-01", "phase": "maintenance", "in_series": False, **window("worse")}
        ],
    )
    summary(well, as_of=today - timedelta(days=1), episodes=[outcome(category="substantial")])

    rows = rows_for(carol)

    assert rows[flagged.email].reasons == ("red_flags",)
    assert rows[quiet.email].reasons == ("quiet",)
    assert rows[two_days.email].reasons == ()
    assert rows[never.email].reasons == ("quiet",)
    assert rows[worse.email].reasons == ("worse",)
    assert rows[well.email].reasons == ()
    html = browser(carol).get("/care/?attention=1").content.decode()
    assert all(f"/care/patients/{p.pk}/" in html for p in (flagged, quiet, never, worse))
    assert all(f"/care/patients/{p.pk}/" not in html for p in (two_days, well))
    assert "Needs attention (4)" in html and "All patients (6)" in html


def test_an_episode_outcome_worse_than_before_needs_attention(carol, carol_patients):
    (patient,) = carol_patients(1)
    log(patient, today_in())
    summary(
        patient, as_of=today_in(), episodes=[outcome(category="worse", change=-1.0, reduction_percent=-14.7)]
    )

    assert rows_for(carol)[patient.email].reasons == ("worse",)


def order(carol, sort: str) -> list[str]:
    html = browser(carol).get(f"/care/?sort={sort}").content.decode()
    names = [name for name in ("A 00", "A 01", "A 02", "A 03") if name in html]
    return sorted(names, key=html.index)


def test_every_column_sorts_both_ways_with_missing_values_last(carol, carol_patients):
    a0, a1, a2, _a3 = carol_patients(4, prefix="a")
    today = today_in()
    # flags: a0 2, a1 1, a2 0, a3 0 · last entry: a0 today, a1 3 days ago, a2 1 day ago, a3 never
    red_flag(a0, today), red_flag(a0, today, code="jaundice"), red_flag(a1, today)
    for patient, days in ((a0, 0), (a1, 3), (a2, 1), (a2, 2), (a2, 4)):
        log(patient, today - timedelta(days=days))
    # adherence (14 days ending yesterday): a0 0, a1 1, a2 3, a3 0
    # outcome reduction: a0 10 %, a1 -20 %, a2 50 %, a3 none
    # category: a0 moderate, a1 worse, a2 none (in progress: no value), a3 none (no summary)
    as_of = today - timedelta(days=1)
    for patient, reduction, category in ((a0, 10.0, "moderate"), (a1, -20.0, "worse"), (a2, 50.0, None)):
        dose = {"id": "x", "date": "2026-03-01", "phase": "maintenance", "in_series": False}
        dose |= window(category, None if category else "in_progress")
        summary(patient, as_of=as_of, episodes=[outcome(reduction_percent=reduction)], administrations=[dose])

    assert order(carol, "-flags") == ["A 00", "A 01", "A 02", "A 03"]  # ties by name
    assert order(carol, "flags") == ["A 02", "A 03", "A 01", "A 00"]
    assert order(carol, "-last_entry") == ["A 03", "A 01", "A 02", "A 00"]  # never logged: longest
    assert order(carol, "last_entry") == ["A 00", "A 02", "A 01", "A 03"]
    assert order(carol, "adherence") == ["A 00", "A 03", "A 01", "A 02"]
    assert order(carol, "-adherence") == ["A 02", "A 01", "A 00", "A 03"]
    assert order(carol, "outcome") == ["A 01", "A 00", "A 02", "A 03"]
    assert order(carol, "-outcome") == ["A 02", "A 00", "A 01", "A 03"]  # no outcome: last both ways
    assert order(carol, "category") == ["A 01", "A 00", "A 02", "A 03"]
    assert order(carol, "-category") == ["A 00", "A 01", "A 02", "A 03"]
    assert order(carol, "-name") == ["A 03", "A 02", "A 01", "A 00"]
    assert order(carol, "nonsense") == order(carol, "-flags")


def test_sorting_by_next_checkin_puts_the_soonest_first(carol, carol_patients):
    soon, later, none = carol_patients(3)
    now = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    administer(soon, datetime(2026, 3, 4, 11, 30, tzinfo=UTC))  # +1 h: 12:30 today
    administer(later, datetime(2026, 3, 2, 10, 0, tzinfo=UTC))  # +3 d: 5 March 10:00
    rows = list(rows_for(carol, now=now).values())

    ordered = dashboard.dashboard_sort(rows, key="checkin")

    assert [r.patient for r in ordered] == [soon, later, none]
    assert [r.patient for r in dashboard.dashboard_sort(rows, key="checkin", descending=True)] == [
        later,
        soon,
        none,
    ]


def test_only_patients_with_an_active_share_to_me_are_listed(carol, dan, carol_patients):
    (mine,) = carol_patients(1)
    pending, revoked, expired, dans = (
        make_user(f"{s}@example.com") for s in ("pending", "revoked", "expired", "dans")
    )
    share_for(pending, carol, state="pending")
    share_for(revoked, carol, state="revoked")
    share_for(expired, carol, state="expired")
    share_for(dans, dan)

    assert set(rows_for(carol)) == {mine.email}
    html = browser(carol).get("/care/").content.decode()
    assert f"/care/patients/{mine.pk}/" in html
    assert all(f"/care/patients/{p.pk}/" not in html for p in (revoked, expired, dans))


def test_the_dashboard_is_audited_once_per_patient_shown(carol, carol_patients):
    flagged, calm = carol_patients(2)
    log(calm, today_in())
    red_flag(flagged, today_in())

    browser(carol).get("/care/?attention=1")

    logs = AccessLog.objects.filter(action="dashboard")
    assert [(entry.patient_id, entry.clinician_id, entry.path) for entry in logs] == [
        (flagged.pk, carol.pk, "/care/?attention=1")
    ]
    assert logs.get().share.patient == flagged


def test_the_page_shows_each_column_in_words(carol, carol_patients):
    (patient,) = carol_patients(1)
    today = today_in()
    log(patient, today - timedelta(days=4))
    summary(
        patient,
        as_of=date(2026, 3, 15),
        episodes=[outcome()],
        administrations=[
            {
                "id": "a",
                "date": "2026-03-12",
                "phase": "maintenance",
                "in_series": False,
                **window(None, "in_progress", response_until="2026-03-19"),
            }
        ],
    )

    html = browser(carol).get("/care/").content.decode()

    assert "4 days ago" in html and "1 of 14 days" in html and "7.1 %" in html  # 1 / 14 = 7.14… %
    assert "6.8 → 3.9" in html and "7 and 6 of 7 days logged" in html
    assert "2.9 points (42.6 %) lower" in html and "Moderate" in html and "as of 15 Mar" in html
    assert "maintenance dose 12 Mar: in progress until 19 Mar" in html
    assert "no entry for 3 days or more" in html


# --- constant queries ------------------------------------------------------------------------


def fill(carol, carol_patients, n: int) -> None:
    """n patients, each with entries, a red flag, a summary, an infusion and its check-ins."""
    today = today_in()
    for i, patient in enumerate(carol_patients(n, prefix=f"n{n}-")):
        log(patient, today - timedelta(days=i % 5))
        red_flag(patient, today)
        summary(patient, as_of=today - timedelta(days=1), episodes=[outcome()])
        episode, _ = administer(patient, timezone.now() - timedelta(days=1))
        if i % 2:
            EpisodeCheckins.objects.create(episode=episode, patient=patient, offsets=["3d"])
            ReminderSettings.objects.create(patient=patient)


MAX_DASHBOARD_QUERIES = 15  # 2 of them the session and the user
MAX_PATIENTS_API_QUERIES = 18  # 8 of them the session, the user and the rate limit


@pytest.mark.parametrize("n", [2, 20])
def test_the_dashboard_page_costs_the_same_queries_for_2_or_20_patients(
    n, carol, carol_patients, django_assert_max_num_queries
):
    fill(carol, carol_patients, n)
    client = browser(carol)
    with django_assert_max_num_queries(MAX_DASHBOARD_QUERIES):
        response = client.get("/care/?sort=checkin")
    assert response.status_code == 200
    assert response.content.decode().count('<tr class="attention">') == n  # each has an open flag


@pytest.mark.parametrize("n", [2, 20])
def test_clinician_patients_costs_the_same_queries_for_2_or_20_patients(
    n, carol, carol_patients, client_for, django_assert_max_num_queries
):
    fill(carol, carol_patients, n)
    client = client_for(carol)
    with django_assert_max_num_queries(MAX_PATIENTS_API_QUERIES):
        response = client.get("/api/v1/clinician/patients/?page_size=50")
    assert response.status_code == 200
    assert len(response.json()["results"]) == n


def test_a_full_share_is_labelled_full_diary(carol):
    patient = make_user("full@example.com", display_name="Full")
    share_for(patient, carol, scope=Scope.FULL)
    assert "full diary" in browser(carol).get("/care/").content.decode()


def test_patients_are_not_clinicians(alice):
    assert browser(alice).get("/care/").status_code == 403
    assert make_user("x@clinic.example.com", role=Role.CLINICIAN).is_clinician


def test_the_dashboards_patient_list_is_the_clinicians_patient_list(carol, dan, carol_patients):
    """The portal lists patients with one join; the same patients, shares and order as the
    selector the API pages through (the widest share when a patient shares twice)."""
    _one, two, three = carol_patients(3)
    full = share_for(two, carol, scope=Scope.FULL)  # two now shares twice: the full one counts
    share_for(three, carol, state="revoked")  # three's other share is still active
    share_for(make_user("elsewhere@example.com"), dan)

    listed = dashboard.dashboard_patients(clinician=carol)
    expected = list(patient_list_for_clinician(clinician=carol))

    assert [p.pk for p in listed] == [p.pk for p in expected]
    assert [(p.share_id, p.share_scope, p.share_expires_on, p.share_accepted_at) for p in listed] == [
        (p.share_id, p.share_scope, p.share_expires_on, p.share_accepted_at) for p in expected
    ]
    assert next(p for p in listed if p.pk == two.pk).share_id == full.pk

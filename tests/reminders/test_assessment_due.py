"""The reminder that a questionnaire is due (PEG weekly, PHQ-9 and GAD-7 every 4 weeks).

Opt-in in `me/`'s reminders (`assessments_enabled`), sent by the every-minute beat at the
patient's `daily_time`, one message a day naming what is due, counted from the patient's last
assessment of each instrument; while one stays undone it is reminded again once per period.
What arrives is decrypted with the browser's key (tests/reminders/fakepush.py).
"""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diary import services as diary_services
from reminders import schedule, services, tasks
from reminders.models import Delivery, DeliveryKind
from tests.conftest import make_user
from tests.reminders.conftest import at, subscribe

pytestmark = pytest.mark.django_db

ANSWERS = {"peg": [5, 5, 5], "phq9": [0] * 9, "gad7": [0] * 7}


def beat(now) -> None:
    tasks.send_due.delay(now.isoformat())


def opt_in(patient, hh_mm: str = "19:00") -> None:
    hour, minute = map(int, hh_mm.split(":"))
    services.reminder_settings_update(
        patient=patient, assessments_enabled=True, daily_time=time(hour, minute)
    )


def assess(patient, instrument: str, completed_at: str):
    return diary_services.record_create(
        patient_id=patient.pk,
        entity="assessment",
        data={"completed_at": completed_at, "instrument": instrument, "answers": ANSWERS[instrument]},
    )


def received(push_service, browser) -> list[dict]:
    messages = push_service.to(browser)
    assert all(m.vapid_ok for m in messages)
    return [browser.decrypt(m) for m in messages]


def evenings(first: str, days: int, hh_mm: str = "19:00"):
    """The beat at hh_mm UTC (= London in winter) on `days` consecutive days from `first`."""
    start = at(f"{first}T{hh_mm}:00+00:00")
    return [start + timedelta(days=n) for n in range(days)]


# --- the rule, as pure functions --------------------------------------------------------------

D = date.fromisoformat


@pytest.mark.parametrize(
    ("day", "last_done", "last_reminded", "remind"),
    [
        ("2026-03-01", None, None, True),  # never done: due from the start
        ("2026-03-02", None, "2026-03-01", False),  # reminded yesterday
        ("2026-03-07", None, "2026-03-01", False),  # 03-07 − 7 + 1 = 03-01: still inside the week
        ("2026-03-08", None, "2026-03-01", True),  # a week after the last reminder
        ("2026-03-07", "2026-03-01", None, False),  # done on 03-01: due on 03-08
        ("2026-03-08", "2026-03-01", None, True),
        ("2026-03-08", "2026-03-01", "2026-02-28", True),  # reminded before it fell due
        ("2026-03-09", "2026-03-01", "2026-03-08", False),  # reminded the day it fell due
        ("2026-03-14", "2026-03-01", "2026-03-08", False),
        ("2026-03-15", "2026-03-01", "2026-03-08", True),  # still undone a week on
    ],
)
def test_weekly_rule(day, last_done, last_reminded, remind):
    assert (
        schedule.assessment_remind(
            day=D(day),
            last_done=D(last_done) if last_done else None,
            last_reminded=D(last_reminded) if last_reminded else None,
            every_days=7,
        )
        is remind
    )


def test_four_weekly_rule():
    # A PHQ-9 on 1 March is due again 28 days later: 1 + 28 = 29 March.
    assert schedule.assessment_due_on(last_done=D("2026-03-01"), every_days=28) == D("2026-03-29")
    assert not schedule.assessment_remind(
        day=D("2026-03-28"), last_done=D("2026-03-01"), last_reminded=None, every_days=28
    )
    assert schedule.assessment_remind(
        day=D("2026-03-29"), last_done=D("2026-03-01"), last_reminded=None, every_days=28
    )
    # Reminded on 29 March and still undone: again 28 days later, on 26 April.
    remind = [
        schedule.assessment_remind(
            day=D(d), last_done=D("2026-03-01"), last_reminded=D("2026-03-29"), every_days=28
        )
        for d in ("2026-04-25", "2026-04-26")
    ]
    assert remind == [False, True]


# --- the beat ------------------------------------------------------------------------------------


def test_off_unless_the_patient_turns_it_on(alice, push_service):
    subscribe(alice, push_service.browser("phone"))
    services.reminder_settings_update(patient=alice, daily_enabled=True, daily_time=time(19, 0))
    beat(at("2026-03-02T19:00:00+00:00"))
    assert list(Delivery.objects.values_list("kind", flat=True)) == [DeliveryKind.DAILY]


def test_a_patient_who_never_did_one_is_reminded_of_all_three_once(alice, push_service):
    phone = push_service.browser("phone")
    subscribe(alice, phone)
    opt_in(alice, "19:00")

    beat(at("2026-03-02T18:59:00+00:00"))  # not yet
    for now in evenings("2026-03-02", 3):
        beat(now)
        beat(now + timedelta(minutes=5))  # a later beat inside the grace period

    [payload] = received(push_service, phone)
    assert payload == {
        "title": "Pain diary",
        "body": "3 short questionnaires are due. Each takes a minute or two.",
        "url": "/#/today",
        "tag": "assessment-2026-03-02",
        "kind": "assessment",
    }
    [message] = push_service.to(phone)
    assert message.headers["ttl"] == str(6 * 3600)
    delivery = Delivery.objects.get()
    assert (delivery.kind, delivery.reference) == ("assessment", "2026-03-02:peg+phq9+gad7")
    assert delivery.due_at == at("2026-03-02T19:00:00+00:00")


def test_due_counted_from_the_last_one_of_each_instrument(alice, push_service):
    """January (GMT: 19:00 UTC is 19:00 in London every day)."""
    phone = push_service.browser("phone")
    subscribe(alice, phone)
    opt_in(alice, "19:00")
    assess(alice, "peg", "2026-01-01T10:00:00+00:00")  # weekly: due on 01-08
    assess(alice, "phq9", "2026-01-01T10:05:00+00:00")  # every 4 weeks: 1 + 28, due on 01-29
    assess(alice, "gad7", "2026-01-03T10:10:00+00:00")  # 3 + 28: due on 01-31

    for now in evenings("2026-01-02", 30):  # 2 … 31 January
        beat(now)

    got = received(push_service, phone)
    assert [(p["tag"], p["url"]) for p in got] == [
        ("assessment-2026-01-08", "/#/assessment?instrument=peg"),
        ("assessment-2026-01-15", "/#/assessment?instrument=peg"),  # the PEG still undone a week on
        ("assessment-2026-01-22", "/#/assessment?instrument=peg"),
        ("assessment-2026-01-29", "/#/today"),  # the PEG again, and the PHQ-9 falls due that day
        ("assessment-2026-01-31", "/#/assessment?instrument=gad7"),
    ]
    assert got[0]["body"] == "A short questionnaire is due. It takes a minute or two."
    references = list(Delivery.objects.order_by("due_at").values_list("reference", flat=True))
    assert references[3] == "2026-01-29:peg+phq9"


def test_doing_it_stops_the_reminders_until_its_next_period(alice, push_service):
    phone = push_service.browser("phone")
    subscribe(alice, phone)
    opt_in(alice, "19:00")
    for instrument in ("phq9", "gad7"):
        assess(alice, instrument, "2026-03-01T09:00:00+00:00")
    assess(alice, "peg", "2026-03-01T09:00:00+00:00")

    beat(at("2026-03-08T19:00:00+00:00"))  # the PEG is due: reminded
    assess(alice, "peg", "2026-03-09T08:00:00+00:00")  # and done the next morning
    for now in evenings("2026-03-09", 7):  # 9 … 15 March: nothing (next PEG due on the 16th)
        beat(now)
    beat(at("2026-03-16T19:00:00+00:00"))

    assert [p["tag"] for p in received(push_service, phone)] == [
        "assessment-2026-03-08",
        "assessment-2026-03-16",
    ]


def test_a_deleted_assessment_does_not_count(alice, push_service):
    phone = push_service.browser("phone")
    subscribe(alice, phone)
    opt_in(alice, "19:00")
    for instrument in ("phq9", "gad7"):
        assess(alice, instrument, "2026-03-01T09:00:00+00:00")
    peg = assess(alice, "peg", "2026-03-05T09:00:00+00:00")
    diary_services.record_delete(patient_id=alice.pk, entity="assessment", record_id=peg.pk)

    beat(at("2026-03-06T19:00:00+00:00"))

    assert [p["url"] for p in received(push_service, phone)] == ["/#/assessment?instrument=peg"]


def test_the_day_and_time_are_the_patients_own(bob, push_service):
    """New York: 19:00 EDT is 23:00 UTC; the PEG done on the 1st (local) is due on the 8th (local),
    even though 23:00 UTC on the 7th is already the 8th nowhere near."""
    bob.timezone = "America/New_York"
    bob.save(update_fields=["timezone"])
    phone = push_service.browser("phone")
    subscribe(bob, phone)
    opt_in(bob, "19:00")
    for instrument in ("phq9", "gad7"):
        assess(bob, instrument, "2026-04-01T20:00:00-04:00")
    assess(bob, "peg", "2026-04-01T21:30:00-04:00")  # 01:30 UTC on 2 April: local date 1 April

    beat(at("2026-04-07T23:00:00+00:00"))  # 19:00 EDT on 7 April: not due yet
    beat(at("2026-04-08T23:00:00+00:00"))  # 19:00 EDT on 8 April

    assert [p["tag"] for p in received(push_service, phone)] == ["assessment-2026-04-08"]


def test_every_device_gets_it_once_and_clinicians_get_nothing(alice, carol, push_service):
    phone, laptop = push_service.browser("phone"), push_service.browser("laptop")
    subscribe(alice, phone)
    subscribe(alice, laptop)
    opt_in(alice, "19:00")
    for _ in range(3):
        beat(at("2026-03-02T19:00:00+00:00"))
    assert len(push_service.to(phone)) == len(push_service.to(laptop)) == 1
    assert Delivery.objects.count() == 2


def test_the_plan_takes_the_same_queries_for_2_and_20_patients(push_service):
    counts = []
    for n, minute in ((2, "19:00"), (20, "19:30")):
        for i in range(n):
            patient = make_user(f"q{minute[-2:]}-{i}@example.com", timezone="Europe/London")
            subscribe(patient, push_service.browser(f"{minute}-{i}"))
            opt_in(patient, minute)
            assess(patient, "peg", "2026-03-01T09:00:00+00:00")
            assess(patient, "phq9", "2026-02-01T09:00:00+00:00")
        now = at(f"2026-03-09T{minute}:00+00:00")
        with CaptureQueriesContext(connection) as queries:
            planned = services.deliveries_plan(now=now)
        assert len(planned) == n
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# --- the setting, in me/ ----------------------------------------------------------------------------


def test_the_setting_is_in_me_and_off_by_default(alice, client_for):
    client = client_for(alice)
    assert client.get("/api/v1/me/").json()["reminders"]["assessments_enabled"] is False
    response = client.patch("/api/v1/me/", {"reminders": {"assessments_enabled": True}}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["reminders"]["assessments_enabled"] is True
    assert (
        client.patch("/api/v1/me/", {"reminders": {"assessments_enabled": "yes"}}, format="json").status_code
        == 400
    )
    assert client.get("/api/v1/me/").json()["reminders"]["assessments_enabled"] is True

"""The beat task (`reminders.send_due`) against a fake push service on loopback.

What arrives is decrypted with the browser's key and its VAPID signature checked, so these
tests see what a phone would. Covered: daily reminders at the local time across a
daylight-saving change, skip-if-logged, quiet when off, timed check-ins, exactly-once
delivery under duplicate and racing beats and retried chunks, cleanup on 404/410, and a
constant number of queries per beat.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from diary import services as diary_services
from reminders import services, tasks
from reminders.models import Delivery, DeliveryStatus, EpisodeCheckins, PushSubscription
from tests.api.conftest import create
from tests.conftest import make_user
from tests.reminders.conftest import at, subscribe

pytestmark = pytest.mark.django_db


def beat(now) -> None:
    """One run of the beat's task, as the worker would run it (eager in tests)."""
    tasks.send_due.delay(now.isoformat())


def daily(patient, hh_mm: str = "08:00", **more) -> None:
    hour, minute = map(int, hh_mm.split(":"))
    services.reminder_settings_update(
        patient=patient, daily_enabled=True, daily_time=time(hour, minute), **more
    )


def payloads(push_service, browser) -> list[dict]:
    messages = push_service.to(browser)
    assert all(m.vapid_ok for m in messages)
    return [browser.decrypt(m) for m in messages]


# --- daily reminders -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "day"),
    [
        ("2026-03-28T08:00:00+00:00", "2026-03-28"),  # 08:00 GMT
        ("2026-03-29T07:00:00+00:00", "2026-03-29"),  # 08:00 BST, the day the clocks go forward
        ("2026-10-25T08:00:00+00:00", "2026-10-25"),  # 08:00 GMT, the day they go back
    ],
)
def test_the_daily_reminder_arrives_at_0800_london_time(alice, push_service, now, day):
    phone = push_service.browser("alice-phone")
    subscribe(alice, phone)
    daily(alice, "08:00")

    beat(at(now) - timedelta(minutes=1))  # 07:59 local: not yet
    assert push_service.received == []
    beat(at(now))

    [message] = push_service.to(phone)
    assert message.vapid_ok
    assert message.headers["ttl"] == str(4 * 3600)
    assert message.headers["content-encoding"] == "aes128gcm"
    assert len(message.headers["topic"]) <= 32
    payload = phone.decrypt(message)
    assert payload["url"] == "/#/today"
    assert payload["tag"] == f"daily-{day}"
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.status_code, delivery.reference) == (DeliveryStatus.SENT, 201, day)
    assert delivery.due_at == at(now)
    assert PushSubscription.objects.get().last_success_at is not None


def test_the_utc_instant_is_not_what_counts(alice, push_service):
    """08:00 UTC on the first BST day is 09:00 in London: no reminder then."""
    subscribe(alice, push_service.browser("phone"))
    daily(alice, "08:00")
    beat(at("2026-03-29T08:00:00+00:00"))
    assert push_service.received == []


def test_a_reminder_in_the_spring_gap_fires_when_the_clocks_jump(alice, push_service):
    phone = push_service.browser("phone")
    subscribe(alice, phone)
    daily(alice, "01:30")  # does not exist in London on 2026-03-29
    for minute in range(0, 120):
        beat(at("2026-03-29T00:00:00+00:00") + timedelta(minutes=minute))
    assert [p["tag"] for p in payloads(push_service, phone)] == ["daily-2026-03-29"]
    assert Delivery.objects.get().due_at == at("2026-03-29T01:00:00+00:00")  # 02:00 BST


def test_a_reminder_in_the_repeated_hour_fires_once(alice, push_service):
    phone = push_service.browser("phone")
    subscribe(alice, phone)
    daily(alice, "01:30")  # happens twice in London on 2026-10-25
    for minute in range(0, 180):
        beat(at("2026-10-24T23:30:00+00:00") + timedelta(minutes=minute))
    assert len(push_service.to(phone)) == 1
    assert Delivery.objects.get().due_at == at("2026-10-25T00:30:00+00:00")  # 01:30 BST


def test_new_york_gets_its_reminder_at_its_own_local_time(bob, push_service):
    bob.timezone = "America/New_York"
    bob.save(update_fields=["timezone"])
    phone = push_service.browser("bob")
    subscribe(bob, phone)
    daily(bob, "08:00")
    beat(at("2026-03-07T13:00:00+00:00"))  # 08:00 EST
    beat(at("2026-03-08T12:00:00+00:00"))  # 08:00 EDT
    assert [p["tag"] for p in payloads(push_service, phone)] == ["daily-2026-03-07", "daily-2026-03-08"]


def test_no_reminder_on_a_day_already_logged(alice, push_service):
    phone = push_service.browser("phone")
    subscribe(alice, phone)
    daily(alice, "20:00")
    create(alice, "entry", recorded_at="2026-03-29T09:15:00+01:00", diary_date="2026-03-29")

    beat(at("2026-03-29T19:00:00+00:00"))  # 20:00 BST on the logged day
    beat(at("2026-03-30T19:00:00+00:00"))  # the next day: not logged

    assert [p["tag"] for p in payloads(push_service, phone)] == ["daily-2026-03-30"]


def test_a_deleted_entry_does_not_count_as_logged(alice, push_service):
    phone = push_service.browser("phone")
    subscribe(alice, phone)
    daily(alice, "20:00")
    entry = create(alice, "entry", recorded_at="2026-03-29T09:15:00+01:00", diary_date="2026-03-29")
    diary_services.record_delete(patient_id=alice.pk, entity="entry", record_id=entry.pk)

    beat(at("2026-03-29T19:00:00+00:00"))

    assert len(push_service.to(phone)) == 1


def test_quiet_when_disabled_or_never_enabled(alice, bob, push_service):
    subscribe(alice, push_service.browser("alice"))
    subscribe(bob, push_service.browser("bob"))  # bob never turned the daily reminder on
    daily(alice, "08:00")
    services.reminder_settings_update(patient=alice, daily_enabled=False)

    for minute in range(0, 24 * 60, 5):
        beat(at("2026-03-29T00:00:00+00:00") + timedelta(minutes=minute))

    assert push_service.received == []
    assert not Delivery.objects.exists()


def test_nothing_is_sent_without_vapid_keys(alice, push_service, settings):
    subscribe(alice, push_service.browser("phone"))
    daily(alice, "08:00")
    settings.VAPID_PRIVATE_KEY = ""
    beat(at("2026-03-28T08:00:00+00:00"))
    assert push_service.received == []
    assert not Delivery.objects.exists()


def test_a_beat_that_comes_too_late_skips_rather_than_sends_late(alice, push_service):
    subscribe(alice, push_service.browser("phone"))
    daily(alice, "08:00")
    beat(at("2026-03-28T08:15:00+00:00"))  # the grace is 15 minutes: 08:00 is out of it
    assert push_service.received == []
    beat(at("2026-03-28T08:14:00+00:00"))
    assert len(push_service.received) == 1


def test_one_daily_reminder_per_day_even_if_the_time_moves_after_it_was_sent(alice, push_service):
    subscribe(alice, push_service.browser("phone"))
    daily(alice, "08:00")
    beat(at("2026-03-28T08:00:00+00:00"))
    daily(alice, "09:00")
    beat(at("2026-03-28T09:00:00+00:00"))
    assert len(push_service.received) == 1


def test_clinicians_and_inactive_patients_get_nothing(alice, carol, push_service):
    subscribe(alice, push_service.browser("alice"))
    daily(alice, "08:00")
    PushSubscription.objects.create(
        patient=carol, endpoint=push_service.browser("carol").endpoint, p256dh="x", auth="y"
    )
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    beat(at("2026-03-28T08:00:00+00:00"))
    assert push_service.received == []


# --- timed check-ins ---------------------------------------------------------------------


@pytest.fixture
def infusion(alice):
    """A ketamine infusion at 10:00 GMT on Saturday 28 March 2026 (the clocks go forward that night)."""
    episode = create(alice, "episode")
    return create(alice, "administration", episode=episode.pk, administered_at="2026-03-28T10:00:00+00:00")


CHECKIN_TIMES = {
    "1h": "2026-03-28T11:00:00+00:00",
    "1d": "2026-03-29T09:00:00+00:00",  # 10:00 BST
    "3d": "2026-03-31T09:00:00+00:00",
    "7d": "2026-04-04T09:00:00+00:00",
}


def test_check_ins_arrive_after_an_infusion_and_open_a_linked_entry(alice, infusion, push_service):
    phone = push_service.browser("phone")
    subscribe(alice, phone)

    for when in CHECKIN_TIMES.values():
        beat(at(when) - timedelta(minutes=1))
        beat(at(when))
        beat(at(when) + timedelta(minutes=1))

    got = payloads(push_service, phone)
    assert [p["url"] for p in got] == [
        f"/#/today?administration={infusion.pk}&checkin={code}" for code in CHECKIN_TIMES
    ]
    assert "side effects" in got[0]["body"] and "1 hour" in got[0]["body"]
    assert "pain" in got[2]["body"] and "3 days" in got[2]["body"]
    rows = Delivery.objects.order_by("due_at")
    assert [(d.kind, d.reference) for d in rows] == [("checkin", f"{infusion.pk}:{c}") for c in CHECKIN_TIMES]
    assert [d.due_at for d in rows] == [at(t) for t in CHECKIN_TIMES.values()]


def test_an_episode_can_choose_its_own_check_ins_or_none(alice, infusion, push_service):
    subscribe(alice, push_service.browser("phone"))
    services.episode_checkins_update(patient=alice, episode_id=infusion.episode_id, offsets=["1d"])
    for when in CHECKIN_TIMES.values():
        beat(at(when))
    assert list(Delivery.objects.values_list("reference", flat=True)) == [f"{infusion.pk}:1d"]

    other = create(
        alice, "administration", episode=infusion.episode_id, administered_at="2026-04-10T10:00:00+00:00"
    )
    services.episode_checkins_update(patient=alice, episode_id=infusion.episode_id, enabled=False)
    beat(at("2026-04-11T09:00:00+00:00"))
    assert not Delivery.objects.filter(reference__startswith=str(other.pk)).exists()


def test_the_patient_can_turn_check_ins_off_or_change_the_default(alice, infusion, push_service):
    subscribe(alice, push_service.browser("phone"))
    services.reminder_settings_update(patient=alice, checkin_offsets=["1h", "7d"])
    for when in CHECKIN_TIMES.values():
        beat(at(when))
    assert sorted(Delivery.objects.values_list("reference", flat=True)) == sorted(
        [f"{infusion.pk}:1h", f"{infusion.pk}:7d"]
    )
    Delivery.objects.all().delete()
    services.reminder_settings_update(patient=alice, checkins_enabled=False)
    EpisodeCheckins.objects.create(episode_id=infusion.episode_id, patient=alice, offsets=["1d"])
    beat(at(CHECKIN_TIMES["1d"]))  # the patient's "off" wins over the episode's own choice
    assert not Delivery.objects.exists()


def test_no_check_in_for_a_deleted_administration(alice, infusion, push_service):
    subscribe(alice, push_service.browser("phone"))
    diary_services.record_delete(patient_id=alice.pk, entity="administration", record_id=infusion.pk)
    beat(at(CHECKIN_TIMES["1h"]))
    assert push_service.received == []


# --- exactly once ----------------------------------------------------------------------------


def test_a_duplicate_beat_sends_nothing_twice(alice, infusion, push_service):
    phone, laptop = push_service.browser("phone"), push_service.browser("laptop")
    subscribe(alice, phone)
    subscribe(alice, laptop)
    daily(alice, "11:00")  # due with the 1 h check-in, at 11:00 GMT

    for _ in range(3):
        beat(at("2026-03-28T11:00:00+00:00"))
    beat(at("2026-03-28T11:05:00+00:00"))  # a later beat still inside the grace period

    for browser in (phone, laptop):
        assert sorted(p["kind"] for p in payloads(push_service, browser)) == ["checkin", "daily"]
    assert Delivery.objects.count() == 4
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_beat_that_loses_the_race_to_insert_sends_nothing(alice, push_service, monkeypatch):
    """Two beats plan the same reminder; the one that inserts second finds it taken."""
    phone = push_service.browser("phone")
    subscribe(alice, phone)
    daily(alice, "08:00")
    now = at("2026-03-28T08:00:00+00:00")
    real_bulk_create = Delivery.objects.bulk_create

    def the_other_beat_gets_there_first(rows, **kwargs):
        monkeypatch.setattr(Delivery.objects, "bulk_create", real_bulk_create)
        beat(now)  # plans, inserts and sends the same reminder
        assert len(push_service.received) == 1
        return real_bulk_create(rows, **kwargs)

    monkeypatch.setattr(Delivery.objects, "bulk_create", the_other_beat_gets_there_first)
    assert tasks.reminders_send_due(now=now) == 0  # this beat planned nothing of its own

    assert len(push_service.to(phone)) == 1
    assert Delivery.objects.count() == 1


def test_a_retried_or_duplicated_sending_task_sends_nothing_twice(alice, push_service, monkeypatch):
    subscribe(alice, push_service.browser("phone"))
    daily(alice, "08:00")
    monkeypatch.setattr(tasks.deliver, "delay", lambda ids: None)  # plan only
    tasks.reminders_send_due(now=at("2026-03-28T08:00:00+00:00"))
    ids = list(Delivery.objects.values_list("pk", flat=True))

    first = services.deliveries_send(delivery_ids=ids)
    again = services.deliveries_send(delivery_ids=ids)

    assert (first, again) == ({"sent": 1}, {})
    assert len(push_service.received) == 1


def test_a_delivery_claimed_by_a_sender_that_died_is_not_sent_again(alice, push_service, monkeypatch):
    """At most once: a row claimed for sending is never claimed again (docs/reminders.md)."""
    subscribe(alice, push_service.browser("phone"))
    daily(alice, "08:00")
    monkeypatch.setattr(tasks.deliver, "delay", lambda ids: None)
    tasks.reminders_send_due(now=at("2026-03-28T08:00:00+00:00"))
    Delivery.objects.update(status=DeliveryStatus.SENDING)  # claimed, then the worker died

    assert services.deliveries_send(delivery_ids=list(Delivery.objects.values_list("pk", flat=True))) == {}
    beat(at("2026-03-28T08:01:00+00:00"))
    assert push_service.received == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_beats_on_postgresql_send_each_reminder_once(push_service):
    """Six beats at once, on their own connections, for 20 patients with two devices each."""
    import threading

    patients, browsers = [], []
    for i in range(20):
        patient = make_user(f"p{i}@example.com", timezone="Europe/London")
        for device in ("phone", "laptop"):
            browser = push_service.browser(f"{i}-{device}")
            subscribe(patient, browser)
            browsers.append(browser)
        daily(patient, "08:00")
        patients.append(patient)
    now = at("2026-03-28T08:00:00+00:00")
    barrier, errors, planned = threading.Barrier(6), [], []

    def run() -> None:
        try:
            barrier.wait()
            planned.append(tasks.reminders_send_due(now=now))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(planned) == 40
    assert sorted(len(push_service.to(b)) for b in browsers) == [1] * 40
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 40


# --- gone subscriptions and failures -----------------------------------------------------------


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_push_service_reports_gone_is_removed(alice, push_service, status):
    phone, old_laptop = push_service.browser("phone"), push_service.browser("old-laptop")
    subscribe(alice, phone)
    gone = subscribe(alice, old_laptop)
    push_service.answer(old_laptop, status)
    daily(alice, "08:00")

    beat(at("2026-03-28T08:00:00+00:00"))

    assert len(push_service.to(phone)) == len(push_service.to(old_laptop)) == 1
    assert not PushSubscription.objects.filter(pk=gone.pk).exists()
    record = Delivery.objects.get(status=DeliveryStatus.GONE)
    assert (record.subscription_id, record.status_code) == (None, status)  # the attempt is kept
    assert Delivery.objects.get(status=DeliveryStatus.SENT).subscription.endpoint == phone.endpoint
    # The next day only the phone is asked.
    beat(at("2026-03-29T07:00:00+00:00"))
    assert len(push_service.to(old_laptop)) == 1
    assert len(push_service.to(phone)) == 2


def test_a_refusal_or_an_unreachable_service_is_recorded_and_not_retried(alice, push_service):
    busy, offline = push_service.browser("busy"), push_service.browser("offline")
    subscribe(alice, busy)
    subscription = subscribe(alice, offline)
    PushSubscription.objects.filter(pk=subscription.pk).update(endpoint="http://127.0.0.1:9/push/nobody")
    push_service.answer(busy, 503)
    daily(alice, "08:00")

    beat(at("2026-03-28T08:00:00+00:00"))
    beat(at("2026-03-28T08:01:00+00:00"))

    assert sorted(Delivery.objects.values_list("status", "status_code"), key=str) == [
        (DeliveryStatus.FAILED, 503),
        (DeliveryStatus.FAILED, None),
    ]
    assert len(push_service.to(busy)) == 1
    assert PushSubscription.objects.filter(patient=alice).count() == 2  # kept: not reported gone


def test_an_endpoint_no_longer_allowed_is_not_posted_to(alice, push_service, settings):
    subscribe(alice, push_service.browser("phone"))
    daily(alice, "08:00")
    settings.PUSH_SERVICE_ORIGINS = ["https://fcm.googleapis.com"]
    beat(at("2026-03-28T08:00:00+00:00"))
    assert push_service.received == []
    assert Delivery.objects.get().status == DeliveryStatus.FAILED


# --- cost ---------------------------------------------------------------------------------------


def _patients_due(n: int, push_service, offset: int) -> None:
    zones = ["Europe/London", "America/New_York", "Asia/Tokyo"]
    for i in range(n):
        patient = make_user(f"q{offset + i}@example.com", timezone=zones[i % 3])
        subscribe(patient, push_service.browser(f"q{offset + i}"))
        daily(patient, "08:00")
        episode = create(patient, "episode")
        create(patient, "administration", episode=episode.pk, administered_at="2026-03-28T07:00:00+00:00")
        if i % 2:
            create(patient, "entry", recorded_at="2026-03-28T07:30:00+00:00", diary_date="2026-03-28")


def test_planning_costs_the_same_number_of_queries_for_3_or_30_patients(push_service, monkeypatch):
    monkeypatch.setattr(tasks.deliver, "delay", lambda ids: None)
    now = at("2026-03-28T08:00:00+00:00")  # London's 08:00 and the 1 h check-ins
    counts = []
    for n, offset in ((3, 0), (30, 100)):
        Delivery.objects.all().delete()
        _patients_due(n, push_service, offset)
        with CaptureQueriesContext(connection) as queries:
            planned = tasks.reminders_send_due(now=now)
        counts.append(len(queries))
        assert planned > 0
    assert counts[0] == counts[1], counts


def test_the_beat_runs_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["reminders-send-due"]
    assert entry["task"] == "reminders.send_due"
    assert entry["schedule"].minute == set(range(60)) and entry["schedule"].hour == set(range(24))
    assert entry["options"]["expires"] < 60
    assert Role.PATIENT  # (the task only reaches patients: test_clinicians_and_inactive_patients…)


def test_a_planned_delivery_whose_task_was_lost_is_sent_by_a_later_beat(alice, push_service, monkeypatch):
    """The broker refused (or a worker lost) the sending task: the next beats queue it again,
    while it is still inside the grace period; once sent, never again."""
    subscribe(alice, push_service.browser("phone"))
    daily(alice, "08:00")
    lost = []
    monkeypatch.setattr(tasks.deliver, "delay", lambda ids: lost.append(ids))
    beat(at("2026-03-28T08:00:00+00:00"))
    monkeypatch.undo()
    assert lost and push_service.received == []

    beat(at("2026-03-28T08:01:00+00:00"))  # planned under a minute ago: maybe still queued
    assert push_service.received == []
    Delivery.objects.update(created_at=timezone.now() - timedelta(minutes=3))
    beat(at("2026-03-28T08:03:00+00:00"))
    beat(at("2026-03-28T08:04:00+00:00"))
    assert len(push_service.received) == 1
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_a_lost_delivery_past_the_grace_period_is_dropped(alice, push_service, monkeypatch):
    subscribe(alice, push_service.browser("phone"))
    daily(alice, "08:00")
    monkeypatch.setattr(tasks.deliver, "delay", lambda ids: None)
    beat(at("2026-03-28T08:00:00+00:00"))
    monkeypatch.undo()
    Delivery.objects.update(created_at=timezone.now() - timedelta(hours=1))
    beat(at("2026-03-28T08:20:00+00:00"))
    assert push_service.received == []


def test_deliveries_older_than_90_days_are_purged(alice, push_service):
    subscribe(alice, push_service.browser("phone"))
    daily(alice, "08:00")
    beat(at("2026-03-28T08:00:00+00:00"))
    beat(at("2026-06-27T07:00:00+00:00"))
    assert services.deliveries_purge(now=at("2026-06-27T12:00:00+00:00")) == 1
    assert list(Delivery.objects.values_list("reference", flat=True)) == ["2026-06-27"]
    assert settings.CELERY_BEAT_SCHEDULE["reminders-purge"]["task"] == "reminders.purge_deliveries"

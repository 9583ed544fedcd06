"""The care team is told about a red flag: an email (and a browser notification), exactly once.

When a write that made a red flag commits, care.tasks.red_flags_notify runs (eagerly here)
and tells every clinician with an active share: one email each, with no health details,
no patient name and no diary text, and a Web Push to the browsers they turned on. However
often it runs, on how many workers, and with a replayed sync push, each clinician is told
once per flag and channel (care.notifications).
"""

from __future__ import annotations

import threading
import time
import uuid
from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.core import mail
from django.db import connection
from kombu.exceptions import OperationalError

from accounts.models import Role
from care import notifications, tasks
from care.models import ClinicianPushSubscription, RedFlagNotification
from diary import services
from diary.models import RedFlag
from tests.care.conftest import share_for
from tests.conftest import make_user
from tests.reminders.conftest import VAPID_PRIVATE, VAPID_PUBLIC
from tests.reminders.fakepush import FakePushService
from tests.sync.conftest import Device

CHEST_PAIN = [{"code": "chest_pain", "severity": 3}]
SECRET = "walked the dog, felt awful 93bd"
ENTRY = {"recorded_at": "2026-05-01T08:00:00+01:00", "pain_now": 8, "notes": SECRET}


@pytest.fixture
def team(db, alice, carol):
    """alice's care team: carol and dora active (summary and full scope); erin revoked, fay
    expired, gus pending — those three must get nothing."""
    dora = make_user("dora@clinic.example.com", role=Role.CLINICIAN, display_name="Dr Dora")
    erin = make_user("erin@clinic.example.com", role=Role.CLINICIAN, display_name="Dr Erin")
    fay = make_user("fay@clinic.example.com", role=Role.CLINICIAN, display_name="Dr Fay")
    gus = make_user("gus@clinic.example.com", role=Role.CLINICIAN, display_name="Dr Gus")
    share_for(alice, carol)
    share_for(alice, dora, scope="full")
    share_for(alice, erin, state="revoked")
    share_for(alice, fay, state="expired")
    share_for(alice, gus, state="pending")
    return {"carol": carol, "dora": dora, "erin": erin, "fay": fay, "gus": gus}


def log_chest_pain(client, on_commit) -> dict:
    response = on_commit(
        lambda: client.post("/api/v1/entries/", {**ENTRY, "side_effects": CHEST_PAIN}, format="json")
    )
    assert response.status_code == 201, response.content
    return response.json()


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_each_clinician_with_an_active_share_gets_one_email_without_health_details(
    alice, team, client_for, on_commit, settings
):
    settings.CSRF_TRUSTED_ORIGINS = ["https://diary.example.org"]
    log_chest_pain(client_for(alice), on_commit)

    assert recipients() == ["carol@clinic.example.com", "dora@clinic.example.com"]
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        assert "A patient who shares their diary with you logged something that needs attention." in text
        assert "https://diary.example.org/care/red-flags/" in message.body
        for secret in (
            "chest_pain",
            "Chest pain",
            "chest",
            "severe",
            SECRET,
            "Alice",
            alice.email,
            "2026-05-01",
        ):
            assert secret.lower() not in text.lower(), secret
    rows = RedFlagNotification.objects.values_list("clinician__email", "channel")
    assert sorted(rows) == [("carol@clinic.example.com", "email"), ("dora@clinic.example.com", "email")]


def test_the_task_run_again_sends_nothing_more(alice, team, client_for, on_commit):
    log_chest_pain(client_for(alice), on_commit)
    flag = RedFlag.objects.get(patient=alice)

    again = tasks.red_flags_notify.delay([str(flag.pk)]).get()
    once_more = notifications.red_flags_notify(red_flag_ids=[flag.pk])

    assert again == {"email": 0, "webpush": 0, "failed": 0}
    assert once_more == again
    assert recipients() == ["carol@clinic.example.com", "dora@clinic.example.com"]
    assert RedFlagNotification.objects.count() == 2


def test_a_replayed_sync_push_tells_nobody_twice(alice, team, client_for, on_commit):
    device = Device(client_for(alice))
    mutation = device.mutation("entry", "upsert", uuid.uuid4(), None, {**ENTRY, "side_effects": CHEST_PAIN})

    on_commit(lambda: device.push(mutation))
    on_commit(lambda: device.push(mutation))  # the device never saw the first answer

    assert RedFlag.objects.filter(patient=alice).count() == 1
    assert recipients() == ["carol@clinic.example.com", "dora@clinic.example.com"]


def test_flags_made_together_come_in_one_email_per_clinician_and_each_is_counted_once(
    alice, team, client_for, on_commit
):
    body = {**ENTRY, "side_effects": [*CHEST_PAIN, {"code": "shortness_of_breath", "severity": 1}]}
    on_commit(lambda: client_for(alice).post("/api/v1/entries/", body, format="json"))

    assert recipients() == ["carol@clinic.example.com", "dora@clinic.example.com"]
    # 2 flags × 2 clinicians = 4 rows, one email each
    assert RedFlagNotification.objects.filter(channel="email").count() == 4


def test_an_edit_that_does_not_change_the_flags_tells_nobody_again(alice, team, client_for, on_commit):
    client = client_for(alice)
    entry = log_chest_pain(client, on_commit)

    on_commit(lambda: client.patch(f"/api/v1/entries/{entry['id']}/", {"pain_now": 3}, format="json"))
    on_commit(lambda: client.patch(f"/api/v1/entries/{entry['id']}/", {"side_effects": []}, format="json"))
    on_commit(
        lambda: client.patch(f"/api/v1/entries/{entry['id']}/", {"side_effects": CHEST_PAIN}, format="json")
    )

    # withdrawn, then back on the same flag: its notifications stand
    assert recipients() == ["carol@clinic.example.com", "dora@clinic.example.com"]


def test_no_share_that_gives_access_means_no_email(alice, carol, client_for, on_commit):
    share_for(alice, carol, state="revoked")
    log_chest_pain(client_for(alice), on_commit)

    assert mail.outbox == []
    assert not RedFlagNotification.objects.exists()


def test_an_email_that_fails_is_not_counted_and_the_sweep_sends_it(
    alice, team, client_for, on_commit, monkeypatch
):
    def refused(**kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(notifications, "send_mail", refused)
    log_chest_pain(client_for(alice), on_commit)
    assert not RedFlagNotification.objects.exists()  # the claims were rolled back
    flag = RedFlag.objects.get(patient=alice)

    monkeypatch.undo()
    too_soon = flag.raised_at + notifications.RESEND_AFTER - timedelta(seconds=5)
    assert on_commit(lambda: tasks.red_flags_sweep.delay(too_soon.isoformat()).get()) == 0
    later = flag.raised_at + notifications.RESEND_AFTER + timedelta(seconds=5)
    assert on_commit(lambda: tasks.red_flags_sweep.delay(later.isoformat()).get()) == 1

    assert recipients() == ["carol@clinic.example.com", "dora@clinic.example.com"]
    assert on_commit(lambda: tasks.red_flags_sweep.delay(later.isoformat()).get()) == 0  # all told


def test_a_broker_that_is_down_fails_no_write_and_the_minute_sweep_catches_up(
    alice, team, client_for, on_commit, monkeypatch, caplog
):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.red_flags_notify, "delay", down)
    log_chest_pain(client_for(alice), on_commit)  # still 201
    assert mail.outbox == []
    assert "not queued, the broker is unavailable" in caplog.text

    monkeypatch.undo()
    flag = RedFlag.objects.get(patient=alice)
    later = (flag.raised_at + notifications.RESEND_AFTER + timedelta(seconds=5)).isoformat()
    on_commit(lambda: tasks.red_flags_sweep.delay(later).get())  # beat's every-minute entry

    assert recipients() == ["carol@clinic.example.com", "dora@clinic.example.com"]


def test_beat_runs_the_red_flag_sweep_every_minute():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["care-red-flags-sweep"]
    assert entry["task"] == tasks.red_flags_sweep.name
    assert str(entry["schedule"]) == str(crontab())  # every minute


def test_the_sweep_leaves_flags_older_than_its_window(alice, team, client_for, on_commit, monkeypatch):
    monkeypatch.setattr(tasks.red_flags_notify, "delay", lambda *a, **k: None)  # lost on the way
    log_chest_pain(client_for(alice), on_commit)
    flag = RedFlag.objects.get(patient=alice)

    much_later = flag.raised_at + notifications.SWEEP_WINDOW + timedelta(minutes=1)
    assert notifications.red_flags_unnotified(now=much_later) == []
    assert notifications.red_flags_unnotified(now=flag.raised_at + timedelta(minutes=3)) == [flag.pk]


# --- browser notifications --------------------------------------------------------------------


@pytest.fixture
def push_service(settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = VAPID_PUBLIC, VAPID_PRIVATE
    settings.VAPID_SUBJECT = "mailto:ops@example.org"
    with FakePushService() as service:
        settings.PUSH_SERVICE_ORIGINS = ["http://127.0.0.1"]
        yield service


def test_a_clinician_who_turned_on_browser_notifications_gets_one_push_per_browser(
    alice, team, client_for, on_commit, push_service
):
    laptop, phone = push_service.browser("carol-laptop"), push_service.browser("carol-phone")
    for browser in (laptop, phone):
        notifications.clinician_push_subscribe(team["carol"], browser.subscription_json(), user_agent="test")

    log_chest_pain(client_for(alice), on_commit)
    notifications.red_flags_notify(red_flag_ids=RedFlag.objects.values_list("pk", flat=True))  # again

    for browser in (laptop, phone):
        [message] = push_service.to(browser)
        assert message.vapid_ok
        payload = browser.decrypt(message)
        assert payload["body"] == notifications.MESSAGE
        assert payload["url"] == "/care/red-flags/"
        assert "chest" not in str(payload).lower() and "alice" not in str(payload).lower()
    rows = sorted(RedFlagNotification.objects.values_list("clinician__email", "channel"))
    assert rows == [
        ("carol@clinic.example.com", "email"),
        ("carol@clinic.example.com", "webpush"),
        ("dora@clinic.example.com", "email"),  # dora has no browser turned on
    ]


def test_a_browser_the_push_service_no_longer_knows_is_forgotten(
    alice, team, client_for, on_commit, push_service
):
    gone = push_service.browser("old")
    notifications.clinician_push_subscribe(team["carol"], gone.subscription_json())
    push_service.answer(gone, 410)

    log_chest_pain(client_for(alice), on_commit)

    assert not ClinicianPushSubscription.objects.exists()


def test_a_push_service_that_cannot_be_reached_is_tried_again(
    alice, team, client_for, on_commit, push_service
):
    browser = push_service.browser("flaky")
    notifications.clinician_push_subscribe(team["carol"], browser.subscription_json())
    push_service.answer(browser, 503)

    log_chest_pain(client_for(alice), on_commit)
    assert not RedFlagNotification.objects.filter(channel="webpush").exists()

    push_service.answers.clear()
    notifications.red_flags_notify(red_flag_ids=RedFlag.objects.values_list("pk", flat=True))

    assert [r.status for r in push_service.to(browser)] == [503, 201]
    assert RedFlagNotification.objects.filter(channel="webpush").count() == 1


def test_subscribing_checks_the_browser_subscription(carol, alice, settings):
    settings.PUSH_SERVICE_ORIGINS = ["https://*.push.example"]
    with pytest.raises(Exception) as refused:
        notifications.clinician_push_subscribe(
            carol, {"endpoint": "https://evil.example/x", "keys": {"p256dh": "abc", "auth": "def"}}
        )
    assert set(refused.value.message_dict) == {"endpoint", "keys.p256dh", "keys.auth"}
    with pytest.raises(Exception) as patient:
        notifications.clinician_push_subscribe(alice, {})
    assert set(patient.value.message_dict) == {"subscription"}


# --- two workers at once (PostgreSQL: transactions really overlap) ---------------------------


def _worker(flag_ids, start: threading.Barrier, errors: list) -> None:
    try:
        start.wait(timeout=10)
        notifications.red_flags_notify(red_flag_ids=flag_ids)
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_email_per_clinician(monkeypatch):
    alice = make_user(f"{uuid.uuid4().hex}@example.com")
    clinicians = [
        make_user(f"c{i}-{uuid.uuid4().hex}@clinic.example.com", role=Role.CLINICIAN) for i in range(3)
    ]
    for clinician in clinicians:
        share_for(alice, clinician)
    monkeypatch.setattr(tasks.red_flags_notify, "delay", lambda *a, **k: None)  # the workers do it
    entries = [
        services.record_create(
            patient_id=alice.pk, entity="entry", data={**ENTRY, "side_effects": CHEST_PAIN}
        )
        for _ in range(3)
    ]
    flag_ids = list(
        RedFlag.objects.filter(source_id__in=[e.pk for e in entries]).values_list("pk", flat=True)
    )
    sent = notifications._send_email

    def slow_send(clinician):  # holds its claim while "talking to the mail server"
        time.sleep(0.3)
        sent(clinician)

    monkeypatch.setattr(notifications, "_send_email", slow_send)
    monkeypatch.setitem(notifications.SENDERS, "email", slow_send)
    mail.outbox = []
    start, errors = threading.Barrier(2), []
    workers = [threading.Thread(target=_worker, args=(flag_ids, start, errors)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert sorted(recipients()) == sorted(c.email for c in clinicians)  # one email each
    # 3 flags × 3 clinicians, each once
    assert RedFlagNotification.objects.filter(red_flag_id__in=flag_ids).count() == 9

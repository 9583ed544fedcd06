"""The portal's triage queue (/care/red-flags/): open red flags across all my patients, newest
first, acknowledged once each with an optional note, an acknowledged list, the open count in
the header of every page, every view and acknowledgement audited; the crisis lines where a
clinician may need them; turning on browser notifications.
"""

from __future__ import annotations

import base64
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from django.utils import timezone

from care.models import AccessLog, ClinicianPushSubscription, RedFlagAcknowledgement
from diary import services
from diary.models import RedFlag
from portal.triage import open_for
from tests.care.conftest import share_for
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def browser(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def chest_pain(patient, day: date = date(2026, 3, 3), severity: int = 2, code: str = "chest_pain"):
    """An entry with a red-flag side effect, through the diary services (which make the flag)."""
    at = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC).isoformat()
    data = {"recorded_at": at, "pain_now": 5, "side_effects": [{"code": code, "severity": severity}]}
    entry = services.record_create(patient_id=patient.pk, entity="entry", data=data)
    return entry, RedFlag.objects.get(source_id=entry.pk)


def raised(flag: RedFlag, ago: timedelta) -> RedFlag:
    RedFlag.objects.filter(pk=flag.pk).update(raised_at=timezone.now() - ago)
    flag.refresh_from_db()
    return flag


def header_count(html: str) -> int:
    match = re.search(r'class="count">(\d+)<', html)
    assert match, "no open count in the header"
    return int(match.group(1))


@pytest.fixture
def queue(alice, bob, carol):
    """alice and bob share with carol; alice has two flags, bob one (oldest first: alice's
    chest pain 2 days ago, bob's jaundice 5 hours ago, alice's self-harm 20 minutes ago)."""
    share_for(alice, carol)
    share_for(bob, carol)
    _, first = chest_pain(alice, date(2026, 3, 1))
    _, second = chest_pain(bob, date(2026, 3, 2), code="jaundice")
    _, third = chest_pain(alice, date(2026, 3, 3), severity=1, code="thoughts_of_self_harm")
    return (
        raised(first, timedelta(days=2, hours=1)),
        raised(second, timedelta(hours=5, minutes=10)),
        raised(third, timedelta(minutes=20)),
    )


def test_open_for_is_said_coarsely():
    assert open_for(timedelta(minutes=59)) == "under 1 hour"
    assert open_for(timedelta(hours=1)) == "1 hour"
    assert open_for(timedelta(hours=5, minutes=59)) == "5 hours"
    assert open_for(timedelta(days=1)) == "1 day"
    assert open_for(timedelta(days=2, hours=1)) == "2 days 1 hour"


def test_the_queue_lists_open_flags_of_all_my_patients_newest_first(queue, carol):
    first, second, third = queue

    html = browser(carol).get("/care/red-flags/").content.decode()

    rows = [html.index(f'id="flag-{flag.pk}"') for flag in (third, second, first)]
    assert rows == sorted(rows)  # newest first
    assert "Thoughts of suicide or self-harm, mild" in html
    assert "Yellow skin or eyes" in html and "Chest pain, moderate" in html
    assert "1 Mar 2026" in html and "Side effect" in html
    assert "under 1 hour" in html and "5 hours" in html and "2 days 1 hour" in html
    assert html.count("Acknowledge</button>") == 3
    assert header_count(html) == 3


def test_every_view_is_audited_once_per_patient_shown(queue, alice, bob, carol):
    browser(carol).get("/care/red-flags/")

    logs = AccessLog.objects.filter(action="red_flag_list")
    assert sorted(str(log.patient_id) for log in logs) == sorted([str(alice.pk), str(bob.pk)])
    assert {log.path for log in logs} == {"/care/red-flags/"} and {log.clinician_id for log in logs} == {
        carol.pk
    }


def test_acknowledging_with_a_note_moves_it_to_the_acknowledged_list(queue, alice, carol):
    first, _, _ = queue
    client = browser(carol)

    response = client.post(
        f"/care/red-flags/{first.pk}/acknowledge", {"note": "Rang her: chest pain settled."}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/care/red-flags/?acknowledged={first.pk}"
    ack = RedFlagAcknowledgement.objects.get(red_flag=first, clinician=carol)
    assert ack.note == "Rang her: chest pain settled."
    audit = AccessLog.objects.get(action="red_flag_acknowledge")
    assert (audit.patient_id, audit.path) == (alice.pk, f"/care/red-flags/{first.pk}/acknowledge")
    open_page = client.get(response["Location"]).content.decode()
    assert f'id="flag-{first.pk}"' not in open_page
    assert "Acknowledged. The patient will see" in open_page
    assert header_count(open_page) == 2
    done = client.get("/care/red-flags/acknowledged").content.decode()
    assert f'id="flag-{first.pk}"' in done and "Rang her: chest pain settled." in done
    assert "Acknowledge</button>" not in done


def test_a_note_is_optional_and_a_second_acknowledgement_changes_nothing(queue, carol):
    _, second, _ = queue
    client = browser(carol)
    assert client.post(f"/care/red-flags/{second.pk}/acknowledge").status_code == 302
    first_time = RedFlagAcknowledgement.objects.get(red_flag=second)

    again = client.post(f"/care/red-flags/{second.pk}/acknowledge", {"note": "changed my mind"})

    assert again.status_code == 302 and again["Location"] == "/care/red-flags/acknowledged"
    kept = RedFlagAcknowledgement.objects.get(red_flag=second)
    assert (kept.note, kept.acknowledged_at) == ("", first_time.acknowledged_at)


def test_a_flag_stays_open_for_each_clinician_until_they_acknowledge_it(queue, alice, carol, dan):
    first, _, _ = queue
    share_for(alice, dan)
    browser(carol).post(f"/care/red-flags/{first.pk}/acknowledge", {"note": "private to the care team"})

    html = browser(dan).get("/care/red-flags/").content.decode()

    assert f'id="flag-{first.pk}"' in html
    assert "seen by Dr Carol at" in html
    assert "private to the care team" not in html  # notes are each clinician's own
    assert header_count(html) == 2  # alice's two; dan has no share from bob


def test_notes_longer_than_1000_characters_are_refused(queue, carol):
    first, _, _ = queue
    response = browser(carol).post(f"/care/red-flags/{first.pk}/acknowledge", {"note": "x" * 1001})
    assert response.status_code == 400
    assert not RedFlagAcknowledgement.objects.exists()


def test_a_withdrawn_flag_stays_open_and_says_so(alice, carol):
    share_for(alice, carol)
    entry, flag = chest_pain(alice)
    services.record_update(patient_id=alice.pk, entity="entry", record_id=entry.pk, data={"side_effects": []})

    html = browser(carol).get("/care/red-flags/").content.decode()

    assert f'id="flag-{flag.pk}"' in html and "withdrawn by the patient" in html


@pytest.mark.parametrize("state", ["revoked", "expired", "pending"])
def test_revoked_expired_and_pending_shares_show_nothing_and_cannot_acknowledge(alice, carol, state):
    share_for(alice, carol, state=state)
    _, flag = chest_pain(alice)
    client = browser(carol)

    html = client.get("/care/red-flags/").content.decode()

    assert f'id="flag-{flag.pk}"' not in html and header_count(html) == 0
    assert client.post(f"/care/red-flags/{flag.pk}/acknowledge").status_code == 404
    assert not RedFlagAcknowledgement.objects.exists() and not AccessLog.objects.exists()


def test_another_clinicians_patients_are_not_mine(alice, carol, dan):
    share_for(alice, dan)
    _, flag = chest_pain(alice)
    assert browser(carol).post(f"/care/red-flags/{flag.pk}/acknowledge").status_code == 404
    assert f"flag-{flag.pk}" not in browser(carol).get("/care/red-flags/").content.decode()


def test_patients_and_anonymous_visitors_are_refused(alice, queue):
    first, _, _ = queue
    for path in ("/care/red-flags/", "/care/red-flags/acknowledged"):
        assert browser(alice).get(path).status_code == 403
        assert browser().get(path)["Location"].startswith("/accounts/login/")
    assert browser(alice).post(f"/care/red-flags/{first.pk}/acknowledge").status_code == 403
    assert browser().post(f"/care/red-flags/{first.pk}/acknowledge").status_code == 302
    assert not RedFlagAcknowledgement.objects.exists()


def test_the_open_count_is_in_the_header_of_every_portal_page(queue, alice, carol):
    client = browser(carol)
    for path in ("/care/", f"/care/patients/{alice.pk}/", "/care/red-flags/acknowledged"):
        assert header_count(client.get(path).content.decode()) == 3, path


def test_crisis_lines_are_on_the_queue_and_beside_a_self_harm_flag(queue, alice, bob, carol, settings):
    settings.CRISIS_LINES = [{"name": "Test Line", "number": "0800 000", "region": "Testland"}]
    client = browser(carol)

    queue_html = client.get("/care/red-flags/").content.decode()
    alice_html = client.get(f"/care/patients/{alice.pk}/").content.decode()
    bob_html = client.get(f"/care/patients/{bob.pk}/").content.decode()

    assert "Test Line" in queue_html and "0800 000" in queue_html and 'href="#crisis-lines"' in queue_html
    assert "Test Line" in alice_html  # an open self-harm flag
    assert "Test Line" not in bob_html  # jaundice only
    assert "1 open red flag" in bob_html and "2 open red flags" in alice_html


# --- browser notifications -----------------------------------------------------------------


def subscription(endpoint="https://fcm.googleapis.com/fcm/send/abc") -> dict:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    b64 = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()  # noqa: E731
    return {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": b64(point), "auth": b64(b"0" * 16)},
    }


def test_a_clinician_turns_on_notifications_for_this_browser(carol, settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = "BPublic", "private"
    client = browser(carol)

    page = client.get("/care/red-flags/").content.decode()
    created = client.post("/care/notifications/subscribe", subscription(), content_type="application/json")

    assert 'data-key="BPublic"' in page and "Turn on notifications in this browser" in page
    assert created.status_code == 201 and created.json() == {"enabled": True}
    assert ClinicianPushSubscription.objects.get().clinician == carol
    off = client.post(
        "/care/notifications/unsubscribe",
        {"endpoint": "https://fcm.googleapis.com/fcm/send/abc"},
        content_type="application/json",
    )
    assert off.json() == {"enabled": False} and not ClinicianPushSubscription.objects.exists()


def test_a_subscription_elsewhere_than_a_push_service_is_refused(carol):
    response = browser(carol).post(
        "/care/notifications/subscribe",
        subscription("https://evil.example.com/x"),
        content_type="application/json",
    )
    assert response.status_code == 400 and "endpoint" in response.json()["errors"]
    assert not ClinicianPushSubscription.objects.exists()


def test_patients_cannot_subscribe_and_csrf_is_checked(alice, carol):
    assert (
        browser(alice)
        .post("/care/notifications/subscribe", subscription(), content_type="application/json")
        .status_code
        == 403
    )
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(carol)
    assert (
        strict.post(
            "/care/notifications/subscribe", subscription(), content_type="application/json"
        ).status_code
        == 403
    )
    assert not ClinicianPushSubscription.objects.exists()


def test_without_vapid_keys_the_page_says_notifications_are_not_set_up(carol, settings):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    html = browser(carol).get("/care/red-flags/").content.decode()
    assert "not set up on this server" in html and "<script" not in html


def test_the_service_worker_shows_the_notification_and_opens_the_queue():
    response = Client().get("/care/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    script = response.content.decode()
    assert 'addEventListener("push"' in script and "/care/red-flags/" in script


MAX_QUEUE_QUERIES = 10  # 2 of them the session and the user


def test_the_queue_page_costs_the_same_queries_for_2_or_20_flagged_patients(
    carol, django_assert_max_num_queries
):
    client = browser(carol)
    for n in (2, 20):
        for i in range(n):
            patient = make_user(f"q{n}-{i}@example.com")
            share_for(patient, carol)
            chest_pain(patient)
        with django_assert_max_num_queries(MAX_QUEUE_QUERIES):
            assert client.get("/care/red-flags/").status_code == 200

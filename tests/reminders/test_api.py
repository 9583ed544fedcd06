"""The reminders API: push config, push subscriptions, episode check-ins, `me/`'s reminders.

Who may call what, one line per case (owner, another patient → 404, clinician → 403,
anonymous → 401), then what each endpoint does with good and bad input.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from py_vapid import Vapid

from core.webpush import b64url_decode
from patientdata.erasure import user_erase
from reminders import services
from reminders.models import Delivery, EpisodeCheckins, PushSubscription, ReminderSettings
from tests.api.conftest import create, error_attrs
from tests.reminders.conftest import VAPID_PUBLIC, subscribe
from tests.reminders.fakepush import Browser

pytestmark = pytest.mark.django_db
FCM = "https://fcm.googleapis.com/fcm/send/"


def browser(name: str = "phone") -> Browser:
    return Browser(endpoint=f"{FCM}{name}-token")


@pytest.fixture
def caller(alice, bob, carol, client_for):
    users = {"owner": alice, "other_patient": bob, "clinician": carol, "anonymous": None}
    return lambda who: client_for(users[who])


@pytest.fixture
def alices(alice):
    """alice's subscription and episode: what the detail paths name."""
    return {"subscription": subscribe(alice, browser()), "episode": create(alice, "episode")}


def path_for(kind: str, things) -> str:
    return {
        "subscriptions": "/api/v1/push-subscriptions/",
        "subscription": f"/api/v1/push-subscriptions/{things['subscription'].pk}/",
        "checkins": f"/api/v1/episodes/{things['episode'].pk}/checkins/",
    }[kind]


OPERATIONS = [
    ("get", "subscriptions"),
    ("post", "subscriptions"),
    ("get", "subscription"),
    ("delete", "subscription"),
    ("get", "checkins"),
    ("patch", "checkins"),
    ("delete", "checkins"),
]
OWNER = {"get": 200, "post": 201, "patch": 200, "delete": 204}
CASES = [
    *[("owner", method, kind, OWNER[method]) for method, kind in OPERATIONS],
    ("other_patient", "get", "subscriptions", 200),  # their own (empty) list
    ("other_patient", "post", "subscriptions", 201),  # their own device
    *[("other_patient", method, kind, 404) for method, kind in OPERATIONS if kind != "subscriptions"],
    *[("clinician", method, kind, 403) for method, kind in OPERATIONS],
    *[("anonymous", method, kind, 401) for method, kind in OPERATIONS],
]


def state() -> tuple:
    return (
        sorted(PushSubscription.objects.values_list("pk", "patient_id")),
        sorted(EpisodeCheckins.objects.values_list("pk", "enabled")),
    )


@pytest.mark.parametrize(("who", "method", "kind", "expected"), CASES, ids=str)
def test_access(who, method, kind, expected, alices, caller, settings):
    settings.PUSH_SERVICE_ORIGINS = ["https://fcm.googleapis.com"]
    body = {
        "post": browser("new").subscription_json(),
        "patch": {"enabled": False},
    }.get(method)
    before = state()

    client = caller(who)
    url = path_for(kind, alices)
    response = getattr(client, method)(url, body, format="json") if body else getattr(client, method)(url)

    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response.json()["type"] == "client_error"
        assert state() == before
        assert str(alices["subscription"].pk) not in response.content.decode()
        assert "phone-token" not in response.content.decode()


def test_lists_hold_only_the_callers_subscriptions(alice, bob, client_for):
    mine = {str(subscribe(alice, browser(f"a{i}")).pk) for i in range(2)}
    subscribe(bob, browser("b"))
    body = client_for(alice).get("/api/v1/push-subscriptions/").json()
    assert {item["id"] for item in body["results"]} == mine


# --- push/config -----------------------------------------------------------------------------


def test_push_config_is_public_and_says_whether_push_is_on(api, settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = "", ""
    assert api.get("/api/v1/push/config").json() == {"enabled": False, "vapid_public_key": None}
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = VAPID_PUBLIC, "secret"
    response = api.get("/api/v1/push/config")
    assert response.status_code == 200
    assert response.json() == {"enabled": True, "vapid_public_key": VAPID_PUBLIC}
    assert "secret" not in response.content.decode()


# --- push-subscriptions/ --------------------------------------------------------------------


def test_subscribing_stores_the_browsers_subscription_json_and_again_is_idempotent(alice, client_for):
    client, phone = client_for(alice), browser()
    response = client.post(
        "/api/v1/push-subscriptions/", phone.subscription_json(), format="json", HTTP_USER_AGENT="Phone/1.0"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["endpoint"] == phone.endpoint and body["user_agent"] == "Phone/1.0"
    assert body["last_success_at"] is None

    renewed = Browser(endpoint=phone.endpoint)  # same endpoint, new keys
    again = client.post("/api/v1/push-subscriptions/", renewed.subscription_json(), format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert PushSubscription.objects.get().p256dh == renewed.p256dh


def test_an_endpoint_another_account_registered_moves_to_the_new_holder(alice, bob, client_for):
    phone = browser()
    old = subscribe(bob, phone)
    Delivery.objects.create(
        patient=bob,
        subscription=old,
        kind="daily",
        reference="2026-03-28",
        due_at="2026-03-28T08:00:00Z",
        claim="00000000-0000-0000-0000-000000000001",
    )
    response = client_for(alice).post("/api/v1/push-subscriptions/", phone.subscription_json(), format="json")
    assert response.status_code == 201
    assert response.json()["id"] != str(old.pk)
    assert list(PushSubscription.objects.values_list("patient_id", flat=True)) == [alice.pk]
    assert Delivery.objects.get().subscription is None  # bob's record of the attempt stays


def test_a_patient_keeps_at_most_twenty_devices(alice, client_for):
    client = client_for(alice)
    ids = [
        client.post(
            "/api/v1/push-subscriptions/", browser(f"d{i}").subscription_json(), format="json"
        ).json()["id"]
        for i in range(22)
    ]
    kept = set(PushSubscription.objects.values_list("pk", flat=True))
    assert len(kept) == 20
    assert {str(k) for k in kept} == set(ids[2:])  # the two oldest went


@pytest.mark.parametrize(
    ("change", "attr"),
    [
        ({"endpoint": "https://evil.example.org/push/1"}, "endpoint"),  # not a push service
        ({"endpoint": "http://fcm.googleapis.com/fcm/send/x"}, "endpoint"),  # not https
        ({"endpoint": "https://user:pw@fcm.googleapis.com/fcm/send/x"}, "endpoint"),
        ({"endpoint": "http://127.0.0.1:6379/"}, "endpoint"),  # never our own network
        ({"endpoint": "not a url"}, "endpoint"),
        ({"endpoint": 5}, "endpoint"),
        ({"keys": {"p256dh": "AAAA", "auth": "x"}}, "keys.p256dh"),
        ({"keys": {"p256dh": 5, "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, "keys.p256dh"),
        ({"keys": None}, "keys"),
        ({"keys": "nope"}, "keys.non_field_errors"),
    ],
)
def test_a_bad_subscription_is_refused_naming_the_field(alice, client_for, change, attr):
    body = {**browser().subscription_json(), **change}
    response = client_for(alice).post("/api/v1/push-subscriptions/", body, format="json")
    assert response.status_code == 400
    assert attr in error_attrs(response)
    assert not PushSubscription.objects.exists()


def test_an_auth_secret_must_be_16_bytes(alice, client_for):
    body = browser().subscription_json()
    body["keys"]["auth"] = "AAAA"
    response = client_for(alice).post("/api/v1/push-subscriptions/", body, format="json")
    assert error_attrs(response) == ["keys.auth"]


def test_deleting_a_subscription_stops_reminders_to_that_device(alice, client_for):
    phone = subscribe(alice, browser())
    assert client_for(alice).delete(f"/api/v1/push-subscriptions/{phone.pk}/").status_code == 204
    assert not PushSubscription.objects.exists()
    assert client_for(alice).get(f"/api/v1/push-subscriptions/{phone.pk}/").status_code == 404


# --- episodes/{id}/checkins/ -------------------------------------------------------------------


def test_an_episode_follows_the_default_until_given_its_own(alice, client_for):
    client, episode = client_for(alice), create(alice, "episode")
    url = f"/api/v1/episodes/{episode.pk}/checkins/"
    assert client.get(url).json() == {
        "episode": str(episode.pk),
        "custom": False,
        "enabled": True,
        "checkin_offsets": ["1h", "1d", "3d", "7d"],
    }
    changed = client.patch(url, {"checkin_offsets": ["7d", "1h", "14d", "1h"]}, format="json")
    assert changed.json() == {
        "episode": str(episode.pk),
        "custom": True,
        "enabled": True,
        "checkin_offsets": ["1h", "7d", "14d"],
    }
    client.patch("/api/v1/me/", {"reminders": {"checkin_offsets": ["1d"]}}, format="json")
    assert client.get(url).json()["checkin_offsets"] == ["1h", "7d", "14d"]  # its own stays
    assert client.delete(url).status_code == 204
    assert client.get(url).json()["custom"] is False
    assert client.get(url).json()["checkin_offsets"] == ["1d"]


@pytest.mark.parametrize(
    ("body", "attr"),
    [
        ({"checkin_offsets": ["5m"]}, "checkin_offsets.0"),
        ({"checkin_offsets": "1h"}, "checkin_offsets"),
        ({"checkin_offsets": None}, "checkin_offsets"),
        ({"enabled": "yes"}, "enabled"),
        ({"enabled": 1}, "enabled"),
    ],
)
def test_bad_check_in_settings_are_refused(alice, client_for, body, attr):
    episode = create(alice, "episode")
    response = client_for(alice).patch(f"/api/v1/episodes/{episode.pk}/checkins/", body, format="json")
    assert response.status_code == 400
    assert attr in error_attrs(response)
    assert not EpisodeCheckins.objects.exists()


def test_a_deleted_episode_has_no_check_ins(alice, client_for):
    episode = create(alice, "episode")
    client_for(alice).delete(f"/api/v1/episodes/{episode.pk}/")
    assert client_for(alice).get(f"/api/v1/episodes/{episode.pk}/checkins/").status_code == 404


# --- me/: reminders ---------------------------------------------------------------------------


def test_me_shows_the_default_reminders_to_a_patient_and_none_to_a_clinician(alice, carol, client_for):
    assert client_for(alice).get("/api/v1/me/").json()["reminders"] == {
        "daily_enabled": False,
        "daily_time": "20:00",
        "checkins_enabled": True,
        "checkin_offsets": ["1h", "1d", "3d", "7d"],
        "assessments_enabled": False,
    }
    assert client_for(carol).get("/api/v1/me/").json()["reminders"] is None
    assert not ReminderSettings.objects.exists()  # reading saves nothing


def test_patching_me_changes_only_the_reminder_settings_given(alice, client_for):
    client = client_for(alice)
    response = client.patch(
        "/api/v1/me/", {"reminders": {"daily_enabled": True, "daily_time": "07:45"}}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["reminders"]["daily_time"] == "07:45"
    response = client.patch(
        "/api/v1/me/", {"display_name": "Al", "reminders": {"checkins_enabled": False}}, format="json"
    )
    assert response.json()["display_name"] == "Al"
    assert response.json()["reminders"] == {
        "daily_enabled": True,
        "daily_time": "07:45",
        "checkins_enabled": False,
        "checkin_offsets": ["1h", "1d", "3d", "7d"],
        "assessments_enabled": False,
    }


@pytest.mark.parametrize(
    ("reminders", "attr"),
    [
        ({"daily_time": "25:00"}, "reminders.daily_time"),
        ({"daily_time": "8am"}, "reminders.daily_time"),
        ({"daily_time": 800}, "reminders.daily_time"),
        ({"daily_enabled": "true"}, "reminders.daily_enabled"),
        ({"checkin_offsets": ["1w"]}, "reminders.checkin_offsets.0"),
        (None, "reminders"),
        ("on", "reminders.non_field_errors"),
    ],
)
def test_bad_reminder_settings_are_refused_naming_the_field(alice, client_for, reminders, attr):
    response = client_for(alice).patch(
        "/api/v1/me/", {"display_name": "X", "reminders": reminders}, format="json"
    )
    assert response.status_code == 400
    assert attr in error_attrs(response)
    alice.refresh_from_db()
    assert alice.display_name == "Alice" and not ReminderSettings.objects.exists()


def test_a_clinician_cannot_set_reminders(carol, client_for):
    response = client_for(carol).patch("/api/v1/me/", {"reminders": {"daily_enabled": True}}, format="json")
    assert response.status_code == 400
    assert error_attrs(response) == ["reminders"]
    assert not ReminderSettings.objects.exists()


# --- keys and erasure ---------------------------------------------------------------------------


def test_generate_vapid_keys_prints_a_pair_that_signs():
    out = io.StringIO()
    call_command("generate_vapid_keys", "--subject", "mailto:ops@example.org", stdout=out)
    values = dict(line.split("=", 1) for line in out.getvalue().split())
    assert set(values) == {"VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT"}
    assert len(b64url_decode(values["VAPID_PUBLIC_KEY"])) == 65  # what applicationServerKey takes
    headers = Vapid.from_string(private_key=values["VAPID_PRIVATE_KEY"]).sign(
        {"sub": values["VAPID_SUBJECT"], "aud": "https://fcm.googleapis.com", "exp": 4102444800}
    )
    assert Vapid.verify(headers["Authorization"])
    assert values["VAPID_PUBLIC_KEY"] in headers["Authorization"]


def test_erasing_the_account_erases_its_reminders(alice, bob):
    episode = create(alice, "episode")
    sub = subscribe(alice, browser())
    services.reminder_settings_update(patient=alice, daily_enabled=True)
    services.episode_checkins_update(patient=alice, episode_id=episode.pk, enabled=False)
    Delivery.objects.create(
        patient=alice,
        subscription=sub,
        kind="daily",
        reference="2026-03-28",
        due_at="2026-03-28T08:00:00Z",
        claim="00000000-0000-0000-0000-000000000001",
    )
    subscribe(bob, browser("bob"))

    user_erase(user=alice)

    for model in (PushSubscription, ReminderSettings, EpisodeCheckins, Delivery):
        assert not model.objects.filter(patient_id=alice.pk).exists(), model
    assert PushSubscription.objects.filter(patient=bob).exists()


def test_only_superusers_see_reminders_in_the_admin_and_read_only(alice):
    from django.test import Client

    from accounts.models import User

    sub = subscribe(alice, browser())
    staff = User.objects.create_user("staff@example.com", "x-long-password-1", is_staff=True)
    root = User.objects.create_superuser("root@example.com", "x-long-password-1")
    as_staff, as_root = Client(), Client()
    as_staff.force_login(staff)
    as_root.force_login(root)
    for url in ("/admin/reminders/pushsubscription/", f"/admin/reminders/pushsubscription/{sub.pk}/change/"):
        assert as_staff.get(url).status_code == 403
        page = as_root.get(url)
        assert page.status_code == 200
        assert "phone-token" not in page.content.decode()  # the endpoint is a credential: not shown
    assert as_root.get("/admin/reminders/delivery/").status_code == 200
    deleting = as_root.post(f"/admin/reminders/pushsubscription/{sub.pk}/delete/", {"post": "yes"})
    assert deleting.status_code == 403

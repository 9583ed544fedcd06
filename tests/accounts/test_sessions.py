"""Sessions end: after an idle spell, at an absolute age, and everywhere when asked.

Both kinds of session are covered: a browser's cookie and an app's X-Session-Token (which
is a session key). Time passes by rewriting the stamps accounts.sessions keeps.
"""

from __future__ import annotations

import time
from importlib import import_module

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from accounts import sessions
from accounts.services import user_sign_out_everywhere
from tests.accounts.signin import app_login, browser_login

pytestmark = pytest.mark.django_db
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


def token_of(client: APIClient) -> str:
    return client._credentials["HTTP_X_SESSION_TOKEN"]


def age(session, *, idle: int = 0, started: int = 0) -> None:
    """Move the session's last use `idle` seconds and its start `started` seconds back."""
    session[sessions.SEEN] -= idle
    session[sessions.STARTED] -= started
    session.save()


def test_sign_in_stamps_the_session_with_the_patients_limits(alice):
    device = app_login(alice)
    stored = SessionStore(session_key=token_of(device))
    limits = settings.SESSION_TIMEOUTS["patient"]
    assert (stored[sessions.IDLE], stored[sessions.ABSOLUTE]) == (limits["idle"], limits["absolute"])
    assert abs(stored[sessions.STARTED] - time.time()) < 5


def test_clinicians_and_staff_get_the_shorter_limits(carol, alice):
    alice.is_staff = True
    alice.save()
    privileged = settings.SESSION_TIMEOUTS["privileged"]
    for user in (carol, alice):
        stored = SessionStore(session_key=token_of(app_login(user)))
        assert (stored[sessions.IDLE], stored[sessions.ABSOLUTE]) == (
            privileged["idle"],
            privileged["absolute"],
        )
    assert privileged["idle"] <= 30 * 60 and privileged["absolute"] <= 12 * 3600


@pytest.mark.parametrize("kind", ["idle", "absolute"])
def test_an_app_token_expires(alice, kind):
    device = app_login(alice)
    assert device.get("/api/v1/me/").status_code == 200
    stored = SessionStore(session_key=token_of(device))
    limits = settings.SESSION_TIMEOUTS["patient"]
    if kind == "idle":
        age(stored, idle=limits["idle"] + 1)
    else:
        age(stored, started=limits["absolute"] + 1)  # used a moment ago, but too old

    assert device.get("/api/v1/me/").status_code == 401
    assert not SessionStore().exists(token_of(device))  # ended, not just refused


@pytest.mark.parametrize("kind", ["idle", "absolute"])
def test_a_browser_session_expires(alice, kind):
    browser = browser_login(alice)
    assert browser.get("/api/v1/me/").status_code == 200
    stored = browser.session
    limits = settings.SESSION_TIMEOUTS["patient"]
    age(stored, **({"idle": limits["idle"] + 1} if kind == "idle" else {"started": limits["absolute"] + 1}))

    assert browser.get("/api/v1/me/").status_code == 401


def test_use_keeps_a_session_alive_and_is_recorded_at_most_once_a_minute(alice):
    device = app_login(alice)
    stored = SessionStore(session_key=token_of(device))
    idle = settings.SESSION_TIMEOUTS["patient"]["idle"]
    age(stored, idle=idle - 10)  # nearly idle too long

    assert device.get("/api/v1/me/").status_code == 200
    seen = SessionStore(session_key=token_of(device))[sessions.SEEN]
    assert abs(seen - time.time()) < 5  # the clock restarted
    assert sessions.session_touch({sessions.SEEN: int(time.time())}) is False


def test_a_clinician_is_signed_out_of_the_portal_after_thirty_idle_minutes(carol, client_for):
    browser = client_for(carol)
    assert browser.get("/care/").status_code == 200
    age(browser.session, idle=settings.SESSION_TIMEOUTS["privileged"]["idle"] + 1)

    response = browser.get("/care/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sign_out_everywhere_ends_every_device(alice, bob):
    phone, tablet, browser = app_login(alice), app_login(alice), browser_login(alice)
    untracked = APIClient()
    untracked.force_login(alice)  # a session allauth did not record: ended by the session salt
    bobs = app_login(bob)

    response = phone.post("/api/v1/me/sign-out-everywhere")

    assert response.status_code == 204
    assert phone.get("/api/v1/me/").status_code in (401, 410)
    assert tablet.get("/api/v1/me/").status_code in (401, 410)
    assert browser.get("/api/v1/me/").status_code == 401
    assert untracked.get("/api/v1/me/").status_code == 401
    assert bobs.get("/api/v1/me/").status_code == 200
    assert app_login(alice).get("/api/v1/me/").status_code == 200  # signing in again works


def test_signing_out_everywhere_counts_the_tracked_sessions(alice):
    app_login(alice), app_login(alice)
    assert user_sign_out_everywhere(user=alice) == 2
    assert user_sign_out_everywhere(user=alice) == 0


def test_allauths_own_session_list_is_available_to_apps(alice):
    """allauth.usersessions: a device lists the account's sessions (and can end one)."""
    device = app_login(alice)
    app_login(alice)
    response = device.get("/_allauth/app/v1/auth/sessions")
    assert response.status_code == 200
    assert len(response.json()["data"]) == 2

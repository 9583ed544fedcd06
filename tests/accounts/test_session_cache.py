"""Sessions and signed-in users come from the sign-in cache, and a revocation reaches it at once.

Each scenario runs on both sign-in caches the settings can pick (accounts.signin_cache): the
host folder of the embedded SQLite default and Redis (marked `redis`). Devices are signed in
and used once, so the cache holds their session and user; then the account is revoked in some
way and the very next request must be refused. Sign-ins run their on-commit work, as a real
request's transaction would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts import signin_cache
from accounts.models import Role
from accounts.services import user_set_active, user_sign_out_everywhere
from accounts.session_store import PREFIX
from accounts.user_cache import user_cache_refresh
from tests.accounts.signin import app_login, browser_login
from tests.accounts.test_admin import act, admin_client
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def host_folder(tmp_path: Path) -> dict:
    return {
        "BACKEND": "config.cache.HostFileCache",
        "LOCATION": str(tmp_path / "signin"),
        "KEY_PREFIX": "signin",
        "TIMEOUT": None,
    }


def redis_store() -> dict:
    return {
        "BACKEND": "config.cache.SignInCache",
        "LOCATION": settings.REDIS_URL,
        "KEY_PREFIX": "signin-test",
    }


@pytest.fixture(params=["host-folder", pytest.param("redis", marks=pytest.mark.redis)])
def store(request, settings, tmp_path):
    """The sign-in cache under test, empty."""
    entry = host_folder(tmp_path) if request.param == "host-folder" else redis_store()
    settings.CACHES = {**settings.CACHES, "signin": entry}
    settings.SIGNIN_CACHE = "signin"
    caches["signin"].clear()
    return request.param


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`committed(fn)`: fn, then what it left for after its commit (as a request's commit would)."""

    def run(fn):
        with django_capture_on_commit_callbacks(execute=True):
            return fn()

    return run


def auth_queries(fn) -> list[str]:
    """The queries fn made about sessions and users."""
    with CaptureQueriesContext(connection) as captured:
        fn()
    return [
        q["sql"]
        for q in captured.captured_queries
        if any(table in q["sql"] for table in ('"django_session"', '"accounts_user"', "usersession"))
    ]


def devices(user, committed) -> dict[str, APIClient]:
    """A phone (token), a browser (cookie), and a session allauth never tracked; each used once."""
    committed(lambda: user_cache_refresh(user.pk))  # the account's creation committed, as it would have
    untracked = APIClient()
    committed(lambda: untracked.force_login(user))
    found = {
        "token": committed(lambda: app_login(user)),
        "cookie": committed(lambda: browser_login(user)),
        "untracked": untracked,
    }
    for client in found.values():
        assert client.get("/api/v1/entries/").status_code == 200
    return found


def test_a_signed_in_request_asks_the_database_nothing_about_its_session_or_user(store, alice, committed):
    for name, client in devices(alice, committed).items():
        assert auth_queries(lambda c=client: c.get("/api/v1/entries/")) == [], name


def test_sign_out_everywhere_is_refused_on_the_very_next_request(store, alice, bob, committed):
    mine, bobs = devices(alice, committed), devices(bob, committed)

    assert committed(lambda: mine["token"].post("/api/v1/me/sign-out-everywhere")).status_code == 204

    for name, client in mine.items():
        assert client.get("/api/v1/entries/").status_code == 401, name
    for name, client in bobs.items():
        assert client.get("/api/v1/entries/").status_code == 200, name


def test_an_admins_force_sign_out_is_refused_on_the_very_next_request(store, root, alice, committed):
    mine = devices(alice, committed)

    committed(lambda: act(admin_client(root), "force_sign_out", alice))

    for name, client in mine.items():
        assert client.get("/api/v1/entries/").status_code == 401, name


def test_the_revocation_holds_before_its_transaction_commits_too(store, alice, committed):
    """Inside the transaction (no on-commit work run) the cached session and user are already retired."""
    mine = devices(alice, committed)
    user_sign_out_everywhere(user=alice)
    for name, client in mine.items():
        assert client.get("/api/v1/entries/").status_code == 401, name


def test_a_changed_password_ends_the_other_sessions_at_once(store, alice, committed):
    mine = devices(alice, committed)

    def change() -> None:
        alice.set_password("a-new-and-long-passphrase")
        alice.save()

    committed(change)

    for name, client in mine.items():
        assert client.get("/api/v1/entries/").status_code == 401, name


@pytest.mark.parametrize("how", ["saved", "service"])
def test_a_deactivated_account_is_refused_at_once(store, alice, committed, how):
    mine = devices(alice, committed)

    def deactivate() -> None:
        if how == "saved":  # the row alone: no session ended, the cached user must still go
            alice.is_active = False
            alice.save()
        else:
            user_set_active(user=alice, active=False)

    committed(deactivate)

    for name, client in mine.items():
        assert client.get("/api/v1/entries/").status_code == 401, name


def test_a_role_change_takes_effect_on_the_next_request(store, alice, committed):
    mine = devices(alice, committed)
    alice.role = Role.CLINICIAN
    committed(alice.save)

    for name, client in mine.items():
        response = client.get("/api/v1/entries/")
        assert response.status_code == 403, name  # a clinician has no diary of their own
        assert client.get("/api/v1/me/").json()["role"] == "clinician"


def test_an_erased_account_is_refused_at_once(store, alice, committed):
    mine = devices(alice, committed)
    response = committed(lambda: mine["token"].delete("/api/v1/me/", {"password": PASSWORD}, format="json"))
    assert response.status_code == 204
    for name, client in mine.items():
        assert client.get("/api/v1/entries/").status_code == 401, name


def test_a_revocation_written_by_another_process_is_honoured(store, alice, committed):
    """The store is shared by processes: another process marks the session ended; this one refuses it."""
    phone = devices(alice, committed)["token"]
    token = phone._credentials["HTTP_X_SESSION_TOKEN"]
    entry = settings.CACHES["signin"]
    script = (
        "import django; django.setup()\n"
        "from django.utils.module_loading import import_string\n"
        "from accounts.signin_cache import GONE, GONE_SECONDS\n"
        f"params = {{'KEY_PREFIX': {entry['KEY_PREFIX']!r}, 'TIMEOUT': None}}\n"
        f"store = import_string({entry['BACKEND']!r})({entry['LOCATION']!r}, params)\n"
        f"store.set({PREFIX + token!r}, GONE, GONE_SECONDS)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=60)

    assert phone.get("/api/v1/entries/").status_code == 401


def test_a_session_of_the_former_backend_paths_stays_signed_in_and_moves(store, alice, committed):
    """Sessions signed in before the cached backends name Django's or allauth's: moved on first use."""
    browser = browser_login(alice)
    session = browser.session
    session["_auth_user_backend"] = "allauth.account.auth_backends.AuthenticationBackend"
    session.save()

    assert browser.get("/api/v1/me/").status_code == 200
    assert browser.session["_auth_user_backend"] == "accounts.backends.AuthenticationBackend"


@pytest.mark.redis
def test_values_written_before_a_redis_outage_are_retired_after_it(settings, alice, committed, monkeypatch):
    """A revocation that could not reach Redis: the process raises the epoch when Redis answers again."""
    settings.CACHES = {**settings.CACHES, "signin": redis_store()}
    settings.SIGNIN_CACHE = "signin"
    store = caches["signin"]
    store.clear()
    store.breaker.reset()
    phone = devices(alice, committed)["token"]
    token = phone._credentials["HTTP_X_SESSION_TOKEN"]
    assert isinstance(store.get(PREFIX + token), dict)

    def unreachable(*args, **kwargs):
        raise redis.exceptions.ConnectionError("Redis is down")

    with monkeypatch.context() as m:  # the end of the session is written while Redis is down
        m.setattr(store.primary, "set", unreachable)
        m.setattr(store.primary, "get", unreachable)
        committed(lambda: user_sign_out_everywhere(user=alice))
    assert store.breaker.allows() is False
    store.breaker.reset()  # Redis answers again

    assert store.get(PREFIX + token) is None  # the old copy is retired, not served
    assert phone.get("/api/v1/entries/").status_code == 401
    assert signin_cache.signin_cache() is store


def test_a_device_ended_from_another_is_refused_at_once(store, alice, committed):
    """allauth's session list: one device ends another's session; only that session goes."""
    committed(lambda: user_cache_refresh(alice.pk))  # the account's creation committed
    phone, tablet = committed(lambda: app_login(alice)), committed(lambda: app_login(alice))
    for client in (phone, tablet):
        assert client.get("/api/v1/entries/").status_code == 200
    listed = tablet.get("/_allauth/app/v1/auth/sessions").json()["data"]
    other = next(s["id"] for s in listed if not s["is_current"])

    response = committed(
        lambda: tablet.delete("/_allauth/app/v1/auth/sessions", {"sessions": [other]}, format="json")
    )

    assert response.status_code == 200, response.content
    assert phone.get("/api/v1/entries/").status_code == 401
    assert tablet.get("/api/v1/entries/").status_code == 200


def test_a_signed_out_token_is_refused_at_once(store, alice, committed):
    committed(lambda: user_cache_refresh(alice.pk))  # the account's creation committed
    phone = committed(lambda: app_login(alice))
    assert phone.get("/api/v1/entries/").status_code == 200

    assert committed(lambda: phone.delete("/_allauth/app/v1/auth/session")).status_code == 401  # signed out

    assert phone.get("/api/v1/entries/").status_code == 401

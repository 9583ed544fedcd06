"""What a signed-in API request costs before its view runs: no query about the session or user
once the sign-in cache holds them, and no write but the last-use stamp once a minute.

Both ways of signing in are measured: the PWA's X-Session-Token and a browser's session
cookie. Sign-ins run their on-commit work, as a real request's transaction would.
"""

from __future__ import annotations

from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts import sessions
from accounts.user_cache import user_cache_refresh
from tests.accounts.signin import app_login, browser_login

pytestmark = pytest.mark.django_db
AUTH_TABLES = ('"django_session"', '"accounts_user"', '"usersessions_usersession"')


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(fn):
        with django_capture_on_commit_callbacks(execute=True):
            return fn()

    return run


@pytest.fixture(params=["token", "cookie"])
def device(request, alice, committed) -> APIClient:
    committed(lambda: user_cache_refresh(alice.pk))  # the account's creation committed, as it would have
    if request.param == "token":
        return committed(lambda: app_login(alice))
    browser = committed(lambda: browser_login(alice))
    client = APIClient()
    client.cookies = browser.cookies
    return client


def auth_queries(client: APIClient, path: str = "/api/v1/entries/") -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in captured.captured_queries if any(t in q["sql"] for t in AUTH_TABLES)]


def test_a_warm_request_costs_no_session_or_user_query(device):
    device.get("/api/v1/entries/")
    for path in ("/api/v1/entries/", "/api/v1/sync/pull", "/api/v1/me/"):
        assert auth_queries(device, path) == [], path


def test_a_cold_cache_costs_one_query_for_the_session_and_one_for_the_user_once(device):
    device.get("/api/v1/entries/")
    caches["signin"].clear()  # a restarted Redis, a new host folder

    cold = auth_queries(device)

    assert len(cold) == 2, cold
    assert ['"django_session"' in cold[0], '"accounts_user"' in cold[1]] == [True, True]
    assert auth_queries(device) == []


def test_without_a_sign_in_cache_the_database_is_asked_twice(device, settings):
    """PostgreSQL without Redis (settings: no SIGNIN_CACHE): Django's own cost, no more."""
    settings.SIGNIN_CACHE = None
    device.get("/api/v1/entries/")
    assert len(auth_queries(device)) == 2  # the session, then the user (allauth's lookup reuses the first)


def test_the_last_use_is_written_at_most_once_a_minute(device, alice):
    device.get("/api/v1/entries/")

    def writes() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert device.get("/api/v1/entries/").status_code == 200
        return sum(
            1
            for q in captured.captured_queries
            if q["sql"].startswith(("UPDATE", "INSERT", "DELETE")) and '"django_session"' in q["sql"]
        )

    assert [writes() for _ in range(5)] == [0] * 5

    session = next(s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(alice.pk))
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=session.session_key)
    store[sessions.SEEN] -= sessions.TOUCH_EVERY + 1  # a minute has passed since the last stamp
    store.save()

    assert [writes() for _ in range(3)] == [1, 0, 0]


def request_queries(client: APIClient, method: str, path: str, body: dict | None = None) -> list[str]:
    """Every query a whole request makes (middleware, sign-in, the view), but the rate limiter's:
    its counters live in the default cache, Redis in production and a database table only on
    the embedded default (tests/ops/test_cache_fallback.py covers that cache)."""
    with CaptureQueriesContext(connection) as captured:
        response = (
            getattr(client, method)(path, body, format="json") if body else getattr(client, method)(path)
        )
    assert response.status_code == 200, response.content
    cache_table = connection.ops.quote_name("cache")  # the default cache's table (and Redis's fallback)
    return [
        q["sql"]
        for q in captured.captured_queries
        if cache_table not in q["sql"] and "SAVEPOINT" not in q["sql"]
    ]


def test_an_up_to_date_pull_costs_at_most_three_queries_in_all(device):
    """The issue's budget: a device that has everything asks again, and the whole request, from
    the session to the answer, reads the database at most three times."""
    device.post(
        "/api/v1/sync/push",
        {"client_id": "7a1b0f0e-9c1d-4a35-9a53-2f4f8f2e3d10", "mutations": []},
        format="json",
    )
    cursor = None
    while True:  # the first sync, to its end
        page = device.get("/api/v1/sync/pull", {"cursor": cursor} if cursor else {}).json()
        cursor = page["cursor"]
        if not page["has_more"]:
            break

    queries = request_queries(device, "get", f"/api/v1/sync/pull?cursor={cursor}")

    assert len(queries) <= 3, queries
    assert not any(table in sql for sql in queries for table in ('"diary_entry"', '"diary_medicationintake"'))


def test_a_list_page_costs_at_most_three_queries_in_all(device):
    device.get("/api/v1/entries/")
    assert len(request_queries(device, "get", "/api/v1/entries/")) <= 3

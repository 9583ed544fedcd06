"""The cache when Redis is down: the database stands in, rate limits keep counting, nothing 500s.

Each test has its own Redis stand-in (tests.blackbox.redis_process): a closed port, a port that
never answers, or a throwaway redis-server. None needs the Redis of CI's second pass, so all of
them run in both passes.
"""

from __future__ import annotations

import time

import pytest
import redis
from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.test import Client
from rest_framework.throttling import SimpleRateThrottle

from tests.blackbox.redis_process import closed_port, pending_connections, redis_server, silent_server
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def fallback_cache(location: str, *, retry_seconds: float = 60.0, table: str = "cache") -> dict:
    return {
        "default": {
            "BACKEND": "config.cache.FallbackRedisCache",
            "LOCATION": location,
            "OPTIONS": {"FALLBACK_TABLE": table, "RETRY_SECONDS": retry_seconds},
        }
    }


def database_table() -> DatabaseCache:
    """The database cache table read directly, as the fallback writes it (same key format)."""
    return DatabaseCache("cache", {})


@pytest.fixture
def redis_down(settings) -> str:
    """The cache points at a Redis nobody runs."""
    location = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CACHES = fallback_cache(location)
    return location


def test_an_unreachable_redis_is_served_by_the_database_table(redis_down):
    assert cache.add("outage-key", "written during the outage", 60) is True
    assert cache.add("outage-key", "a second add", 60) is False  # allauth's locks rely on add()

    assert cache.get("outage-key") == "written during the outage"
    assert database_table().get("outage-key") == "written during the outage"
    assert cache.serving_from_redis is False


def test_a_redis_that_never_answers_costs_one_timeout_not_one_per_request(settings):
    with silent_server() as (port, listener):
        settings.CACHES = fallback_cache(f"redis://127.0.0.1:{port}/0")
        started = time.monotonic()
        cache.set("first", 1)
        first = time.monotonic() - started

        started = time.monotonic()
        for n in range(50):
            cache.set(f"key-{n}", n)
            assert cache.get(f"key-{n}") == n
        rest = time.monotonic() - started

        attempts = pending_connections(listener)
    assert first < 2.0  # one socket timeout (0.5 s), not redis-py's default of none
    assert rest < 10.0  # the breaker is open: waiting on Redis each time, 100 operations would take 50 s
    assert attempts == 1  # Redis was tried once, by the first operation


def test_redis_is_used_again_once_the_breaker_window_has_passed(settings):
    port = closed_port()
    settings.CACHES = fallback_cache(f"redis://127.0.0.1:{port}/0", retry_seconds=5.0)
    cache.set("during", "database")
    window_ends = time.monotonic() + 5.0
    with redis_server(port) as url:
        direct = redis.Redis.from_url(url)
        cache.set("within-window", "database")  # Redis is up, but the breaker is still open
        assert direct.exists(cache.make_key("within-window")) == 0
        assert database_table().get("within-window") == "database"

        time.sleep(window_ends - time.monotonic() + 0.1)
        cache.set("after", "redis")

        assert direct.exists(cache.make_key("after")) == 1
        assert database_table().get("after") is None
        assert cache.get("after") == "redis"
        assert cache.serving_from_redis is True
        assert cache.get("during") is None  # the stores are not merged: outage counts stay behind
        direct.close()


def test_a_value_redis_cannot_store_is_an_error_not_an_outage(settings):
    port = closed_port()
    settings.CACHES = fallback_cache(f"redis://127.0.0.1:{port}/0")
    with redis_server(port):
        cache.set("text", "not a number")
        with pytest.raises(Exception, match="not an integer"):
            cache.incr("text")  # Redis answered: the error is the caller's, not a reason to fail over
        assert cache.serving_from_redis is True


@pytest.fixture
def small_rates(monkeypatch):
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "user": "3/min", "anon": "2/min", "sync": "2/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def test_api_rates_keep_counting_in_the_database_during_an_outage(redis_down, small_rates, alice, client_for):
    client = client_for(alice)

    assert [client.get("/api/v1/entries/").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/entries/")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert [client.get("/api/v1/sync/pull").status_code for _ in range(3)] == [200, 200, 429]  # own rate


def test_sign_in_limits_fail_closed_during_an_outage(redis_down, alice, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "7/m/ip"}
    client = Client()

    def login(password: str):
        body = {"email": alice.email, "password": password}
        return client.post("/_allauth/app/v1/auth/login", body, content_type="application/json")

    def codes(response) -> list[str]:
        return [error["code"] for error in response.json()["errors"]]

    # login_failed: 5 failures per address and IP in 5 minutes, then the address is locked
    failures = [codes(login("wrong-password-123")) for _ in range(6)]
    assert failures[:5] == [["email_password_mismatch"]] * 5
    assert failures[5] == ["too_many_login_attempts"]
    assert codes(login(PASSWORD)) == ["too_many_login_attempts"]  # not even the right password
    # login: every attempt from the IP counts (7 a minute here), then 429
    assert login(PASSWORD).status_code == 429


@pytest.fixture
def cache_and_fallback_down(settings) -> None:
    """Redis is down and the fallback table is missing: no rate can be counted at all.

    A failed query aborts a PostgreSQL transaction, so these tests commit (transactional_db).
    """
    settings.CACHES = fallback_cache(f"redis://127.0.0.1:{closed_port()}/0", table="no_such_cache_table")


@pytest.mark.django_db(transaction=True)
def test_throttles_let_signed_in_users_through_when_nothing_can_count(
    cache_and_fallback_down, small_rates, alice, client_for
):
    client = client_for(alice)

    assert [client.get("/api/v1/entries/").status_code for _ in range(5)] == [200] * 5
    assert [client.get("/api/v1/sync/pull").status_code for _ in range(3)] == [200] * 3
    assert client.post("/api/v1/summaries/", {}, format="json").status_code == 202


@pytest.mark.django_db(transaction=True)
def test_throttles_refuse_anonymous_requests_when_nothing_can_count(cache_and_fallback_down, api):
    refused = api.get("/api/v1/catalog/")

    assert refused.status_code == 429
    assert refused.json()["errors"][0]["code"] == "throttled"

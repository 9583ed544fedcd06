"""Limits on every input that costs the server: body size, JSON depth, page size, batch size,
notes length, and request rates per user, per IP and on sign-in. Clear 413 and 429 answers.

(Mutations per push and the push's own byte limit: tests/sync/test_push.py; notes length
per record kind: tests/api/test_records_validation.py. Rates are made small here.)
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.throttling import SimpleRateThrottle

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["type"] == "client_error"
    assert body["errors"][0]["code"] == code


# --- body size -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/entries/", "/api/v1/me/sign-out-everywhere", "/_allauth/app/v1/auth/login", "/care/"]
)
def test_a_body_over_the_limit_is_413_before_anything_reads_it(alice, client_for, path):
    body = json.dumps({"notes": "x" * (settings.REQUEST_MAX_BYTES + 1)})
    response = client_for(alice).generic("POST", path, body, content_type="application/json")
    assert_error(response, 413, "payload_too_large")


def test_the_push_and_the_import_take_larger_bodies(alice, client_for):
    padding = " " * (settings.REQUEST_MAX_BYTES + 1)  # whitespace is valid JSON
    push = f'{{"client_id": "{uuid.uuid4()}", "mutations": []{padding}}}'
    client = client_for(alice)
    assert (
        client.generic("POST", "/api/v1/sync/push", push, content_type="application/json").status_code == 200
    )
    document = f'{{"entries": []{padding}}}'
    assert (
        client.generic("POST", "/api/v1/import/", document, content_type="application/json").status_code
        == 201
    )
    too_big = " " * (settings.REQUEST_BODY_LIMITS["/api/v1/sync/push"] + 1)
    response = client.generic("POST", "/api/v1/sync/push", f"{{{too_big}}}", content_type="application/json")
    assert_error(response, 413, "payload_too_large")


@pytest.mark.parametrize("path", ["/api/v1/entries/", "/api/v1/sync/push", "/api/v1/import/"])
def test_json_nested_too_deep_is_400_not_500(alice, client_for, path):
    body = "[" * 100_000 + "]" * 100_000
    response = client_for(alice).generic("POST", path, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "parse_error"


def test_forms_are_refused_the_api_reads_json_only(alice, client_for):
    response = client_for(alice).post("/api/v1/entries/", {"pain_now": "5"}, format="multipart")
    assert_error(response, 415, "unsupported_media_type")


# --- page size, notes -------------------------------------------------------------------------


@pytest.mark.parametrize("page_size", ["0", "-1", "ten", "1.5", ""])
def test_a_bad_page_size_is_400_naming_it(alice, client_for, page_size):
    response = client_for(alice).get("/api/v1/entries/", {"page_size": page_size})
    assert response.status_code == 400
    assert [e["attr"] for e in response.json()["errors"]] == ["page_size"]


def test_notes_longer_than_the_limit_are_refused(alice, client_for):
    body = {"recorded_at": "2026-03-03T08:30:00+01:00", "pain_now": 6, "notes": "x" * 5001}
    response = client_for(alice).post("/api/v1/entries/", body, format="json")
    assert response.status_code == 400
    assert [e["attr"] for e in response.json()["errors"]] == ["notes"]


# --- request rates ------------------------------------------------------------------------------


@pytest.fixture
def small_rates(monkeypatch):
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "user": "3/min", "anon": "2/min", "sync": "2/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def test_each_user_has_a_rate_shared_by_their_devices(small_rates, alice, bob, client_for):
    phone, laptop = client_for(alice), client_for(alice)
    assert [phone.get("/api/v1/entries/").status_code for _ in range(3)] == [200, 200, 200]

    refused = laptop.get("/api/v1/entries/")

    assert_error(refused, 429, "throttled")
    assert int(refused["Retry-After"]) > 0
    assert client_for(bob).get("/api/v1/entries/").status_code == 200  # bob has his own budget


def test_each_ip_has_a_rate_when_signed_out(small_rates, api):
    assert [api.get("/api/v1/catalog/").status_code for _ in range(2)] == [200, 200]
    assert_error(api.get("/api/v1/catalog/"), 429, "throttled")
    assert api.get("/api/v1/catalog/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_sync_has_its_own_rate(small_rates, alice, client_for):
    client = client_for(alice)
    assert [client.get("/api/v1/sync/pull").status_code for _ in range(2)] == [200, 200]
    assert_error(client.get("/api/v1/sync/pull"), 429, "throttled")


def test_sign_in_attempts_are_limited_per_ip(alice, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    client = Client()

    def login(email: str):
        body = {"email": email, "password": PASSWORD}
        return client.post("/_allauth/app/v1/auth/login", body, content_type="application/json")

    assert login("nobody@example.com").status_code == 400
    assert login("nobody2@example.com").status_code == 400
    assert login(alice.email).status_code == 429  # even the right password, from this IP, for now


def test_the_rate_limits_live_in_the_shared_cache():
    assert settings.CACHES["default"]["BACKEND"] in {
        "django.core.cache.backends.db.DatabaseCache",
        "config.cache.FallbackRedisCache",  # Redis, and the database table while Redis is down
    }

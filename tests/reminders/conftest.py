"""Fixtures for reminders: VAPID keys, a fake push service on loopback, subscribed patients.

`push_service` is a local HTTP server standing in for FCM/autopush (tests/reminders/fakepush);
the settings let the server post to it (PUSH_SERVICE_ORIGINS) with a fresh VAPID key pair.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from core.webpush import vapid_keys_generate
from reminders import services
from reminders.models import PushSubscription
from tests.reminders.fakepush import Browser, FakePushService

VAPID_PUBLIC, VAPID_PRIVATE = vapid_keys_generate()


@pytest.fixture
def vapid(settings):
    settings.VAPID_PUBLIC_KEY = VAPID_PUBLIC
    settings.VAPID_PRIVATE_KEY = VAPID_PRIVATE
    settings.VAPID_SUBJECT = "mailto:ops@example.org"
    return settings


@pytest.fixture
def push_service(vapid):
    with FakePushService() as service:
        vapid.PUSH_SERVICE_ORIGINS = ["http://127.0.0.1"]
        yield service


def subscribe(patient, browser: Browser) -> PushSubscription:
    subscription, _ = services.subscription_register(
        patient=patient,
        endpoint=browser.endpoint,
        p256dh=browser.p256dh,
        auth=browser.auth,
        user_agent="test",
    )
    return subscription


def at(text: str) -> datetime:
    """An aware instant from ISO 8601 with an offset ("2026-03-29T07:00:00+00:00")."""
    value = datetime.fromisoformat(text)
    assert value.tzinfo is not None
    return value

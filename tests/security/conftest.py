"""A world for authorization and header tests: alice's whole diary, shared with carol.

Five callers: alice (the owner), bob (another patient), carol (a clinician alice shares
her full diary with), dan (a clinician with no share) and an anonymous client. Every URL
kwarg of the API and the portal (record_id, share_id, patient_id, summary_id) names one of
alice's things, so each caller tries to reach alice's data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from accounts.models import Role, User
from care import services as care_services
from care.models import Scope, Share, Summary
from reminders import services as reminder_services
from reminders.models import PushSubscription
from tests.api.conftest import create
from tests.care.conftest import share_for
from tests.conftest import make_user

SECRET = "alice-secret-note-7f3a"  # in alice's notes: must never reach anyone but alice and carol
ROLES = ("anonymous", "clinician_unshared", "other_patient", "clinician_shared", "owner")


@dataclass
class World:
    alice: User
    bob: User
    carol: User
    dan: User
    records: dict  # entity -> alice's record
    share: Share  # alice → carol, full, accepted
    summary: Summary  # alice's, ready
    subscription: PushSubscription  # alice's phone, for reminders

    def users(self) -> dict[str, User | None]:
        return {
            "owner": self.alice,
            "other_patient": self.bob,
            "clinician_shared": self.carol,
            "clinician_unshared": self.dan,
            "anonymous": None,
        }

    def kwargs_for(self, route: str) -> dict[str, str]:
        """Values for a route's URL kwargs: alice's record, share, summary, or alice herself."""
        entity = next((e for e, p in ENTITY_PATHS.items() if route.startswith(f"api/v1/{p}/")), None)
        values = {
            "patient_id": self.alice.pk,
            "summary_id": self.summary.pk,
            "share_id": self.share.pk,
            "subscription_id": self.subscription.pk,
            "record_id": self.records[entity].pk if entity else None,
        }
        return {k: str(v) for k, v in values.items() if v is not None}

    def marks(self) -> list[str]:
        """Strings that only alice's data contains."""
        return [SECRET, self.alice.email, *(str(r.pk) for r in self.records.values())]


ENTITY_PATHS = {
    "episode": "episodes",
    "administration": "administrations",
    "entry": "entries",
    "medication": "medications",
}


def build_world() -> World:
    alice = make_user("alice@example.com", display_name="Alice", timezone="Europe/London")
    bob = make_user("bob@example.com", display_name="Bob")
    carol = make_user("carol@clinic.example.com", role=Role.CLINICIAN, display_name="Dr Carol")
    dan = make_user("dan@clinic.example.com", role=Role.CLINICIAN, display_name="Dr Dan")
    episode = create(alice, "episode", notes=SECRET)
    records = {
        "episode": episode,
        "administration": create(alice, "administration", episode=episode.pk, notes=SECRET),
        "entry": create(alice, "entry", notes=SECRET, diary_date="2026-03-03"),
        "medication": create(alice, "medication", notes=SECRET),
    }
    share = share_for(alice, carol, scope=Scope.FULL)
    summary = Summary.objects.create(patient=alice, period_start="2026-03-01", period_end="2026-03-30")
    care_services.summaries_compute(summary_ids=[summary.pk])
    summary.refresh_from_db()
    subscription, _ = reminder_services.subscription_register(
        patient=alice, endpoint="https://fcm.googleapis.com/fcm/send/alice-phone", **push_keys()
    )
    return World(alice, bob, carol, dan, records, share, summary, subscription)


def push_keys() -> dict[str, str]:
    """A browser's push keys (a P-256 public key and an auth secret), as PushManager makes them."""
    from tests.reminders.fakepush import Browser

    browser = Browser(endpoint="")
    return {"p256dh": browser.p256dh, "auth": browser.auth}


@pytest.fixture
def world(db) -> World:
    return build_world()


def client_as(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client

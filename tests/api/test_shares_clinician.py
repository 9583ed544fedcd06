"""`clinician/shares/` and `clinician/patients/`: a clinician sees the shares addressed to a
*verified* email of theirs, accepts them, and then sees the patient; nothing else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Role
from care.models import Share
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

SHARES = "/api/v1/clinician/shares/"
PATIENTS = "/api/v1/clinician/patients/"


@pytest.fixture
def dan(db):
    """Another clinician."""
    return make_user("dan@clinic.example.com", role=Role.CLINICIAN, display_name="Dr Dan")


def share(patient, email="carol@clinic.example.com", **fields) -> Share:
    return Share.objects.create(patient=patient, clinician_email=email, scope="summary", **fields)


def accept(client, share_obj):
    return client.post(f"{SHARES}{share_obj.pk}/accept")


def ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


def test_a_pending_share_is_listed_then_accepted(alice, carol, client_for):
    pending = share(alice)
    client = client_for(carol)

    listed = client.get(SHARES).json()["results"]
    assert [(s["id"], s["status"], s["patient"]["email"]) for s in listed] == [
        (str(pending.pk), "pending", "alice@example.com")
    ]
    assert ids(client.get(PATIENTS)) == set()

    response = accept(client, pending)

    assert response.status_code == 200
    assert response.json()["status"] == "active"
    pending.refresh_from_db()
    assert pending.clinician == carol and pending.accepted_at is not None
    assert client.get(SHARES).json()["results"][0]["status"] == "active"
    patients = client.get(PATIENTS).json()["results"]
    assert [(p["id"], p["scope"], p["share_id"]) for p in patients] == [
        (str(alice.pk), "summary", str(pending.pk))
    ]
    assert client.get(PATIENTS)["Cache-Control"] == "no-store"


def test_accepting_twice_keeps_the_first_acceptance(alice, carol, client_for):
    pending = share(alice)
    first = accept(client_for(carol), pending).json()
    assert accept(client_for(carol), pending).json()["accepted_at"] == first["accepted_at"]


def test_the_email_match_ignores_case(alice, carol, client_for):
    pending = share(alice, email="CAROL@clinic.example.com".lower())
    assert accept(client_for(carol), pending).status_code == 200


def test_an_unverified_email_sees_nothing_and_cannot_accept(alice, client_for):
    unverified = make_user("eve@clinic.example.com", role=Role.CLINICIAN)
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    pending = share(alice, email="eve@clinic.example.com")

    assert ids(client_for(unverified).get(SHARES)) == set()
    assert accept(client_for(unverified), pending).status_code == 404
    pending.refresh_from_db()
    assert pending.accepted_at is None


def test_a_second_verified_address_counts(alice, dan, client_for):
    EmailAddress.objects.create(user=dan, email="dan@hospital.example.org", verified=True, primary=False)
    pending = share(alice, email="dan@hospital.example.org")
    assert accept(client_for(dan), pending).status_code == 200


def test_another_clinician_cannot_accept_or_see_a_share_not_addressed_to_them(alice, carol, dan, client_for):
    pending = share(alice)

    assert ids(client_for(dan).get(SHARES)) == set()
    assert accept(client_for(dan), pending).status_code == 404

    accept(client_for(carol), pending)
    assert ids(client_for(dan).get(PATIENTS)) == set()


@pytest.mark.parametrize("state", ["revoked", "expired"])
def test_revoked_or_expired_shares_cannot_be_accepted_and_are_not_listed(state, alice, carol, client_for):
    ended = (
        share(alice, revoked_at=timezone.now())
        if state == "revoked"
        else share(alice, expires_on=timezone.localdate() - timedelta(days=1))
    )

    assert ids(client_for(carol).get(SHARES)) == set()
    assert accept(client_for(carol), ended).status_code == 404


@pytest.mark.parametrize("state", ["revoked", "expired"])
def test_an_accepted_share_that_ends_drops_the_patient_at_once(state, alice, carol, client_for):
    active = share(alice)
    accept(client_for(carol), active)
    assert ids(client_for(carol).get(PATIENTS)) == {str(alice.pk)}

    if state == "revoked":
        client_for(alice).post(f"/api/v1/shares/{active.pk}/revoke")
    else:
        Share.objects.filter(pk=active.pk).update(expires_on=timezone.localdate() - timedelta(days=1))

    assert ids(client_for(carol).get(PATIENTS)) == set()
    assert ids(client_for(carol).get(SHARES)) == set()


def test_a_patient_sharing_twice_is_listed_once_with_the_widest_scope(alice, carol, client_for):
    summary_only, full = share(alice), share(alice)
    Share.objects.filter(pk=full.pk).update(scope="full")
    accept(client_for(carol), summary_only)
    accept(client_for(carol), full)

    patients = client_for(carol).get(PATIENTS).json()["results"]

    assert [(p["id"], p["scope"]) for p in patients] == [(str(alice.pk), "full")]


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", SHARES), ("get", PATIENTS), ("post", f"{SHARES}{'1' * 8}-1111-4111-8111-111111111111/accept")],
)
def test_patients_get_403_and_strangers_401(method, path, alice, client_for):
    assert getattr(client_for(alice), method)(path).status_code == 403
    assert getattr(client_for(None), method)(path).status_code == 401

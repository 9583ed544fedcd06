"""`shares/`: a patient shares with a clinician by email, sees each share's status and last access,
and revokes it. Another patient never sees or touches alice's shares (404)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from care.models import Share
from tests.api.conftest import error_attrs

pytestmark = pytest.mark.django_db

URL = "/api/v1/shares/"
TODAY = timezone.localdate


def create(client, on_commit=None, **over):
    body = {"clinician_email": "carol@clinic.example.com", "scope": "summary", "expires_on": None, **over}
    post = lambda: client.post(URL, body, format="json")  # noqa: E731
    return on_commit(post) if on_commit else post()


def test_creating_a_share_answers_the_share_pending_and_emails_the_clinician(alice, client_for, on_commit):
    response = create(
        client_for(alice), on_commit, clinician_email=" Carol@Clinic.example.com ", scope="full"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["clinician_email"] == "carol@clinic.example.com"
    assert body["scope"] == "full"
    assert body["status"] == "pending"
    assert body["expires_on"] is None
    assert body["last_accessed_at"] is None
    assert body["accepted_at"] is None and body["revoked_at"] is None
    assert response["Cache-Control"] == "no-store"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["carol@clinic.example.com"]
    assert "Alice" in mail.outbox[0].subject
    assert "/care/" in mail.outbox[0].body


def test_the_email_goes_out_only_when_the_share_is_committed(
    alice, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert create(client_for(alice)).status_code == 201
    assert mail.outbox == []
    assert len(callbacks) == 1


@pytest.mark.parametrize(
    ("over", "bad_field"),
    [
        ({"clinician_email": "not an email"}, "clinician_email"),
        ({"clinician_email": "alice@example.com"}, "clinician_email"),
        ({"scope": "everything"}, "scope"),
        ({"expires_on": "2020-01-01"}, "expires_on"),
        ({"expires_on": "01/02/2030"}, "expires_on"),
    ],
)
def test_invalid_shares_are_refused_naming_the_field(over, bad_field, alice, client_for):
    response = create(client_for(alice), **over)

    assert response.status_code == 400
    assert error_attrs(response) == [bad_field]
    assert not Share.objects.exists()


def test_expires_on_today_is_allowed(alice, client_for):
    assert create(client_for(alice), expires_on=TODAY().isoformat()).status_code == 201


def test_a_non_object_body_is_a_400(alice, client_for):
    assert client_for(alice).post(URL, ["x"], format="json").status_code == 400


def test_the_list_shows_each_share_with_its_status(alice, carol, client_for):
    client = client_for(alice)
    pending = create(client).json()
    active = Share.objects.get(pk=create(client).json()["id"])
    active.clinician, active.accepted_at = carol, timezone.now()
    active.save()
    expired = Share.objects.get(pk=create(client, expires_on=TODAY().isoformat()).json()["id"])
    Share.objects.filter(pk=expired.pk).update(expires_on=TODAY() - timedelta(days=1))
    revoked = create(client).json()
    client.post(f"{URL}{revoked['id']}/revoke")

    body = client.get(URL).json()

    statuses = {item["id"]: item["status"] for item in body["results"]}
    assert statuses == {
        pending["id"]: "pending",
        str(active.pk): "active",
        str(expired.pk): "expired",
        revoked["id"]: "revoked",
    }
    assert [i["clinician_name"] for i in body["results"] if i["id"] == str(active.pk)] == ["Dr Carol"]
    assert body["next"] is None


def test_revoking_ends_the_share_and_is_idempotent(alice, client_for):
    client = client_for(alice)
    share = create(client).json()

    first = client.post(f"{URL}{share['id']}/revoke")
    second = client.post(f"{URL}{share['id']}/revoke")

    assert first.status_code == 200
    assert first.json()["status"] == "revoked"
    assert second.json()["revoked_at"] == first.json()["revoked_at"]


def test_another_patient_cannot_see_or_revoke_alices_shares(alice, bob, client_for):
    share = create(client_for(alice)).json()

    assert client_for(bob).get(URL).json()["results"] == []
    response = client_for(bob).post(f"{URL}{share['id']}/revoke")

    assert response.status_code == 404
    assert Share.objects.get(pk=share["id"]).revoked_at is None


def test_an_unknown_share_is_404(alice, client_for):
    assert client_for(alice).post(f"{URL}00000000-0000-0000-0000-000000000000/revoke").status_code == 404


SOME_ID = "11111111-1111-4111-8111-111111111111"


@pytest.mark.parametrize(
    ("method", "path"), [("get", URL), ("post", URL), ("post", f"{URL}{SOME_ID}/revoke")]
)
def test_clinicians_get_403_and_strangers_401(method, path, carol, client_for):
    assert getattr(client_for(carol), method)(path).status_code == 403
    assert getattr(client_for(None), method)(path).status_code == 401

"""`DELETE /api/v1/me/`: erasing an account leaves no row of the patient's data anywhere.

The big test gives alice every kind of data the service keeps (records and a tombstone,
sync clients, results, a conflict and a rejection, summaries, shares, a clinician's audited
reads, an admin's change history, an MFA authenticator, three signed-in devices), erases
her, then walks every model of every installed app and reads every row.
"""

from __future__ import annotations

import uuid

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from care.models import AccessLog, Scope
from diary.models import Conflict, Entry, Rejection, SyncClient, SyncResult
from tests.accounts.signin import app_login, browser_login
from tests.api.conftest import create
from tests.care.conftest import share_for
from tests.conftest import PASSWORD
from tests.security.conftest import SECRET
from tests.sync.conftest import Device

pytestmark = pytest.mark.django_db
PROJECT_APPS = {"accounts", "diary", "care"}
# Audit records keep the patient's id, as a plain value: clinician reads, admin changes.
AUDIT_ID_FIELDS = {(AccessLog, "patient"), (LogEntry, "object_id")}


def give_alice_everything(alice, carol, superuser) -> list[APIClient | Client]:
    devices = [app_login(alice), app_login(alice), browser_login(alice)]
    episode = create(alice, "episode", notes=SECRET)
    create(alice, "administration", episode=episode.pk, notes=SECRET)
    create(alice, "medication", notes=SECRET)
    gone = create(alice, "entry", notes=SECRET)
    assert devices[0].delete(f"/api/v1/entries/{gone.pk}/").status_code == 204  # a tombstone

    phone = Device(devices[0])
    entry_id = uuid.uuid4()
    created = phone.push_one(
        "entry", "upsert", entry_id, data={"recorded_at": "2026-05-01T08:00:00+01:00", "pain_now": 6}
    )
    assert (
        devices[1].patch(f"/api/v1/entries/{entry_id}/", {"notes": SECRET}, format="json").status_code == 200
    )
    clash = phone.push_one(
        "entry", "upsert", entry_id, base_version=created["version"], data={"notes": "other"}
    )
    bad = phone.push_one("entry", "upsert", uuid.uuid4(), data={"pain_now": 99, "notes": SECRET})
    assert (clash["status"], bad["status"]) == ("conflict", "rejected")

    assert devices[0].post("/api/v1/summaries/", {}, format="json").status_code == 202
    share = share_for(alice, carol, scope=Scope.FULL)
    share_for(alice, carol, state="pending")
    carol_client = APIClient()
    carol_client.force_login(carol)
    assert carol_client.get(f"/api/v1/clinician/patients/{alice.pk}/entries/").status_code == 200
    assert AccessLog.objects.filter(share=share).exists()

    Authenticator.objects.create(user=alice, type=Authenticator.Type.TOTP, data={"secret": "x"})
    LogEntry.objects.create(
        user=superuser,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(alice.pk),
        object_repr=str(alice),
        action_flag=CHANGE,
        change_message="[]",
    )
    for model in (Conflict, Rejection, SyncClient, SyncResult):
        assert model.objects.filter(patient=alice).exists(), model
    return devices


def rows_mentioning(patient_id, email: str) -> list[str]:
    """Every (model, field) of every installed app whose row holds the patient's id, email or notes."""
    found = []
    marks = (str(patient_id), patient_id.hex, email, SECRET)
    for model in apps.get_models():
        for obj in model.objects.all():
            for field in model._meta.concrete_fields:
                if (model, field.name) in AUDIT_ID_FIELDS:
                    continue
                value = field.value_from_object(obj)
                if value == patient_id or any(mark in str(value) for mark in marks):
                    if model is AccessLog and field.name == "path":
                        continue  # the audited URL holds the patient's id: ids only
                    found.append(f"{model._meta.label}.{field.name} (pk {obj.pk})")
    return found


def test_erasing_an_account_leaves_nothing_of_the_patient(alice, bob, carol):
    superuser = User.objects.create_superuser("root@example.com", "x-long-password-1")
    devices = give_alice_everything(alice, carol, superuser)
    create(bob, "entry", notes="bob's own")
    alice_id, email = alice.pk, alice.email
    assert rows_mentioning(alice_id, email)  # the walk does see alice before

    response = devices[0].delete("/api/v1/me/", {"password": PASSWORD}, format="json")

    assert response.status_code == 204, response.content
    assert rows_mentioning(alice_id, email) == []
    project_models = [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]
    assert {m._meta.label for m in project_models} >= {
        "accounts.User",
        "diary.Entry",
        "diary.PatientClock",
        "diary.SyncClient",
        "diary.SyncResult",
        "diary.Conflict",
        "diary.Rejection",
        "care.Share",
        "care.Summary",
        "care.AccessLog",
    }
    for session in Session.objects.all():
        assert session.get_decoded().get("_auth_user_id") != str(alice_id)
    # every device is signed out: the app tokens are gone, the browser is anonymous
    assert devices[1].get("/api/v1/me/").status_code in (401, 410)
    assert devices[2].get("/api/v1/me/").status_code == 401
    # the audit keeps the read, with ids only
    log = AccessLog.objects.get()
    assert (log.patient_id, log.share_id, log.clinician_id) == (alice_id, None, carol.pk)
    assert LogEntry.objects.get().object_repr == "erased account"
    # nobody else lost anything
    assert Entry.objects.filter(patient=bob).count() == 1
    assert User.objects.filter(pk=carol.pk).exists()


@pytest.mark.parametrize(("body", "code"), [({}, "required"), ({"password": "wrong-password"}, "incorrect")])
def test_a_missing_or_wrong_password_erases_nothing(alice, client_for, body, code):
    create(alice, "entry")

    response = client_for(alice).delete("/api/v1/me/", body, format="json")

    assert response.status_code == 400
    assert [(e["attr"], e["code"]) for e in response.json()["errors"]] == [("password", code)]
    assert Entry.objects.filter(patient=alice).count() == 1


def test_password_guesses_are_rate_limited(alice, client_for):
    client = client_for(alice)
    codes = [
        client.delete("/api/v1/me/", {"password": f"guess-{i}"}, format="json").status_code for i in range(11)
    ]
    assert codes[:10] == [400] * 10
    assert codes[10] == 429
    assert client.delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 429
    assert User.objects.filter(pk=alice.pk).exists()


def test_anonymous_cannot_erase(api):
    assert api.delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 401

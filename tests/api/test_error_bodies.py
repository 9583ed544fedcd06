"""The error bodies clients branch on, word for word: one request for each error status.

Captured before the domain stopped raising HTTP errors (issue: a domain that knows no HTTP);
the move must not change a byte of what a client reads. Each case is a real request through
the public API, and the whole JSON body is compared.
"""

from __future__ import annotations

import uuid

import pytest
from rest_framework.throttling import SimpleRateThrottle

from care.models import Scope
from tests.api.conftest import create, entry_data
from tests.care.conftest import share_for

MISSING = "00000000-0000-4000-8000-000000000000"


def body(kind: str, *errors: tuple[str, str, str | None]) -> dict:
    return {"type": kind, "errors": [{"code": c, "detail": d, "attr": a} for c, d, a in errors]}


@pytest.fixture
def patient(alice, client_for):
    return client_for(alice)


def test_400_names_every_bad_field(patient):
    response = patient.post("/api/v1/entries/", entry_data(pain_now=11, mood="good"), format="json")

    assert response.status_code == 400
    assert response.json() == body(
        "validation_error",
        ("max_value", "Ensure this value is less than or equal to 10.", "pain_now"),
        ("invalid", "A whole number is required (not text, a fraction or a boolean).", "mood"),
    )


def test_400_of_a_domain_rule(alice, patient):
    response = patient.post(
        "/api/v1/shares/",
        {"clinician_email": alice.email, "scope": "summary", "expires_on": None},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == body(
        "validation_error",
        ("invalid", "Share with your clinician's address, not your own.", "clinician_email"),
    )


def test_401_when_signed_out(api):
    response = api.get("/api/v1/entries/")

    assert response.status_code == 401
    assert response.json() == body(
        "client_error", ("not_authenticated", "Authentication credentials were not provided.", None)
    )


def test_403_for_a_summary_only_share(alice, carol, client_for):
    share_for(alice, carol, scope=Scope.SUMMARY)

    response = client_for(carol).get(f"/api/v1/clinician/patients/{alice.pk}/entries/")

    assert response.status_code == 403
    assert response.json() == body(
        "client_error",
        ("permission_denied", "This patient shares summaries only, not the full diary.", None),
    )


def test_404_for_a_record_that_is_not_yours(bob, patient):
    bobs = create(bob, "entry")

    response = patient.get(f"/api/v1/entries/{bobs.pk}/")

    assert response.status_code == 404
    assert response.json() == body("client_error", ("not_found", "Not found.", None))


def test_404_for_a_patient_who_does_not_share(alice, carol, client_for):
    response = client_for(carol).get(f"/api/v1/clinician/patients/{alice.pk}/summaries/")

    assert response.status_code == 404
    assert response.json() == body("client_error", ("not_found", "Not found.", None))


def test_404_for_a_share_that_is_not_yours(patient):
    response = patient.post(f"/api/v1/shares/{MISSING}/revoke")

    assert response.status_code == 404
    assert response.json() == body("client_error", ("not_found", "Not found.", None))


def test_409_for_an_id_in_use(alice, patient):
    first = create(alice, "entry")

    response = patient.post("/api/v1/entries/", entry_data(id=str(first.pk)), format="json")

    assert response.status_code == 409
    assert response.json() == body(
        "client_error", ("conflict", "A record with this id already exists.", None)
    )


def test_409_for_a_gap_in_mids(patient):
    mutation = {"mid": 3, "entity": "entry", "op": "delete", "id": MISSING, "base_version": None}

    response = patient.post(
        "/api/v1/sync/push", {"client_id": str(uuid.uuid4()), "mutations": [mutation]}, format="json"
    )

    assert response.status_code == 409
    assert response.json() == {
        **body("client_error", ("unexpected_mid", "expected mid 1", "mutations")),
        "expected_mid": 1,
    }


def test_409_for_a_summary_not_ready(alice, patient):
    from care.models import Summary

    summary = Summary.objects.create(patient=alice, period_start="2026-03-01", period_end="2026-03-21")

    response = patient.get(f"/api/v1/summaries/{summary.pk}/pdf")

    assert response.status_code == 409
    assert response.json() == body(
        "client_error", ("summary_not_ready", "This summary is not ready: see its status.", None)
    )


def test_412_for_a_stale_if_match(alice, patient):
    record = create(alice, "entry")

    response = patient.patch(
        f"/api/v1/entries/{record.pk}/", {"pain_now": 3}, format="json", HTTP_IF_MATCH='"999"'
    )

    assert response.status_code == 412
    assert response.json() == body(
        "client_error",
        ("precondition_failed", "The record has changed since that version; fetch it again.", None),
    )


def test_413_for_too_many_mutations(patient):
    mutations = [
        {"mid": i, "entity": "entry", "op": "delete", "id": MISSING, "base_version": None}
        for i in range(1, 502)
    ]

    response = patient.post(
        "/api/v1/sync/push", {"client_id": str(uuid.uuid4()), "mutations": mutations}, format="json"
    )

    assert response.status_code == 413
    assert response.json() == body(
        "client_error", ("payload_too_large", "At most 500 mutations per push.", None)
    )


def test_429_when_throttled(patient, monkeypatch):
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "user": "1/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    patient.get("/api/v1/entries/")

    response = patient.get("/api/v1/entries/")

    assert response.status_code == 429
    assert response.json()["type"] == "client_error"
    [error] = response.json()["errors"]
    assert (error["code"], error["attr"]) == ("throttled", None)
    assert error["detail"].startswith("Request was throttled. Expected available in ")

"""`export/?format=json|csv|fhir`: everything alice has, never cached, hers only."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from tests.api.conftest import create, error_attrs

pytestmark = pytest.mark.django_db

URL = "/api/v1/export/"
LOINC_PAIN = "72514-3"


def export(client, fmt: str):
    response = client.get(f"{URL}?format={fmt}")
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return response


def test_json_holds_the_profile_and_every_record_as_the_api_shows_it(alice, bob, alice_diary, client_for):
    create(bob, "entry")  # never in alice's export
    client = client_for(alice)

    response = export(client, "json")

    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["profile"]["email"] == "alice@example.com"
    assert document["profile"]["timezone"] == "Europe/London"
    for resource in ("episodes", "administrations", "entries", "medications"):
        listed = client.get(f"/api/v1/{resource}/?page_size=500").json()["results"]
        assert sorted(document[resource], key=lambda r: r["id"]) == sorted(listed, key=lambda r: r["id"]), (
            resource
        )
    assert len(document["entries"]) == 21  # the deleted one is not exported
    assert len(document["medications"]) == 7


def test_json_is_the_default_format(alice, client_for):
    assert client_for(alice).get(URL)["Content-Type"] == "application/json"


def test_csv_is_a_zip_with_one_file_per_kind(alice, alice_diary, client_for):
    response = export(client_for(alice), "csv")

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "administrations.csv",
        "entries.csv",
        "episodes.csv",
        "medications.csv",
        "profile.csv",
    ]
    entries = list(csv.DictReader(io.StringIO(archive.read("entries.csv").decode())))
    assert len(entries) == 21
    effects = next(e for e in entries if e["diary_date"] == "2026-03-21")["side_effects"]
    assert json.loads(effects) == [{"code": "bladder_pain", "severity": 1}]
    medications = list(csv.DictReader(io.StringIO(archive.read("medications.csv").decode())))
    mme = sorted(float(m["mme"]) for m in medications if m["mme"])
    assert mme == [4.5, 10, 10, 15, 15, 28.8]  # paracetamol has none: an empty cell
    assert sum(1 for m in medications if m["mme"] == "") == 1


def test_csv_cells_cannot_start_a_spreadsheet_formula(alice, client_for):
    create(alice, "entry", notes='=HYPERLINK("http://evil")')
    archive = zipfile.ZipFile(io.BytesIO(export(client_for(alice), "csv").content))
    row = next(csv.DictReader(io.StringIO(archive.read("entries.csv").decode())))
    assert row["notes"] == '\'=HYPERLINK("http://evil")'


def test_fhir_is_an_r4_collection_bundle(alice, alice_diary, client_for):
    response = export(client_for(alice), "fhir")

    assert response["Content-Type"] == "application/fhir+json"
    bundle = json.loads(response.content)
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "collection"
    resources = [e["resource"] for e in bundle["entry"]]
    assert all(e["fullUrl"] == f"urn:uuid:{e['resource']['id']}" for e in bundle["entry"])
    kinds = [r["resourceType"] for r in resources]
    assert kinds.count("Patient") == 1
    assert kinds.count("Observation") == 21
    assert kinds.count("MedicationAdministration") == 3
    assert kinds.count("MedicationStatement") == 7
    patient = f"urn:uuid:{alice.pk}"
    assert all(r["subject"] == {"reference": patient} for r in resources if r["resourceType"] != "Patient")


def test_fhir_pain_scores_are_loinc_survey_observations_with_the_devices_offset(
    alice, alice_diary, client_for
):
    bundle = json.loads(export(client_for(alice), "fhir").content)
    observations = {
        r["id"]: r for e in bundle["entry"] if (r := e["resource"])["resourceType"] == "Observation"
    }

    late = observations[alice_diary["entries"][11]["id"]]  # 00:30 at +01:00 on 12 March

    assert late["status"] == "final"
    assert late["code"]["coding"] == [
        {
            "system": "http://loinc.org",
            "code": LOINC_PAIN,
            "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        }
    ]
    assert late["category"][0]["coding"][0]["code"] == "survey"
    assert (
        late["category"][0]["coding"][0]["system"]
        == "http://terminology.hl7.org/CodeSystem/observation-category"
    )
    assert late["valueInteger"] == 5
    assert late["effectiveDateTime"] == "2026-03-12T00:30:00+01:00"


def test_fhir_medications(alice, alice_diary, client_for):
    bundle = json.loads(export(client_for(alice), "fhir").content)
    by_id = {e["resource"]["id"]: e["resource"] for e in bundle["entry"]}

    a1 = by_id[alice_diary["a1"]]
    assert a1["status"] == "completed"
    assert a1["medicationCodeableConcept"] == {"text": "Ketamine"}
    assert a1["effectiveDateTime"] == "2026-03-08T10:00:00+00:00"
    assert a1["dosage"]["dose"] == {
        "value": 35,
        "unit": "mg",
        "system": "http://unitsofmeasure.org",
        "code": "mg",
    }
    assert a1["dosage"]["route"] == {"text": "Intravenous infusion"}
    statements = [r for r in by_id.values() if r["resourceType"] == "MedicationStatement"]
    patch = next(s for s in statements if s["medicationCodeableConcept"]["text"].startswith("Fentanyl"))
    assert patch["status"] == "completed"
    assert patch["dosage"][0]["doseAndRate"][0]["doseQuantity"]["code"] == "ug/h"
    assert patch["effectiveDateTime"] == "2026-03-16T09:00:00+00:00"


@pytest.mark.parametrize("fmt", ["xml", "JSON", "csv;drop", "fhir&format=xml"])
def test_an_unknown_format_is_400_naming_format(fmt, alice, client_for):
    response = client_for(alice).get(f"{URL}?format={fmt}")

    assert response.status_code == 400
    assert error_attrs(response) == ["format"]
    assert response["Cache-Control"] == "no-store"


def test_export_is_for_the_signed_in_patient_only(carol, client_for):
    assert client_for(carol).get(URL).status_code == 403
    assert client_for(None).get(URL).status_code == 401

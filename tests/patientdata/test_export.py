"""`export/?format=json|csv|fhir`: everything alice has, never cached, hers only."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter

import pytest

from tests.api.conftest import create, error_attrs

pytestmark = pytest.mark.django_db

URL = "/api/v1/export/"
LOINC_PAIN = "72514-3"
DIARY_DATE = "https://paindiary.test/fhir/StructureDefinition/diary-date"


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
        "assessments.csv",
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


def _fhir(client) -> dict:
    response = export(client, "fhir")
    assert response["Content-Type"] == "application/fhir+json"
    return json.loads(response.content)


def _members(by_id: dict, panel_id: str) -> list[dict]:
    """The Observations of one diary entry: its panel's hasMember, resolved."""
    return [by_id[m["reference"].removeprefix("urn:uuid:")] for m in by_id[panel_id]["hasMember"]]


def test_fhir_is_an_r4_collection_bundle(alice, alice_diary, client_for):
    bundle = _fhir(client_for(alice))

    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "collection"
    resources = [e["resource"] for e in bundle["entry"]]
    assert all(e["fullUrl"] == f"urn:uuid:{e['resource']['id']}" for e in bundle["entry"])
    kinds = Counter(r["resourceType"] for r in resources)
    assert (kinds["Patient"], kinds["EpisodeOfCare"], kinds["Condition"]) == (1, 1, 1)
    assert kinds["MedicationAdministration"] == 3
    assert kinds["MedicationStatement"] == 7
    codes = Counter(
        c["code"] for r in resources if r["resourceType"] == "Observation" for c in r["code"]["coding"]
    )
    assert codes["diary_entry"] == 21  # one panel per entry; the deleted one is not exported
    assert codes[LOINC_PAIN] == 21
    assert codes["mood"] == 18  # mood from 5 March on
    # 21 panels + 21 pain now + 18 moods + 3 PGIC + 8 side effects + 3 blood pressures + 1 weight
    assert kinds["Observation"] == 21 + 21 + 18 + 3 + 8 + 3 + 1
    patient = {"reference": f"urn:uuid:{alice.pk}"}
    for r in resources:
        if r["resourceType"] not in ("Patient", "EpisodeOfCare"):
            assert r["subject"] == patient, r["resourceType"]
    assert next(r for r in resources if r["resourceType"] == "EpisodeOfCare")["patient"] == patient


def test_fhir_pain_scores_are_loinc_survey_observations_with_the_devices_offset(
    alice, alice_diary, client_for
):
    by_id = {e["resource"]["id"]: e["resource"] for e in _fhir(client_for(alice))["entry"]}

    late = alice_diary["entries"][11]  # 00:30 at +01:00 on 12 March, nausea severe
    members = _members(by_id, late["id"])
    pain_now = next(m for m in members if m["code"]["coding"][0]["system"] == "http://loinc.org")

    assert pain_now["status"] == "final"
    assert pain_now["code"]["coding"] == [
        {
            "system": "http://loinc.org",
            "code": LOINC_PAIN,
            "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        }
    ]
    assert pain_now["category"][0]["coding"][0] == {
        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
        "code": "survey",
        "display": "Survey",
    }
    assert pain_now["valueInteger"] == 5
    assert pain_now["effectiveDateTime"] == "2026-03-12T00:30:00+01:00"
    assert {"url": DIARY_DATE, "valueDate": "2026-03-12"} in pain_now["extension"]
    assert by_id[late["id"]]["effectiveDateTime"] == "2026-03-12T00:30:00+01:00"
    effect = next(m for m in members if "valueCodeableConcept" in m)
    assert effect["code"]["text"] == "Nausea"
    assert effect["valueCodeableConcept"]["coding"][0]["code"] == "24484000"  # SNOMED CT: severe

    # Logged at 01:00 on the 8th about the 7th: the instant as recorded, the day it is about.
    after_midnight = _members(by_id, alice_diary["entries"][6]["id"])[0]
    assert after_midnight["effectiveDateTime"] == "2026-03-08T01:00:00+00:00"
    assert {"url": DIARY_DATE, "valueDate": "2026-03-07"} in after_midnight["extension"]


def test_fhir_medications(alice, alice_diary, client_for):
    by_id = {e["resource"]["id"]: e["resource"] for e in _fhir(client_for(alice))["entry"]}
    mg = {"unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}

    a1 = by_id[alice_diary["a1"]]
    assert a1["status"] == "completed"
    assert a1["medicationCodeableConcept"]["text"] == "Ketamine"
    assert a1["effectivePeriod"] == {"start": "2026-03-08T10:00:00+00:00", "end": "2026-03-08T10:40:00+00:00"}
    assert a1["dosage"]["dose"] == {"value": 35, **mg}
    assert a1["dosage"]["rateRatio"]["numerator"] == {"value": 35, **mg}
    assert a1["dosage"]["rateRatio"]["denominator"]["value"] == 40
    assert a1["dosage"]["rateRatio"]["denominator"]["code"] == "min"
    assert a1["dosage"]["route"]["text"] == "Intravenous infusion"
    assert a1["dosage"]["route"]["coding"][0]["code"] == "47625008"
    assert by_id[a1["context"]["reference"].removeprefix("urn:uuid:")]["resourceType"] == "EpisodeOfCare"
    a2 = by_id[alice_diary["a2"]]  # no duration: an instant
    assert a2["effectiveDateTime"] == "2026-03-15T10:00:00+00:00"
    assert a2["dosage"]["route"]["coding"][0]["code"] == "78421000"  # intramuscular
    statements = [r for r in by_id.values() if r["resourceType"] == "MedicationStatement"]
    patch = next(s for s in statements if s["medicationCodeableConcept"]["text"].startswith("Fentanyl"))
    assert patch["status"] == "completed"
    assert patch["dosage"][0]["doseAndRate"][0]["rateQuantity"]["code"] == "ug/h"
    # worn 72 hours (the default) from 09:00 on 16 March
    assert patch["effectivePeriod"] == {
        "start": "2026-03-16T09:00:00+00:00",
        "end": "2026-03-19T09:00:00+00:00",
    }
    tramadol = next(s for s in statements if s["medicationCodeableConcept"]["text"] == "Tramadol")
    assert tramadol["effectiveDateTime"] == "2026-03-18T00:30:00+01:00"
    assert tramadol["dosage"][0]["doseAndRate"][0]["doseQuantity"] == {"value": 50, **mg}


@pytest.mark.parametrize("fmt", ["xml", "JSON", "csv;drop", "fhir&format=xml"])
def test_an_unknown_format_is_400_naming_format(fmt, alice, client_for):
    response = client_for(alice).get(f"{URL}?format={fmt}")

    assert response.status_code == 400
    assert error_attrs(response) == ["format"]
    assert response["Cache-Control"] == "no-store"


def test_export_is_for_the_signed_in_patient_only(carol, client_for):
    assert client_for(carol).get(URL).status_code == 403
    assert client_for(None).get(URL).status_code == 401

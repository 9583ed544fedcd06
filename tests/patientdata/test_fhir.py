"""The FHIR R4 export (`export/?format=fhir`) read as a FHIR client would: the demo patient's
Bundle parses with the R4B models of `fhir.resources` (R4B changes none of the resources used
here), every reference resolves inside it, and each kind of record is coded as docs/fhir.md says.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from datetime import date

import pytest
from django.db import connection
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from diary.models import Entry, Episode, MedicationIntake
from diary.services import record_delete
from patientdata.demo import demo_data_create
from tests.api.conftest import create

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 20)
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
LOCAL = "https://paindiary.test/fhir"


def fhir_export(client) -> dict:
    response = client.get("/api/v1/export/?format=fhir")
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/fhir+json"
    return json.loads(response.content)


def resources(bundle: dict) -> dict[str, dict]:
    return {e["resource"]["id"]: e["resource"] for e in bundle["entry"]}


def references(value) -> list[str]:
    """Every `reference` anywhere in a resource."""
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return found + [r for v in value.values() for r in references(v)]
    if isinstance(value, list):
        return [r for v in value for r in references(v)]
    return []


def assert_valid_r4(bundle: dict) -> None:
    """Parses as an R4(B) Bundle, each resource by its own model; fullUrls are unique
    urn:uuid ids and every reference is one of them."""
    Bundle.model_validate(bundle)
    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(full_urls)) == len(full_urls)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        assert entry["fullUrl"] == f"urn:uuid:{uuid.UUID(resource['id'])}"
    dangling = {r for e in bundle["entry"] for r in references(e["resource"])} - set(full_urls)
    assert not dangling


def of_code(by_id: dict, code: str) -> list[dict]:
    return [
        r
        for r in by_id.values()
        if r["resourceType"] == "Observation" and any(c["code"] == code for c in r["code"].get("coding", []))
    ]


@pytest.fixture
def demo(db, client_for):
    patient, _ = demo_data_create(today=TODAY)
    return patient, fhir_export(client_for(patient))


def test_the_demo_patients_bundle_is_valid_r4_and_self_contained(demo):
    patient, bundle = demo
    assert_valid_r4(bundle)

    by_id = resources(bundle)
    kinds = Counter(r["resourceType"] for r in by_id.values())
    assert kinds["Patient"] == 1 and kinds["EpisodeOfCare"] == 1 and kinds["Condition"] == 1
    assert kinds["MedicationAdministration"] == patient_count(patient, "administration")
    assert kinds["MedicationStatement"] == patient_count(patient, "medication")
    # 12 weekly PEGs and 2 PHQ-9s: a response each, a score each, item 9 of each PHQ-9; the two
    # instruments used are bundled once each.
    assert kinds["QuestionnaireResponse"] == patient_count(patient, "assessment") == 14
    assert kinds["Questionnaire"] == 2
    assert len(of_code(by_id, "91147-9")) == 12 and len(of_code(by_id, "44261-6")) == 2
    assert len(of_code(by_id, "44260-8")) == 2
    assert (
        len(of_code(by_id, "diary_entry"))
        == len(of_code(by_id, "72514-3"))
        == patient_count(patient, "entry")
    )
    # Every administration of the demo has its blood pressure, heart rate and weight.
    assert (
        len(of_code(by_id, "85354-9")) == len(of_code(by_id, "8867-4")) == kinds["MedicationAdministration"]
    )
    # A UCUM unit on every quantity.
    quantities = [q for r in by_id.values() for q in _quantities(r)]
    assert quantities and all(q["system"] == UCUM and q["code"] for q in quantities)


def patient_count(patient, entity: str) -> int:
    from diary.selectors import records_live

    return records_live(patient_id=patient.pk, entity=entity).count()


def _quantities(value) -> list[dict]:
    if isinstance(value, dict):
        here = [value] if "value" in value and "unit" in value else []
        return here + [q for v in value.values() for q in _quantities(v)]
    if isinstance(value, list):
        return [q for v in value for q in _quantities(v)]
    return []


def test_pain_now_is_loinc_72514_3_and_the_other_items_are_coded_locally(alice, client_for):
    entry = create(
        alice,
        "entry",
        pain_now=6,
        pain_worst=8,
        pain_least=3,
        pain_average=5,
        interference_enjoyment=4,
        interference_activity=7,
        mood=5,
        sleep_quality=6,
        relief_percent=40,
        pgic=2,
        locations=["right_hand", "left_knee"],
        side_effects=[{"code": "dizziness", "severity": 1}],
        notes="Better after a walk.",
    )
    by_id = resources(fhir_export(client_for(alice)))
    panel = by_id[str(entry.pk)]
    listed = [by_id[m["reference"].removeprefix("urn:uuid:")] for m in panel["hasMember"]]
    members = {m["code"]["coding"][0]["code"]: m for m in listed}

    assert panel["code"]["coding"] == [
        {"system": f"{LOCAL}/CodeSystem/diary-item", "code": "diary_entry", "display": "Pain diary entry"}
    ]
    assert panel["note"] == [{"text": "Better after a walk."}]
    pain_now = members["72514-3"]
    assert pain_now["code"]["coding"][0]["system"] == LOINC and pain_now["valueInteger"] == 6
    assert {name: members[name]["valueInteger"] for name in ("pain_worst", "pain_least", "pain_average")} == {
        "pain_worst": 8,
        "pain_least": 3,
        "pain_average": 5,
    }
    assert members["interference_activity"]["valueInteger"] == 7
    assert members["mood"]["valueInteger"] == 5 and members["sleep_quality"]["valueInteger"] == 6
    assert members["relief_percent"]["valueQuantity"] == {
        "value": 40,
        "unit": "%",
        "system": UCUM,
        "code": "%",
    }
    assert members["pgic"]["valueCodeableConcept"] == {
        "coding": [{"system": f"{LOCAL}/CodeSystem/pgic", "code": "2", "display": "Much improved"}],
        "text": "Much improved",
    }
    sites = [m["bodySite"]["text"] for m in listed if "bodySite" in m]
    assert sites == ["Right hand", "Left knee"]
    assert members["dizziness"]["valueCodeableConcept"]["coding"] == [
        {"system": SNOMED, "code": "255604002", "display": "Mild"}
    ]


def test_a_patch_is_a_rate_over_its_wear_period(alice, client_for):
    patch = create(
        alice, "medication", drug="fentanyl", dose=25, unit="mcg_per_h", taken_at="2026-03-03T08:00:00+01:00"
    )
    MedicationIntake.objects.filter(pk=patch.pk).update(wear_hours=48)
    tablet = create(alice, "medication", drug="oxycodone", dose=5, unit="mg")
    by_id = resources(fhir_export(client_for(alice)))

    statement = by_id[str(patch.pk)]
    assert statement["dosage"][0]["doseAndRate"] == [
        {"rateQuantity": {"value": 25, "unit": "mcg/h (patch)", "system": UCUM, "code": "ug/h"}}
    ]
    assert "doseQuantity" not in statement["dosage"][0]["doseAndRate"][0]
    # 08:00 on 3 March at +01:00, worn 48 hours
    assert statement["effectivePeriod"] == {
        "start": "2026-03-03T08:00:00+01:00",
        "end": "2026-03-05T08:00:00+01:00",
    }
    assert statement["dosage"][0]["route"]["coding"][0]["code"] == "45890007"  # transdermal
    assert statement["extension"][0]["valueDecimal"] == 60  # 25 mcg/h × 2.4 = 60 MME a day worn
    dose = by_id[str(tablet.pk)]["dosage"][0]["doseAndRate"][0]["doseQuantity"]
    assert dose == {"value": 5, "unit": "mg", "system": UCUM, "code": "mg"}
    assert by_id[str(tablet.pk)]["extension"][0]["valueDecimal"] == 7.5  # 5 mg × 1.5


@pytest.mark.parametrize(
    ("route", "snomed"),
    [
        ("iv_infusion", "47625008"),
        ("im", "78421000"),
        ("oral", "26643006"),
        ("sublingual", "37839007"),
        ("intranasal", "46713006"),
        ("topical", "6064005"),
        ("subcutaneous", "34206005"),
    ],
)
def test_every_route_has_its_snomed_code(route, snomed, alice, client_for):
    administration = create(alice, "administration", route=route)
    route_concept = resources(fhir_export(client_for(alice)))[str(administration.pk)]["dosage"]["route"]
    assert [(c["system"], c["code"]) for c in route_concept["coding"]] == [(SNOMED, snomed)]


def test_blood_pressure_heart_rate_and_weight_are_vital_signs_of_the_session(alice, client_for):
    administration = create(
        alice,
        "administration",
        administered_at="2026-03-03T10:00:00+01:00",
        duration_minutes=45,
        dose_mg_per_kg=0.35,
        weight_kg=68,
        bp_systolic_max=184,
        bp_diastolic_max=102,
        heart_rate_max=124,
    )
    by_id = resources(fhir_export(client_for(alice)))
    session = {"start": "2026-03-03T10:00:00+01:00", "end": "2026-03-03T10:45:00+01:00"}
    given = by_id[str(administration.pk)]
    assert given["effectivePeriod"] == session
    # no dose_mg: 0.35 mg/kg × 68 kg = 23.8 mg, over 45 minutes
    assert given["dosage"]["dose"]["value"] == 23.8
    assert given["dosage"]["rateRatio"]["denominator"] == {
        "value": 45,
        "unit": "min",
        "system": UCUM,
        "code": "min",
    }

    [bp] = of_code(by_id, "85354-9")
    assert bp["category"][0]["coding"][0]["code"] == "vital-signs"
    assert bp["effectivePeriod"] == session
    assert bp["partOf"] == [{"reference": f"urn:uuid:{administration.pk}"}]
    assert [(c["code"]["coding"][0]["code"], c["valueQuantity"]["value"]) for c in bp["component"]] == [
        ("8480-6", 184),
        ("8462-4", 102),
    ]
    assert {c["valueQuantity"]["code"] for c in bp["component"]} == {"mm[Hg]"}
    assert bp["interpretation"][0]["coding"][0]["code"] == "HH"  # 184 ≥ 180: a red flag
    [rate] = of_code(by_id, "8867-4")
    assert rate["valueQuantity"] == {"value": 124, "unit": "beats/minute", "system": UCUM, "code": "/min"}
    assert rate["interpretation"][0]["coding"][0]["code"] == "HH"  # 124 ≥ 120
    [weight] = of_code(by_id, "29463-7")
    assert weight["valueQuantity"] == {"value": 68, "unit": "kg", "system": UCUM, "code": "kg"}


def test_a_normal_session_has_no_interpretation_and_a_missing_diastolic_is_absent(alice, client_for):
    create(alice, "administration", bp_systolic_max=150, heart_rate_max=90)
    by_id = resources(fhir_export(client_for(alice)))
    [bp] = of_code(by_id, "85354-9")
    assert "interpretation" not in bp
    assert bp["component"][1]["dataAbsentReason"]["coding"][0]["code"] == "unknown"
    assert "interpretation" not in of_code(by_id, "8867-4")[0]


def test_links_to_deleted_records_are_left_out_so_every_reference_resolves(alice, client_for):
    episode = create(alice, "episode")
    administration = create(alice, "administration", episode=episode.pk)
    entry = create(alice, "entry", episode=str(episode.pk), administration=str(administration.pk))
    record_delete(patient_id=alice.pk, entity="administration", record_id=administration.pk)
    Episode.objects.filter(pk=episode.pk).update(deleted_at=Entry.objects.get(pk=entry.pk).created_at)

    bundle = fhir_export(client_for(alice))

    assert_valid_r4(bundle)
    panel = resources(bundle)[str(entry.pk)]
    assert "partOf" not in panel
    assert [x["url"] for x in panel["extension"]] == [f"{LOCAL}/StructureDefinition/diary-date"]


def test_hostile_stored_values_do_not_break_the_export(alice, client_for):
    """Rows older than the diary's checks: control characters in text, codes the catalogue
    does not have; on SQLite also a NUL and a lone surrogate (PostgreSQL cannot store them)."""
    entry = create(alice, "entry", notes="ok")
    intake = create(alice, "medication")
    hostile = "bad\x01\x1b text"
    locations = ["right_hand", "nowhere", "  "]
    effects = [{"code": "unheard_of", "severity": 9}, "not an object"]
    if connection.vendor == "sqlite":  # a text column cannot hold a lone surrogate even there
        hostile += "\x00 end"
        locations.append("\ud800")
    Entry.objects.filter(pk=entry.pk).update(notes=hostile, locations=locations, side_effects=effects)
    MedicationIntake.objects.filter(pk=intake.pk).update(drug="mystery\x02", notes=hostile)

    bundle = fhir_export(client_for(alice))

    assert_valid_r4(bundle)
    by_id = resources(bundle)
    note = by_id[str(entry.pk)]["note"][0]["text"]
    assert note.startswith("bad\ufffd\ufffd text")
    assert not any(ch < " " and ch not in "\t\r\n" for ch in json.dumps(bundle, ensure_ascii=False))
    sites = [m["bodySite"] for m in by_id.values() if "bodySite" in m]
    assert sites[0]["coding"][0]["code"] == "right_hand"
    assert sites[1] == {"text": "nowhere"}  # shown, not coded
    assert sites[2] == {"text": "unknown region"}
    if connection.vendor == "sqlite":
        assert sites[3] == {"text": "\ufffd"}
    assert by_id[str(intake.pk)]["medicationCodeableConcept"] == {"text": "mystery\ufffd"}


# --- assessments: QuestionnaireResponse, score Observation, bundled Questionnaire -------------


def assess(patient, instrument: str, answers: list[int], at: str, **more):
    from diary.services import record_create

    data = {"completed_at": at, "instrument": instrument, "answers": answers, **more}
    return record_create(patient_id=patient.pk, entity="assessment", data=data)


def test_each_assessment_is_a_questionnaire_response_with_its_loinc_scored_observation(alice, client_for):
    episode = create(alice, "episode")
    peg = assess(alice, "peg", [7, 8, 7], "2026-03-02T20:00:00+01:00", episode=str(episode.pk))
    phq9 = assess(alice, "phq9", [2, 2, 1, 2, 1, 1, 2, 1, 2], "2026-03-03T21:30:00+01:00")
    gad7 = assess(alice, "gad7", [1, 1, 1, 1, 1, 1, 0], "2026-03-03T21:40:00+01:00")

    bundle = fhir_export(client_for(alice))

    assert_valid_r4(bundle)
    by_id = resources(bundle)
    questionnaires = {r["url"]: r for r in by_id.values() if r["resourceType"] == "Questionnaire"}
    assert sorted(questionnaires) == [f"{LOCAL}/Questionnaire/{code}" for code in ("gad7", "peg", "phq9")]
    panels = {url.rsplit("/", 1)[1]: q["code"][0]["code"] for url, q in questionnaires.items()}
    assert panels == {"peg": "91148-7", "phq9": "44249-1", "gad7": "69737-5"}  # DOMAIN.md's LOINC panels

    response = by_id[str(phq9.pk)]
    assert response["resourceType"] == "QuestionnaireResponse"
    assert response["questionnaire"] == f"{LOCAL}/Questionnaire/phq9"  # resolves to a bundled one
    assert response["status"] == "completed" and response["authored"] == "2026-03-03T21:30:00+01:00"
    assert [i["linkId"] for i in response["item"]] == [str(n) for n in range(1, 10)]
    item9 = response["item"][8]
    assert item9["text"] == "Thoughts that you would be better off dead or of hurting yourself in some way"
    assert item9["answer"] == [
        {"valueCoding": {"system": LOINC, "code": "LA6570-1", "display": "More than half the days"}}
    ]  # 2 = LOINC answer LA6570-1 (answer list LL358-3)
    # Every answered linkId is a question of the Questionnaire, which codes item 9 as 44260-8.
    asked = {i["linkId"]: i for i in questionnaires[response["questionnaire"]]["item"]}
    assert {i["linkId"] for i in response["item"]} <= set(asked)
    assert asked["9"]["code"] == [{"system": LOINC, "code": "44260-8"}]
    assert asked["stem"]["type"] == "display" and asked["stem"]["text"].startswith("Over the last 2 weeks")

    def score_of(record) -> dict:
        [found] = [
            r
            for r in by_id.values()
            if r["resourceType"] == "Observation"
            and r.get("derivedFrom") == [{"reference": f"urn:uuid:{record.pk}"}]
            and r["code"]["coding"][0]["code"] != "44260-8"
        ]
        return found

    scores = {name: score_of(record) for name, record in (("peg", peg), ("phq9", phq9), ("gad7", gad7))}
    assert {name: s["code"]["coding"][0]["code"] for name, s in scores.items()} == {
        "peg": "91147-9",
        "phq9": "44261-6",
        "gad7": "70274-6",
    }
    unit = {"unit": "{score}", "system": UCUM, "code": "{score}"}
    assert scores["peg"]["valueQuantity"] == {"value": 7.3, **unit}  # (7 + 8 + 7) / 3 = 7.33 → 7.3
    assert scores["phq9"]["valueQuantity"] == {"value": 14, **unit}  # 2+2+1+2+1+1+2+1+2 = 14
    assert scores["phq9"]["interpretation"][0]["text"] == "Moderate"  # 10-14
    assert scores["gad7"]["valueQuantity"] == {"value": 6, **unit}  # 6 × 1 + 0: mild
    assert "interpretation" not in scores["peg"]  # the PEG has no bands
    assert scores["phq9"]["effectiveDateTime"] == "2026-03-03T21:30:00+01:00"
    assert scores["phq9"]["category"][0]["coding"][0]["code"] == "survey"

    [thoughts] = of_code(by_id, "44260-8")  # item 9 answered 2: a red flag
    assert thoughts["valueCodeableConcept"]["coding"][0]["code"] == "LA6570-1"
    assert thoughts["interpretation"][0]["coding"][0]["code"] == "AA"
    # The PEG's episode link, as on entries; its answers are whole numbers on a 0-10 item.
    peg_response = by_id[str(peg.pk)]
    assert peg_response["extension"] == [
        {
            "url": f"{LOCAL}/StructureDefinition/episode-of-care",
            "valueReference": {"reference": f"urn:uuid:{episode.pk}"},
        }
    ]
    assert [i["answer"] for i in peg_response["item"]] == [[{"valueInteger": v}] for v in (7, 8, 7)]
    assert questionnaires[f"{LOCAL}/Questionnaire/peg"]["item"][0]["type"] == "integer"


def test_a_phq9_with_item_9_at_0_has_no_flag_and_questionnaires_are_only_those_used(alice, client_for):
    assess(alice, "phq9", [1, 1, 0, 1, 0, 0, 0, 0, 0], "2026-03-03T21:30:00+01:00")
    assess(alice, "phq9", [0] * 9, "2026-03-31T21:30:00+02:00")

    bundle = fhir_export(client_for(alice))

    assert_valid_r4(bundle)
    by_id = resources(bundle)
    assert [r["url"] for r in by_id.values() if r["resourceType"] == "Questionnaire"] == [
        f"{LOCAL}/Questionnaire/phq9"
    ]  # one Questionnaire for both responses, none for instruments not used
    item9 = of_code(by_id, "44260-8")
    assert [o["valueCodeableConcept"]["coding"][0]["display"] for o in item9] == ["Not at all", "Not at all"]
    assert all("interpretation" not in o for o in item9)
    assert [o["interpretation"][0]["text"] for o in of_code(by_id, "44261-6")] == ["Minimal", "Minimal"]


def test_a_stored_assessment_the_catalogue_does_not_know_still_exports_validly(alice, client_for):
    from diary.models import Assessment

    odd = assess(alice, "gad7", [0] * 7, "2026-03-03T21:30:00+01:00")
    Assessment.objects.filter(pk=odd.pk).update(instrument="mystery\x02", answers=[1, "two\x01"], score=None)

    bundle = fhir_export(client_for(alice))

    assert_valid_r4(bundle)
    by_id = resources(bundle)
    response = by_id[str(odd.pk)]
    assert "questionnaire" not in response  # no Questionnaire to name
    assert [i["answer"] for i in response["item"]] == [[{"valueInteger": 1}], [{"valueString": "two\ufffd"}]]
    assert not [r for r in by_id.values() if r["resourceType"] in ("Questionnaire", "Observation")]


def displays(value) -> list[str]:
    """Every coding's `display`, anywhere in the bundle."""
    if isinstance(value, dict):
        found = [value["display"]] if isinstance(value.get("display"), str) else []
        return found + [d for v in value.values() for d in displays(v)]
    if isinstance(value, list):
        return [d for v in value for d in displays(v)]
    return []


def test_the_bundle_is_the_same_whatever_the_language_asked_for(demo, client_for):
    patient, english = demo
    spanish = client_for(patient).get("/api/v1/export/?format=fhir", HTTP_ACCEPT_LANGUAGE="es")
    assert spanish.status_code == 200, spanish.content[:500]
    shown = displays(json.loads(spanish.content))
    assert shown and shown == displays(english)  # decision 125: the codes' words stay English
    assert "Nausea" in shown or "Nausea" not in displays(english)

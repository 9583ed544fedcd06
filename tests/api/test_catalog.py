"""`catalog/`: public, and exactly the catalogues of DOMAIN.md (codes typed out here by hand)."""

from __future__ import annotations

import pytest

CONDITIONS = {
    "crps", "neuropathic", "fibromyalgia", "migraine", "cluster_headache", "cancer_pain", "back_pain",
    "arthritis", "phantom_limb", "post_herpetic_neuralgia", "spinal_cord_injury", "diabetic_neuropathy",
    "chemotherapy_neuropathy", "trigeminal_neuralgia", "tmj", "whiplash", "limb_ischemia", "other",
}  # fmt: skip
ROUTES = {"iv_infusion", "im", "oral", "sublingual", "intranasal", "topical", "subcutaneous"}
SIDE_EFFECTS = {
    "nausea", "vomiting", "dizziness", "drowsiness", "confusion", "disorientation", "dissociation",
    "vivid_dreams", "hallucinations", "double_vision", "blurred_vision", "headache",
    "raised_blood_pressure", "palpitations", "anxiety", "low_mood", "memory_problems",
    "difficulty_concentrating", "bladder_pain", "urinary_urgency", "blood_in_urine", "chest_pain",
    "thoughts_of_self_harm", "other",
}  # fmt: skip
RED_FLAG_WHEN = {
    "hallucinations": "severe",
    "bladder_pain": "always",
    "urinary_urgency": "always",
    "blood_in_urine": "always",
    "chest_pain": "always",
    "thoughts_of_self_harm": "always",
}
BODY_REGIONS = {
    "head", "face", "neck", "shoulders", "upper_back", "lower_back", "chest", "abdomen", "pelvis",
    "left_arm", "right_arm", "left_elbow", "right_elbow", "left_forearm", "right_forearm",
    "left_hand", "right_hand", "left_hip", "right_hip", "left_thigh", "right_thigh",
    "left_knee", "right_knee", "left_lower_leg", "right_lower_leg", "left_foot", "right_foot",
}  # fmt: skip
MME_FACTORS = {
    "codeine": 0.15,
    "dihydrocodeine": 0.25,
    "hydrocodone": 1,
    "hydromorphone": 5,
    "methadone": 4.7,
    "morphine": 1,
    "oxycodone": 1.5,
    "oxymorphone": 3,
    "tapentadol": 0.4,
    "tramadol": 0.2,
    "fentanyl": 2.4,
}
NO_MME = {"paracetamol", "ibuprofen", "gabapentin", "pregabalin", "amitriptyline", "duloxetine", "ketamine"}
PGIC = {
    1: "very much improved",
    2: "much improved",
    3: "minimally improved",
    4: "no change",
    5: "minimally worse",
    6: "much worse",
    7: "very much worse",
}


@pytest.fixture
def catalog(api):
    response = api.get("/api/v1/catalog/")
    assert response.status_code == 200
    return response.json()


def codes(items: list[dict]) -> set[str]:
    return {item["code"] for item in items}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "patient", "clinician"])
def test_catalog_is_public(who, alice, carol, client_for):
    user = {"anonymous": None, "patient": alice, "clinician": carol}[who]

    response = client_for(user).get("/api/v1/catalog/")

    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("conditions", CONDITIONS),
        ("routes", ROUTES),
        ("side_effects", SIDE_EFFECTS),
        ("body_regions", BODY_REGIONS),
        ("treatments", {"ketamine", "esketamine", "other"}),
        ("phases", {"induction", "maintenance", "single"}),
        ("settings", {"clinic", "home"}),
        ("units", {"mg", "mcg", "mcg_per_h"}),
    ],
)
def test_catalog_lists_exactly_the_domain_codes(key, expected, catalog):
    assert codes(catalog[key]) == expected
    assert len(catalog[key]) == len(expected)
    assert all(item["label"] for item in catalog[key])


@pytest.mark.django_db
def test_red_flags(catalog):
    effects = {item["code"]: item for item in catalog["side_effects"]}

    assert {code for code, item in effects.items() if item["red_flag"]} == set(RED_FLAG_WHEN)
    assert {code: effects[code]["red_flag_when"] for code in RED_FLAG_WHEN} == RED_FLAG_WHEN
    assert {code for code, item in effects.items() if item["red_flag_when"] == "never"} == (
        SIDE_EFFECTS - set(RED_FLAG_WHEN)
    )
    assert {code for code, item in effects.items() if item["urgent_help"]} == {"thoughts_of_self_harm"}


@pytest.mark.django_db
def test_drug_mme_factors(catalog):
    drugs = {item["code"]: item for item in catalog["drugs"]}

    assert {code: drugs[code]["mme_factor"] for code in MME_FACTORS} == MME_FACTORS
    assert all(drugs[code]["opioid"] for code in MME_FACTORS)
    assert {code: drugs[code]["mme_factor"] for code in NO_MME} == dict.fromkeys(NO_MME)
    assert not any(drugs[code]["opioid"] for code in NO_MME)
    assert {code for code, d in drugs.items() if d["mme_factor"] is not None} == set(MME_FACTORS)
    assert all(code == code.lower() for code in drugs)


@pytest.mark.django_db
def test_units_per_drug(catalog):
    drugs = {item["code"]: item for item in catalog["drugs"]}

    assert drugs["fentanyl"]["units"] == ["mcg_per_h"]
    assert all(d["units"] == ["mg", "mcg"] for code, d in drugs.items() if code != "fentanyl")


@pytest.mark.django_db
def test_severities_and_pgic_labels(catalog):
    assert {s["value"]: s["label"] for s in catalog["severities"]} == {1: "mild", 2: "moderate", 3: "severe"}
    assert {p["value"]: p["label"].lower() for p in catalog["pgic"]} == PGIC


@pytest.mark.django_db
def test_every_catalogued_code_is_accepted_by_the_api(catalog, alice, client_for):
    """The catalogue the API serves is the one validation uses: every listed code is writable."""
    client = client_for(alice)
    episode = client.post(
        "/api/v1/episodes/",
        {"treatment": "ketamine", "condition": "crps", "title": "T", "started_on": "2026-03-01"},
    ).json()["id"]
    for code in codes(catalog["conditions"]):
        body = {"treatment": "ketamine", "condition": code, "title": "T", "started_on": "2026-03-01"}
        assert client.post("/api/v1/episodes/", body).status_code == 201, code
    for code in codes(catalog["routes"]):
        body = {"episode": episode, "administered_at": "2026-03-03T10:00:00+01:00", "route": code}
        assert client.post("/api/v1/administrations/", body).status_code == 201, code
    body = {
        "recorded_at": "2026-03-03T08:00:00+01:00",
        "pain_now": 5,
        "locations": sorted(codes(catalog["body_regions"])),
        "side_effects": [{"code": c, "severity": 3} for c in sorted(codes(catalog["side_effects"]))],
    }
    assert client.post("/api/v1/entries/", body).status_code == 201
    for drug in catalog["drugs"]:
        body = {
            "taken_at": "2026-03-03T08:00:00+01:00",
            "drug": drug["code"],
            "dose": 1,
            "unit": drug["units"][0],
        }
        assert client.post("/api/v1/medications/", body).status_code == 201, drug["code"]

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
    "shortness_of_breath", "jaundice", "craving", "thoughts_of_self_harm", "other",
}  # fmt: skip
RED_FLAG_WHEN = {
    "hallucinations": "severe",
    "bladder_pain": "always",
    "urinary_urgency": "always",
    "blood_in_urine": "always",
    "chest_pain": "always",
    "shortness_of_breath": "always",
    "jaundice": "always",
    "craving": "always",
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
NO_MME = {
    "paracetamol", "ibuprofen", "naproxen", "gabapentin", "pregabalin", "amitriptyline", "nortriptyline",
    "duloxetine", "ketamine", "other",
}  # fmt: skip
OPIOIDS_WITHOUT_FACTOR = {"buprenorphine", "other_opioid"}
BENZODIAZEPINES = {"diazepam", "lorazepam", "alprazolam", "clonazepam", "midazolam"}
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
    assert set(drugs) == set(MME_FACTORS) | NO_MME | OPIOIDS_WITHOUT_FACTOR | BENZODIAZEPINES


@pytest.mark.django_db
def test_opioids_without_a_factor_are_mme_incomplete_never_zero(catalog):
    drugs = {item["code"]: item for item in catalog["drugs"]}

    assert {code for code, d in drugs.items() if d["mme_incomplete"]} == OPIOIDS_WITHOUT_FACTOR
    for code in OPIOIDS_WITHOUT_FACTOR:
        assert drugs[code]["opioid"] is True
        assert drugs[code]["mme_factor"] is None
        assert drugs[code]["mme_per_unit"] == {}


@pytest.mark.django_db
def test_benzodiazepines_are_marked_and_have_no_mme(catalog):
    drugs = {item["code"]: item for item in catalog["drugs"]}

    assert {code for code, d in drugs.items() if d["benzodiazepine"]} == BENZODIAZEPINES
    assert not any(drugs[code]["opioid"] or drugs[code]["mme_incomplete"] for code in BENZODIAZEPINES)
    assert all(drugs[code]["mme_factor"] is None for code in BENZODIAZEPINES)


@pytest.mark.django_db
def test_units_per_drug(catalog):
    drugs = {item["code"]: item for item in catalog["drugs"]}

    assert drugs["fentanyl"]["units"] == ["mcg_per_h"]
    assert all(d["units"] == ["mg", "mcg"] for code, d in drugs.items() if code != "fentanyl")
    assert {code for code, d in drugs.items() if d["patch"]} == {"fentanyl"}


@pytest.mark.django_db
def test_intake_limits_are_served(catalog):
    # DOMAIN.md § Medication intakes: mg ≤ 5,000; mcg ≤ 100,000; mcg_per_h ≤ 400; wear 1-168 h, default 72.
    limits = {u["code"]: u["max_dose"] for u in catalog["units"]}
    assert limits == {"mg": 5000, "mcg": 100000, "mcg_per_h": 400}
    assert catalog["wear_hours"] == {"min": 1, "max": 168, "default": 72}


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


@pytest.mark.django_db
def test_the_labels_domain_md_names(catalog):
    labels = {item["code"]: item["label"].lower() for item in catalog["side_effects"]}

    assert labels["thoughts_of_self_harm"] == "thoughts of suicide or self-harm"
    assert labels["jaundice"] == "yellow skin or eyes"
    assert labels["craving"] == "craving for ketamine"


@pytest.mark.django_db
def test_every_red_flag_carries_the_advice_domain_md_gives(catalog):
    advice = {item["code"]: item["advice"] for item in catalog["side_effects"] if item["red_flag"]}

    assert set(advice) == set(RED_FLAG_WHEN)
    for code in ("chest_pain", "shortness_of_breath"):
        assert "emergency number now" in advice[code], code
    for code in ("bladder_pain", "urinary_urgency", "blood_in_urine"):
        assert "care team today" in advice[code] and "bladder" in advice[code], code
    assert "care team today" in advice["jaundice"] and "liver" in advice["jaundice"]
    assert "do not drive" in advice["hallucinations"].lower()
    assert "stay with you" in advice["hallucinations"]
    assert "care team" in advice["craving"]
    assert "emergency number now" in advice["thoughts_of_self_harm"]
    assert "crisis line" in advice["thoughts_of_self_harm"]


@pytest.mark.django_db
def test_the_words_for_figures(catalog):
    assert set(catalog["categories"]) == {"substantial", "moderate", "minimal", "no_change", "worse"}
    reasons = {"insufficient_data", "in_progress", "low_baseline", "too_early"}
    assert set(catalog["category_reasons"]) == reasons
    assert set(catalog["relief_bounds"]) == {"next_administration", "horizon", "as_of"}
    assert set(catalog["legend"]) == set(catalog["categories"]) | {"responder", "relief"}
    words = [catalog[key] for key in ("categories", "category_reasons", "relief_bounds", "legend")]
    assert all(isinstance(text, str) and text for group in words for text in group.values())


@pytest.mark.django_db
def test_the_card_says_the_diary_is_not_watched_in_real_time(catalog):
    assert "not watched in real time" in catalog["not_watched"]


@pytest.mark.django_db
def test_crisis_lines_are_the_default_list_unless_set(catalog):
    lines = catalog["crisis_lines"]

    assert lines, "a sensible default list"
    assert all(set(line) == {"name", "number", "region"} and all(line.values()) for line in lines)
    assert {"name": "Samaritans", "number": "116 123", "region": "UK and Ireland"} in lines


@pytest.mark.django_db
def test_crisis_lines_come_from_the_setting(api, settings):
    settings.CRISIS_LINES = [{"name": "Line A", "number": "0800 000 000", "region": "Testland"}]

    catalog = api.get("/api/v1/catalog/").json()

    assert catalog["crisis_lines"] == [{"name": "Line A", "number": "0800 000 000", "region": "Testland"}]

"""`catalog/` in the request's language: Spanish labels, advice and published instruments with
Accept-Language: es; English as before without it; codes and numbers the same in both.

The Spanish instrument wording is checked against tests/diary/instrument_wording_es.json,
typed separately from the module that serves it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diary.crisis_lines import crisis_lines_for

pytestmark = pytest.mark.django_db

PUBLISHED_ES = json.loads(
    (Path(__file__).parents[1] / "diary" / "instrument_wording_es.json").read_text(encoding="utf-8")
)
URL = "/api/v1/catalog/"


def catalog_in(api, language: str | None) -> dict:
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = api.get(URL, **headers)
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def es(api) -> dict:
    return catalog_in(api, "es")


@pytest.fixture
def en(api) -> dict:
    return catalog_in(api, "en")


def labels(items: list[dict], key: str = "code") -> dict:
    return {item[key]: item["label"] for item in items}


def instrument(catalog: dict, code: str) -> dict:
    return next(i for i in catalog["instruments"] if i["code"] == code)


# --- the response ---------------------------------------------------------------------------


def test_the_response_names_its_language_and_varies_on_accept_language(api):
    spanish = api.get(URL, HTTP_ACCEPT_LANGUAGE="es")
    english = api.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    assert spanish["Content-Language"] == "es" and english["Content-Language"] == "en"
    for response in (spanish, english):
        assert "accept-language" in response["Vary"].lower()
        assert "public" in response["Cache-Control"]


@pytest.mark.parametrize(("header", "expected"), [("es-ES,es;q=0.9", "es"), ("es-MX", "es"), ("fr", "en")])
def test_a_regional_spanish_gets_spanish_and_an_unsupported_language_english(api, header, expected):
    catalog = catalog_in(api, header)
    crps = labels(catalog["conditions"])["crps"]
    assert (
        crps
        == {"es": "Síndrome de dolor regional complejo", "en": "Complex regional pain syndrome"}[expected]
    )


def test_languages_alternate_in_one_process_without_mixing(api):
    """Each language's document is kept per language: asking in turn never serves the other."""
    for _ in range(2):
        assert labels(catalog_in(api, "es")["side_effects"])["nausea"] == "Náuseas"
        assert labels(catalog_in(api, "en")["side_effects"])["nausea"] == "Nausea"


def test_only_words_change_codes_and_numbers_are_the_same(en, es):
    def shape(value):
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items() if k not in WORDS}
        if isinstance(value, list):
            return [shape(v) for v in value]
        return value

    WORDS = {"label", "advice", "title", "citation", "recall", "stem", "text", "not_watched", "language_note"}
    word_groups = ("categories", "category_reasons", "relief_bounds", "legend", "crisis_lines", "instruments")
    assert shape({k: v for k, v in en.items() if k not in word_groups}) == shape(
        {k: v for k, v in es.items() if k not in word_groups}
    )
    assert [set(en[k]) for k in word_groups[:4]] == [set(es[k]) for k in word_groups[:4]]
    for mine, theirs in zip(en["instruments"], es["instruments"], strict=True):
        assert {k: v for k, v in shape(mine).items() if k != "language"} == {
            k: v for k, v in shape(theirs).items() if k != "language"
        }


# --- Spanish labels and advice ----------------------------------------------------------------

# Hand-checked: what a Spanish-speaking clinician expects to read (docs/glossary-es.md).
CLINICAL_TERMS = {
    ("conditions", "crps"): "Síndrome de dolor regional complejo",
    ("conditions", "post_herpetic_neuralgia"): "Neuralgia posherpética",
    ("conditions", "cluster_headache"): "Cefalea en racimos",
    ("conditions", "trigeminal_neuralgia"): "Neuralgia del trigémino",
    ("conditions", "whiplash"): "Latigazo cervical",
    ("routes", "iv_infusion"): "Infusión intravenosa",
    ("routes", "subcutaneous"): "Subcutánea",
    ("phases", "induction"): "Inducción",
    ("phases", "maintenance"): "Mantenimiento",
    ("side_effects", "dissociation"): "Disociación",
    ("side_effects", "urinary_urgency"): "Urgencia urinaria",
    ("side_effects", "thoughts_of_self_harm"): "Pensamientos de suicidio o de autolesión",
    ("drugs", "fentanyl"): "Fentanilo (parche transdérmico)",
    ("drugs", "oxycodone"): "Oxicodona",
    ("drugs", "amitriptyline"): "Amitriptilina",
    ("body_regions", "left_lower_leg"): "Parte baja de la pierna izquierda",
    ("units", "mcg_per_h"): "mcg/h (parche)",
}


@pytest.mark.parametrize(("where", "spanish"), CLINICAL_TERMS.items(), ids=lambda v: str(v))
def test_clinical_terms_in_spanish(es, where, spanish):
    group, code = where
    assert labels(es[group])[code] == spanish


def test_severities_pgic_and_the_words_for_figures_in_spanish(es):
    assert labels(es["severities"], "value") == {1: "leve", 2: "moderado", 3: "grave"}
    assert labels(es["pgic"], "value")[1] == "Muchísimo mejor"
    assert es["categories"]["moderate"] == "Moderada"
    assert es["category_reasons"]["low_baseline"] == (
        "el dolor previo era inferior a 4 de 10, demasiado bajo para valorar una reducción"
    )
    assert es["relief_bounds"]["next_administration"] == "hasta la siguiente dosis"
    assert es["legend"]["responder"] == "Respondedor: una reducción sustancial o moderada."


def test_red_flag_advice_and_the_card_in_spanish(es):
    advice = {s["code"]: s["advice"] for s in es["side_effects"] if s["advice"]}
    assert advice["chest_pain"] == "Llame ahora al número de emergencias de su zona."
    assert advice["bladder_pain"] == (
        "Póngase en contacto hoy con su equipo de atención: la ketamina puede inflamar la vejiga."
    )
    assert advice["thoughts_of_self_harm"] == (
        "Si cree que podría actuar según estos pensamientos, llame ahora al número de emergencias de su "
        "zona o llame a una línea de crisis."
    )
    assert es["not_watched"].startswith("Nadie supervisa este diario en tiempo real")


# Words that are the same in both languages (drug names, anatomical Latin, route adjectives).
SAME_IN_BOTH = {
    "Oral", "Sublingual", "Intranasal", "Intramuscular", "Abdomen", "Pelvis", "Tapentadol", "Tramadol",
    "Paracetamol", "Diazepam", "Lorazepam", "Alprazolam", "Clonazepam", "Midazolam", "mg", "mcg",
}  # fmt: skip


def test_no_english_label_or_advice_is_left_in_spanish(en, es):
    """Every label and piece of advice differs from the English, but for words both languages share."""
    pairs = []
    for group in ("conditions", "treatments", "routes", "phases", "settings", "side_effects", "body_regions",
                  "drugs", "units", "severities", "pgic"):  # fmt: skip
        key = "value" if group in ("severities", "pgic") else "code"
        pairs += [(labels(en[group], key)[c], labels(es[group], key)[c]) for c in labels(en[group], key)]
    pairs += [(a["advice"], b["advice"]) for a, b in zip(en["side_effects"], es["side_effects"], strict=True)]
    for group in ("categories", "category_reasons", "relief_bounds", "legend"):
        pairs += [(en[group][code], es[group][code]) for code in en[group]]
    pairs.append((en["not_watched"], es["not_watched"]))
    for mine, theirs in zip(en["instruments"], es["instruments"], strict=True):
        pairs += [(a["label"], b["label"]) for a, b in zip(mine["bands"], theirs["bands"], strict=True)]

    left = [
        english
        for english, spanish in pairs
        if english and english == spanish and english not in SAME_IN_BOTH
    ]
    assert left == []


# --- instruments -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["phq9", "gad7"])
def test_phq9_and_gad7_are_served_in_their_published_spanish(es, code):
    served, published = instrument(es, code), PUBLISHED_ES[code]

    assert (served["language"], served["language_note"]) == ("es", None)
    assert served["stem"] == published["stem"]
    assert [item["text"] for item in served["items"]] == published["items"]
    for item in served["items"]:
        assert {str(a["value"]): a["label"] for a in item["answers"]} == PUBLISHED_ES["answers"]


def test_phq9_item_9_and_the_gad7_answers_word_for_word(es):
    phq9, gad7 = instrument(es, "phq9"), instrument(es, "gad7")

    item9 = phq9["items"][phq9["red_flag_item"]]
    assert item9["text"] == "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera"
    assert [a["label"] for a in gad7["items"][0]["answers"]] == [
        "Ningún día",
        "Varios días",
        "Más de la mitad de los días",
        "Casi todos los días",
    ]
    assert phq9["stem"] == (
        "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes "
        "problemas?"
    )


def test_bands_are_translated_scoring_is_not(en, es):
    phq9 = instrument(es, "phq9")
    assert [b["label"] for b in phq9["bands"]] == [
        "Mínima",
        "Leve",
        "Moderada",
        "Moderadamente grave",
        "Grave",
    ]
    assert [(b["code"], b["min"], b["max"]) for b in phq9["bands"]] == [
        (b["code"], b["min"], b["max"]) for b in instrument(en, "phq9")["bands"]
    ]


def test_the_peg_has_no_published_spanish_so_it_stays_english_with_a_spanish_note(en, es):
    peg_es, peg_en = instrument(es, "peg"), instrument(en, "peg")

    assert peg_es["language"] == "en"
    assert peg_es["language_note"] == (
        "Este cuestionario se muestra en inglés: no existe una traducción validada publicada."
    )
    assert peg_es["items"] == peg_en["items"]
    assert (peg_es["title"], peg_es["stem"], peg_es["recall"]) == (
        peg_en["title"],
        peg_en["stem"],
        peg_en["recall"],
    )


def test_in_english_every_instrument_is_english_without_a_note(en):
    assert [(i["code"], i["language"], i["language_note"]) for i in en["instruments"]] == [
        ("peg", "en", None),
        ("phq9", "en", None),
        ("gad7", "en", None),
    ]
    assert instrument(en, "phq9")["items"][8]["text"] == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )


# --- crisis lines ------------------------------------------------------------------------------

US_988_ES = {
    "name": "988 Suicide & Crisis Lifeline (marque 2 para español)",
    "number": "988",
    "region": "Estados Unidos",
}
SPAIN_024 = {"name": "024 Línea de atención a la conducta suicida", "number": "024", "region": "España"}


def test_spanish_readers_get_the_spanish_crisis_lines_english_ones_todays(en, es):
    assert US_988_ES in es["crisis_lines"] and SPAIN_024 in es["crisis_lines"]
    assert en["crisis_lines"][0] == {"name": "Samaritans", "number": "116 123", "region": "UK and Ireland"}
    assert SPAIN_024 not in en["crisis_lines"]


def test_the_setting_replaces_the_defaults_for_every_language(api, settings):
    mine = [{"name": "Línea local", "number": "0800 000 000", "region": "Testland"}]
    settings.CRISIS_LINES = mine

    assert catalog_in(api, "es")["crisis_lines"] == mine
    assert catalog_in(api, "en")["crisis_lines"] == mine


@pytest.mark.parametrize(
    ("language", "has"),
    [("es", SPAIN_024), ("es-ES", SPAIN_024), ("ES", SPAIN_024), ("en", None), ("fr", None)],
)
def test_crisis_lines_for_a_language(language, has):
    lines = crisis_lines_for(language)
    if has:
        assert has in lines
    else:
        assert lines == crisis_lines_for("en") and SPAIN_024 not in lines
    lines[0]["number"] = "changed"  # a fresh copy: the defaults are untouched
    assert crisis_lines_for(language)[0]["number"] != "changed"

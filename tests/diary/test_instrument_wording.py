"""The instruments' wording, word for word: the catalogue against a separate transcription.

tests/diary/instrument_wording.json was typed from the published PHQ-9 and GAD-7 forms
(Pfizer) and the PEG (Krebs et al. 2009, Figure 1), not copied from diary/catalogue.py, so a
typo, a dropped comma or a changed dash in either one fails here. What the catalogue endpoint
serves is checked too: the PWA shows the patient exactly that text.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from diary import catalogue

FIXTURE = json.loads((Path(__file__).parent / "instrument_wording.json").read_text(encoding="utf-8"))
CODES = ("peg", "phq9", "gad7")


def labels(pairs) -> dict[str, str]:
    return {str(value): label for value, label in pairs}


def test_the_catalogue_has_exactly_the_published_instruments():
    assert tuple(catalogue.INSTRUMENTS) == CODES
    assert set(FIXTURE) - {"_source"} == set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_recall_and_stem_word_for_word(code):
    instrument, published = catalogue.INSTRUMENTS[code], FIXTURE[code]

    assert instrument.recall == published["recall"]
    assert instrument.stem == published["stem"]


@pytest.mark.parametrize("code", ["phq9", "gad7"])
def test_frequency_items_and_answer_labels_word_for_word(code):
    instrument, published = catalogue.INSTRUMENTS[code], FIXTURE[code]

    assert [item.text for item in instrument.items] == published["items"]
    for item in instrument.items:
        assert labels(item.answers) == published["answers"]
        assert (item.lo, item.hi, item.anchors) == (0, 3, ())


def test_peg_items_and_anchors_word_for_word():
    instrument, published = catalogue.INSTRUMENTS["peg"], FIXTURE["peg"]

    assert [item.text for item in instrument.items] == [item["text"] for item in published["items"]]
    for item, expected in zip(instrument.items, published["items"], strict=True):
        assert labels(item.anchors) == expected["anchors"]
        assert (item.lo, item.hi, item.answers) == (0, 10, ())


def test_no_stray_characters_in_any_wording():
    """Nothing invisible or doubled that a transcription could hide (both files alike)."""
    texts = []
    for instrument in catalogue.INSTRUMENTS.values():
        texts += [instrument.stem, instrument.recall]
        for item in instrument.items:
            texts += [item.text, *(label for _, label in item.answers + item.anchors)]
    for text in texts:
        assert text == text.strip() and "  " not in text, repr(text)
        assert unicodedata.normalize("NFC", text) == text
        assert not any(unicodedata.category(c) in {"Cc", "Cf"} for c in text), repr(text)


@pytest.mark.django_db
def test_the_catalogue_endpoint_serves_the_same_words(api):
    served = {i["code"]: i for i in api.get("/api/v1/catalog/").json()["instruments"]}

    assert list(served) == list(CODES)
    for code in ("phq9", "gad7"):
        assert served[code]["stem"] == FIXTURE[code]["stem"]
        assert [i["text"] for i in served[code]["items"]] == FIXTURE[code]["items"]
        for item in served[code]["items"]:
            assert {str(a["value"]): a["label"] for a in item["answers"]} == FIXTURE[code]["answers"]
    for item, expected in zip(served["peg"]["items"], FIXTURE["peg"]["items"], strict=True):
        assert item["text"] == expected["text"]
        assert {str(a["value"]): a["label"] for a in item["anchors"]} == expected["anchors"]

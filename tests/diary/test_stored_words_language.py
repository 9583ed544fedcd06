"""Stored words are English whatever the request's language (decision 103); a reader gets
them in theirs through `detail_shown`.

Figures (a Summary's JSON) and RedFlag rows are shared by a patient and clinicians who may
read different languages: a Spanish request must not write Spanish into them, and an edit
in another language must not rewrite (or re-announce) a flag that did not change.
"""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from diary.models import RedFlag
from diary.trends.flags import detail_shown
from tests.api.conftest import entry_data, list_url
from tests.diary.test_trends import MARCH_1, admin, assessment, entry, figures

CHEST_PAIN = {"code": "chest_pain", "severity": 2}


def spanish_figures() -> dict:
    with translation.override("es"):
        return figures(
            entries=[entry(MARCH_1, 5, pgic=2, side_effects=[("chest_pain", 2), ("nausea", 1)])],
            administrations=[admin(MARCH_1, bp=(185, None), hr=124)],
            assessments=[assessment(MARCH_1, "phq9", [0] * 8 + [1], 1, "minimal")],
        )


def test_figures_computed_under_spanish_hold_english_words_and_plain_json():
    result = spanish_figures()

    json.dumps(result)  # no lazy string left: a Summary stores it as JSON
    assert {s["code"]: (s["label"], s["max_severity_label"]) for s in result["side_effects"]} == {
        "chest_pain": ("Chest pain", "moderate"),
        "nausea": ("Nausea", "mild"),
    }
    assert sorted(f["detail"] for f in result["red_flags"]) == [
        "BP 185/– mmHg",
        "Chest pain, moderate",
        "Heart rate 124/min",
        "PHQ-9 item 9 answered 1 (thoughts of being better off dead or of self-harm)",
    ]
    assert result["latest_pgic"]["label"] == "Much improved"
    assert translation.get_language() != "es"  # the override did not leak


def test_detail_shown_gives_each_stored_detail_in_the_readers_language():
    flags = spanish_figures()["red_flags"]

    with translation.override("es"):
        shown = sorted(detail_shown(f["kind"], f["code"], f["detail"]) for f in flags)
    with translation.override("en"):
        english = sorted(detail_shown(f["kind"], f["code"], f["detail"]) for f in flags)

    assert shown == [
        "Dolor en el pecho, moderado",
        "Frecuencia cardiaca 124/min",
        "PA 185/– mmHg",
        "PHQ-9, ítem 9 respondido con 1 (pensamientos de que estaría mejor muerto o de hacerse daño de "
        "alguna manera)",
    ]
    assert english == sorted(f["detail"] for f in flags)


@pytest.mark.parametrize(
    ("kind", "code", "detail"),
    [
        ("side_effect", "chest_pain", "Chest pain, unbearable"),
        ("heart_rate", "", "HR 130"),
        ("other", "", "x"),
    ],
)
def test_a_detail_that_cannot_be_read_back_is_shown_as_stored(kind, code, detail):
    with translation.override("es"):
        assert detail_shown(kind, code, detail) == detail


@pytest.mark.django_db
def test_a_red_flag_logged_in_spanish_is_stored_in_english_and_not_rewritten_in_english(alice, client_for):
    client = client_for(alice)
    created = client.post(
        list_url("entry"), entry_data(side_effects=[CHEST_PAIN]), format="json", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert created.status_code == 201, created.content
    flag = RedFlag.objects.get(patient=alice)
    assert flag.detail == "Chest pain, moderate"

    edited = client.patch(
        f"{list_url('entry')}{created.json()['id']}/",
        {"pain_now": 7},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
        HTTP_IF_MATCH=created["ETag"],
    )
    assert edited.status_code == 200, edited.content
    again = RedFlag.objects.get(patient=alice)
    assert (again.pk, again.detail, again.withdrawn_at) == (flag.pk, "Chest pain, moderate", None)

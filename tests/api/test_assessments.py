"""`assessments/`: a patient records a PEG, PHQ-9 or GAD-7; the server scores and bands it.

What a patient (or their app) notices: the score and band come back at once; a bad answer,
a wrong number of answers or an unknown instrument is a 400 naming the field; another
patient's questionnaire is a 404; a clinician reads them only through a full share.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from care.models import Scope
from diary import formats, services
from diary.models import Assessment
from tests.api.conftest import error_attrs
from tests.care.conftest import share_for

pytestmark = pytest.mark.django_db

LIST = "/api/v1/assessments/"


def detail(record_id) -> str:
    return f"{LIST}{record_id}/"


def clinician_list(patient_id) -> str:
    return f"/api/v1/clinician/patients/{patient_id}/assessments/"


def phq9(**over) -> dict:
    return {
        "completed_at": "2026-03-03T09:00:00+01:00",
        "instrument": "phq9",
        "answers": [1, 2, 1, 0, 3, 1, 2, 1, 0],
        **over,
    }


def peg(**over) -> dict:
    return {"completed_at": "2026-03-03T09:00:00+01:00", "instrument": "peg", "answers": [7, 6, 5], **over}


def make(patient, data: dict | None = None) -> Assessment:
    return services.record_create(patient_id=patient.pk, entity="assessment", data=data or phq9())


def errors_by_attr(response) -> dict[str, str]:
    assert response.status_code == 400, response.content
    error_attrs(response)  # the error shape
    return {e["attr"]: e["detail"] for e in response.json()["errors"]}


# --- create, read, patch, delete -------------------------------------------------------


def test_a_phq9_is_scored_and_banded_by_the_server(alice, client_for):
    response = client_for(alice).post(LIST, phq9(), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    # 1+2+1+0+3+1+2+1+0 = 11: 10-14 is "moderate".
    assert body["score"] == 11.0
    assert body["band"] == "moderate"
    assert body["answers"] == [1, 2, 1, 0, 3, 1, 2, 1, 0]
    assert body["completed_at"] == "2026-03-03T09:00:00+01:00"
    assert body["episode"] is None
    assert response["ETag"] == f'"{body["version"]}"'
    stored = Assessment.objects.get(pk=body["id"])
    assert (stored.completed_offset, str(stored.local_date)) == (60, "2026-03-03")


def test_a_peg_is_the_mean_to_one_decimal_without_a_band(alice, client_for):
    response = client_for(alice).post(LIST, peg(answers=[7, 6, 6]), format="json")

    body = response.json()
    # (7 + 6 + 6) / 3 = 6.333… → 6.3
    assert (body["score"], body["band"]) == (6.3, None)


def test_the_local_date_is_the_date_in_the_completion_offset(alice, client_for):
    # 23:30 at UTC-05:00 is already the 4th in UTC; the patient's date is the 3rd.
    response = client_for(alice).post(LIST, peg(completed_at="2026-03-03T23:30:00-05:00"), format="json")

    assert Assessment.objects.get(pk=response.json()["id"]).local_date.isoformat() == "2026-03-03"


def test_read_list_patch_and_delete(alice, client_for):
    client = client_for(alice)
    created = client.post(LIST, phq9(), format="json").json()

    assert client.get(detail(created["id"])).json() == created
    assert [r["id"] for r in client.get(LIST).json()["results"]] == [created["id"]]

    # Answer 5 from 3 to 0: 11 - 3 = 8, "mild"; the score follows the answers.
    answers = [1, 2, 1, 0, 0, 1, 2, 1, 0]
    patched = client.patch(
        detail(created["id"]), {"answers": answers}, format="json", HTTP_IF_MATCH=f'"{created["version"]}"'
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["score"], patched.json()["band"]) == (8.0, "mild")
    assert patched.json()["version"] > created["version"]

    stale = client.patch(
        detail(created["id"]), {"answers": answers}, format="json", HTTP_IF_MATCH=f'"{created["version"]}"'
    )
    assert stale.status_code == 412

    assert client.delete(detail(created["id"])).status_code == 204
    assert client.get(detail(created["id"])).status_code == 404
    assert client.get(LIST).json()["results"] == []


def test_changing_the_instrument_needs_answers_that_fit_it(alice, client_for):
    client = client_for(alice)
    created = client.post(LIST, peg(), format="json").json()

    refused = client.patch(detail(created["id"]), {"instrument": "gad7"}, format="json")
    assert errors_by_attr(refused) == {"answers": formats.ANSWERS_COUNT["gad7"]}

    changed = client.patch(
        detail(created["id"]), {"instrument": "gad7", "answers": [3, 3, 3, 3, 3, 0, 3]}, format="json"
    )
    # 3 × 6 = 18: 15-21 is "severe".
    assert (changed.json()["score"], changed.json()["band"]) == (18.0, "severe")


def test_score_and_band_sent_by_a_client_are_ignored(alice, client_for):
    response = client_for(alice).post(LIST, peg(score=0, band="minimal"), format="json")

    # (7 + 6 + 5) / 3 = 6.0
    assert (response.json()["score"], response.json()["band"]) == (6.0, None)


def test_an_assessment_may_name_one_of_my_episodes_only(alice, bob, client_for):
    mine = services.record_create(
        patient_id=alice.pk,
        entity="episode",
        data={"treatment": "ketamine", "condition": "crps", "title": "Course", "started_on": "2026-03-01"},
    )
    theirs = services.record_create(
        patient_id=bob.pk,
        entity="episode",
        data={"treatment": "ketamine", "condition": "crps", "title": "Course", "started_on": "2026-03-01"},
    )
    client = client_for(alice)

    assert client.post(LIST, peg(episode=str(mine.pk)), format="json").json()["episode"] == str(mine.pk)
    assert list(errors_by_attr(client.post(LIST, peg(episode=str(theirs.pk)), format="json"))) == ["episode"]


# --- validation: every bad input a 400 naming its field --------------------------------


@pytest.mark.parametrize(
    ("data", "attrs"),
    [
        # Out of range for the instrument: PHQ-9 answers are 0-3, named by their index.
        (phq9(answers=[1, 2, 1, 0, 4, 1, 2, 1, 0]), {"answers.4": formats.ANSWER_RANGE["phq9"]}),
        (phq9(answers=[0, 0, 0, 0, 0, 0, 0, 0, 9]), {"answers.8": formats.ANSWER_RANGE["phq9"]}),
        (
            {**phq9(), "instrument": "gad7", "answers": [0, 4, 0, 0, 0, 0, 5]},
            {"answers.1": formats.ANSWER_RANGE["gad7"], "answers.6": formats.ANSWER_RANGE["gad7"]},
        ),
        # Beyond any instrument's range: the item's own bound.
        (peg(answers=[11, 0, 0]), {"answers.0": "Ensure this value is less than or equal to 10."}),
        (peg(answers=[0, -1, 0]), {"answers.1": "Ensure this value is greater than or equal to 0."}),
        # The wrong number of answers.
        (peg(answers=[1, 2]), {"answers": formats.ANSWERS_COUNT["peg"]}),
        (peg(answers=[1, 2, 3, 4]), {"answers": formats.ANSWERS_COUNT["peg"]}),
        (phq9(answers=[]), {"answers": formats.ANSWERS_COUNT["phq9"]}),
        # An unknown instrument.
        (peg(instrument="phq2"), {"instrument": '"phq2" is not a valid choice.'}),
        (peg(instrument="PEG"), {"instrument": '"PEG" is not a valid choice.'}),
    ],
    ids=lambda v: str(v)[:60],
)
def test_bad_answers_and_instruments_are_named(alice, client_for, data, attrs):
    response = client_for(alice).post(LIST, data, format="json")

    assert errors_by_attr(response) == attrs
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("data", "attr"),
    [
        (peg(answers="7,6,5"), "answers"),
        (peg(answers={"0": 7}), "answers"),
        (peg(answers=None), "answers"),
        (peg(answers=["7", 6, 5]), "answers.0"),
        (peg(answers=[7, 6.5, 5]), "answers.1"),
        (peg(answers=[7, 6, True]), "answers.2"),
        (peg(answers=[7, None, 5]), "answers.1"),
        (peg(answers=[7, [6], 5]), "answers.1"),
        (peg(answers=[10**400, 6, 5]), "answers.0"),
        (peg(instrument=3), "instrument"),
        (peg(instrument=None), "instrument"),
        (peg(instrument="peg\x00"), "instrument"),
        (peg(instrument=["peg"]), "instrument"),
        (peg(completed_at="2026-03-03T09:00:00"), "completed_at"),
        (peg(completed_at="2026-03-03\x00"), "completed_at"),
        (peg(completed_at=1772524800), "completed_at"),
        (peg(episode="not-a-uuid"), "episode"),
        ({"instrument": "peg", "answers": [1, 2, 3]}, "completed_at"),
        ({"completed_at": "2026-03-03T09:00:00+01:00", "answers": [1, 2, 3]}, "instrument"),
        ({"completed_at": "2026-03-03T09:00:00+01:00", "instrument": "peg"}, "answers"),
    ],
    ids=lambda v: repr(v)[:60],
)
def test_wrong_json_types_are_a_400_naming_the_field(alice, client_for, data, attr):
    response = client_for(alice).post(LIST, data, format="json")

    assert attr in errors_by_attr(response)
    assert not Assessment.objects.exists()


def test_a_completion_more_than_a_day_ahead_is_refused(alice, client_for):
    ahead = (timezone.now() + timedelta(hours=25)).replace(microsecond=0).isoformat()
    just_in = (timezone.now() + timedelta(hours=23)).replace(microsecond=0).isoformat()
    client = client_for(alice)

    assert errors_by_attr(client.post(LIST, peg(completed_at=ahead), format="json")) == {
        "completed_at": formats.COMPLETED_AHEAD
    }
    assert client.post(LIST, peg(completed_at=just_in), format="json").status_code == 201


def test_a_body_that_is_not_an_object_is_a_400(alice, client_for):
    response = client_for(alice).post(LIST, [peg()], format="json")

    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"


# --- who may read and write ------------------------------------------------------------


def test_another_patient_gets_404_and_changes_nothing(alice, bob, client_for):
    record = make(alice)
    client = client_for(bob)

    assert client.get(detail(record.pk)).status_code == 404
    assert client.patch(detail(record.pk), {"answers": [0] * 9}, format="json").status_code == 404
    assert client.delete(detail(record.pk)).status_code == 404
    assert client.get(LIST).json()["results"] == []
    record.refresh_from_db()
    assert (record.answers, record.deleted_at) == ([1, 2, 1, 0, 3, 1, 2, 1, 0], None)


def test_anonymous_gets_401_and_a_clinician_on_the_patient_paths_403(alice, carol, api, client_for):
    record = make(alice)

    for client, expected in ((api, 401), (client_for(carol), 403)):
        assert client.get(LIST).status_code == expected
        assert client.post(LIST, phq9(), format="json").status_code == expected
        assert client.get(detail(record.pk)).status_code == expected
        assert client.patch(detail(record.pk), {"answers": [0] * 9}, format="json").status_code == expected
        assert client.delete(detail(record.pk)).status_code == expected
    assert Assessment.objects.count() == 1


def test_a_clinician_with_a_full_share_reads_them_through_the_clinician_route(alice, bob, carol, client_for):
    mine = make(alice)
    make(bob)
    share_for(alice, carol, scope=Scope.FULL)

    response = client_for(carol).get(clinician_list(alice.pk))

    assert response.status_code == 200, response.content
    [shown] = response.json()["results"]
    assert (shown["id"], shown["score"], shown["band"]) == (str(mine.pk), 11.0, "moderate")
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("state", "scope", "expected"),
    [
        ("active", Scope.SUMMARY, 403),
        ("revoked", Scope.FULL, 404),
        ("expired", Scope.FULL, 404),
        ("pending", Scope.FULL, 404),
    ],
)
def test_a_clinician_without_an_active_full_share_reads_nothing(
    alice, carol, client_for, state, scope, expected
):
    make(alice)
    share_for(alice, carol, state=state, scope=scope)

    response = client_for(carol).get(clinician_list(alice.pk))

    assert response.status_code == expected
    assert "answers" not in response.content.decode()


def test_the_clinician_route_refuses_patients_and_strangers(alice, bob, api, client_for):
    make(alice)

    assert client_for(alice).get(clinician_list(alice.pk)).status_code == 403
    assert client_for(bob).get(clinician_list(alice.pk)).status_code == 403
    assert api.get(clinician_list(alice.pk)).status_code == 401


# --- the catalogue the app scores with --------------------------------------------------


def test_the_catalogue_serves_each_instruments_scoring_and_schedule(api):
    served = {i["code"]: i for i in api.get("/api/v1/catalog/").json()["instruments"]}

    assert {
        code: (i["score"], i["score_min"], i["score_max"], i["schedule_days"]) for code, i in served.items()
    } == {
        "peg": ("mean", 0, 10, 7),
        "phq9": ("sum", 0, 27, 28),
        "gad7": ("sum", 0, 21, 28),
    }
    assert [(b["code"], b["min"], b["max"]) for b in served["phq9"]["bands"]] == [
        ("minimal", 0, 4),
        ("mild", 5, 9),
        ("moderate", 10, 14),
        ("moderately_severe", 15, 19),
        ("severe", 20, 27),
    ]
    assert [(b["code"], b["min"], b["max"]) for b in served["gad7"]["bands"]] == [
        ("minimal", 0, 4),
        ("mild", 5, 9),
        ("moderate", 10, 14),
        ("severe", 15, 21),
    ]
    assert served["peg"]["bands"] == []
    # PHQ-9 item 9 (index 8) answered 1 or more is the red flag; no other instrument has one.
    assert {code: (i["red_flag_item"], i["red_flag_from"]) for code, i in served.items()} == {
        "peg": (None, None),
        "phq9": (8, 1),
        "gad7": (None, None),
    }
    assert [len(i["items"]) for i in served.values()] == [3, 9, 7]
    assert served["peg"]["recall"] == "the past week"

"""Assessments through sync: completed offline, pushed later, merged, clashing, deleted, refused.

The same rules as every kind (CONTRACT.md § Sync): a create is applied and scored; an edit
of other fields merges; an edit of the same field clashes into a conflict record; a bad
questionnaire is rejected and its payload kept in a rejection record that syncs down, so
nothing the patient answered is lost. Pull shows each assessment as the REST API does.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from diary import formats
from diary.models import Assessment, Conflict, Rejection
from tests.sync.conftest import Device

pytestmark = pytest.mark.django_db

PHQ9 = {
    "completed_at": "2026-05-01T21:00:00+01:00",
    "instrument": "phq9",
    "answers": [1, 1, 1, 1, 1, 1, 1, 1, 0],
}
PEG = {"completed_at": "2026-05-01T21:00:00+01:00", "instrument": "peg", "answers": [8, 7, 7]}


def test_a_questionnaire_completed_offline_is_applied_and_scored(device):
    record = uuid.uuid4()

    result = device.push_one("assessment", "upsert", record, None, PHQ9)

    assert result["status"] == "applied"
    stored = Assessment.objects.get(pk=record)
    # Eight answers of 1: 8, "mild" (5-9).
    assert (stored.score, stored.band, stored.version) == (8, "mild", result["version"])


def test_an_edit_is_applied_and_rescored(device):
    record = uuid.uuid4()
    v = device.push_one("assessment", "upsert", record, None, PEG)["version"]

    result = device.push_one("assessment", "upsert", record, v, {"answers": [2, 3, 3]})

    assert result["status"] == "applied"
    # (2 + 3 + 3) / 3 = 2.666… → 2.7
    assert Assessment.objects.get(pk=record).score == Decimal("2.7")


def test_edits_of_different_fields_merge(device, other_device):
    record = uuid.uuid4()
    v = device.push_one("assessment", "upsert", record, None, PEG)["version"]
    other_device.push_one("assessment", "upsert", record, v, {"completed_at": "2026-05-02T09:00:00+01:00"})

    result = device.push_one("assessment", "upsert", record, v, {"answers": [1, 1, 2]})

    assert result["status"] == "merged"
    stored = Assessment.objects.get(pk=record)
    assert (stored.answers, str(stored.local_date)) == ([1, 1, 2], "2026-05-02")
    # (1 + 1 + 2) / 3 = 1.333… → 1.3, from the merged answers
    assert stored.score == Decimal("1.3")


def test_clashing_answers_keep_the_server_side_and_record_the_other(device, other_device):
    record = uuid.uuid4()
    v = device.push_one("assessment", "upsert", record, None, PEG)["version"]
    other_device.push_one("assessment", "upsert", record, v, {"answers": [9, 9, 9]})

    result = device.push_one("assessment", "upsert", record, v, {"answers": [1, 1, 1]})

    assert result["status"] == "conflict"
    stored = Assessment.objects.get(pk=record)
    assert (stored.answers, stored.score) == ([9, 9, 9], 9)
    conflict = Conflict.objects.get(pk=result["conflict_id"])
    assert (conflict.entity, conflict.fields) == (
        "assessment",
        {"answers": {"server": [9, 9, 9], "client": [1, 1, 1]}},
    )

    kept = device.push_one("conflict", "resolve", conflict.pk, None, {"keep": "client"})

    assert kept["status"] == "applied"
    stored.refresh_from_db()
    assert (stored.answers, stored.score) == ([1, 1, 1], 1)


def test_delete_and_an_edit_from_another_device_conflict_without_resurrecting(device, other_device):
    record = uuid.uuid4()
    v = device.push_one("assessment", "upsert", record, None, PEG)["version"]
    device.push_one("assessment", "delete", record, v)

    result = other_device.push_one("assessment", "upsert", record, v, {"answers": [0, 0, 0]})

    assert result["status"] == "conflict"
    assert Assessment.objects.get(pk=record).deleted_at is not None
    assert Conflict.objects.get().kind == "edit_deleted"


@pytest.mark.parametrize(
    ("data", "attr", "detail"),
    [
        ({**PHQ9, "answers": [1, 1, 1, 1, 4, 1, 1, 1, 0]}, "answers.4", formats.ANSWER_RANGE["phq9"]),
        ({**PHQ9, "answers": [1, 1, 1]}, "answers", formats.ANSWERS_COUNT["phq9"]),
        ({**PHQ9, "instrument": "bdi"}, "instrument", '"bdi" is not a valid choice.'),
        ({**PEG, "answers": ["8", 7, 7]}, "answers.0", None),
    ],
)
def test_a_bad_questionnaire_is_rejected_and_kept(device, data, attr, detail):
    bad = device.mutation("assessment", "upsert", uuid.uuid4(), None, data)
    good = device.mutation("assessment", "upsert", uuid.uuid4(), None, PEG)

    results = device.push(bad, good)["results"]

    assert results[0]["status"] == "rejected" and "version" not in results[0]
    assert [e["attr"] for e in results[0]["errors"]] == [attr]
    if detail:
        assert results[0]["errors"][0]["detail"] == detail
    assert results[1]["status"] == "applied"
    assert Assessment.objects.count() == 1
    rejection = Rejection.objects.get()
    assert (rejection.entity, rejection.payload) == ("assessment", bad)

    # The rejection reaches the patient's devices, with what they answered, to fix it.
    changes, _, _ = device.pull_all()
    [pulled] = [c for c in changes if c["entity"] == "rejection"]
    assert pulled["data"]["data"] == bad  # the mutation as pushed, answers and all
    assert pulled["data"]["errors"][0]["attr"] == attr


def test_pull_shows_assessments_as_the_rest_api_does(device, alice, client_for):
    pushed = uuid.uuid4()
    device.push_one("assessment", "upsert", pushed, None, PHQ9)
    posted = client_for(alice).post("/api/v1/assessments/", PEG, format="json").json()
    deleted = uuid.uuid4()
    v = device.push_one("assessment", "upsert", deleted, None, PEG)["version"]
    device.push_one("assessment", "delete", deleted, v)

    changes, _, _ = device.pull_all()

    by_id = {c["id"]: c for c in changes if c["entity"] == "assessment"}
    assert by_id[posted["id"]]["data"] == posted
    assert by_id[str(deleted)] == {
        "entity": "assessment",
        "id": str(deleted),
        "version": by_id[str(deleted)]["version"],
        "deleted": True,
    }
    shown = by_id[str(pushed)]["data"]
    assert (shown["score"], shown["band"], shown["completed_at"]) == (8.0, "mild", PHQ9["completed_at"])
    assert shown == client_for(alice).get(f"/api/v1/assessments/{pushed}/").json()


def test_another_patient_cannot_touch_my_assessment_through_sync(alice, bob, client_for):
    record = uuid.uuid4()
    Device(client_for(alice)).push_one("assessment", "upsert", record, None, PHQ9)

    result = Device(client_for(bob)).push_one(
        "assessment", "upsert", record, None, {**PHQ9, "answers": [0] * 9}
    )

    assert result["status"] == "rejected" and result["errors"][0]["attr"] == "id"
    assert Assessment.objects.get(pk=record).answers == PHQ9["answers"]

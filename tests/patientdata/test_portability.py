"""Export round-trips: the JSON export imported into an empty account reproduces the diary."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from diary.models import Assessment, Entry, Episode
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db
SECTIONS = ("episodes", "administrations", "entries", "medications", "assessments")
SERVER_STAMPS = ("version", "created_at", "updated_at")


def write_diary(client) -> None:
    """A diary with every kind of record and every kind of link, and a deleted entry."""

    def post(resource: str, body: dict) -> dict:
        response = client.post(f"/api/v1/{resource}/", body, format="json")
        assert response.status_code == 201, response.content
        return response.json()

    ketamine = post(
        "episodes",
        {"treatment": "ketamine", "condition": "crps", "title": "Ketamine", "started_on": "2026-03-01"},
    )
    other = post(
        "episodes",
        {
            "treatment": "other",
            "treatment_name": "Lidocaine",
            "condition": "fibromyalgia",
            "title": "Lidocaine",
            "started_on": "2026-02-01",
            "ended_on": "2026-02-20",
            "notes": "=cmd|' /C calc'!A0",
        },
    )
    infusion = post(
        "administrations",
        {
            "episode": ketamine["id"],
            "administered_at": "2026-03-03T10:00:00+01:00",
            "route": "iv_infusion",
            "dose_mg_per_kg": "0.5",
            "weight_kg": "70.0",
            "duration_minutes": 40,
        },
    )
    post(
        "administrations",
        {"episode": other["id"], "administered_at": "2026-02-03T10:00:00-05:00", "route": "iv_infusion"},
    )
    for day in range(1, 6):
        post(
            "entries",
            {
                "recorded_at": f"2026-03-0{day}T21:30:00+01:00",
                "pain_now": day,
                "mood": 5,
                "locations": ["left_hand"],
                "side_effects": [{"code": "nausea", "severity": 2}],
                "episode": ketamine["id"],
                "administration": infusion["id"] if day >= 3 else None,
                "notes": f"day {day} ✓",
            },
        )
    gone = post("entries", {"recorded_at": "2026-03-06T08:00:00+01:00", "pain_now": 9})
    assert client.delete(f"/api/v1/entries/{gone['id']}/").status_code == 204
    post(
        "medications", {"taken_at": "2026-03-03T08:00:00+01:00", "drug": "morphine", "dose": 10, "unit": "mg"}
    )
    post(
        "medications",
        {"taken_at": "2026-03-04T08:00:00+01:00", "drug": "fentanyl", "dose": 12, "unit": "mcg_per_h"},
    )
    # Assessments: one in an episode, one without, one deleted (not exported).
    post(
        "assessments",
        {
            "completed_at": "2026-03-02T20:00:00+01:00",
            "instrument": "phq9",
            "answers": [2, 2, 1, 1, 0, 1, 2, 0, 1],
            "episode": ketamine["id"],
        },
    )
    post(
        "assessments",
        {"completed_at": "2026-03-05T20:00:00-05:00", "instrument": "peg", "answers": [6, 5, 5]},
    )
    dropped = post(
        "assessments",
        {"completed_at": "2026-03-05T20:00:00+01:00", "instrument": "gad7", "answers": [0] * 7},
    )
    assert client.delete(f"/api/v1/assessments/{dropped['id']}/").status_code == 204


def export(client) -> dict:
    response = client.get("/api/v1/export/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def diary(document: dict, rename: dict[str, str] | None = None) -> dict:
    """The records of an export, without server stamps; ids (and links) renamed if asked."""
    rename = rename or {}
    out = {}
    for section in SECTIONS:
        records = []
        for record in document[section]:
            record = {k: v for k, v in record.items() if k not in SERVER_STAMPS}
            for key in ("id", "episode", "administration"):
                if record.get(key) is not None:
                    record[key] = rename.get(record[key], record[key])
            records.append(record)
        out[section] = records
    return out


def test_importing_the_export_into_an_empty_account_reproduces_the_diary(alice, client_for):
    write_diary(client_for(alice))
    original = export(client_for(alice))
    dave = make_user("dave@example.com")

    response = client_for(dave).post("/api/v1/import/", original, format="json")

    assert response.status_code == 201, response.content
    result = response.json()
    assert result["created"] == {
        "episodes": 2,
        "administrations": 2,
        "entries": 5,
        "medications": 2,
        "assessments": 2,
    }
    # alice still has her records, so every id was taken: each record got a new one, links follow
    assert len(result["new_ids"]) == 13
    assert diary(export(client_for(dave))) == diary(original, rename=result["new_ids"])


def test_a_moved_account_keeps_its_ids(alice, client_for):
    """Export, erase the account, import into a new one: the same ids, the same diary."""
    write_diary(client_for(alice))
    original = export(client_for(alice))
    assert client_for(alice).delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 204
    dave = make_user("dave@example.com")

    response = client_for(dave).post("/api/v1/import/", original, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["new_ids"] == {}
    assert diary(export(client_for(dave))) == diary(original)


def test_a_bad_record_is_named_and_nothing_is_imported(alice, client_for):
    document = {
        "episodes": [
            {"treatment": "ketamine", "condition": "crps", "title": "K", "started_on": "2026-03-01"}
        ],
        "entries": [
            {"recorded_at": "2026-03-01T08:00:00+00:00", "pain_now": 3},
            {"recorded_at": "2026-03-02T08:00:00+00:00", "pain_now": 11},
        ],
    }

    response = client_for(alice).post("/api/v1/import/", document, format="json")

    assert response.status_code == 400
    assert [e["attr"] for e in response.json()["errors"]] == ["entries.1.pain_now"]
    assert not Episode.objects.exists() and not Entry.objects.exists()


@pytest.mark.parametrize(
    ("document", "attr"),
    [({"entries": "not a list"}, "entries"), ({"entries": [7]}, "entries.0"), ([1, 2], "non_field_errors")],
)
def test_malformed_documents_are_400_naming_the_field(alice, client_for, document, attr):
    response = client_for(alice).post("/api/v1/import/", document, format="json")
    assert response.status_code == 400
    assert attr in [e["attr"] for e in response.json()["errors"]]


def test_assessments_come_back_with_their_scores_bands_and_episode(alice, client_for):
    write_diary(client_for(alice))
    original = export(client_for(alice))
    dave = make_user("dave@example.com")

    result = client_for(dave).post("/api/v1/import/", original, format="json").json()

    [phq9, peg] = export(client_for(dave))["assessments"]
    # PHQ-9: 2+2+1+1+0+1+2+0+1 = 10, "moderate" (10-14); its episode is dave's copy of Ketamine.
    assert (phq9["instrument"], phq9["score"], phq9["band"]) == ("phq9", 10.0, "moderate")
    ketamine = next(e for e in original["episodes"] if e["title"] == "Ketamine")
    assert phq9["episode"] == result["new_ids"][ketamine["id"]]
    assert phq9["completed_at"] == "2026-03-02T20:00:00+01:00"
    # PEG: (6 + 5 + 5) / 3 = 5.333… → 5.3, no band, its own offset kept.
    assert (peg["score"], peg["band"], peg["episode"]) == (5.3, None, None)
    assert peg["completed_at"] == "2026-03-05T20:00:00-05:00"
    assert Assessment.objects.filter(patient=dave).count() == 2


def test_an_imported_assessment_is_checked_like_a_new_one(alice, client_for):
    document = {
        "assessments": [
            {"completed_at": "2026-03-02T20:00:00+00:00", "instrument": "peg", "answers": [1, 2, 3]},
            {
                "completed_at": "2026-03-02T20:00:00+00:00",
                "instrument": "phq9",
                "answers": [0, 0, 0, 0, 4, 0, 0, 0, 0],
            },
        ]
    }

    response = client_for(alice).post("/api/v1/import/", document, format="json")

    assert response.status_code == 400
    assert [e["attr"] for e in response.json()["errors"]] == ["assessments.1.answers.4"]
    assert not Assessment.objects.exists()


def test_an_assessment_whose_episode_is_not_in_the_document_keeps_its_answers(alice, client_for):
    document = {
        "assessments": [
            {
                "completed_at": "2026-03-02T20:00:00+00:00",
                "instrument": "gad7",
                "answers": [1, 1, 1, 1, 1, 1, 1],
                "episode": "7d0c8a1e-6f7b-4a51-9d0e-4f1d2f0f7c11",
            }
        ]
    }

    response = client_for(alice).post("/api/v1/import/", document, format="json")

    assert response.status_code == 201, response.content
    stored = Assessment.objects.get(patient=alice)
    # 7 × 1 = 7, "mild" (5-9); the link to an episode that was not exported is dropped.
    assert (stored.answers, stored.score, stored.band, stored.episode_id) == ([1] * 7, 7, "mild", None)


def test_the_csv_export_has_the_assessments_with_their_answers_as_json(alice, client_for):
    write_diary(client_for(alice))

    response = client_for(alice).get("/api/v1/export/", {"format": "csv"})

    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("assessments.csv").decode())))
    assert [(r["instrument"], r["answers"], r["score"], r["band"]) for r in rows] == [
        ("phq9", "[2, 2, 1, 1, 0, 1, 2, 0, 1]", "10.0", "moderate"),
        ("peg", "[6, 5, 5]", "5.3", ""),
    ]

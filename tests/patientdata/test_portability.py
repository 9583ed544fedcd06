"""Export round-trips: the JSON export imported into an empty account reproduces the diary."""

from __future__ import annotations

import pytest

from diary.models import Entry, Episode
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db
SECTIONS = ("episodes", "administrations", "entries", "medications")
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
    assert result["created"] == {"episodes": 2, "administrations": 2, "entries": 5, "medications": 2}
    # alice still has her records, so every id was taken: each record got a new one, links follow
    assert len(result["new_ids"]) == 11
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

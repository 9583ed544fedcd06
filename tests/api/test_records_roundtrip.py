"""What a client writes is what it reads back: offsets, diary dates, client ids; and what it may not write.

Covers round trips of every record kind, the default diary date, client-chosen ids and
409 on a taken id, and mass assignment of server-managed fields (ignored, never applied).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from diary.versioning import current_version
from tests.api.conftest import ENTITIES, MODELS, detail_url, list_url, row, table_state


def full_payloads(client) -> dict[str, dict]:
    """Every field of every record kind, as a client would send them (linked to each other)."""
    episode = {
        "treatment": "other",
        "treatment_name": "Lidocaine infusions",
        "condition": "neuropathic",
        "title": "Lidocaine, spring 2026",
        "started_on": "2026-03-01",
        "ended_on": "2026-04-15",
        "notes": "Ward 4 — ünïcode ✓\nsecond line  ",
    }
    episode_id = client.post(list_url("episode"), episode).json()["id"]
    administration = {
        "episode": episode_id,
        "administered_at": "2026-03-03T00:30:00+02:00",
        "route": "iv_infusion",
        "phase": "induction",
        "setting": "home",
        "dose_mg": 35.5,
        "dose_mg_per_kg": 0.5,
        "weight_kg": 71.0,
        "duration_minutes": 40,
        "bp_systolic_max": 150,
        "bp_diastolic_max": 95,
        "heart_rate_max": 110,
        "notes": "Felt floaty",
    }
    administration_id = client.post(list_url("administration"), administration).json()["id"]
    entry = {
        "recorded_at": "2026-03-03T00:30:00+02:00",
        "diary_date": "2026-03-02",  # logging yesterday at half past midnight
        "pain_now": 7,
        "pain_average": 6,
        "pain_worst": 9,
        "pain_least": 3,
        "interference_enjoyment": 5,
        "interference_activity": 8,
        "mood": 4,
        "sleep_quality": 2,
        "relief_percent": 30,
        "pgic": 3,
        "locations": ["left_knee", "lower_back", "right_foot"],
        "side_effects": [{"code": "dissociation", "severity": 2}, {"code": "nausea", "severity": 1}],
        "episode": episode_id,
        "administration": administration_id,
        "notes": "After the 2nd infusion",
    }
    medication = {
        "taken_at": "2026-03-03T00:30:00+02:00",
        "drug": "morphine",
        "dose": 12.5,
        "unit": "mg",
        "notes": "Breakthrough dose",
    }
    return {"episode": episode, "administration": administration, "entry": entry, "medication": medication}


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
def test_every_written_field_reads_back_exactly(entity, alice, client_for):
    client = client_for(alice)
    payload = full_payloads(client)[entity]

    created = client.post(list_url(entity), payload)
    assert created.status_code == 201, created.content
    record_id = created.json()["id"]
    read = client.get(detail_url(entity, record_id)).json()
    listed = next(item for item in client.get(list_url(entity)).json()["results"] if item["id"] == record_id)

    for shown in (created.json(), read, listed):
        assert {name: shown[name] for name in payload} == payload


@pytest.mark.django_db
@pytest.mark.parametrize("offset", ["+00:00", "+02:00", "-05:00", "-03:30", "+05:45", "+14:00", "-12:00"])
def test_utc_offset_is_kept_and_instant_stored_in_utc(offset, alice, client_for):
    written = f"2026-03-03T00:30:00{offset}"

    response = client_for(alice).post(list_url("entry"), {"recorded_at": written, "pain_now": 4})

    entry = MODELS["entry"].objects.get(pk=response.json()["id"])
    sign = -1 if offset[0] == "-" else 1
    minutes = sign * (int(offset[1:3]) * 60 + int(offset[4:6]))
    assert client_for(alice).get(detail_url("entry", entry.pk)).json()["recorded_at"] == written
    assert entry.recorded_offset == minutes
    assert entry.recorded_at == datetime(2026, 3, 3, 0, 30, tzinfo=timezone.UTC) - timedelta(minutes=minutes)


DEFAULT_DATES = [
    # recorded_at,                  local date in its own offset (UTC date differs)
    ("2026-03-02T23:30:00-05:00", "2026-03-02"),  # UTC: 2026-03-03 04:30
    ("2026-03-03T00:30:00+02:00", "2026-03-03"),  # UTC: 2026-03-02 22:30
    ("2026-03-03T09:00:00+14:00", "2026-03-03"),  # UTC: 2026-03-02 19:00
]


@pytest.mark.django_db
@pytest.mark.parametrize(("recorded_at", "diary_date"), DEFAULT_DATES)
def test_diary_date_defaults_to_the_local_date_of_recorded_at(recorded_at, diary_date, alice, client_for):
    response = client_for(alice).post(list_url("entry"), {"recorded_at": recorded_at, "pain_now": 5})

    assert response.json()["diary_date"] == diary_date
    assert MODELS["entry"].objects.get(pk=response.json()["id"]).diary_date == date.fromisoformat(diary_date)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("entity", "field"), [("administration", "administered_at"), ("medication", "taken_at")]
)
def test_local_date_of_administrations_and_intakes_uses_their_own_offset(
    entity, field, alice, client_for, valid_payload
):
    body = {**valid_payload(entity), field: "2026-03-02T23:30:00-05:00"}

    response = client_for(alice).post(list_url(entity), body)

    assert response.json()[field] == "2026-03-02T23:30:00-05:00"
    assert MODELS[entity].objects.get(pk=response.json()["id"]).local_date == date(2026, 3, 2)


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
def test_client_chosen_id_is_used(entity, alice, client_for, valid_payload):
    chosen = uuid.uuid4()

    response = client_for(alice).post(list_url(entity), {"id": str(chosen), **valid_payload(entity)})

    assert response.status_code == 201
    assert response.json()["id"] == str(chosen)
    assert MODELS[entity].objects.get(pk=chosen).patient_id == alice.pk
    assert client_for(alice).get(detail_url(entity, chosen)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
@pytest.mark.parametrize("owner", ["alice", "bob"])
def test_post_with_a_taken_id_is_409_and_changes_nothing(
    entity, owner, alice, bob, client_for, make, valid_payload
):
    existing = make({"alice": alice, "bob": bob}[owner], entity)
    body = {**valid_payload(entity), "id": str(existing.pk), "notes": "overwrite?"}
    before, state, bob_version = row(existing), table_state(alice), current_version(bob.pk)

    response = client_for(alice).post(list_url(entity), body)

    assert response.status_code == 409
    assert response.json()["type"] == "client_error"
    assert row(existing) == before
    assert table_state(alice) == state
    assert current_version(bob.pk) == bob_version


# --- mass assignment ---------------------------------------------------------------------

SYNC_BOOKKEEPING = {"origin", "field_writers"}  # who wrote which field, for the sync merge

FORGED = {
    "version": 999,
    "mme": 12345,
    "created_at": "2000-01-01T00:00:00Z",
    "updated_at": "2000-01-01T00:00:00Z",
    "deleted_at": "2000-01-01T00:00:00Z",
    "recorded_offset": 600,
    "local_date": "1999-01-01",
}


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
def test_post_ignores_server_managed_fields_and_owner(entity, alice, bob, client_for, valid_payload):
    body = {**valid_payload(entity), **FORGED, "patient": bob.pk, "patient_id": bob.pk, "owner": bob.pk}
    start = timezone.now()

    response = client_for(alice).post(list_url(entity), body)

    assert response.status_code == 201, response.content
    record = MODELS[entity].objects.get(pk=response.json()["id"])
    assert record.patient_id == alice.pk
    assert record.version == response.json()["version"] == current_version(alice.pk)
    assert record.created_at >= start
    assert record.updated_at >= start
    assert record.deleted_at is None
    assert current_version(bob.pk) == 0
    if entity == "medication":
        assert response.json()["mme"] == 10.0  # morphine 10 mg x 1
    if entity == "entry":
        assert record.recorded_offset == 60


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
def test_patch_ignores_id_server_managed_fields_and_owner(entity, alice, bob, client_for, make):
    record = make(alice, entity)
    before = row(record)
    forged_id = uuid.uuid4()
    body = {**FORGED, "id": str(forged_id), "patient": bob.pk, "patient_id": bob.pk, "notes": "new"}

    response = client_for(alice).patch(detail_url(entity, record.pk), body)

    assert response.status_code == 200, response.content
    after = row(record)
    assert response.json()["id"] == str(record.pk)
    assert not MODELS[entity].objects.filter(pk=forged_id).exists()
    assert MODELS[entity].objects.count() == 1
    assert after["patient_id"] == alice.pk
    assert after["version"] == before["version"] + 1 == current_version(alice.pk)
    assert after["created_at"] == before["created_at"]
    assert after["updated_at"] > before["updated_at"]
    assert after["deleted_at"] is None
    assert after["notes"] == "new"
    changed = {k for k in after if after[k] != before[k]} - SYNC_BOOKKEEPING
    assert changed == {"version", "updated_at", "notes"}
    assert current_version(bob.pk) == 0

"""Push: applied, merged, conflict, rejected; replays; mid gaps; limits."""

import uuid

import pytest

from diary.models import Conflict, Entry, Rejection
from tests.sync.conftest import ENTRY, Device

pytestmark = pytest.mark.django_db


def test_create_then_edit_is_applied(device):
    record = uuid.uuid4()
    created = device.push_one("entry", "upsert", record, None, ENTRY)
    assert created["status"] == "applied"
    edited = device.push_one("entry", "upsert", record, created["version"], {"pain_now": 3})
    assert edited["status"] == "applied" and edited["version"] > created["version"]
    assert Entry.objects.get(pk=record).pain_now == 3


def test_edit_of_other_fields_is_merged(device, other_device):
    record = uuid.uuid4()
    v = device.push_one("entry", "upsert", record, None, ENTRY)["version"]
    other_device.push_one("entry", "upsert", record, v, {"mood": 4})
    result = device.push_one("entry", "upsert", record, v, {"pain_now": 2})
    assert result["status"] == "merged"
    entry = Entry.objects.get(pk=record)
    assert (entry.pain_now, entry.mood) == (2, 4)


def test_clashing_edit_keeps_server_value_and_records_the_other(device, other_device):
    record = uuid.uuid4()
    v = device.push_one("entry", "upsert", record, None, ENTRY)["version"]
    other_device.push_one("entry", "upsert", record, v, {"pain_now": 8})
    result = device.push_one("entry", "upsert", record, v, {"pain_now": 2, "mood": 5})
    assert result["status"] == "conflict"
    entry = Entry.objects.get(pk=record)
    assert (entry.pain_now, entry.mood) == (8, 5)  # non-clashing field written
    conflict = Conflict.objects.get(pk=result["conflict_id"])
    assert conflict.fields == {"pain_now": {"server": 8, "client": 2}}
    assert conflict.client_data == {"pain_now": 2}


def test_same_value_is_not_a_conflict(device, other_device):
    record = uuid.uuid4()
    v = device.push_one("entry", "upsert", record, None, ENTRY)["version"]
    other_device.push_one("entry", "upsert", record, v, {"pain_now": 8})
    assert device.push_one("entry", "upsert", record, v, {"pain_now": 8})["status"] == "merged"
    assert not Conflict.objects.exists()


def test_own_earlier_mutations_never_clash(device):
    record = uuid.uuid4()
    device.push_one("entry", "upsert", record, None, ENTRY)  # response "lost": base stays null
    result = device.push_one("entry", "upsert", record, None, {"pain_now": 1})
    assert result["status"] == "applied"
    assert Entry.objects.get(pk=record).pain_now == 1


def test_replay_returns_the_first_result_and_writes_nothing(device):
    record = uuid.uuid4()
    m = device.mutation("entry", "upsert", record, None, ENTRY)
    first = device.push(m)
    again = device.push(m)
    assert again["results"] == first["results"]
    assert Entry.objects.count() == 1
    assert again["version"] == first["version"]


def test_gap_in_mids_is_409_with_expected_mid(device):
    device.push(device.mutation("entry", "upsert", uuid.uuid4(), None, ENTRY))
    device.next_mid = 5
    body = device.push(device.mutation("entry", "upsert", uuid.uuid4(), None, ENTRY), expect=409)
    assert body["expected_mid"] == 2
    assert Entry.objects.count() == 1


def test_invalid_mutation_is_rejected_and_kept_verbatim(device):
    bad = device.mutation("entry", "upsert", uuid.uuid4(), None, {**ENTRY, "pain_now": 11})
    good = device.mutation("entry", "upsert", uuid.uuid4(), None, ENTRY)
    results = device.push(bad, good)["results"]
    assert results[0]["status"] == "rejected"
    assert results[0]["errors"][0]["attr"] == "pain_now"
    assert "version" not in results[0]
    assert results[1]["status"] == "applied"
    rejection = Rejection.objects.get()
    assert rejection.payload == bad


@pytest.mark.parametrize(
    ("change", "attr"),
    [
        ({"entity": "spaceship"}, "entity"),
        ({"op": "explode"}, "op"),
        ({"id": "not-a-uuid"}, "id"),
        ({"base_version": "seven"}, "base_version"),
        ({"data": [1, 2]}, "data"),
    ],
)
def test_malformed_mutation_is_rejected_naming_the_field(device, change, attr):
    m = device.mutation("entry", "upsert", uuid.uuid4(), None, ENTRY) | change
    result = device.push(m)["results"][0]
    assert result["status"] == "rejected"
    assert attr in [e["attr"] for e in result["errors"]]


def test_delete_then_edit_from_another_device_is_a_conflict(device, other_device):
    record = uuid.uuid4()
    v = device.push_one("entry", "upsert", record, None, ENTRY)["version"]
    device.push_one("entry", "delete", record, v)
    result = other_device.push_one("entry", "upsert", record, v, {"pain_now": 1})
    assert result["status"] == "conflict"
    assert Entry.objects.get(pk=record).deleted_at is not None  # not resurrected
    assert Conflict.objects.get().kind == "edit_deleted"


def test_delete_meeting_an_edit_is_a_conflict_and_keeps_the_record(device, other_device):
    record = uuid.uuid4()
    v = device.push_one("entry", "upsert", record, None, ENTRY)["version"]
    other_device.push_one("entry", "upsert", record, v, {"pain_now": 1})
    result = device.push_one("entry", "delete", record, v)
    assert result["status"] == "conflict"
    assert Entry.objects.get(pk=record).deleted_at is None


@pytest.mark.parametrize("keep", ["server", "client"])
def test_resolving_a_conflict(device, other_device, keep):
    record = uuid.uuid4()
    v = device.push_one("entry", "upsert", record, None, ENTRY)["version"]
    other_device.push_one("entry", "upsert", record, v, {"pain_now": 8})
    conflict_id = device.push_one("entry", "upsert", record, v, {"pain_now": 2})["conflict_id"]
    result = device.push_one("conflict", "resolve", conflict_id, None, {"keep": keep})
    assert result["status"] == "applied"
    assert Entry.objects.get(pk=record).pain_now == (8 if keep == "server" else 2)
    conflict = Conflict.objects.get(pk=conflict_id)
    assert conflict.deleted_at is not None and conflict.resolution == keep


def test_batch_over_500_is_413(device):
    mutations = [device.mutation("entry", "upsert", uuid.uuid4(), None, ENTRY) for _ in range(501)]
    device.push(*mutations, expect=413)
    assert not Entry.objects.exists()


def test_client_id_is_scoped_to_the_patient(alice, bob, client_for):
    shared = uuid.uuid4()
    Device(client_for(alice), shared).push_one("entry", "upsert", uuid.uuid4(), None, ENTRY)
    bobs = Device(client_for(bob), shared)  # same client_id, another patient: mids start at 1
    assert bobs.push_one("entry", "upsert", uuid.uuid4(), None, ENTRY)["status"] == "applied"


def test_cannot_write_another_patients_record(alice, bob, client_for):
    record = uuid.uuid4()
    Device(client_for(alice)).push_one("entry", "upsert", record, None, ENTRY)
    result = Device(client_for(bob)).push_one("entry", "upsert", record, None, {**ENTRY, "pain_now": 0})
    assert result["status"] == "rejected" and result["errors"][0]["attr"] == "id"
    assert Entry.objects.get(pk=record).pain_now == 6
    assert Device(client_for(bob)).push_one("entry", "delete", record, None)["status"] == "applied"
    assert Entry.objects.get(pk=record).deleted_at is None


def test_body_over_the_limit_is_413(device):
    pad = "x" * (8 * 1024 * 1024)
    body = f'{{"client_id": "{device.client_id}", "mutations": [], "pad": "{pad}"}}'
    response = device.client.generic("POST", "/api/v1/sync/push", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["type"] == "client_error"


def test_structurally_bad_push_is_400_naming_the_field(device):
    response = device.client.post("/api/v1/sync/push", {"client_id": "nope", "mutations": {}}, format="json")
    assert response.status_code == 400
    assert {e["attr"] for e in response.json()["errors"]} == {"client_id", "mutations"}
    mids = [device.mutation("entry", "upsert", uuid.uuid4(), None, ENTRY) for _ in range(2)]
    mids[1]["mid"] = 7
    body = {"client_id": str(device.client_id), "mutations": mids}
    response = device.client.post("/api/v1/sync/push", body, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "mutations"
    assert not Entry.objects.exists()


def test_keeping_the_client_side_of_a_conflict_that_moved_on_clashes_again(device, other_device):
    record = uuid.uuid4()
    v = device.push_one("entry", "upsert", record, None, ENTRY)["version"]
    other_device.push_one("entry", "upsert", record, v, {"pain_now": 8})
    first = device.push_one("entry", "upsert", record, v, {"pain_now": 2})["conflict_id"]
    other_device.push_one("entry", "upsert", record, None, {"pain_now": 9})  # changed again, unseen
    result = device.push_one("conflict", "resolve", first, None, {"keep": "client"})
    assert result["status"] == "conflict"
    assert Entry.objects.get(pk=record).pain_now == 9  # not overwritten blindly
    second = Conflict.objects.get(pk=result["conflict_id"])
    assert second.fields == {"pain_now": {"server": 9, "client": 2}}
    assert Conflict.objects.get(pk=first).resolution == "client"

"""Pull: ordered by version, paged by a signed cursor, tombstones, conflicts, resets."""

import uuid

import pytest
from django.core import signing

from diary.models import PatientClock
from tests.sync.conftest import ENTRY, Device

pytestmark = pytest.mark.django_db


def test_pull_returns_every_change_in_version_order_once(device):
    ids = [uuid.uuid4() for _ in range(7)]
    for record in ids:
        device.push_one("entry", "upsert", record, None, ENTRY)
    changes, _, last = device.pull_all(limit=3)
    assert [c["id"] for c in changes] == [str(i) for i in ids]
    versions = [c["version"] for c in changes]
    assert versions == sorted(versions) and len(set(versions)) == 7
    assert last["version"] == versions[-1]
    assert changes[0]["data"]["pain_now"] == 6 and changes[0]["data"]["recorded_at"] == ENTRY["recorded_at"]


def test_pull_from_cursor_returns_only_later_changes_with_latest_state(device):
    first, second = uuid.uuid4(), uuid.uuid4()
    v = device.push_one("entry", "upsert", first, None, ENTRY)["version"]
    device.push_one("entry", "upsert", second, None, ENTRY)
    _, cursor, _ = device.pull_all()
    device.push_one("entry", "upsert", first, v, {"pain_now": 2})
    changes, _, _ = device.pull_all(cursor)
    assert [(c["id"], c["data"]["pain_now"]) for c in changes] == [(str(first), 2)]


def test_deletion_arrives_as_a_tombstone(device):
    record = uuid.uuid4()
    v = device.push_one("entry", "upsert", record, None, ENTRY)["version"]
    _, cursor, _ = device.pull_all()
    device.push_one("entry", "delete", record, v)
    (change,), _, _ = device.pull_all(cursor)
    assert change == {"entity": "entry", "id": str(record), "version": v + 1, "deleted": True}


def test_rest_writes_reach_devices(device, client_for, alice):
    _, cursor, _ = device.pull_all()
    created = client_for(alice).post("/api/v1/entries/", ENTRY, format="json").json()
    (change,), _, _ = device.pull_all(cursor)
    assert change["id"] == created["id"] and change["version"] == created["version"]


def test_conflicts_and_rejections_sync_down(device, other_device):
    record = uuid.uuid4()
    v = device.push_one("entry", "upsert", record, None, ENTRY)["version"]
    other_device.push_one("entry", "upsert", record, v, {"pain_now": 8})
    conflict_id = device.push_one("entry", "upsert", record, v, {"pain_now": 2})["conflict_id"]
    rejection_id = device.push_one("entry", "upsert", uuid.uuid4(), None, {"pain_now": 99})["rejection_id"]
    changes, _, page = other_device.pull_all()
    by_entity = {c["entity"]: c for c in changes if c["entity"] in ("conflict", "rejection")}
    assert by_entity["conflict"]["id"] == conflict_id
    assert by_entity["conflict"]["data"]["fields"] == {"pain_now": {"server": 8, "client": 2}}
    assert by_entity["rejection"]["id"] == rejection_id
    assert by_entity["rejection"]["data"]["data"]["data"] == {"pain_now": 99}
    assert page["client_mids"] == {str(device.client_id): 3, str(other_device.client_id): 1}


def test_altered_cursor_is_400(device):
    device.push_one("entry", "upsert", uuid.uuid4(), None, ENTRY)
    _, cursor, _ = device.pull_all()
    forged = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")
    response = device.client.get("/api/v1/sync/pull", {"cursor": forged})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "cursor"
    unsigned = signing.dumps({"p": "x", "v": 0}, salt="elsewhere")
    assert device.client.get("/api/v1/sync/pull", {"cursor": unsigned}).status_code == 400


def test_another_patients_cursor_is_400(device, bob, client_for):
    device.push_one("entry", "upsert", uuid.uuid4(), None, ENTRY)
    _, cursor, _ = device.pull_all()
    response = client_for(bob).get("/api/v1/sync/pull", {"cursor": cursor})
    assert response.status_code == 400


def test_pull_never_shows_another_patients_records(device, bob, client_for):
    device.push_one("entry", "upsert", uuid.uuid4(), None, ENTRY)
    changes, _, page = Device(client_for(bob)).pull_all()
    assert changes == [] and page["version"] == 0


def test_cursor_ahead_of_the_server_asks_for_a_reset(device, alice):
    device.push_one("entry", "upsert", uuid.uuid4(), None, ENTRY)
    _, cursor, _ = device.pull_all()
    PatientClock.objects.filter(patient=alice).update(version=0)  # e.g. restored from a backup
    page = device.client.get("/api/v1/sync/pull", {"cursor": cursor}).json()
    assert page["reset"] is True and page["changes"] == []


@pytest.mark.parametrize("limit", ["0", "1001", "x"])
def test_bad_limit_is_400(device, limit):
    response = device.client.get("/api/v1/sync/pull", {"limit": limit})
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "limit"


def test_sync_paths_are_for_patients_only(carol, client_for, api):
    assert client_for(carol).get("/api/v1/sync/pull").status_code == 403
    assert client_for(carol).post("/api/v1/sync/push", {}, format="json").status_code == 403
    assert api.get("/api/v1/sync/pull").status_code == 401
    assert api.post("/api/v1/sync/push", {}, format="json").status_code == 401

"""Keeping a conflict's client side after the clashing field changed again.

The sequence behind a failure of tests/sync/test_stateful.py ("mood=4 was lost"), through
the HTTP sync API. A resolution that keeps the client side is a write based on the
conflict's version (docs/sync.md § Resolving). A change made since by another device
clashes again, so both values stay; a change the resolving device made itself is one of
its own earlier mutations, which never clash with its later ones (CONTRACT.md § Push), so
the side the patient chose is written over it.
"""

import uuid

import pytest

from diary.models import Conflict, Entry
from tests.sync.conftest import ENTRY, Device

pytestmark = pytest.mark.django_db


def pulled(device: Device, record: uuid.UUID) -> tuple[dict, list[str]]:
    """What the device shows after a pull: the entry's data and the open conflicts' ids."""
    changes, _, _ = device.pull_all()
    [entry] = [c for c in changes if c["id"] == str(record)]
    return entry, [c["id"] for c in changes if c["entity"] == "conflict" and not c["deleted"]]


@pytest.mark.parametrize("changed_by", ["the resolving device", "another device"])
def test_keeping_the_client_side_after_the_field_changed_again(alice, client_for, changed_by):
    phone, tablet, laptop = (Device(client_for(alice)) for _ in range(3))
    record = uuid.uuid4()
    v = phone.push_one("entry", "upsert", record, None, {**ENTRY, "mood": 5})["version"]
    assert tablet.push_one("entry", "upsert", record, v, {"mood": 6})["status"] == "applied"
    clash = phone.push_one("entry", "upsert", record, v, {"mood": 2})  # offline since v
    assert clash["status"] == "conflict"

    entry, _ = pulled(laptop, record)
    assert entry["data"]["mood"] == 6
    writer = laptop if changed_by == "the resolving device" else tablet
    assert writer.push_one("entry", "upsert", record, entry["version"], {"mood": 4})["status"] == "applied"
    entry, conflicts = pulled(laptop, record)
    assert entry["data"]["mood"] == 4 and conflicts == [clash["conflict_id"]]  # what the laptop shows

    result = laptop.push_one("conflict", "resolve", clash["conflict_id"], None, {"keep": "client"})

    first = Conflict.objects.get(pk=clash["conflict_id"])
    assert first.fields == {"mood": {"server": 6, "client": 2}}  # 6 is kept here
    assert first.deleted_at is not None and first.resolution == "client"
    if changed_by == "the resolving device":
        assert result["status"] == "applied"
        assert Entry.objects.get(pk=record).mood == 2  # the patient's later choice on the laptop
    else:
        assert result["status"] == "conflict"
        assert Entry.objects.get(pk=record).mood == 4  # another device's change clashes again: both stay
        again = Conflict.objects.get(pk=result["conflict_id"])
        assert again.fields == {"mood": {"server": 4, "client": 2}} and again.deleted_at is None

"""Nothing a device sends can wedge sync: each mutation is applied or rejected on its own.

A mutation holding what no JSON column can store (a NUL, an unpaired surrogate, 1e400, an
integer beyond 64 bits, deep nesting), an id that is not a UUID string, or a base_version the
diary never had is rejected naming the field; its mid is consumed, the device's later
mutations are applied, and pulls and exports keep working, also over rows stored before
these checks. Bodies are sent as raw JSON text, as a device would write them.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.models import Conflict, Rejection, SyncResult
from tests.conftest import make_user
from tests.sync.conftest import ENTRY, Device

pytestmark = pytest.mark.django_db

PUSH = "/api/v1/sync/push"
EPISODE = {"treatment": "ketamine", "condition": "crps", "title": "Course", "started_on": "2026-04-01"}


class Raw:
    """A number token written into the JSON text exactly as given (1e400 has no Python literal)."""

    def __init__(self, text: str) -> None:
        self.text = text


def json_text(value) -> str:
    """JSON text as a device writes it: \\u escapes for NUL and lone surrogates, Raw numbers as given."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{json_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(json_text(v) for v in value) + "]"
    return json.dumps(value)


def exact(text: str):
    """A JSON text parsed with every number kept as its digits: two texts compare exactly."""
    return json.loads(text, parse_int=str, parse_float=str)


class HostileDevice(Device):
    def send(self, *mutations: dict):
        body = json_text({"client_id": str(self.client_id), "mutations": list(mutations)})
        return self.client.post(PUSH, data=body.encode("ascii"), content_type="application/json")

    def push_raw(self, *mutations: dict) -> dict:
        response = self.send(*mutations)
        assert response.status_code == 200, response.content
        return response.json()

    def create(self, entity: str = "entry", data: dict | None = None) -> dict:
        result = self.push_one(entity, "upsert", uuid.uuid4(), None, data or ENTRY)
        assert result["status"] == "applied", result
        return result


@pytest.fixture
def hostile(alice, client_for) -> HostileDevice:
    return HostileDevice(client_for(alice))


def full_pull(device: Device) -> list[dict]:
    """Every change from the start, two per page (so has_more is followed), each page a 200."""
    return device.pull_all(limit=2)[0]


def rejection_in_pull(device: Device, rejection_id: str) -> dict:
    changes = full_pull(device)
    found = [c for c in changes if c["entity"] == "rejection" and c["id"] == rejection_id]
    assert len(found) == 1, rejection_id
    return found[0]["data"]


def exports(device: Device) -> dict:
    """The three exports, each a 200: the JSON document, the CSV files, the FHIR bundle."""
    out = {}
    for fmt in ("json", "csv", "fhir"):
        response = device.client.get(f"/api/v1/export/?format={fmt}")
        assert response.status_code == 200, (fmt, response.content[:500])
        out[fmt] = response.content
    archive = zipfile.ZipFile(io.BytesIO(out["csv"]))
    return {
        "json": json.loads(out["json"]),
        "csv": {name: archive.read(name).decode() for name in archive.namelist()},
        "fhir": json.loads(out["fhir"]),
    }


def assert_exported(device: Device, rejection: dict) -> None:
    exported = exports(device)
    listed = {r["id"]: r for r in exported["json"]["rejections"]}
    assert listed[rejection["id"]] == rejection
    rows = list(csv.DictReader(io.StringIO(exported["csv"]["rejections.csv"])))
    assert rejection["id"] in [row["id"] for row in rows]
    assert exported["fhir"]["resourceType"] == "Bundle"


def assert_not_wedged(device: HostileDevice, results: list[dict]) -> None:
    """The good mutation after the bad one in the batch was applied, and so is the next batch."""
    assert results[1]["status"] == "applied", results
    later = device.create()
    assert later["mid"] == results[1]["mid"] + 1


def attrs(result: dict) -> list[str]:
    assert result["status"] == "rejected", result
    assert "version" not in result
    return [e["attr"] for e in result["errors"]]


# --- values no JSON column stores --------------------------------------------------------

DEEP: list = []
for _ in range(150):
    DEEP = [DEEP]
ID_AS_INTEGER = 12345678123456781234567812345678  # uuid.UUID(str(it)) would accept it


def change(**over):
    """How a case alters a valid create of an entry: top-level keys, or `data` merged."""
    return over


CASES = {
    "nul_in_notes": (change(data={"notes": "a\x00b"}), "notes"),
    "lone_surrogate_in_notes": (change(data={"notes": "\ud800"}), "notes"),
    "1e400_as_pain": (change(data={"pain_now": Raw("1e400")}), "pain_now"),
    "-1e400_in_an_ignored_field": (change(data={"colour": Raw("-1e400")}), "colour"),
    "integer_of_5000_digits": (change(data={"pain_now": Raw("9" * 5000)}), "pain_now"),
    "integer_beyond_64_bits": (change(data={"mood": 2**64}), "mood"),
    "nul_in_entity": (change(entity="entry\x00"), "entity"),
    "lone_surrogate_in_a_key": (change(data={"\udc00": 1}), "\ufffd"),
    "nested_too_deep": (change(data={"locations": DEEP}), "locations.0.0.0.0.0.0.0.0.0.0"),
    "integer_id": (change(id=ID_AS_INTEGER), "id"),
    "small_integer_id": (change(id=5), "id"),
}


@pytest.mark.parametrize(("over", "attr"), CASES.values(), ids=CASES.keys())
def test_a_payload_no_column_can_store_is_rejected_alone_and_kept_exactly(hostile, over, attr):
    record = uuid.uuid4()
    bad = hostile.mutation("entry", "upsert", record, None, ENTRY)
    bad = {**bad, **{k: v for k, v in over.items() if k != "data"}}
    bad["data"] = {**ENTRY, **over.get("data", {})}
    good = hostile.mutation("entry", "upsert", uuid.uuid4(), None, ENTRY)

    body = hostile.push_raw(bad, good)

    bad_result = body["results"][0]
    assert any(a.startswith(attr) for a in attrs(bad_result)), attrs(bad_result)
    assert body["last_mid"] == good["mid"]
    assert_not_wedged(hostile, body["results"])
    pulled = rejection_in_pull(hostile, bad_result["rejection_id"])
    stored = pulled["data"]
    if set(stored) == {"json_text"}:  # not storable as JSON: kept as its exact text
        assert stored["json_text"].isascii()
        assert exact(stored["json_text"]) == exact(json_text(bad))
    else:
        assert stored == bad
    assert pulled["errors"] == bad_result["errors"]
    assert not [c for c in full_pull(hostile) if c["id"] == str(record) and c["entity"] == "entry"]
    assert_exported(hostile, pulled)
    # A replay of the batch returns the same results and writes nothing more.
    assert hostile.push_raw(bad, good)["results"] == body["results"]


def test_the_1e400_text_is_kept_as_sent(hostile):
    bad = hostile.mutation("entry", "upsert", uuid.uuid4(), None, {**ENTRY, "pain_now": Raw("1e400")})
    result = hostile.push_raw(bad)["results"][0]
    text = rejection_in_pull(hostile, result["rejection_id"])["data"]["json_text"]
    assert '"pain_now":1e400' in text


# --- versions ----------------------------------------------------------------------------


@pytest.fixture(params=["live", "deleted"])
def target(request, hostile) -> tuple[str, int]:
    """(id, version) of an entry of alice's, live or deleted."""
    record = uuid.uuid4()
    version = hostile.push_one("entry", "upsert", record, None, ENTRY)["version"]
    if request.param == "deleted":
        version = hostile.push_one("entry", "delete", record, version)["version"]
    return str(record), version


@pytest.mark.parametrize("base", [2**63, 2**64, -1, "one_ahead"])
def test_a_base_version_the_diary_never_had_is_rejected_alone(hostile, target, base):
    record, version = target
    other = HostileDevice(hostile.client)  # another install: its edit is checked against the base
    base = version + 1 if base == "one_ahead" else base
    bad = other.mutation("entry", "upsert", record, base, {"pain_now": 1})
    good = other.mutation("entry", "upsert", uuid.uuid4(), None, ENTRY)

    body = other.push_raw(bad, good)

    assert "base_version" in attrs(body["results"][0])
    assert_not_wedged(other, body["results"])
    pulled = rejection_in_pull(other, body["results"][0]["rejection_id"])
    entry = next(c for c in full_pull(other) if c["id"] == record)
    assert entry["version"] == version  # untouched
    assert_exported(other, pulled)


def test_the_current_version_is_still_a_valid_base(hostile, target):
    record, version = target
    other = HostileDevice(hostile.client)
    result = other.push_one("entry", "upsert", record, version, {"pain_now": 1})
    assert result["status"] in ("applied", "conflict")  # conflict: an edit of a deleted record


def test_a_base_version_from_the_future_cannot_overwrite_anothers_edit(hostile, client_for, alice):
    record = uuid.uuid4()
    version = hostile.push_one("entry", "upsert", record, None, ENTRY)["version"]
    phone = HostileDevice(client_for(alice))
    assert phone.push_one("entry", "upsert", record, version, {"pain_now": 9})["status"] == "applied"
    result = hostile.push_one("entry", "upsert", record, 2**62, {"pain_now": 2})
    assert "base_version" in attrs(result)
    assert next(c for c in full_pull(hostile) if c["id"] == str(record))["data"]["pain_now"] == 9


def test_a_mid_beyond_64_bits_is_a_400_naming_mutations(hostile):
    m = hostile.mutation("entry", "upsert", uuid.uuid4(), None, ENTRY) | {"mid": 2**63}
    response = hostile.send(m)
    assert response.status_code == 400
    assert [e["attr"] for e in response.json()["errors"]] == ["mutations"]
    hostile.next_mid = 1
    assert hostile.create()["mid"] == 1  # nothing was consumed


# --- rows stored before these checks -----------------------------------------------------


def overwrite(model, pk, column: str, text: str) -> None:
    """Store `text` as the column's JSON, bypassing the model (as an older version may have)."""
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    pk_value = model._meta.pk.get_db_prep_value(pk, connection)
    with connection.cursor() as cursor:
        sql = f"UPDATE {model._meta.db_table} SET {column} = %s{cast} WHERE id = %s"
        cursor.execute(sql, [text, pk_value])


def legacy_values() -> str:
    """JSON this database accepts that no response could render as stored: on SQLite an
    unpaired surrogate and a NUL; on both, 1e400 (PostgreSQL keeps it as a 401-digit integer)
    and 1e5000 (an integer Python refuses to convert).
    """
    common = '"n": 1e400, "m": -1e5000'
    return common if connection.vendor == "postgresql" else common + ', "s": "\\ud800", "z": "\\u0000"'


def test_rows_stored_before_the_checks_do_not_break_pull_replay_or_export(hostile):
    record = uuid.uuid4()
    version = hostile.push_one("entry", "upsert", record, None, ENTRY)["version"]
    hostile.push_one("entry", "delete", record, version)
    other = HostileDevice(hostile.client)
    invalid = other.mutation("entry", "upsert", uuid.uuid4(), None, {**ENTRY, "pain_now": 11})
    edit = other.mutation("entry", "upsert", record, version, {"pain_now": 3})
    first = other.push_raw(invalid, edit)["results"]
    rejection_id, conflict_id = first[0]["rejection_id"], first[1]["conflict_id"]
    values = legacy_values()
    overwrite(Rejection, uuid.UUID(rejection_id), "payload", f'{{"mid": 1, "data": {{{values}}}}}')
    errors = '[{"code": "invalid", "detail": "\\ud800", "attr": "notes"}]'
    if connection.vendor == "postgresql":
        errors = '[{"code": "invalid", "detail": 1e5000, "attr": "notes"}]'
    overwrite(Rejection, uuid.UUID(rejection_id), "errors", errors)
    overwrite(Conflict, uuid.UUID(conflict_id), "client_data", f"{{{values}}}")
    result = f'{{"mid": 1, "status": "rejected", "errors": {errors}, "rejection_id": "{rejection_id}"}}'
    overwrite(SyncResult, SyncResult.objects.get(mid=1, client_id=other.client_id).pk, "result", result)
    # The whole table too: the pull reads every row of a page at once.
    for _ in range(3):
        other.create()

    changes = full_pull(HostileDevice(hostile.client))

    shown = {c["id"]: c["data"] for c in changes if c["entity"] in ("rejection", "conflict")}
    kept = exact(shown[rejection_id]["data"]["json_text"])
    assert kept["data"]["n"].startswith("1") and kept["data"]["m"].startswith("-1")
    assert set(shown[conflict_id]["client_data"]) == {"json_text"}
    if connection.vendor == "sqlite":
        assert exact(shown[rejection_id]["data"]["json_text"])["data"]["s"] == "\ud800"
        assert shown[rejection_id]["errors"][0]["detail"] == "\ufffd"
    replay = other.send(invalid)  # mid 1 again: its stored result comes back, renderable
    assert replay.status_code == 200, replay.content
    assert exports(hostile)["json"]["rejections"][0]["id"] == rejection_id


def test_an_error_echoing_a_lone_surrogate_is_still_a_400(hostile):
    body = json_text({**ENTRY, "locations": ["\ud800"]}).encode("ascii")
    response = hostile.client.post("/api/v1/entries/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert [e["attr"] for e in response.json()["errors"]] == ["locations.0"]


# --- anything at all ---------------------------------------------------------------------

SPECIAL_TEXT = ["\x00", "a\x00", "\ud800", "x\udfffy", "\udbff\udc00", "\u2028", "", "entry", "conflict"]
SPECIAL_NUMBERS = [2**63 - 1, 2**63, -(2**63) - 1, 2**64, 2**100, -1, 0, 0.5, 1e308]
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from(SPECIAL_NUMBERS),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([Raw("1e400"), Raw("-1e400"), Raw("1" * 4400), Raw("1E+999")]),
    st.text(max_size=5),
    st.sampled_from(SPECIAL_TEXT),
    st.just(DEEP),
)
keys = st.one_of(st.text(max_size=4), st.sampled_from(SPECIAL_TEXT), st.sampled_from(list(ENTRY)))
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=6,
)
MUTATION_KEYS = ["entity", "op", "id", "base_version", "data", "mid", "extra"]
DATA_KEYS = [*ENTRY, "notes", "mood", "locations", "side_effects", "episode", "keep", "title", "started_on"]


def make_world(device: HostileDevice) -> dict:
    """Records for mutations to aim at: a live entry, a deleted one, an episode, an open conflict."""
    live, gone, episode = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    created = device.push(
        device.mutation("entry", "upsert", live, None, ENTRY),
        device.mutation("entry", "upsert", gone, None, ENTRY),
        device.mutation("episode", "upsert", episode, None, EPISODE),
    )["results"]
    version, gone_version = created[0]["version"], created[1]["version"]
    device.push_one("entry", "delete", gone, gone_version)
    conflict = HostileDevice(device.client).push_one("entry", "upsert", gone, gone_version, {"mood": 1})
    return {"live": (live, version), "gone": (gone, gone_version), "conflict": conflict["conflict_id"]}


@st.composite
def mutations(draw, ids: dict) -> dict:
    template = draw(st.sampled_from(["create", "edit", "edit_deleted", "delete", "episode", "resolve"]))
    if template in ("create", "episode"):
        entity, data = ("entry", ENTRY) if template == "create" else ("episode", EPISODE)
        m = {"entity": entity, "op": "upsert", "id": str(uuid.uuid4()), "base_version": None, "data": data}
    elif template == "resolve":
        keep = draw(st.sampled_from(["server", "client"]))
        m = {"entity": "conflict", "op": "resolve", "id": ids["conflict"], "data": {"keep": keep}}
    else:
        record, version = ids["gone" if template == "edit_deleted" else "live"]
        op = "delete" if template == "delete" else "upsert"
        m = {"entity": "entry", "op": op, "id": str(record), "base_version": version, "data": {"pain_now": 4}}
    m = {**m, "data": dict(m["data"])}
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        where = draw(st.sampled_from(["key", "data", "drop"]))
        if where == "key":
            m[draw(st.sampled_from(MUTATION_KEYS))] = draw(values)
        elif where == "data" and isinstance(m.get("data"), dict):
            m["data"][draw(st.sampled_from(DATA_KEYS) | keys)] = draw(values)
        elif where == "drop":
            m.pop(draw(st.sampled_from(MUTATION_KEYS)), None)
    return m


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_whatever_a_device_sends_it_is_answered_and_sync_goes_on(client_for, data):
    # A new patient each example: examples are independent, and each stays under the rate limit.
    patient = make_user(f"fuzz-{uuid.uuid4()}@example.com")
    device = HostileDevice(client_for(patient))
    world = make_world(HostileDevice(device.client))
    batch = data.draw(st.lists(mutations(world), min_size=1, max_size=3))
    for mid, m in enumerate(batch, start=1):
        m.setdefault("mid", mid)

    response = device.send(*batch)

    if response.status_code != 200:  # the envelope itself (a mid) is wrong: refused whole, naming it
        assert response.status_code in (400, 409), response.content
        assert all(e["attr"] for e in response.json()["errors"]), response.content
        return
    body = response.json()
    assert [r["mid"] for r in body["results"]] == [m["mid"] for m in batch]
    assert body["last_mid"] == len(batch)
    for result in body["results"]:
        assert result["status"] in ("applied", "merged", "conflict", "rejected"), result
        if result["status"] == "rejected":
            named = [e["attr"] for e in result["errors"] if isinstance(e["attr"], str) and e["attr"]]
            assert result["errors"] and len(named) == len(result["errors"]), result
    device.next_mid = len(batch) + 1
    device.create()  # the next mid is applied: nothing is stuck
    pulled = {c["id"] for c in full_pull(device) if c["entity"] == "rejection"}
    assert {r["rejection_id"] for r in body["results"] if r["status"] == "rejected"} <= pulled
    exports(device)

"""Server-side behaviour of the record endpoints: MME, the version counter, soft delete, If-Match.

Expected values are worked out by hand from DOMAIN.md, never by calling the code under test.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from diary.versioning import current_version
from tests.api.conftest import ENTITIES, MODELS, detail_url, ids, list_url, row, table_state

# --- MME (DOMAIN.md: dose in mg x CDC 2022 factor; fentanyl mcg/h x 2.4) ------------------

MME_CASES = [
    # drug,            dose, unit,        mme shown
    ("oxycodone", 10, "mg", 15.0),  # 10 x 1.5
    ("codeine", 30, "mg", 4.5),  # 30 x 0.15
    ("hydromorphone", 500, "mcg", 2.5),  # 0.5 mg x 5
    ("fentanyl", 25, "mcg_per_h", 60.0),  # 25 x 2.4
    ("morphine", 7.5, "mg", 7.5),  # 7.5 x 1
    ("tramadol", 50, "mg", 10.0),  # 50 x 0.2
    ("methadone", 10, "mg", 47.0),  # 10 x 4.7
    ("tapentadol", 50, "mg", 20.0),  # 50 x 0.4
    ("paracetamol", 1000, "mg", None),
    ("ibuprofen", 400, "mg", None),
    ("ketamine", 50, "mg", None),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("drug", "dose", "unit", "mme"), MME_CASES)
def test_mme_is_derived_on_create(drug, dose, unit, mme, alice, client_for):
    client = client_for(alice)
    body = {"taken_at": "2026-03-03T08:00:00+01:00", "drug": drug, "dose": dose, "unit": unit}

    response = client.post(list_url("medication"), body)

    assert response.status_code == 201, response.content
    assert response.json()["mme"] == mme
    assert client.get(detail_url("medication", response.json()["id"])).json()["mme"] == mme
    stored = MODELS["medication"].objects.get(pk=response.json()["id"]).mme
    assert stored == (Decimal(str(mme)) if mme is not None else None)


PATCH_MME = [
    # change to oxycodone 10 mg (MME 15) -> new mme
    ({"dose": 20}, 30.0),  # 20 x 1.5
    ({"unit": "mcg", "dose": 5000}, 7.5),  # 5 mg x 1.5
    ({"drug": "morphine"}, 10.0),  # 10 x 1
    ({"drug": "paracetamol"}, None),
    ({"drug": "fentanyl", "unit": "mcg_per_h", "dose": 12}, 28.8),  # 12 x 2.4
]


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "mme"), PATCH_MME)
def test_patch_recomputes_mme(change, mme, alice, client_for):
    client = client_for(alice)
    body = {"taken_at": "2026-03-03T08:00:00+01:00", "drug": "oxycodone", "dose": 10, "unit": "mg"}
    record_id = client.post(list_url("medication"), body).json()["id"]

    response = client.patch(detail_url("medication", record_id), {**change, "mme": 999})

    assert response.status_code == 200, response.content
    assert response.json()["mme"] == mme
    assert client.get(detail_url("medication", record_id)).json()["mme"] == mme


# --- the patient's version counter ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
def test_create_update_delete_each_bump_the_version_by_one(entity, alice, client_for, valid_payload):
    client = client_for(alice)
    body = valid_payload(entity)
    start = current_version(alice.pk)

    created = client.post(list_url(entity), body)
    assert created.json()["version"] == current_version(alice.pk) == start + 1
    url = detail_url(entity, created.json()["id"])

    patched = client.patch(url, {"notes": "edited"})
    assert patched.json()["version"] == current_version(alice.pk) == start + 2
    assert patched["ETag"] == f'"{start + 2}"'

    assert client.delete(url).status_code == 204
    assert current_version(alice.pk) == start + 3
    assert MODELS[entity].objects.get(pk=created.json()["id"]).version == start + 3


@pytest.mark.django_db
def test_versions_across_record_kinds_strictly_increase(alice, client_for):
    client = client_for(alice)
    seen = []

    def note(response):
        assert response.status_code in (200, 201), response.content
        seen.append(response.json()["version"])
        return response.json()["id"]

    episode = note(
        client.post(
            list_url("episode"),
            {"treatment": "ketamine", "condition": "crps", "title": "K", "started_on": "2026-03-01"},
        )
    )
    administration = note(
        client.post(
            list_url("administration"),
            {"episode": episode, "administered_at": "2026-03-03T10:00:00+01:00", "route": "im"},
        )
    )
    entry = note(
        client.post(
            list_url("entry"),
            {"recorded_at": "2026-03-04T08:00:00+01:00", "pain_now": 4, "administration": administration},
        )
    )
    note(
        client.post(
            list_url("medication"),
            {"taken_at": "2026-03-04T08:00:00+01:00", "drug": "tramadol", "dose": 50, "unit": "mg"},
        )
    )
    note(client.patch(detail_url("episode", episode), {"title": "Ketamine, spring"}))
    note(client.patch(detail_url("entry", entry), {"pain_now": 3}))
    note(client.patch(detail_url("administration", administration), {"dose_mg": 30}))
    client.delete(detail_url("entry", entry))
    seen.append(MODELS["entry"].objects.get(pk=entry).version)

    assert seen == list(range(1, 9))
    assert current_version(alice.pk) == 8


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
def test_another_patients_writes_leave_alices_counter_alone(entity, alice, bob, client_for, make):
    make(alice, entity)
    alices = current_version(alice.pk)
    client = client_for(bob)
    record = make(bob, entity)

    client.patch(detail_url(entity, record.pk), {"notes": "bob's"})
    client.delete(detail_url(entity, record.pk))

    assert current_version(alice.pk) == alices
    assert current_version(bob.pk) == record.version + 2


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
def test_refused_writes_do_not_bump_the_version(entity, alice, client_for, make):
    record = make(alice, entity)
    client = client_for(alice)
    state = table_state(alice)

    client.patch(detail_url(entity, record.pk), {"notes": "x" * 5001})
    client.patch(detail_url(entity, record.pk), {"notes": "y"}, HTTP_IF_MATCH=f'"{record.version - 1}"')
    client.delete(detail_url(entity, record.pk), HTTP_IF_MATCH=f'"{record.version + 5}"')

    assert table_state(alice) == state


# --- soft delete ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
def test_delete_is_soft(entity, alice, client_for, make):
    record = make(alice, entity)
    kept = make(alice, entity)
    client = client_for(alice)
    url = detail_url(entity, record.pk)
    version_before = current_version(alice.pk)

    response = client.delete(url)

    assert response.status_code == 204
    assert client.get(url).status_code == 404
    assert client.patch(url, {"notes": "ghost"}).status_code == 404
    assert client.delete(url).status_code == 404
    assert ids(client.get(list_url(entity))) == {str(kept.pk)}
    stored = MODELS[entity].objects.get(pk=record.pk)
    assert stored.deleted_at is not None
    assert stored.version == version_before + 1 == current_version(alice.pk)
    assert stored.notes == ""


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
def test_a_deleted_records_id_stays_taken(entity, alice, client_for, make, valid_payload):
    record = make(alice, entity)
    client = client_for(alice)
    client.delete(detail_url(entity, record.pk))
    body = {**valid_payload(entity), "id": str(record.pk)}

    assert client.post(list_url(entity), body).status_code == 409
    assert MODELS[entity].objects.get(pk=record.pk).deleted_at is not None


# --- ETag and If-Match ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
def test_etag_is_the_version(entity, alice, client_for, make):
    record = make(alice, entity)

    response = client_for(alice).get(detail_url(entity, record.pk))

    assert response["ETag"] == f'"{record.version}"'


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
def test_patch_with_stale_if_match_is_412_and_unchanged(entity, alice, client_for, make):
    record = make(alice, entity)
    client = client_for(alice)
    url = detail_url(entity, record.pk)
    seen = client.get(url)["ETag"]
    client.patch(url, {"notes": "from another device"})
    before, state = row(record), table_state(alice)

    response = client.patch(url, {"notes": "from this device"}, HTTP_IF_MATCH=seen)

    assert response.status_code == 412
    assert response.json()["type"] == "client_error"
    assert row(record) == before
    assert table_state(alice) == state
    assert client.get(url).json()["notes"] == "from another device"


@pytest.mark.django_db
@pytest.mark.parametrize("header", ['"{v}"', "{v}", 'W/"{v}"', "*"])
@pytest.mark.parametrize("entity", ENTITIES)
def test_patch_with_matching_if_match_is_200_with_new_etag(entity, header, alice, client_for, make):
    record = make(alice, entity)
    client = client_for(alice)
    url = detail_url(entity, record.pk)

    response = client.patch(url, {"notes": "ok"}, HTTP_IF_MATCH=header.format(v=record.version))

    assert response.status_code == 200, response.content
    assert response["ETag"] == f'"{record.version + 1}"' != f'"{record.version}"'
    assert response.json()["version"] == record.version + 1
    assert client.get(url).json()["notes"] == "ok"


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
def test_delete_with_stale_if_match_is_412_and_not_deleted(entity, alice, client_for, make):
    record = make(alice, entity)
    client = client_for(alice)
    url = detail_url(entity, record.pk)
    client.patch(url, {"notes": "moved on"})

    response = client.delete(url, HTTP_IF_MATCH=f'"{record.version}"')

    assert response.status_code == 412
    assert client.get(url).status_code == 200
    assert client.delete(url, HTTP_IF_MATCH=f'"{record.version + 1}"').status_code == 204

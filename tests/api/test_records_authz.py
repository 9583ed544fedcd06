"""Who may touch a patient's records: the owner; another patient gets 404, never a hint.

One line per case: (who calls, method, list or detail path, expected status), run for every
record kind. A refused call must leave the record and the patient's version untouched.
"""

from __future__ import annotations

import pytest

from tests.api.conftest import ENTITIES, detail_url, ids, list_url, row, table_state

CASES = [
    # who,        method,   path,     status
    ("owner", "get", "list", 200),
    ("owner", "post", "list", 201),
    ("owner", "get", "detail", 200),
    ("owner", "patch", "detail", 200),
    ("owner", "delete", "detail", 204),
    ("other_patient", "get", "detail", 404),
    ("other_patient", "patch", "detail", 404),
    ("other_patient", "delete", "detail", 404),
    ("clinician", "get", "list", 403),
    ("clinician", "post", "list", 403),
    ("clinician", "get", "detail", 403),
    ("clinician", "patch", "detail", 403),
    ("clinician", "delete", "detail", 403),
    ("anonymous", "get", "list", 401),
    ("anonymous", "post", "list", 401),
    ("anonymous", "get", "detail", 401),
    ("anonymous", "patch", "detail", 401),
    ("anonymous", "delete", "detail", 401),
]


@pytest.fixture
def caller(alice, bob, carol, client_for):
    users = {"owner": alice, "other_patient": bob, "clinician": carol, "anonymous": None}
    return lambda who: client_for(users[who])


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
@pytest.mark.parametrize(("who", "method", "path", "expected"), CASES, ids=lambda v: str(v))
def test_access(entity, who, method, path, expected, alice, bob, caller, make, valid_payload):
    record = make(alice, entity)
    body = valid_payload(entity) if method == "post" else {"notes": "changed by someone"}
    before, state = row(record), table_state(alice)
    bob_version = table_state(bob)[-1]
    url = list_url(entity) if path == "list" else detail_url(entity, record.pk)

    response = getattr(caller(who), method)(url, body) if method != "get" else caller(who).get(url)

    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response.json()["type"] == "client_error"
        assert row(record) == before
        assert table_state(alice) == state
        assert table_state(bob)[-1] == bob_version
        assert str(record.pk) not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
def test_lists_hold_only_the_callers_records(entity, alice, bob, client_for, make):
    mine = {str(make(alice, entity).pk) for _ in range(2)}
    theirs = {str(make(bob, entity).pk) for _ in range(3)}

    assert ids(client_for(alice).get(list_url(entity))) == mine
    assert ids(client_for(bob).get(list_url(entity))) == theirs


@pytest.mark.django_db
@pytest.mark.parametrize(("entity", "filter_name"), [("entry", "episode"), ("administration", "episode")])
def test_filtering_by_another_patients_episode_finds_nothing(
    entity, filter_name, alice, bob, client_for, make
):
    bobs_episode = make(bob, "episode")
    make(bob, "administration", episode=bobs_episode.pk)
    make(bob, "entry", episode=str(bobs_episode.pk))

    response = client_for(alice).get(list_url(entity), {filter_name: str(bobs_episode.pk)})

    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
def test_another_patient_cannot_delete_then_reach_the_record(entity, alice, bob, client_for, make):
    """After bob's refused DELETE alice still reads her record, same version."""
    record = make(alice, entity)

    assert client_for(bob).delete(detail_url(entity, record.pk)).status_code == 404

    response = client_for(alice).get(detail_url(entity, record.pk))
    assert response.status_code == 200
    assert response.json()["version"] == record.version

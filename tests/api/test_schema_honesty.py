"""What the OpenAPI schema states about an input is what the server accepts: no more, no less.

tests/security/test_schemathesis.py checks it by generated requests; these name the rules the
schema had left unstated (time zones, decimal places, push endpoints, import ids).
"""

from __future__ import annotations

import re
import uuid

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import entry_data, error_attrs, medication_data, table_state

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return APIClient().get("/api/schema/", {"format": "json"}).json()


def component(schema: dict, name: str) -> dict:
    return schema["components"]["schemas"][name]["properties"]


def test_time_zones_the_schema_lists_are_accepted_and_others_refused(schema, alice, client_for):
    ref = component(schema, "PatchedMeUpdateRequest")["timezone"]["allOf"][0]["$ref"]
    zones = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["enum"]
    client = client_for(alice)

    sample = zones[::15]  # spread over the list; the schema and the server read one source
    refused = [z for z in sample if client.patch("/api/v1/me/", {"timezone": z}).status_code != 200]
    unknown = client.patch("/api/v1/me/", {"timezone": "Mars/Olympus_Mons"})

    assert len(zones) > 300 and "Europe/London" in zones
    assert refused == []
    assert unknown.status_code == 400
    assert error_attrs(unknown) == ["timezone"]


def test_decimal_places_are_stated_and_more_are_refused(schema, alice, client_for):
    dose = component(schema, "MedicationIntakeRequest")["dose"]
    client = client_for(alice)

    kept = client.post("/api/v1/medications/", medication_data(dose=2.001))
    refused = client.post("/api/v1/medications/", medication_data(dose=2.0005))

    assert dose["multipleOf"] == 0.001
    assert (kept.status_code, kept.json()["dose"]) == (201, 2.001)
    assert refused.status_code == 400
    assert error_attrs(refused) == ["dose"]


def test_relief_steps_and_unique_regions_are_stated(schema):
    entry = component(schema, "EntryRequest")
    assert entry["relief_percent"]["multipleOf"] == 10
    assert entry["locations"]["uniqueItems"] is True


@pytest.mark.parametrize(
    ("endpoint", "accepted"),
    [
        ("https://fcm.googleapis.com/fcm/send/abc:APA91b-x_y", True),
        ("https://web.push.apple.com/QGuQyavXutnMmnl?x=1", True),
        ("https://db5p.notify.windows.com/w/?token=BQYAAA%2b", True),
        ("https://evil.example/push/abc", False),
        ("https://fcm.googleapis.com.evil.example/fcm/send/abc", False),
        ("http://fcm.googleapis.com/fcm/send/abc", False),
    ],
)
def test_push_endpoints_match_the_schema_exactly_when_the_server_takes_them(
    endpoint, accepted, schema, alice, client_for
):
    from tests.security.conftest import push_keys

    pattern = component(schema, "PushSubscriptionCreateRequest")["endpoint"]["pattern"]
    response = client_for(alice).post(
        "/api/v1/push-subscriptions/", {"endpoint": endpoint, "keys": push_keys()}
    )

    assert bool(re.fullmatch(pattern.strip("^$"), endpoint)) is accepted
    assert response.status_code == (201 if accepted else 400), response.content


@pytest.mark.parametrize(
    ("section", "record", "attr"),
    [
        ("medications", {"id": ""}, "medications.0.id"),
        ("medications", {"id": 5}, "medications.0.id"),
        ("entries", {"administration": "not-an-id"}, "entries.0.administration"),
        ("entries", {"episode": {"id": str(uuid.uuid4())}}, "entries.0.episode"),
    ],
)
def test_import_refuses_a_malformed_id_or_link_instead_of_replacing_or_dropping_it(
    section, record, attr, alice, client_for
):
    base = entry_data() if section == "entries" else medication_data()
    before = table_state(alice)

    response = client_for(alice).post("/api/v1/import/", {section: [{**base, **record}]})

    assert response.status_code == 400, response.content
    assert error_attrs(response) == [attr]
    assert table_state(alice) == before

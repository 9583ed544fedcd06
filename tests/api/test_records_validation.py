"""Every validation rule of DOMAIN.md: 400 naming the field in `errors[].attr`, nothing written.

REJECTED lists one bad input per line; ACCEPTED the inclusive boundaries, which must be
stored as sent (plausibility limits reject, they never clamp).
"""

from __future__ import annotations

import pytest

from tests.api.conftest import (
    ENTITIES,
    detail_url,
    error_attrs,
    list_url,
    row,
    table_state,
)

NAIVE = "2026-03-03T08:30:00"
LONG_NOTES = "x" * 5001

REJECTED = [
    # entity, fields sent (merged onto a valid body), attr named in the error
    # -- episodes
    ("episode", {"condition": "gout"}, "condition"),
    ("episode", {"treatment": "lsd"}, "treatment"),
    ("episode", {"treatment": "other"}, "treatment_name"),
    ("episode", {"treatment": "other", "treatment_name": "   "}, "treatment_name"),
    ("episode", {"started_on": "2026-03-10", "ended_on": "2026-03-09"}, "ended_on"),
    ("episode", {"started_on": "2026-02-30"}, "started_on"),
    ("episode", {"notes": LONG_NOTES}, "notes"),
    # -- administrations: plausibility limits, just outside
    ("administration", {"dose_mg": -0.001}, "dose_mg"),
    ("administration", {"dose_mg": 2000.001}, "dose_mg"),
    ("administration", {"dose_mg_per_kg": -0.001, "weight_kg": 70}, "dose_mg_per_kg"),
    ("administration", {"dose_mg_per_kg": 10.001, "weight_kg": 70}, "dose_mg_per_kg"),
    ("administration", {"weight_kg": 0.9}, "weight_kg"),
    ("administration", {"weight_kg": 400.1}, "weight_kg"),
    ("administration", {"duration_minutes": -1}, "duration_minutes"),
    ("administration", {"duration_minutes": 1441}, "duration_minutes"),
    ("administration", {"bp_systolic_max": 39}, "bp_systolic_max"),
    ("administration", {"bp_systolic_max": 301}, "bp_systolic_max"),
    ("administration", {"bp_diastolic_max": 19}, "bp_diastolic_max"),
    ("administration", {"bp_diastolic_max": 201}, "bp_diastolic_max"),
    ("administration", {"heart_rate_max": 19}, "heart_rate_max"),
    ("administration", {"heart_rate_max": 251}, "heart_rate_max"),
    ("administration", {"dose_mg_per_kg": 0.5}, "weight_kg"),
    ("administration", {"route": "rectal"}, "route"),
    ("administration", {"phase": "booster"}, "phase"),
    ("administration", {"setting": "car"}, "setting"),
    ("administration", {"administered_at": NAIVE}, "administered_at"),
    ("administration", {"administered_at": "2026-03-03T08:30:00+15:00"}, "administered_at"),
    ("administration", {"administered_at": "0001-01-01T00:00:00+01:00"}, "administered_at"),
    ("administration", {"administered_at": "9999-12-31T23:00:00-05:00"}, "administered_at"),
    ("administration", {"episode": "not-a-uuid"}, "episode"),
    ("administration", {"episode": "8f7b7c52-4f0e-4e43-9d3e-1b1c0e0a0a0a"}, "episode"),
    ("administration", {"notes": LONG_NOTES}, "notes"),
    # -- entries: every 0-10 score, just outside
    *[
        ("entry", {name: bad}, name)
        for name in (
            "pain_now",
            "pain_average",
            "pain_worst",
            "pain_least",
            "interference_enjoyment",
            "interference_activity",
            "mood",
            "sleep_quality",
        )
        for bad in (-1, 11)
    ],
    ("entry", {"pain_now": "6"}, "pain_now"),
    ("entry", {"pain_now": 6.5}, "pain_now"),
    ("entry", {"pain_now": True}, "pain_now"),
    ("entry", {"pain_now": None}, "pain_now"),
    ("entry", {"relief_percent": -10}, "relief_percent"),
    ("entry", {"relief_percent": 110}, "relief_percent"),
    ("entry", {"relief_percent": 15}, "relief_percent"),
    ("entry", {"pgic": 0}, "pgic"),
    ("entry", {"pgic": 8}, "pgic"),
    ("entry", {"side_effects": [{"code": "nausea", "severity": 0}]}, "side_effects.0.severity"),
    ("entry", {"side_effects": [{"code": "nausea", "severity": 4}]}, "side_effects.0.severity"),
    ("entry", {"side_effects": [{"code": "nausea", "severity": "2"}]}, "side_effects.0.severity"),
    ("entry", {"side_effects": [{"code": "itching", "severity": 1}]}, "side_effects.0.code"),
    (
        "entry",
        {"side_effects": [{"code": "nausea", "severity": 1}, {"code": "nausea", "severity": 2}]},
        "side_effects",
    ),
    ("entry", {"locations": ["left_knee", "left_ear"]}, "locations.1"),
    ("entry", {"locations": ["left_knee", "left_knee"]}, "locations"),
    ("entry", {"recorded_at": NAIVE}, "recorded_at"),
    ("entry", {"recorded_at": "yesterday"}, "recorded_at"),
    ("entry", {"recorded_at": "2026-03-03T08:30:00+02:00:00.500000"}, "recorded_at"),
    ("entry", {"diary_date": "2026-13-01"}, "diary_date"),
    ("entry", {"diary_date": "2026-03-04"}, "diary_date"),  # after recorded_at's date, 2026-03-03
    ("entry", {"diary_date": "2025-03-01"}, "diary_date"),  # 367 days before it
    ("entry", {"pain_least": 6, "pain_average": 5}, "pain_average"),
    ("entry", {"pain_average": 5, "pain_worst": 4}, "pain_worst"),
    ("entry", {"pain_least": 5, "pain_worst": 4}, "pain_worst"),
    ("entry", {"notes": LONG_NOTES}, "notes"),
    # -- medication intakes
    ("medication", {"drug": "heroin"}, "drug"),
    ("medication", {"unit": "g"}, "unit"),
    ("medication", {"drug": "fentanyl", "dose": 25, "unit": "mg"}, "unit"),
    ("medication", {"drug": "fentanyl", "dose": 25, "unit": "mcg"}, "unit"),
    ("medication", {"drug": "morphine", "dose": 25, "unit": "mcg_per_h"}, "unit"),
    ("medication", {"dose": 0}, "dose"),
    ("medication", {"dose": 5000.001}, "dose"),  # mg
    ("medication", {"dose": 100000.001, "unit": "mcg"}, "dose"),
    ("medication", {"drug": "fentanyl", "dose": 401, "unit": "mcg_per_h"}, "dose"),
    ("medication", {"drug": "fentanyl", "dose": 25, "unit": "mcg_per_h", "wear_hours": 0}, "wear_hours"),
    ("medication", {"drug": "fentanyl", "dose": 25, "unit": "mcg_per_h", "wear_hours": 169}, "wear_hours"),
    ("medication", {"wear_hours": 72}, "wear_hours"),  # morphine in mg is no patch
    ("medication", {"taken_at": NAIVE}, "taken_at"),
    ("medication", {"notes": LONG_NOTES}, "notes"),
]

ACCEPTED = [
    # entity, fields sent: each must be stored and read back as sent
    ("episode", {"started_on": "2026-03-10", "ended_on": "2026-03-10"}),
    ("episode", {"treatment": "other", "treatment_name": "Lidocaine"}),
    ("episode", {"notes": "x" * 5000}),
    ("administration", {"dose_mg": 0}),
    ("administration", {"dose_mg": 2000}),
    ("administration", {"dose_mg_per_kg": 0, "weight_kg": 1}),
    ("administration", {"dose_mg_per_kg": 10, "weight_kg": 400}),
    ("administration", {"duration_minutes": 0, "bp_systolic_max": 40, "bp_diastolic_max": 20}),
    ("administration", {"duration_minutes": 1440, "bp_systolic_max": 300, "bp_diastolic_max": 200}),
    ("administration", {"heart_rate_max": 20}),
    ("administration", {"heart_rate_max": 250}),
    ("administration", {"notes": "x" * 5000}),
    *[
        ("entry", {"pain_now": v, "pain_average": v, "pain_worst": v, "pain_least": v, "mood": v})
        for v in (0, 10)
    ],
    *[
        ("entry", {"interference_enjoyment": v, "interference_activity": v, "sleep_quality": v})
        for v in (0, 10)
    ],
    ("entry", {"relief_percent": 0, "pgic": 1}),
    ("entry", {"relief_percent": 100, "pgic": 7}),
    ("entry", {"side_effects": [{"code": "nausea", "severity": 1}, {"code": "headache", "severity": 3}]}),
    ("entry", {"recorded_at": "2026-03-03T08:30:00+14:00"}),
    ("entry", {"recorded_at": "2026-03-03T08:30:00-12:00"}),
    ("entry", {"notes": "x" * 5000}),
    ("entry", {"diary_date": "2025-03-02"}),  # 366 days before recorded_at's date
    ("entry", {"pain_least": 5, "pain_average": 5, "pain_worst": 5}),
    ("entry", {"pain_least": 0, "pain_worst": 10}),
    ("medication", {"drug": "fentanyl", "dose": 25, "unit": "mcg_per_h"}),
    ("medication", {"drug": "fentanyl", "dose": 400, "unit": "mcg_per_h", "wear_hours": 1}),
    ("medication", {"drug": "fentanyl", "dose": 12, "unit": "mcg_per_h", "wear_hours": 168}),
    ("medication", {"dose": 5000}),
    ("medication", {"dose": 100000, "unit": "mcg"}),
    ("medication", {"drug": "hydromorphone", "dose": 500, "unit": "mcg"}),
    ("medication", {"notes": "x" * 5000}),
]


def _case_id(case) -> str:
    entity, fields, *_ = case
    text = ",".join(f"{k}={str(v)[:20]}" for k, v in fields.items())
    return f"{entity}:{text}"


@pytest.mark.django_db
@pytest.mark.parametrize(("entity", "fields", "attr"), REJECTED, ids=[_case_id(c) for c in REJECTED])
def test_post_rejects_naming_the_field(entity, fields, attr, alice, client_for, valid_payload):
    body = {**valid_payload(entity), **fields}
    before = table_state(alice)

    response = client_for(alice).post(list_url(entity), body)

    assert response.status_code == 400, response.content
    assert attr in error_attrs(response)
    assert table_state(alice) == before


@pytest.mark.django_db
@pytest.mark.parametrize(("entity", "fields"), ACCEPTED, ids=[_case_id(c) for c in ACCEPTED])
def test_post_accepts_inclusive_boundaries(entity, fields, alice, client_for, valid_payload):
    response = client_for(alice).post(list_url(entity), {**valid_payload(entity), **fields})

    assert response.status_code == 201, response.content
    stored = client_for(alice).get(detail_url(entity, response.json()["id"])).json()
    assert {name: stored[name] for name in fields} == fields


PATCH_REJECTED = [
    ("episode", {"ended_on": "2026-02-01"}, "ended_on"),  # before started_on 2026-03-01
    ("episode", {"treatment": "other"}, "treatment_name"),
    ("administration", {"dose_mg_per_kg": 0.5}, "weight_kg"),
    ("administration", {"bp_systolic_max": 301}, "bp_systolic_max"),
    ("entry", {"pain_now": 11}, "pain_now"),
    ("entry", {"relief_percent": 55}, "relief_percent"),
    ("medication", {"drug": "fentanyl"}, "unit"),  # stays "mg"
    ("medication", {"unit": "mcg_per_h"}, "unit"),  # morphine is no patch
    ("medication", {"dose": 5000.001}, "dose"),  # stays mg
    ("medication", {"wear_hours": 72}, "wear_hours"),  # stays mg
    ("entry", {"diary_date": "2026-03-04"}, "diary_date"),  # recorded_at stays 2026-03-03
    ("entry", {"pain_least": 6, "pain_average": 5}, "pain_average"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("entity", "fields", "attr"), PATCH_REJECTED, ids=[_case_id(c) for c in PATCH_REJECTED]
)
def test_patch_validates_the_whole_resulting_record(entity, fields, attr, alice, client_for, make):
    record = make(alice, entity)
    before, state = row(record), table_state(alice)

    response = client_for(alice).patch(detail_url(entity, record.pk), fields)

    assert response.status_code == 400, response.content
    assert attr in error_attrs(response)
    assert row(record) == before
    assert table_state(alice) == state


@pytest.mark.django_db
def test_administration_cannot_link_to_another_patients_episode(alice, bob, client_for, make):
    bobs_episode = make(bob, "episode")
    own = make(alice, "administration")
    before, state = row(own), table_state(alice)
    client = client_for(alice)
    body = {"episode": str(bobs_episode.pk), "administered_at": "2026-03-03T10:00:00+01:00", "route": "im"}

    created = client.post(list_url("administration"), body)
    patched = client.patch(detail_url("administration", own.pk), {"episode": str(bobs_episode.pk)})

    for response in (created, patched):
        assert response.status_code == 400
        assert error_attrs(response) == ["episode"]
    assert row(own) == before
    assert table_state(alice) == state


@pytest.mark.django_db
@pytest.mark.parametrize("link", ["administration", "episode"])
def test_entry_cannot_link_to_another_patients_records(link, alice, bob, client_for, make):
    target = make(bob, link)
    own = make(alice, "entry")
    before, state = row(own), table_state(alice)
    client = client_for(alice)

    created = client.post(
        list_url("entry"), {"recorded_at": "2026-03-03T08:30:00+01:00", "pain_now": 3, link: str(target.pk)}
    )
    patched = client.patch(detail_url("entry", own.pk), {link: str(target.pk)})

    for response in (created, patched):
        assert response.status_code == 400
        assert error_attrs(response) == [link]
    assert row(own) == before
    assert table_state(alice) == state


@pytest.mark.django_db
def test_entry_administration_must_belong_to_the_entrys_episode(alice, client_for, make):
    administration = make(alice, "administration")
    other_episode = make(alice, "episode")
    before = table_state(alice)
    body = {
        "recorded_at": "2026-03-03T08:30:00+01:00",
        "pain_now": 3,
        "episode": str(other_episode.pk),
        "administration": str(administration.pk),
    }

    response = client_for(alice).post(list_url("entry"), body)

    assert response.status_code == 400
    assert error_attrs(response) == ["administration"]
    assert table_state(alice) == before


BAD_BODIES = [
    pytest.param('{"pain_now": 6', "application/json", id="truncated-json"),
    pytest.param("[1, 2]", "application/json", id="json-list"),
    pytest.param('"text"', "application/json", id="json-string"),
    pytest.param("null", "application/json", id="json-null"),
    pytest.param("\xff\xfe", "application/json", id="not-utf8"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
@pytest.mark.parametrize(("body", "content_type"), BAD_BODIES)
def test_malformed_bodies_are_400_not_500(entity, body, content_type, alice, client_for, make):
    record = make(alice, entity)
    before, state = row(record), table_state(alice)
    client = client_for(alice)

    posted = client.post(list_url(entity), data=body, content_type=content_type)
    patched = client.patch(detail_url(entity, record.pk), data=body, content_type=content_type)

    for response in (posted, patched):
        assert response.status_code == 400, response.content
        assert response.json()["type"] in {"validation_error", "client_error"}
    assert row(record) == before
    assert table_state(alice) == state


@pytest.mark.django_db
@pytest.mark.parametrize("bad_id", ["not-a-uuid", None, ["x"]])
def test_malformed_client_id_is_400_naming_id(bad_id, alice, client_for):
    before = table_state(alice)

    response = client_for(alice).post(list_url("episode"), {"id": bad_id, **_episode()})

    assert response.status_code == 400
    assert error_attrs(response) == ["id"]
    assert table_state(alice) == before


def _episode() -> dict:
    return {"treatment": "ketamine", "condition": "crps", "title": "T", "started_on": "2026-03-01"}


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["abc", '"1', "1.5", '"-1"', "1, 2"])
def test_malformed_if_match_is_400(header, alice, client_for, make):
    record = make(alice, "entry")
    before, state = row(record), table_state(alice)

    response = client_for(alice).patch(detail_url("entry", record.pk), {"pain_now": 1}, HTTP_IF_MATCH=header)

    assert response.status_code == 400
    assert error_attrs(response) == ["If-Match"]
    assert row(record) == before
    assert table_state(alice) == state

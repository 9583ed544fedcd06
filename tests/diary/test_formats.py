"""diary.formats and diary.records: each kind declared once, validated without HTTP.

The API's tests check every code and message through REST and sync; these check what the
formats promise below them: errors by field path, a field's own before those inside it,
strict JSON types, and documents that validate back to the same record.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from diary import services
from diary.formats import ENTRY
from diary.records import KINDS
from diary.services import RecordRefs

ENTRY_DATA = {"recorded_at": "2026-03-03T08:30:00+01:00", "pain_now": 4}


def errors(exc: ValidationError) -> list[tuple[str, str, str]]:
    return [
        (path, e.code, message) for path, es in exc.error_dict.items() for e in es for message in e.messages
    ]


@pytest.mark.django_db
def test_errors_are_named_by_path_a_fields_own_first(alice):
    data = {
        **ENTRY_DATA,
        "side_effects": [{"code": "nausea", "severity": 4}, None],
        "locations": ["head", "nowhere"],
        "pain_now": "4",
        "notes": 7,
    }

    with pytest.raises(ValidationError) as caught:
        ENTRY.validate(data, refs=RecordRefs(alice.pk))

    assert errors(caught.value) == [
        ("pain_now", "invalid", "A whole number is required (not text, a fraction or a boolean)."),
        ("notes", "invalid", "Not a valid string."),
        ("locations.1", "invalid_choice", '"nowhere" is not a valid choice.'),
        ("side_effects.1", "null", "This field may not be null."),
        ("side_effects.0.severity", "max_value", "Ensure this value is less than or equal to 3."),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("side_effects", "expected"),
    [
        (
            "nausea",
            [("side_effects.non_field_errors", "not_a_list", 'Expected a list of items but got type "str".')],
        ),
        (
            ["nausea"],
            [
                (
                    "side_effects.0.non_field_errors",
                    "invalid",
                    "Invalid data. Expected a dictionary, but got str.",
                )
            ],
        ),
        (
            [{"code": "nausea", "severity": 1}, {"code": "nausea", "severity": 2}],
            [("side_effects", "invalid", "A side effect appears more than once; give it one severity.")],
        ),
    ],
)
def test_a_list_of_objects_names_the_list_the_item_or_its_field(alice, side_effects, expected):
    with pytest.raises(ValidationError) as caught:
        ENTRY.validate({**ENTRY_DATA, "side_effects": side_effects}, refs=RecordRefs(alice.pk))

    assert errors(caught.value) == expected


@pytest.mark.django_db
def test_defaults_fill_what_is_left_out_and_rules_complete_the_record(alice):
    attrs = ENTRY.validate(ENTRY_DATA, refs=RecordRefs(alice.pk))

    assert attrs["locations"] == [] and attrs["side_effects"] == [] and attrs["notes"] == ""
    assert attrs["episode_id"] is None and attrs["pgic"] is None
    assert attrs["diary_date"].isoformat() == "2026-03-03"  # the local date in its own offset


@pytest.mark.django_db
@pytest.mark.parametrize("entity", list(KINDS))
def test_a_records_document_validates_back_to_the_same_record(alice, entity):
    episode = services.record_create(
        patient_id=alice.pk,
        entity="episode",
        data={"treatment": "ketamine", "condition": "crps", "title": "K", "started_on": "2026-03-01"},
    )
    administration = services.record_create(
        patient_id=alice.pk,
        entity="administration",
        data={"episode": str(episode.pk), "administered_at": "2026-03-02T09:00:00+00:00", "route": "oral"},
    )
    data = {
        "episode": episode,
        "administration": administration,
        "entry": services.record_create(
            patient_id=alice.pk,
            entity="entry",
            data={
                **ENTRY_DATA,
                "side_effects": [{"code": "nausea", "severity": 2}],
                "episode": str(episode.pk),
            },
        ),
        "medication": services.record_create(
            patient_id=alice.pk,
            entity="medication",
            data={"taken_at": "2026-03-03T08:00:00-05:00", "drug": "morphine", "dose": 10, "unit": "mg"},
        ),
        "assessment": services.record_create(
            patient_id=alice.pk,
            entity="assessment",
            data={
                "completed_at": "2026-03-03T21:00:00-05:00",
                "instrument": "phq9",
                "answers": [1, 2, 1, 0, 3, 1, 2, 1, 1],
                "episode": str(episode.pk),
            },
        ),
    }
    kind = KINDS[entity]
    document = kind.document(data[entity])

    attrs = kind.format.validate(document, refs=RecordRefs(alice.pk))

    assert list(document) == list(kind.format.fields)
    again = kind.model(id=data[entity].pk, patient_id=alice.pk)
    services.record_apply(record=again, attrs=attrs)
    writable = set(kind.format.writable)
    assert {n: v for n, v in kind.document(again).items() if n in writable} == {
        n: v for n, v in document.items() if n in writable
    }


def test_each_kind_is_declared_once_and_the_api_routes_derive_from_it():
    plurals = [kind.plural for kind in KINDS.values()]

    # parents first
    assert plurals == ["episodes", "administrations", "entries", "medications", "assessments"]
    for entity, kind in KINDS.items():
        assert kind.entity == entity
        assert reverse(f"api:{entity}-list") == f"/api/v1/{kind.plural}/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pains", "expected"),
    [
        # (least, average, worst) → the errors by field
        (
            (6, 5, None),
            {"pain_average": "Average pain cannot be below least pain (least ≤ average ≤ worst)."},
        ),
        (
            (9, 8, None),
            {"pain_average": "Average pain cannot be below least pain (least ≤ average ≤ worst)."},
        ),
        ((None, 5, 4), {"pain_worst": "Worst pain cannot be below average pain (least ≤ average ≤ worst)."}),
        ((6, None, 5), {"pain_worst": "Worst pain cannot be below least pain (least ≤ average ≤ worst)."}),
    ],
)
def test_a_rules_message_is_one_sentence_whatever_the_values(alice, pains, expected):
    """The schema states these rules in words; a client (or a schema-driven test) may match them."""
    least, average, worst = pains
    data = {**ENTRY_DATA, "pain_least": least, "pain_average": average, "pain_worst": worst}

    with pytest.raises(ValidationError) as caught:
        ENTRY.validate(data, refs=RecordRefs(alice.pk))

    assert {path: message for path, _, message in errors(caught.value)} == expected

"""diary.services and diary.fields below the HTTP layer: the rules hold whichever path writes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from diary import services
from diary.errors import IdTaken, RecordNotFound, VersionMismatch
from diary.fields import OffsetDateTimeField, local_date, offset_minutes
from diary.models import Entry, Episode
from diary.versioning import current_version

EPISODE = {"treatment": "ketamine", "condition": "crps", "title": "K", "started_on": "2026-03-01"}


def row(record) -> dict:
    return type(record).objects.filter(pk=record.pk).values().get()


@pytest.mark.django_db
def test_create_takes_the_next_version_of_its_own_patient(alice, bob):
    first = services.record_create(patient_id=alice.pk, entity="episode", data=EPISODE)
    services.record_create(patient_id=bob.pk, entity="episode", data=EPISODE)
    second = services.record_create(patient_id=alice.pk, entity="episode", data=EPISODE)

    assert (first.version, second.version) == (1, 2)
    assert (current_version(alice.pk), current_version(bob.pk)) == (2, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["update", "delete"])
def test_another_patients_record_is_not_found(action, alice, bob):
    record = services.record_create(patient_id=alice.pk, entity="episode", data=EPISODE)
    before = row(record)
    call = {
        "update": lambda: services.record_update(
            patient_id=bob.pk, entity="episode", record_id=record.pk, data={"title": "Bob's"}
        ),
        "delete": lambda: services.record_delete(patient_id=bob.pk, entity="episode", record_id=record.pk),
    }[action]

    with pytest.raises(RecordNotFound):
        call()

    assert row(record) == before
    assert (current_version(alice.pk), current_version(bob.pk)) == (1, 0)


@pytest.mark.django_db
def test_invalid_data_raises_naming_fields_and_takes_no_version(alice):
    with pytest.raises(ValidationError) as caught:
        services.record_create(
            patient_id=alice.pk, entity="entry", data={"recorded_at": "2026-03-03T08:00:00", "pain_now": 11}
        )

    assert set(caught.value.error_dict) == {"recorded_at", "pain_now"}
    assert Entry.objects.count() == 0
    assert current_version(alice.pk) == 0


@pytest.mark.django_db
def test_taken_id_raises_and_takes_no_version(alice):
    record = services.record_create(patient_id=alice.pk, entity="episode", data=EPISODE)

    with pytest.raises(IdTaken):
        services.record_create(patient_id=alice.pk, entity="episode", data=EPISODE, record_id=record.pk)

    assert Episode.objects.count() == 1
    assert current_version(alice.pk) == 1


@pytest.mark.django_db
def test_expected_version_mismatch_raises_and_writes_nothing(alice):
    record = services.record_create(patient_id=alice.pk, entity="episode", data=EPISODE)
    before = row(record)

    with pytest.raises(VersionMismatch):
        services.record_update(
            patient_id=alice.pk,
            entity="episode",
            record_id=record.pk,
            data={"title": "X"},
            expected_version=7,
        )

    assert row(record) == before


@pytest.mark.django_db
def test_partial_update_is_validated_against_the_whole_record(alice):
    record = services.record_create(
        patient_id=alice.pk, entity="episode", data={**EPISODE, "ended_on": "2026-03-20"}
    )

    with pytest.raises(ValidationError) as caught:
        services.record_update(
            patient_id=alice.pk, entity="episode", record_id=record.pk, data={"started_on": "2026-03-21"}
        )

    assert set(caught.value.error_dict) == {"ended_on"}
    assert Episode.objects.get(pk=record.pk).started_on == date(2026, 3, 1)


# --- OffsetDateTimeField -------------------------------------------------------------------

FIELD = OffsetDateTimeField(offset_attr="recorded_offset")

GOOD = [
    # text,                          UTC instant,                               offset minutes
    ("2026-03-03T00:30:00+02:00", datetime(2026, 3, 2, 22, 30, tzinfo=UTC), 120),
    ("2026-03-02T23:30:00-05:00", datetime(2026, 3, 3, 4, 30, tzinfo=UTC), -300),
    ("2026-03-02T23:30:00-03:30", datetime(2026, 3, 3, 3, 0, tzinfo=UTC), -210),
    ("2026-03-03T00:30:00Z", datetime(2026, 3, 3, 0, 30, tzinfo=UTC), 0),
    ("2026-03-03T00:30:00+14:00", datetime(2026, 3, 2, 10, 30, tzinfo=UTC), 840),
]


@pytest.mark.parametrize(("text", "instant", "minutes"), GOOD)
def test_offset_datetime_parses_instant_and_offset(text, instant, minutes):
    value = FIELD.to_internal_value(text)

    assert value == instant
    assert offset_minutes(value) == minutes
    assert local_date(value) == date.fromisoformat(text[:10])


BAD = [
    "2026-03-03T00:30:00",  # no offset
    "2026-03-03",  # a date
    "2026-03-03T00:30:00+14:01",  # beyond +14:00
    "2026-03-03T00:30:00-14:30",
    "2026-03-03T00:30:00+02:00:30",  # not whole minutes
    "2026-03-03T00:30:00+02:00:00.500000",
    "0001-01-01T00:00:00+01:00",  # no UTC form
    "9999-12-31T23:00:00-05:00",
    "",
    1772497800,
    None,
]


@pytest.mark.parametrize("text", BAD)
def test_offset_datetime_refuses(text):
    with pytest.raises(ValidationError):
        FIELD.to_internal_value(text)


def test_offset_datetime_shows_the_instant_in_its_own_offset():
    instant = datetime(2026, 3, 3, 4, 30, tzinfo=UTC)

    assert FIELD.to_representation((instant, -300)) == "2026-03-02T23:30:00-05:00"
    assert FIELD.to_representation((instant.astimezone(timezone(timedelta(hours=9))), 0)) == (
        "2026-03-03T04:30:00+00:00"
    )


@pytest.mark.django_db
def test_a_patch_gets_its_wear_hours_and_mme_whichever_path_writes(alice):
    """The services, not the API, complete a patch: 72 hours worn, MME per day worn."""
    patch = services.record_create(
        patient_id=alice.pk,
        entity="medication",
        data={"taken_at": "2026-03-03T08:00:00+01:00", "drug": "fentanyl", "dose": 25, "unit": "mcg_per_h"},
    )
    worn = services.record_update(
        patient_id=alice.pk, entity="medication", record_id=patch.pk, data={"dose": 50}
    )

    assert (patch.wear_hours, patch.mme) == (72, Decimal("60.0000"))  # 25 × 2.4
    assert (worn.wear_hours, worn.mme) == (72, Decimal("120.0000"))  # 50 × 2.4

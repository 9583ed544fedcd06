"""Shared helpers for the patient record endpoints: URLs, payload builders, record factories.

Payloads are written out by hand (what a client would send); records made for setup go
through `diary.services` so they carry real versions, or through `bulk_rows` when a test
needs hundreds of them quickly.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from diary import services
from diary.models import Administration, Entry, Episode, MedicationIntake
from diary.versioning import current_version

PATHS = {
    "episode": "episodes",
    "administration": "administrations",
    "entry": "entries",
    "medication": "medications",
}
ENTITIES = list(PATHS)
MODELS = {
    "episode": Episode,
    "administration": Administration,
    "entry": Entry,
    "medication": MedicationIntake,
}


def list_url(entity: str) -> str:
    return f"/api/v1/{PATHS[entity]}/"


def detail_url(entity: str, record_id) -> str:
    return f"/api/v1/{PATHS[entity]}/{record_id}/"


# --- payloads a client would send ------------------------------------------------------


def episode_data(**over) -> dict:
    return {
        "treatment": "ketamine",
        "condition": "crps",
        "title": "Ketamine infusions for CRPS",
        "started_on": "2026-03-01",
        **over,
    }


def administration_data(episode_id, **over) -> dict:
    return {
        "episode": str(episode_id),
        "administered_at": "2026-03-03T10:00:00+01:00",
        "route": "iv_infusion",
        **over,
    }


def entry_data(**over) -> dict:
    return {"recorded_at": "2026-03-03T08:30:00+01:00", "pain_now": 6, **over}


def medication_data(**over) -> dict:
    return {"taken_at": "2026-03-03T08:00:00+01:00", "drug": "morphine", "dose": 10, "unit": "mg", **over}


# --- reading responses and rows ---------------------------------------------------------


def error_attrs(response) -> list[str]:
    """The `attr` of every error of a 400 response, after checking the error shape."""
    body = response.json()
    assert body["type"] == "validation_error", body
    for error in body["errors"]:
        assert set(error) == {"code", "detail", "attr"}, error
    return [error["attr"] for error in body["errors"]]


def row(record) -> dict:
    """The record's database row as a dict (to prove it is unchanged)."""
    return type(record).objects.filter(pk=record.pk).values().get()


def table_state(patient) -> tuple:
    """Row counts of every record table and the patient's version: unchanged when nothing was written."""
    counts = tuple(model.objects.count() for model in MODELS.values())
    return (*counts, current_version(patient.pk))


def ids(response) -> set[str]:
    return {item["id"] for item in response.json()["results"]}


# --- records made through the services (real versions) ----------------------------------


def create(patient, entity: str, **over):
    """One record of `entity` for `patient`, with any parent it needs."""
    if entity == "episode":
        data = episode_data(**over)
    elif entity == "administration":
        episode = over.pop("episode", None) or create(patient, "episode").pk
        data = administration_data(episode, **over)
    elif entity == "entry":
        data = entry_data(**over)
    else:
        data = medication_data(**over)
    return services.record_create(patient_id=patient.pk, entity=entity, data=data)


@pytest.fixture
def make():
    """`make(patient, entity, **fields)`: a saved record of that patient."""
    return create


@pytest.fixture
def valid_payload(alice):
    """`valid_payload(entity)`: a minimal valid POST body for alice (parents created first)."""

    def build(entity: str) -> dict:
        if entity == "episode":
            return episode_data()
        if entity == "administration":
            return administration_data(create(alice, "episode").pk)
        if entity == "entry":
            return entry_data()
        return medication_data()

    return build


# --- many rows at once, for list and query-count tests ----------------------------------

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def bulk_rows(entity: str, patient, n: int, *, episode=None, first_version: int = 1) -> list:
    """`n` rows of `entity` written with bulk_create, every field set here by hand."""
    rows = []
    for i in range(n):
        at = T0 + timedelta(hours=i)
        common = {"patient": patient, "version": first_version + i}
        if entity == "episode":
            rows.append(
                Episode(
                    **common,
                    treatment="ketamine",
                    condition="crps",
                    title=f"E{i}",
                    started_on=date(2026, 3, 1),
                )
            )
        elif entity == "administration":
            rows.append(
                Administration(
                    **common,
                    episode=episode,
                    administered_at=at,
                    administered_offset=0,
                    local_date=at.date(),
                    route="iv_infusion",
                    phase="single",
                    setting="clinic",
                )
            )
        elif entity == "entry":
            rows.append(
                Entry(**common, recorded_at=at, recorded_offset=0, diary_date=at.date(), pain_now=i % 11)
            )
        else:
            rows.append(
                MedicationIntake(
                    **common,
                    taken_at=at,
                    taken_offset=0,
                    local_date=at.date(),
                    drug="morphine",
                    dose=Decimal("10"),
                    unit="mg",
                    mme=Decimal("10"),
                )
            )
    return MODELS[entity].objects.bulk_create(rows)

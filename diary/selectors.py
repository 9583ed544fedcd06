"""Reads of a patient's records. Every query is scoped to its owner."""

from __future__ import annotations

from django.db.models import QuerySet

from diary.errors import RecordNotFound
from diary.models import PatientRecord
from diary.records import KINDS


def records_live(*, patient_id, entity: str) -> QuerySet:
    """The patient's records of one kind that are not deleted."""
    return KINDS[entity].model.objects.filter(patient_id=patient_id, deleted_at__isnull=True)


def record_get(*, patient_id, entity: str, record_id) -> PatientRecord:
    """One live record of the patient's; RecordNotFound (404) if missing, deleted or another's."""
    record = records_live(patient_id=patient_id, entity=entity).filter(pk=record_id).first()
    if record is None:
        raise RecordNotFound()
    return record

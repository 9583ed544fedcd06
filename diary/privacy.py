"""What the diary holds of a patient, for erasure and export (the rights of GDPR art. 17 and 20).

Everything here is keyed by the patient: the records (episodes, administrations, entries,
intakes, deleted ones too), the sync engine's own rows (conflicts, rejections, the clients'
last mids, stored results, the version clock). Erasing deletes them all; exporting reads the
live records and the changes a device sent that the diary did not accept, once per kind.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from diary.models import (
    Administration,
    Assessment,
    Conflict,
    Entry,
    Episode,
    MedicationIntake,
    PatientClock,
    PatientRecord,
    Rejection,
    SyncClient,
    SyncResult,
)
from diary.records import KINDS
from diary.selectors import records_live
from diary.sync.documents import REJECTION_FIELDS, rejection_document

# Children before parents (Administration.episode is RESTRICT).
PATIENT_MODELS = (
    Conflict,
    Rejection,
    Entry,
    MedicationIntake,
    Assessment,
    Administration,
    Episode,
    SyncResult,
    SyncClient,
    PatientClock,
)
# The export's sections: entity → name, parents before children (an import creates them in this order).
SECTIONS = {entity: kind.plural for entity, kind in KINDS.items()}
ORDER = {
    "episode": ("started_on", "created_at"),
    "administration": ("administered_at", "created_at"),
    "entry": ("recorded_at", "created_at"),
    "medication": ("taken_at", "created_at"),
    "assessment": ("completed_at", "created_at"),
}


@transaction.atomic
def diary_erase(*, patient_id) -> Counter[str]:
    """Delete every row the diary keeps for the patient; rows deleted per model label."""
    counts: Counter[str] = Counter()
    for model in PATIENT_MODELS:
        _, per_model = model.objects.filter(patient_id=patient_id).delete()
        counts.update(per_model)
    return +counts


@dataclass(frozen=True)
class DiaryExport:
    """The patient's live records by entity and their sync rejections, each oldest first."""

    records: dict[str, list[PatientRecord]]
    rejections: list[Rejection]

    def documents(self) -> dict[str, list[dict[str, Any]]]:
        """Each section as the REST API (records) and sync (rejections) show it, in SECTIONS order."""
        documents = {name: KINDS[entity].documents(self.records[entity]) for entity, name in SECTIONS.items()}
        documents["rejections"] = [rejection_document(rejection) for rejection in self.rejections]
        return documents


def export_columns() -> dict[str, list[str]]:
    """The fields of each section's documents, in order (a CSV's columns)."""
    columns = {name: list(KINDS[entity].format.fields) for entity, name in SECTIONS.items()}
    columns["rejections"] = list(REJECTION_FIELDS)
    return columns


def diary_export(*, patient_id) -> DiaryExport:
    """One query per kind, and one for the rejections."""
    records = {}
    for entity in SECTIONS:
        rows = records_live(patient_id=patient_id, entity=entity).order_by(*ORDER[entity])
        records[entity] = list(rows.select_related("episode") if entity == "administration" else rows)
    rejections = Rejection.objects.filter(patient_id=patient_id, deleted_at__isnull=True).order_by("version")
    return DiaryExport(records, list(rejections.defer("origin", "field_writers")))

"""The record kinds a patient owns, declared once: everything else derives from `KINDS`.

A kind's `entity` is its name in the sync protocol and the services (`entry`); its `plural`
is its REST path segment and its section of the export (`entries/`, `"entries": […]`); its
`format` validates what clients write and shows what they read (diary.formats). The API's
routes and serializers, sync, pull, erasure, export and import all iterate `KINDS`, which
lists parents before children (an episode before the administrations that name it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from diary import formats
from diary.models import Administration, Assessment, Entry, Episode, MedicationIntake, PatientRecord


@dataclass(frozen=True)
class RecordKind:
    entity: str
    plural: str
    model: type[PatientRecord]
    format: formats.Format

    def document(self, record: PatientRecord) -> dict[str, Any]:
        """The record as clients read it."""
        return self.format.document(record)

    def documents(self, records: Iterable[PatientRecord]) -> list[dict[str, Any]]:
        return self.format.documents(records)


KINDS: dict[str, RecordKind] = {
    kind.entity: kind
    for kind in (
        RecordKind("episode", "episodes", Episode, formats.EPISODE),
        RecordKind("administration", "administrations", Administration, formats.ADMINISTRATION),
        RecordKind("entry", "entries", Entry, formats.ENTRY),
        RecordKind("medication", "medications", MedicationIntake, formats.MEDICATION),
        RecordKind("assessment", "assessments", Assessment, formats.ASSESSMENT),
    )
}

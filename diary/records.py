"""The record kinds a patient owns, by the `entity` name the API and sync protocol use."""

from __future__ import annotations

from dataclasses import dataclass

from diary import serializers
from diary.models import Administration, Entry, Episode, MedicationIntake, PatientRecord


@dataclass(frozen=True)
class RecordKind:
    entity: str
    model: type[PatientRecord]
    serializer: type[serializers.RecordSerializer]


KINDS: dict[str, RecordKind] = {
    kind.entity: kind
    for kind in (
        RecordKind("episode", Episode, serializers.EpisodeSerializer),
        RecordKind("administration", Administration, serializers.AdministrationSerializer),
        RecordKind("entry", Entry, serializers.EntrySerializer),
        RecordKind("medication", MedicationIntake, serializers.MedicationIntakeSerializer),
    )
}

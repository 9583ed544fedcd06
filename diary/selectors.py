"""Reads of a patient's records. Every query is scoped to its owner."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from diary.errors import RecordNotFound
from diary.models import Administration, Entry, MedicationIntake, PatientRecord
from diary.records import KINDS
from diary.trends import AdministrationRow, EntryRow, IntakeRow


def records_live(*, patient_id, entity: str) -> QuerySet:
    """The patient's records of one kind that are not deleted."""
    return KINDS[entity].model.objects.filter(patient_id=patient_id, deleted_at__isnull=True)


def record_get(*, patient_id, entity: str, record_id) -> PatientRecord:
    """One live record of the patient's; RecordNotFound (404) if missing, deleted or another's."""
    record = records_live(patient_id=patient_id, entity=entity).filter(pk=record_id).first()
    if record is None:
        raise RecordNotFound()
    return record


# --- Trend rows (diary.trends) for many patients at once -------------------------------


@dataclass(frozen=True)
class TrendRows:
    """One patient's rows for `diary.trends.compute_figures`."""

    entries: tuple[EntryRow, ...] = ()
    administrations: tuple[AdministrationRow, ...] = ()
    intakes: tuple[IntakeRow, ...] = ()

    def between(self, first: date, last: date) -> TrendRows:
        """Only the rows dated first … last (diary dates, local dates)."""
        return TrendRows(
            tuple(e for e in self.entries if first <= e.diary_date <= last),
            tuple(a for a in self.administrations if first <= a.local_date <= last),
            tuple(i for i in self.intakes if first <= i.local_date <= last),
        )


def trend_rows_by_patient(*, patient_ids: Iterable, first: date, last: date) -> dict[uuid.UUID, TrendRows]:
    """Non-deleted entries, administrations and intakes dated first … last, per patient.

    Three queries whatever the number of patients or days (set-based, for the nightly job).
    Intake MME is the value stored at write time.
    """
    ids = list(patient_ids)
    live = {"patient_id__in": ids, "deleted_at__isnull": True}
    entries: dict[uuid.UUID, list[EntryRow]] = defaultdict(list)
    administrations: dict[uuid.UUID, list[AdministrationRow]] = defaultdict(list)
    intakes: dict[uuid.UUID, list[IntakeRow]] = defaultdict(list)
    entry_fields = ("patient_id", "id", "diary_date", "recorded_at", "pain_now", "mood", "pgic")
    for pid, pk, day, at, pain, mood, pgic, effects in Entry.objects.filter(
        **live, diary_date__range=(first, last)
    ).values_list(*entry_fields, "side_effects"):
        side_effects = tuple((item["code"], item["severity"]) for item in effects or ())
        entries[pid].append(EntryRow(str(pk), day, at, pain, mood, pgic, side_effects))
    admin_fields = ("patient_id", "id", "local_date", "administered_at", "route")
    for pid, pk, day, at, route, systolic, diastolic in Administration.objects.filter(
        **live, local_date__range=(first, last)
    ).values_list(*admin_fields, "bp_systolic_max", "bp_diastolic_max"):
        administrations[pid].append(AdministrationRow(str(pk), day, at, route, systolic, diastolic))
    for pid, day, mme in MedicationIntake.objects.filter(**live, local_date__range=(first, last)).values_list(
        "patient_id", "local_date", "mme"
    ):
        intakes[pid].append(IntakeRow(day, mme))
    return {
        pid: TrendRows(tuple(entries[pid]), tuple(administrations[pid]), tuple(intakes[pid]))
        for pid in set(entries) | set(administrations) | set(intakes)
    }

"""Reads of a patient's records. Every query is scoped to its owner."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connections
from django.db.models import QuerySet, TextField
from django.db.models.expressions import RawSQL

from diary.document_sql import document_sql
from diary.errors import RecordNotFound
from diary.models import Administration, Assessment, Entry, Episode, MedicationIntake, PatientRecord
from diary.records import KINDS
from diary.trends import AdministrationRow, AssessmentRow, EntryRow, EpisodeRow, IntakeRow


def records_live(*, patient_id, entity: str) -> QuerySet:
    """The patient's records of one kind that are not deleted."""
    return KINDS[entity].model.objects.filter(patient_id=patient_id, deleted_at__isnull=True)


def records_documents(records: QuerySet, *, entity: str) -> QuerySet | None:
    """`records` (of one kind, filtered) as value rows: `document`, each record's document as
    JSON text built by the database, and `created_at`, what a list's cursor reads.

    None where the database cannot build them (diary.document_sql): show the records instead.
    """
    sql = document_sql(KINDS[entity], connections[records.db])
    if sql is None:
        return None
    # The SQL is made of the format's own column names and constants, never of input.
    return records.values("created_at", document=RawSQL(sql, (), output_field=TextField()))  # noqa: S611


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
    episodes: tuple[EpisodeRow, ...] = ()
    assessments: tuple[AssessmentRow, ...] = ()

    def between(self, first: date, last: date) -> TrendRows:
        """Only the rows dated first … last (diary dates, local dates); episodes all."""
        return TrendRows(
            tuple(e for e in self.entries if first <= e.diary_date <= last),
            tuple(a for a in self.administrations if first <= a.local_date <= last),
            tuple(i for i in self.intakes if first <= i.local_date <= last),
            self.episodes,
            tuple(q for q in self.assessments if first <= q.local_date <= last),
        )


def trend_rows_by_patient(
    *, patient_ids: Iterable, last: date, first: date | None = None
) -> dict[uuid.UUID, TrendRows]:
    """Every non-deleted entry, administration, intake, assessment and episode of these
    patients dated on or before `last` (all history: windows read beyond a summary's
    period), per patient.

    Five queries whatever the number of patients or days (set-based, for the nightly job).
    Intake MME is the value stored at write time. `first` (optional) also drops rows dated
    before it; an episode has no such date and is always loaded.
    """
    ids = list(patient_ids)
    live = {"patient_id__in": ids, "deleted_at__isnull": True}
    rows: dict[uuid.UUID, dict[str, list]] = defaultdict(lambda: defaultdict(list))

    def dated(field: str) -> dict:
        return {f"{field}__lte": last, **({f"{field}__gte": first} if first is not None else {})}

    entry_fields = (
        "patient_id",
        "id",
        "diary_date",
        "recorded_at",
        "pain_now",
        "mood",
        "pgic",
        "side_effects",
    )
    for pid, pk, day, at, pain, mood, pgic, effects in Entry.objects.filter(
        **live, **dated("diary_date")
    ).values_list(*entry_fields):
        side_effects = tuple((item["code"], item["severity"]) for item in effects or ())
        rows[pid]["entries"].append(EntryRow(str(pk), day, at, pain, mood, pgic, side_effects))
    admin_fields = (
        "patient_id", "id", "episode_id", "local_date", "administered_at", "route", "phase", "dose_mg",
        "dose_mg_per_kg", "weight_kg", "duration_minutes", "bp_systolic_max", "bp_diastolic_max",
        "heart_rate_max",
    )  # fmt: skip
    for pid, pk, episode_id, *rest in Administration.objects.filter(
        **live, **dated("local_date")
    ).values_list(*admin_fields):
        rows[pid]["administrations"].append(AdministrationRow(str(pk), str(episode_id), *rest))
    intake_fields = ("patient_id", "id", "local_date", "drug", "dose", "unit", "mme", "wear_hours")
    for pid, pk, *rest in MedicationIntake.objects.filter(**live, **dated("local_date")).values_list(
        *intake_fields
    ):
        rows[pid]["intakes"].append(IntakeRow(str(pk), *rest))
    for pid, pk, *rest in Episode.objects.filter(**live).values_list(
        "patient_id", "id", "title", "started_on", "ended_on"
    ):
        rows[pid]["episodes"].append(EpisodeRow(str(pk), *rest))
    assessment_fields = (
        "patient_id", "id", "local_date", "completed_at", "instrument", "score", "band", "answers",
    )  # fmt: skip
    for pid, pk, *rest, answers in Assessment.objects.filter(**live, **dated("local_date")).values_list(
        *assessment_fields
    ):
        rows[pid]["assessments"].append(AssessmentRow(str(pk), *rest, tuple(answers or ())))
    return {pid: TrendRows(*(tuple(kinds[kind]) for kind in _TREND_KINDS)) for pid, kinds in rows.items()}


_TREND_KINDS = ("entries", "administrations", "intakes", "episodes", "assessments")

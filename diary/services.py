"""Every write to a patient's records: validate the resulting document, take the next version, save.

REST views, the sync engine, clinicians and the demo-data command all come through here, so
every change bumps the patient's version counter and reaches other devices through pull.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from diary import catalogue, instruments, red_flags
from diary.errors import IdTaken, RecordNotFound, VersionMismatch
from diary.fields import offset_minutes
from diary.models import PatientRecord
from diary.records import KINDS, RecordKind
from diary.versioning import Clock, patient_clock

# Date-time fields and the offset column that goes with each (diary.fields.OffsetDateTimeField).
OFFSET_FIELDS = {
    "recorded_at": "recorded_offset",
    "administered_at": "administered_offset",
    "taken_at": "taken_offset",
    "completed_at": "completed_offset",
}
MME_PLACES = Decimal("0.0001")
SERVER_WRITER = "server"  # REST, clinician and admin writes (sync writes name their client_id)


class RecordRefs:
    """The patient's records that links (episode, administration) may point to, looked up once.

    The sync engine pre-fills it for a whole batch (`prefetch`) and adds records the batch
    creates (`remember`), so validating links costs no query per mutation.
    """

    def __init__(self, patient_id) -> None:
        self.patient_id = patient_id
        self._cache: dict[tuple[str, uuid.UUID], PatientRecord | None] = {}

    def get(self, entity: str, record_id) -> PatientRecord | None:
        key = (entity, _as_uuid(record_id))
        if key not in self._cache:
            model = KINDS[entity].model
            self._cache[key] = model.objects.filter(patient_id=self.patient_id, pk=key[1]).first()
        return self._cache[key]

    def prefetch(self, entity: str, ids) -> set[uuid.UUID]:
        """Look the ids up in one query; returns those that other patients' records hold.

        The query asks for the ids whoever holds them: an id nobody's record has costs no
        second query to tell it apart from one another patient's record has (the sync engine
        refuses those, revealing nothing). Other patients' records are never kept.
        """
        wanted = {_as_uuid(i) for i in ids} - {k[1] for k in self._cache if k[0] == entity}
        if not wanted:
            return set()
        found = KINDS[entity].model.objects.filter(pk__in=wanted)
        by_id = {record.pk: record for record in found if record.patient_id == self.patient_id}
        for record_id in wanted:
            self._cache[(entity, record_id)] = by_id.get(record_id)
        return {record.pk for record in found if record.patient_id != self.patient_id}

    def remember(self, entity: str, record: PatientRecord) -> None:
        self._cache[(entity, record.pk)] = record


def _as_uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def record_validate(
    *, kind: RecordKind, data: dict[str, Any], refs: RecordRefs, instance: PatientRecord | None = None
) -> dict[str, Any]:
    """Validated attributes of the document `data` would make (merged onto `instance` if given).

    Raises Django's ValidationError naming every bad field by its path (diary.formats).
    """
    document = {**record_document(kind=kind, record=instance), **data} if instance is not None else data
    return kind.format.validate(document, refs=refs)


def record_apply(*, record: PatientRecord, attrs: dict[str, Any]) -> None:
    """Copy validated attributes onto the model, deriving offsets, local dates, MME, and an
    assessment's score and band."""
    for name, value in attrs.items():
        setattr(record, name, value)
        if name in OFFSET_FIELDS and isinstance(value, datetime):
            setattr(record, OFFSET_FIELDS[name], offset_minutes(value))
            if hasattr(record, "local_date"):
                record.local_date = value.date()
    if hasattr(record, "mme"):
        mme = catalogue.mme_for(record.drug, record.dose, record.unit)
        record.mme = mme.quantize(MME_PLACES) if mme is not None else None
    if hasattr(record, "answers"):  # an assessment: score and band derived from the answers
        record.score, record.band = instruments.score_and_band(record.instrument, record.answers)


def writable_fields(kind: RecordKind) -> tuple[str, ...]:
    """The fields a client may write, by their wire names."""
    return kind.format.writable


def record_document(*, kind: RecordKind, record: PatientRecord) -> dict[str, Any]:
    """The record as clients read it (REST and pull)."""
    return kind.document(record)


def record_change(*, kind: RecordKind, record: PatientRecord, attrs: dict[str, Any]) -> set[str]:
    """Apply validated attributes; return the wire names of the fields whose value changed."""
    before = record_document(kind=kind, record=record)
    record_apply(record=record, attrs=attrs)
    after = record_document(kind=kind, record=record)
    return {name for name in writable_fields(kind) if before.get(name) != after.get(name)}


def record_stamp(*, record: PatientRecord, clock: Clock, writer: str, fields: set[str] | None = None) -> int:
    """Give the record the next version and note who wrote which fields (None: a new record)."""
    now = timezone.now()
    record.version = clock.tick()
    record.updated_at = now
    if fields is None:
        record.created_at = record.created_at or now
        record.origin = [record.version, writer]
        record.field_writers = {}
    else:
        record.field_writers = {**record.field_writers, **{f: [record.version, writer] for f in fields}}
    red_flags.record_stamped(record=record, clock=clock, new=fields is None)  # every write path's flags
    return record.version


def _locked_record(kind: RecordKind, patient_id, record_id) -> PatientRecord:
    record = kind.model.objects.filter(patient_id=patient_id, pk=record_id, deleted_at__isnull=True).first()
    if record is None:
        raise RecordNotFound()
    return record


def _check_version(record: PatientRecord, expected_version: int | None) -> None:
    if expected_version is not None and record.version != expected_version:
        raise VersionMismatch()


def record_create(
    *, patient_id, entity: str, data: dict[str, Any], record_id: uuid.UUID | None = None
) -> PatientRecord:
    """Create a record, with the client's id if it chose one (offline creation)."""
    kind = KINDS[entity]
    with patient_clock(patient_id) as clock:
        attrs = record_validate(kind=kind, data=data, refs=RecordRefs(patient_id))
        record_id = record_id or uuid.uuid4()
        if kind.model.objects.filter(pk=record_id).exists():
            raise IdTaken()
        record = kind.model(id=record_id, patient_id=patient_id)
        record_apply(record=record, attrs=attrs)
        record_stamp(record=record, clock=clock, writer=SERVER_WRITER)
        try:
            with transaction.atomic():
                record.save(force_insert=True)
        except IntegrityError:  # the same id created at the same moment by another request
            raise IdTaken() from None
    return record


def record_update(
    *, patient_id, entity: str, record_id, data: dict[str, Any], expected_version: int | None = None
) -> PatientRecord:
    """Change some fields of a record; the whole result is validated. 412 if it moved on."""
    kind = KINDS[entity]
    with patient_clock(patient_id) as clock:
        record = _locked_record(kind, patient_id, record_id)
        _check_version(record, expected_version)
        attrs = record_validate(kind=kind, data=data, refs=RecordRefs(patient_id), instance=record)
        changed = record_change(kind=kind, record=record, attrs=attrs)
        if changed:
            record_stamp(record=record, clock=clock, writer=SERVER_WRITER, fields=changed)
            record.save()
    return record


def record_delete(
    *, patient_id, entity: str, record_id, expected_version: int | None = None
) -> PatientRecord:
    """Soft-delete: the record leaves lists and reads, and syncs to other devices as a tombstone."""
    kind = KINDS[entity]
    with patient_clock(patient_id) as clock:
        record = _locked_record(kind, patient_id, record_id)
        _check_version(record, expected_version)
        record.deleted_at = timezone.now()
        record_stamp(record=record, clock=clock, writer=SERVER_WRITER, fields={"deleted_at"})
        record.save(update_fields=["deleted_at", "version", "updated_at", "field_writers"])
    return record

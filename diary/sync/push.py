"""Push: apply a batch of a device's mutations in one transaction, idempotently.

Each mutation is an upsert or delete of a record, or the resolution of a conflict. Fields
merge one by one against the device's `base_version` (see `merge_plan`); a clash keeps the
server's value and stores the device's in a Conflict; an invalid mutation is kept verbatim in
a Rejection. Nothing a device sends is dropped. Replays of processed `(client_id, mid)`s
return their stored first result. The batch is read and written with a constant number of
queries: records are prefetched, changed in memory, and saved in bulk.

Whatever a mutation holds, it is applied or rejected on its own; it never fails the batch,
so its mid is always consumed and the device's later mutations get through. A mutation
holding a value no JSON column can store (diary.storable: a NUL, an unpaired surrogate,
1e400, an integer beyond 64 bits, deep nesting) is rejected naming where, and kept as
{"json_text": …}; every integer column gets a checked value (`base_version` ≤ the patient's
version, `mid` checked by the view), and error messages never echo unstorable characters.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from diary.fields import LinkField
from diary.models import Conflict, PatientRecord, Rejection, SyncClient, SyncResult
from diary.records import KINDS, RecordKind
from diary.services import (
    RecordRefs,
    record_apply,
    record_change,
    record_document,
    record_stamp,
    record_validate,
    writable_fields,
)
from diary.storable import INT64_MAX, printable, problems, storable
from diary.versioning import Clock, patient_clock

MAX_MUTATIONS = 500
# Records before the sync engine's own rows, parents before children (KINDS' order).
SAVE_ORDER = (*(kind.model for kind in KINDS.values()), Conflict, Rejection)
# The fields that link one record to another, and the kind they name (prefetched per batch).
LINK_FIELDS = {
    name: field.entity
    for kind in KINDS.values()
    for name, field in kind.format.fields.items()
    if isinstance(field, LinkField)
}


class MidGap(Exception):
    """The batch's first new mid is not the one after the client's last."""

    def __init__(self, expected: int) -> None:
        super().__init__(f"expected mid {expected}")
        self.expected = expected


@dataclass(frozen=True)
class PushOutcome:
    version: int
    last_mid: int
    results: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"version": self.version, "last_mid": self.last_mid, "results": self.results}


def _errors(exc: ValidationError) -> list[dict[str, Any]]:
    """The standard error shape (CONTRACT.md § Errors), one item per message, `attr` the field's
    path as it is; storable: a message echoing a NUL or a surrogate gets U+FFFD."""
    by_attr = exc.error_dict.items() if hasattr(exc, "error_dict") else [(None, exc.error_list)]
    return printable(
        [
            {"code": error.code or "invalid", "detail": message, "attr": attr}
            for attr, errors in by_attr
            for error in errors
            for message in error.messages
        ]
    )


def _uuid(value: Any) -> uuid.UUID | None:
    """A UUID sent as a JSON string, as REST requires (5 or 12345678123456781234567812345678 is not one)."""
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _version(value: Any) -> int | None:
    """A version number as an integer column holds it; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= INT64_MAX:
        return None
    return value


def _label(value: Any) -> str:
    """An entity or op name for a rejection's column: the text sent, storable, or empty."""
    return printable(value)[:20] if isinstance(value, str) else ""


def unstorable(m: dict[str, Any]) -> dict[str, list[ValidationError]]:
    """Errors for each part of a mutation no JSON column can store, named like field errors:
    `notes` for data.notes (as validation names data fields), `id` for the mutation's id.
    """
    found: dict[str, list[ValidationError]] = {}
    for path, code, message in problems(m):
        names = path[1:] if path[:1] == ["data"] and len(path) > 1 else path
        found.setdefault(printable(".".join(names)), []).append(ValidationError(message, code=code))
    return found


def writers(kind: RecordKind, record: PatientRecord) -> dict[str, tuple[int, str]]:
    """Who last wrote each field: its own entry, else the record's origin (its creation)."""
    origin = tuple(record.origin) if record.origin else (0, "")
    names = [*writable_fields(kind), "deleted_at"]
    return {name: tuple(record.field_writers.get(name, origin)) for name in names}


def changed_by_others(
    kind: RecordKind, record: PatientRecord, *, base_version: int | None, client_id: str
) -> set[str]:
    """Fields someone other than this client wrote after the version the client last saw.

    The client's own writes never count, even ones whose response it never saw.
    """
    base = base_version or 0
    return {
        name
        for name, (version, writer) in writers(kind, record).items()
        if version > base and writer != client_id
    }


class Batch:
    """The unit of work of one push: prefetched records, changed in memory, saved in bulk."""

    def __init__(self, *, patient_id, client_id: str, clock: Clock) -> None:
        self.patient_id = patient_id
        self.client_id = client_id
        self.clock = clock
        self.refs = RecordRefs(patient_id)
        self.conflicts: dict[uuid.UUID, Conflict] = {}
        self.taken: set[uuid.UUID] = set()
        self.created: dict[uuid.UUID, PatientRecord] = {}
        self.changed: dict[uuid.UUID, PatientRecord] = {}

    # -- reading -------------------------------------------------------------------------
    def prefetch(self, mutations: list[dict[str, Any]]) -> None:
        ids: dict[str, set[uuid.UUID]] = {entity: set() for entity in KINDS}
        conflict_ids = set()
        for m in mutations:
            target, entity = _uuid(m.get("id")), m.get("entity")
            if isinstance(entity, str) and entity in KINDS and target:
                ids[entity].add(target)
            elif entity == "conflict" and target:
                conflict_ids.add(target)
            data = m.get("data")
            if isinstance(data, dict):
                for field, entity in LINK_FIELDS.items():
                    if link := _uuid(data.get(field)):
                        ids[entity].add(link)
        if conflict_ids:
            found = Conflict.objects.filter(patient_id=self.patient_id, pk__in=conflict_ids)
            self.conflicts = {c.pk: c for c in found}
            for conflict in self.conflicts.values():
                ids[conflict.entity].add(conflict.record_id)
        for entity, wanted in ids.items():
            # ids another patient's record has, found by the same query: never reveal it, just refuse the id
            self.taken.update(self.refs.prefetch(entity, wanted))
        # The records the edited ones link to (an edit validates the whole record): one query
        # per kind still missing, not one per record.
        linked: dict[str, set[uuid.UUID]] = {entity: set() for entity in KINDS}
        for entity, wanted in ids.items():
            for record_id in wanted:
                record = self.refs.get(entity, record_id)
                for field, target in LINK_FIELDS.items():
                    if record is not None and (link := getattr(record, f"{field}_id", None)):
                        linked[target].add(link)
        for entity, wanted in linked.items():
            self.refs.prefetch(entity, wanted)

    # -- applying ------------------------------------------------------------------------
    def apply(self, mutation: dict[str, Any]) -> dict[str, Any]:
        try:
            return self._apply(mutation)
        except ValidationError as exc:
            return self.reject(mutation, _errors(exc))

    def _apply(self, m: dict[str, Any]) -> dict[str, Any]:
        entity, op, data = m.get("entity"), m.get("op"), m.get("data", {})
        errors = unstorable(m)
        field_errors = {}
        if not isinstance(entity, str) or entity not in (*KINDS, "conflict"):
            field_errors["entity"] = gettext("Unknown entity; use one of %(entities)s.") % {
                "entities": ", ".join((*KINDS, "conflict"))
            }
        target = _uuid(m.get("id"))
        if target is None:
            field_errors["id"] = gettext("A record id (a UUID, as a string) is required.")
        base = m.get("base_version")
        if base is not None and (isinstance(base, bool) or not isinstance(base, int) or base < 0):
            field_errors["base_version"] = gettext("A version number or null is required.")
        elif base is not None and base > self.clock.version:
            # Versions the diary never had (a server restored from a backup, a made-up number):
            # taken as they are, every field would look unchanged since, and nothing would clash.
            field_errors["base_version"] = gettext(
                "Your diary has no version %(base)s yet (it is at %(version)s); sync, then try again."
            ) % {"base": base, "version": self.clock.version}
        if not isinstance(data, dict):
            field_errors["data"] = gettext("An object is required.")
        allowed_ops = ("resolve",) if entity == "conflict" else ("upsert", "delete")
        if op not in allowed_ops:
            field_errors["op"] = gettext("Use one of %(ops)s.") % {"ops": ", ".join(allowed_ops)}
        for attr, message in field_errors.items():
            errors.setdefault(attr, []).append(ValidationError(message, code="invalid"))
        if errors:
            raise ValidationError(errors)
        if entity == "conflict":
            return self.resolve(m, target, data)
        kind = KINDS[entity]
        if op == "delete":
            return self.delete(m, kind, target, base)
        return self.upsert(m, kind, target, base, data)

    def result(self, m: dict[str, Any], status: str, record: PatientRecord | None, **extra) -> dict[str, Any]:
        out = {"mid": m["mid"], "status": status, "version": record.version if record is not None else None}
        return out | extra

    def stamp(self, record: PatientRecord, fields: set[str] | None) -> None:
        record_stamp(record=record, clock=self.clock, writer=self.client_id, fields=fields)
        if record.pk not in self.created:
            self.changed[record.pk] = record

    def upsert(self, m, kind: RecordKind, target: uuid.UUID, base: int | None, data: dict) -> dict[str, Any]:
        record = self.refs.get(kind.entity, target)
        if record is None:
            if target in self.taken:
                raise ValidationError({"id": gettext("This id cannot be used; choose another.")})
            attrs = record_validate(kind=kind, data=data, refs=self.refs)
            record = kind.model(id=target, patient_id=self.patient_id)
            record_apply(record=record, attrs=attrs)
            self.created[target] = record
            self.stamp(record, None)
            self.refs.remember(kind.entity, record)
            return self.result(m, "applied", record)
        if record.deleted_at is not None:  # an edit meets a deletion: the record stays deleted
            conflict = self.conflict(m, kind, record, "edit_deleted", fields={}, client_data=data)
            return self.result(m, "conflict", record, conflict_id=str(conflict.pk))

        others = changed_by_others(kind, record, base_version=base, client_id=self.client_id)
        attrs = record_validate(kind=kind, data=data, refs=self.refs, instance=record)
        candidate = copy.copy(record)
        wanted = record_change(kind=kind, record=candidate, attrs=attrs)
        clash = wanted & others
        if not clash:
            if wanted:
                record_change(kind=kind, record=record, attrs=attrs)
                self.stamp(record, wanted)
            return self.result(m, "merged" if others else "applied", record)

        server, client = (
            record_document(kind=kind, record=record),
            record_document(kind=kind, record=candidate),
        )
        rest = {name: value for name, value in data.items() if name not in clash}
        try:
            attrs = record_validate(kind=kind, data=rest, refs=self.refs, instance=record)
        except ValidationError:
            attrs = None  # the rest alone is not a valid record: write nothing, keep it all in the conflict
        if attrs is not None and (written := record_change(kind=kind, record=record, attrs=attrs)):
            self.stamp(record, written)
        clashing = {name: {"server": server[name], "client": client[name]} for name in sorted(clash)}
        kept = {name: data[name] for name in clash if name in data} if attrs is not None else data
        conflict = self.conflict(m, kind, record, "edit", fields=clashing, client_data=kept)
        return self.result(m, "conflict", record, conflict_id=str(conflict.pk))

    def delete(self, m, kind: RecordKind, target: uuid.UUID, base: int | None) -> dict[str, Any]:
        record = self.refs.get(kind.entity, target)
        if record is None or record.deleted_at is not None:
            return self.result(m, "applied", record)  # already gone: deleting is idempotent
        if changed_by_others(kind, record, base_version=base, client_id=self.client_id):
            conflict = self.conflict(m, kind, record, "delete_edited", fields={}, client_data={})
            return self.result(m, "conflict", record, conflict_id=str(conflict.pk))
        record.deleted_at = timezone.now()
        self.stamp(record, {"deleted_at"})
        return self.result(m, "applied", record)

    def resolve(self, m, target: uuid.UUID, data: dict) -> dict[str, Any]:
        conflict = self.conflicts.get(target)
        if conflict is None:
            raise ValidationError({"id": gettext("No conflict with this id in your diary.")})
        keep = data.get("keep")
        if keep not in ("server", "client"):
            raise ValidationError({"data.keep": gettext('Use "server" or "client".')})
        if conflict.deleted_at is not None:  # resolved already (by another device): nothing to do
            return self.result(m, "applied", conflict)
        outcome = self.keep_client_side(m, conflict) if keep == "client" else None
        conflict.resolution = keep
        conflict.deleted_at = timezone.now()
        self.stamp(conflict, {"resolution"})
        if outcome and outcome["status"] == "conflict":  # changed again since: a new conflict keeps it
            return self.result(m, "conflict", conflict, conflict_id=outcome["conflict_id"])
        return self.result(m, "applied", conflict)

    def keep_client_side(self, m, conflict: Conflict) -> dict[str, Any]:
        """Write the device's side of a conflict, as a mutation based on the conflict's version.

        What the patient saw when choosing is the state the conflict was made against; a
        change made since by someone else clashes again instead of being overwritten.
        """
        kind = KINDS[conflict.entity]
        if conflict.kind == "delete_edited":
            return self.delete(m, kind, conflict.record_id, conflict.version)
        record = self.refs.get(conflict.entity, conflict.record_id)
        if conflict.kind == "edit_deleted" and record.deleted_at is not None:  # bring it back, as chosen
            candidate = copy.copy(record)
            candidate.deleted_at = None
            record_validate(kind=kind, data=conflict.client_data, refs=self.refs, instance=candidate)
            record.deleted_at = None
            self.stamp(record, {"deleted_at"})
        return self.upsert(m, kind, conflict.record_id, conflict.version, conflict.client_data)

    def conflict(self, m, kind: RecordKind, record: PatientRecord, conflict_kind: str, **fields) -> Conflict:
        conflict = Conflict(
            patient_id=self.patient_id,
            entity=kind.entity,
            record_id=record.pk,
            kind=conflict_kind,
            base_version=m.get("base_version"),
            client_id=self.client_id,
            mid=m["mid"],
            **fields,
        )
        self.created[conflict.pk] = conflict
        self.stamp(conflict, None)
        return conflict

    def reject(self, m: dict[str, Any], errors: list[dict[str, Any]]) -> dict[str, Any]:
        """A Rejection keeping the mutation: verbatim, or as {"json_text": …} if no column can hold it."""
        rejection = Rejection(
            patient_id=self.patient_id,
            entity=_label(m.get("entity")),
            record_id=_uuid(m.get("id")) or uuid.uuid4(),
            op=_label(m.get("op")),
            base_version=_version(m.get("base_version")),
            client_id=self.client_id,
            mid=m["mid"],
            payload=storable(m),
            errors=errors,
        )
        self.created[rejection.pk] = rejection
        self.stamp(rejection, None)
        return {"mid": m["mid"], "status": "rejected", "errors": errors, "rejection_id": str(rejection.pk)}

    # -- saving --------------------------------------------------------------------------
    def save(self) -> None:
        for model in SAVE_ORDER:
            new = [r for r in self.created.values() if type(r) is model]
            if new:
                model.objects.bulk_create(new)
            changed = [r for r in self.changed.values() if type(r) is model]
            if changed:
                names = [f.name for f in model._meta.concrete_fields if not f.primary_key]
                model.objects.bulk_update(changed, names)


def sync_push(*, patient_id, client_id: uuid.UUID, mutations: list[dict[str, Any]]) -> PushOutcome:
    """Apply a device's batch: mutations with consecutive integer `mid`s (checked by the caller)."""
    client_key = str(client_id)
    with patient_clock(patient_id) as clock:
        client, _ = SyncClient.objects.select_for_update().get_or_create(
            patient_id=patient_id, client_id=client_id
        )
        new = [m for m in mutations if m["mid"] > client.last_mid]
        if new and new[0]["mid"] != client.last_mid + 1:
            raise MidGap(client.last_mid + 1)
        replayed = [m["mid"] for m in mutations if m["mid"] <= client.last_mid]
        stored = {}
        if replayed:
            rows = SyncResult.objects.filter(patient_id=patient_id, client_id=client_id, mid__in=replayed)
            # printable: a result stored before errors were made storable may echo what no response carries.
            stored = {mid: printable(result) for mid, result in rows.values_list("mid", "result")}
        batch = Batch(patient_id=patient_id, client_id=client_key, clock=clock)
        batch.prefetch(new)
        fresh = [batch.apply(m) for m in new]
        batch.save()
        if fresh:
            SyncResult.objects.bulk_create(
                SyncResult(patient_id=patient_id, client_id=client_id, mid=r["mid"], result=r) for r in fresh
            )
            client.last_mid = new[-1]["mid"]
            client.save(update_fields=["last_mid", "updated_at"])
        by_mid = {r["mid"]: r for r in fresh}
        forgotten = {"status": "applied", "version": None}  # a replay older than the kept results
        results = [
            by_mid.get(m["mid"]) or stored.get(m["mid"]) or {"mid": m["mid"], **forgotten} for m in mutations
        ]
    return PushOutcome(version=clock.version, last_mid=client.last_mid, results=results)

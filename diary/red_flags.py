"""Red flags as records: which flags a written record carries, kept in step with the `RedFlag` table.

DOMAIN.md figure 13 and § Red flags reach people. A red flag is made when an entry, an
administration or an assessment carrying one reaches the server, by any path: every write
(REST, sync push, import, clinician, admin, demo data) stamps the record through
`diary.services.record_stamp`, which calls `record_stamped` here, inside the transaction
that holds the patient's clock. So:

- a flag the record carries and the table lacks is made (one per source record, kind and
  code: the unique constraint `red_flag_once`, inserted with `ignore_conflicts`);
- a flag the table has and the record no longer carries (edited away, or the record
  deleted) is marked `withdrawn_at`, never deleted: nothing a patient reported disappears;
- a withdrawn flag the record carries again is un-withdrawn (the same row, its
  acknowledgements and notifications kept), and its detail follows the record.

Flags a transaction made (or brought back) are announced once it commits: the signal
`red_flags_raised` carries their ids, and the care app queues the care team's notification
(care.notifications). A replayed sync push applies nothing again, so it makes nothing again.

Queries: a new record makes its flags with one insert, none if it carries none. The first
edit or deletion in a transaction loads the patient's flags once (one query); later ones
compare in memory, and only a change of flags writes. So a sync batch of edits costs one
query more whatever its size. The details are built from the catalogue's labels and the
record's numbers, never from anything the patient typed. They are written in
FIGURES_LANGUAGE whatever language the request is in (a Spanish patient's edit must not
rewrite the detail an English clinician reads); diary.trends.flags.detail_shown gives them
in a reader's language.
"""

from __future__ import annotations

import functools
import uuid
import weakref
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone, translation

from diary.models import Administration, Assessment, Entry, PatientRecord, RedFlag
from diary.trends.assessments import PHQ9_ITEM9_CODE, item9_answer, item9_detail, item9_flags
from diary.trends.flags import FIGURES_LANGUAGE, monitoring_flags, side_effect_flag_detail

# Sent once the transaction that made (or brought back) red flags has committed, with
# `patient_id` and `red_flag_ids` (a list of UUIDs). care.models connects the notification.
red_flags_raised = Signal()

SOURCES: dict[type[PatientRecord], str] = {
    Entry: "entry",
    Administration: "administration",
    Assessment: "assessment",
}
# The rules and their words are the figures' (diary.trends.flags, diary.trends.assessments),
# so a flag's row and its line in a summary always agree.


@dataclass(frozen=True)
class Flag:
    """One red flag a record carries: (kind, code) is its key within the record."""

    kind: str
    code: str
    detail: str
    date: date

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.code)


# --- what a record carries ---------------------------------------------------------------


def _side_effect_flags(entry: Entry) -> list[Flag]:
    highest: dict[str, int] = {}
    for item in entry.side_effects or ():  # validated: [{"code", "severity"}]
        code, severity = item.get("code"), item.get("severity")
        if isinstance(code, str) and isinstance(severity, int):
            highest[code] = max(severity, highest.get(code, 0))
    flags = []
    for code, severity in sorted(highest.items()):
        if (detail := side_effect_flag_detail(code, severity)) is not None:
            flags.append(Flag("side_effect", code, detail, entry.diary_date))
    return flags


def _monitoring_flags(administration: Administration) -> list[Flag]:
    a = administration
    return [
        Flag(kind, "", detail, a.local_date)
        for kind, detail in monitoring_flags(a.bp_systolic_max, a.bp_diastolic_max, a.heart_rate_max)
    ]


def _assessment_flags(assessment: Assessment) -> list[Flag]:
    answers = assessment.answers if isinstance(assessment.answers, list) else []
    answer = item9_answer(assessment.instrument, answers)
    if not item9_flags(answer):
        return []
    return [Flag("assessment", PHQ9_ITEM9_CODE, item9_detail(answer), assessment.local_date)]


def flags_of(record: PatientRecord) -> list[Flag]:
    """The red flags a record carries as it is now (none once it is deleted)."""
    if record.deleted_at is not None:
        return []
    with translation.override(FIGURES_LANGUAGE):
        if isinstance(record, Entry):
            return _side_effect_flags(record)
        if isinstance(record, Administration):
            return _monitoring_flags(record)
        if isinstance(record, Assessment):
            return _assessment_flags(record)
    return []


# --- keeping the table in step -------------------------------------------------------------


@dataclass
class _Pending:
    """What one transaction (one patient clock) knows and has done about red flags."""

    patient_id: Any
    # (source, source_id) → {(kind, code): RedFlag}; None until the first edit needs it.
    known: dict[tuple[str, uuid.UUID], dict[tuple[str, str], RedFlag]] | None = None
    raised: list[uuid.UUID] = field(default_factory=list)  # made or brought back; announced on commit
    announcing: bool = False  # the announcement is registered with the transaction


# One entry per open patient clock (diary.versioning.Clock): dropped with the clock.
_pending: weakref.WeakKeyDictionary[Any, _Pending] = weakref.WeakKeyDictionary()


def _state(clock: Any, patient_id: Any) -> _Pending:
    state = _pending.get(clock)
    if state is None:
        state = _pending[clock] = _Pending(patient_id=patient_id)
    return state


def _known(state: _Pending) -> dict[tuple[str, uuid.UUID], dict[tuple[str, str], RedFlag]]:
    """Every red flag of the patient, withdrawn too, by source record: one query per transaction."""
    if state.known is None:
        state.known = {}
        for flag in RedFlag.objects.filter(patient_id=state.patient_id):
            state.known.setdefault((flag.source, flag.source_id), {})[(flag.kind, flag.code)] = flag
    return state.known


def record_stamped(*, record: PatientRecord, clock: Any, new: bool) -> None:
    """Bring the record's red flags in step with it (called by diary.services.record_stamp).

    `new`: the record is being created, so it has no flags yet and nothing is read.
    """
    source = SOURCES.get(type(record))
    if source is None:
        return
    state = _state(clock, record.patient_id)
    wanted = {flag.key: flag for flag in flags_of(record)}
    if new and state.known is None:
        _make(state, record, source, wanted.values())
        return
    have = _known(state).setdefault((source, record.pk), {})
    _make(state, record, source, [flag for key, flag in wanted.items() if key not in have])
    now = timezone.now()
    withdraw = [row for key, row in have.items() if key not in wanted and row.withdrawn_at is None]
    if withdraw:
        RedFlag.objects.filter(pk__in=[row.pk for row in withdraw]).update(withdrawn_at=now)
        for row in withdraw:
            row.withdrawn_at = now
    for key, flag in wanted.items():
        row = have.get(key)
        if row is None or (row.withdrawn_at is None and (row.detail, row.date) == (flag.detail, flag.date)):
            continue
        if row.withdrawn_at is not None:
            state.raised.append(row.pk)
            _announce_on_commit(state)
        row.withdrawn_at, row.detail, row.date = None, flag.detail, flag.date
        RedFlag.objects.filter(pk=row.pk).update(withdrawn_at=None, detail=row.detail, date=row.date)


def _make(state: _Pending, record: PatientRecord, source: str, flags) -> None:
    rows = [
        RedFlag(
            patient_id=record.patient_id,
            source=source,
            source_id=record.pk,
            kind=flag.kind,
            code=flag.code,
            detail=flag.detail[:200],
            date=flag.date,
        )
        for flag in flags
    ]
    if not rows:
        return
    # ignore_conflicts: a flag that exists already (however it came) is left as it is.
    RedFlag.objects.bulk_create(rows, ignore_conflicts=True)
    if state.known is not None:
        have = state.known.setdefault((source, record.pk), {})
        for row in rows:
            have.setdefault((row.kind, row.code), row)
    state.raised.extend(row.pk for row in rows)
    _announce_on_commit(state)


def _announce_on_commit(state: _Pending) -> None:
    """Announce the transaction's raised flags once, after it commits (one signal per transaction)."""
    if not state.announcing:
        state.announcing = True
        transaction.on_commit(functools.partial(_announce, state))


def _announce(state: _Pending) -> None:
    ids = list(dict.fromkeys(state.raised))
    if ids:
        red_flags_raised.send(sender=RedFlag, patient_id=state.patient_id, red_flag_ids=ids)

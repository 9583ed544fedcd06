"""The per-patient version counter: every change to a patient's records takes the next version.

`patient_clock(patient)` opens a transaction and locks the patient's clock row until it
commits. Writers for one patient therefore run one after another and commit in version
order, which is what lets a pull cursor be a plain version number that never skips a change
(docs/sync.md). On SQLite every write transaction is already exclusive (IMMEDIATE).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

from diary.models import PatientClock


class Clock:
    """Hands out versions inside one locked transaction."""

    def __init__(self, patient_id, current: int) -> None:
        self.patient_id = patient_id
        self.version = current
        self._start = current

    def tick(self) -> int:
        self.version += 1
        return self.version

    @property
    def advanced(self) -> bool:
        return self.version != self._start


def _lock(patient_id) -> PatientClock:
    clocks = PatientClock.objects.select_for_update()
    try:
        return clocks.get(patient_id=patient_id)
    except PatientClock.DoesNotExist:
        PatientClock.objects.bulk_create([PatientClock(patient_id=patient_id)], ignore_conflicts=True)
        return clocks.get(patient_id=patient_id)


@contextmanager
def patient_clock(patient_id) -> Iterator[Clock]:
    """A transaction holding the patient's clock; the new version is saved when it commits."""
    with transaction.atomic():
        clock = Clock(patient_id, _lock(patient_id).version)
        yield clock
        if clock.advanced:
            PatientClock.objects.filter(patient_id=patient_id).update(version=clock.version)


def current_version(patient_id) -> int:
    return PatientClock.objects.filter(patient_id=patient_id).values_list("version", flat=True).first() or 0

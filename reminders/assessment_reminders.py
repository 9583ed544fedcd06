"""Reminders that a questionnaire is due (PEG weekly, PHQ-9 and GAD-7 every 4 weeks).

Opt-in (`ReminderSettings.assessments_enabled`), sent at the patient's `daily_time` in their
zone, at most one message a day naming every instrument due then. An instrument is due once
its period (the catalogue's `schedule_days`) since the patient's last one has passed, or from
the start if they never did one; while it stays undone it is reminded again once per period
(`schedule.assessment_remind`). Set-based: the beat's plan reads the (zone, time) pairs due
now, those patients, their last assessment of each instrument and their last reminders, in a
constant number of queries whatever the number of patients (docs/reminders.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.db.models import Max, Q
from django.utils.translation import gettext, ngettext

from diary.catalogue import INSTRUMENTS
from diary.models import Assessment
from reminders import schedule, selectors
from reminders.models import Delivery, DeliveryKind, ReminderSettings

REFERENCE_SEPARATOR = "+"  # "2026-03-29:peg+phq9": the local day, then the instruments due


@dataclass(frozen=True)
class AssessmentDue:
    patient_id: Any
    reference: str
    due_at: datetime
    payload: Callable[[], dict]  # the message, written in the language active when called


def schedule_days() -> dict[str, int]:
    """Each instrument's period in days, in the catalogue's order."""
    return {code: instrument.schedule_days for code, instrument in INSTRUMENTS.items()}


def reference_of(day: date, codes: list[str]) -> str:
    return f"{day.isoformat()}:{REFERENCE_SEPARATOR.join(codes)}"


def parse_reference(reference: str) -> tuple[date, list[str]] | None:
    """(local day, instruments) of an assessment delivery's reference; None if unreadable."""
    day, _, codes = reference.partition(":")
    try:
        return date.fromisoformat(day), [c for c in codes.split(REFERENCE_SEPARATOR) if c]
    except ValueError:
        return None


def assessment_payload(day: date, codes: list[str]) -> dict:
    """The notification: generic words on the lock screen (no instrument's subject named), and
    a tap opens the questionnaire (one due) or the Today screen listing them (several). In the
    active language."""
    one = len(codes) == 1
    body = ngettext(
        "A short questionnaire is due. It takes a minute or two.",
        "%(count)d short questionnaires are due. Each takes a minute or two.",
        len(codes),
    ) % {"count": len(codes)}
    return {
        "title": gettext("Pain diary"),
        "body": body,
        "url": f"/#/assessment?instrument={codes[0]}" if one else "/#/today",
        "tag": f"assessment-{day.isoformat()}",
        "kind": DeliveryKind.ASSESSMENT,
    }


def assessments_due(*, start: datetime, end: datetime, reachable: Q) -> list[AssessmentDue]:
    """The questionnaire reminders due in (start, end]: one per patient and local day.

    `reachable` filters ReminderSettings to active patients with a device (services'). Four
    queries: the (zone, time) pairs, the patients at the pairs due now, their last assessment
    of each instrument, and their assessment reminders of the last longest period.
    """
    enabled = ReminderSettings.objects.filter(reachable, assessments_enabled=True)
    candidates = selectors.daily_time_due(enabled=enabled, start=start, end=end)
    if not candidates:
        return []
    patient_ids = {c[0] for c in candidates}
    periods = schedule_days()
    last_done: dict[tuple[Any, str], date] = {
        (patient_id, instrument): last
        for patient_id, instrument, last in Assessment.objects.filter(
            patient_id__in=patient_ids, deleted_at__isnull=True, instrument__in=list(periods)
        )
        .values("patient_id", "instrument")
        .annotate(last=Max("local_date"))
        .values_list("patient_id", "instrument", "last")
        .order_by()
    }
    # A reminder older than the longest period never holds one back (assessment_remind).
    last_reminded: dict[tuple[Any, str], date] = {}
    for patient_id, reference in Delivery.objects.filter(
        patient_id__in=patient_ids,
        kind=DeliveryKind.ASSESSMENT,
        due_at__gt=start - timedelta(days=max(periods.values()) + 1),
    ).values_list("patient_id", "reference"):
        parsed = parse_reference(reference)
        if parsed is None:
            continue
        day, codes = parsed
        for code in codes:
            key = (patient_id, code)
            last_reminded[key] = max(day, last_reminded.get(key, day))
    due: dict[tuple[Any, date], tuple[datetime, list[str]]] = {}
    for patient_id, day, due_at in candidates:
        codes = [
            code
            for code, every in periods.items()
            if schedule.assessment_remind(
                day=day,
                last_done=last_done.get((patient_id, code)),
                last_reminded=last_reminded.get((patient_id, code)),
                every_days=every,
            )
        ]
        if codes:
            due[(patient_id, day)] = (due_at, codes)
    return [
        AssessmentDue(patient_id, reference_of(day, codes), due_at, partial(assessment_payload, day, codes))
        for (patient_id, day), (due_at, codes) in due.items()
    ]

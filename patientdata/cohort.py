"""The cohort dashboard for the portal and the API: care's rows with reminders' next check-in.

care.dashboard reads what care knows (red flags, entries, summaries); the next timed check-in
is reminders' knowledge (the patient's or the episode's check-ins, reminders.schedule), and
care does not import reminders. This module, above both, joins them:
`cohort_for_clinician` is the one call the portal's dashboard and `clinician/patients/` make.

The next check-in is the earliest check-in still ahead of `now` after any of the patient's
live administrations (of a live episode) in the last 14 days and 3 hours (the longest offset
plus daylight-saving slack), with the offsets the reminders would use: the episode's own, else
the patient's default, none when either is turned off. It is shown whether or not the patient
has a device to receive it; `checkin_devices` says which patients have one. Four queries,
whatever the number of patients.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from accounts.models import User
from care import dashboard
from diary.models import Administration
from reminders import schedule
from reminders.models import EpisodeCheckins, PushSubscription, ReminderSettings

LONGEST_OFFSET = max(o.span for o in schedule.OFFSETS.values())


def next_checkins(*, patients: Sequence[User], now: datetime) -> dict:
    """patient id → the UTC instant of their next timed check-in (absent: none planned)."""
    ids = [p.pk for p in patients]
    zones = {p.pk: schedule.zone_of(p.timezone) for p in patients}
    administrations = list(
        Administration.objects.filter(
            patient_id__in=ids,
            deleted_at__isnull=True,
            episode__deleted_at__isnull=True,
            administered_at__gt=now - LONGEST_OFFSET - schedule.DST_SLACK,
        ).values_list("patient_id", "episode_id", "administered_at")
    )
    if not administrations:
        return {}
    defaults = {
        pid: (enabled, offsets)
        for pid, enabled, offsets in ReminderSettings.objects.filter(patient_id__in=ids).values_list(
            "patient_id", "checkins_enabled", "checkin_offsets"
        )
    }
    own = {
        eid: (enabled, offsets)
        for eid, enabled, offsets in EpisodeCheckins.objects.filter(patient_id__in=ids).values_list(
            "episode_id", "enabled", "offsets"
        )
    }
    found: dict = {}
    for patient_id, episode_id, administered_at in administrations:
        patient_on, patient_offsets = defaults.get(patient_id, (True, schedule.DEFAULT_OFFSETS))
        episode_on, offsets = own.get(episode_id, (True, patient_offsets))
        if not (patient_on and episode_on):
            continue
        for code in schedule.normalise_offsets(offsets):
            due = schedule.checkin_due_at(
                administered_at=administered_at, offset=schedule.OFFSETS[code], zone=zones[patient_id]
            )
            if due > now and (patient_id not in found or due < found[patient_id]):
                found[patient_id] = due
    return found


def checkin_devices(*, patients: Sequence[User]) -> set:
    """The ids of those patients with at least one device registered for reminders."""
    ids = [p.pk for p in patients]
    return set(
        PushSubscription.objects.filter(patient_id__in=ids).values_list("patient_id", flat=True).distinct()
    )


@dataclass(frozen=True)
class Cohort:
    rows: list[dashboard.DashboardRow]  # those shown
    devices: set  # patient ids with a device for reminders
    patients: int  # how many share with the clinician
    needing_attention: int  # how many of them need attention


def cohort_for_clinician(
    *,
    clinician: User,
    patients: Sequence[User],
    path: str,
    attention_only: bool = False,
    now: datetime | None = None,
) -> Cohort:
    """The dashboard rows of these patients of the clinician's, with their next check-ins (only
    those needing attention if asked); audited as `dashboard`, one AccessLog row per patient
    shown."""
    now = now or timezone.now()
    rows = dashboard.dashboard_rows(clinician=clinician, patients=patients, now=now)
    rows = dashboard.with_next_checkins(rows, next_checkins(patients=patients, now=now)) if rows else []
    attention = dashboard.needing_attention(rows)
    shown = attention if attention_only else rows
    dashboard.dashboard_audit(clinician=clinician, rows=shown, action="dashboard", path=path)
    return Cohort(
        rows=shown,
        devices=checkin_devices(patients=patients) if shown else set(),
        patients=len(rows),
        needing_attention=len(attention),
    )

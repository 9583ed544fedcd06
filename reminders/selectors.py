"""Reads for reminders: a patient's settings (defaults when never saved), devices, check-ins."""

from __future__ import annotations

from datetime import date, datetime
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from accounts.models import User
from diary.models import Episode
from reminders import schedule
from reminders.errors import NotFound
from reminders.models import EpisodeCheckins, PushSubscription, ReminderSettings


def reminder_settings_get(*, patient: User) -> ReminderSettings:
    """The patient's settings; an unsaved row with the defaults if they never changed them."""
    found = ReminderSettings.objects.filter(patient_id=patient.pk).first()
    return found or ReminderSettings(patient_id=patient.pk)


def subscription_list(*, patient: User) -> QuerySet[PushSubscription]:
    return PushSubscription.objects.filter(patient_id=patient.pk)


def subscription_get(*, patient: User, subscription_id) -> PushSubscription:
    found = PushSubscription.objects.filter(patient_id=patient.pk, pk=subscription_id).first()
    if found is None:
        raise NotFound(gettext("No such push subscription."))
    return found


def episode_get(*, patient: User, episode_id) -> Episode:
    """One of the patient's live episodes (404 for a deleted one or another patient's)."""
    found = Episode.objects.filter(patient_id=patient.pk, pk=episode_id, deleted_at__isnull=True).first()
    if found is None:
        raise NotFound(gettext("No such episode."))
    return found


def episode_checkins_get(*, patient: User, episode_id) -> tuple[EpisodeCheckins, bool]:
    """The episode's check-ins and whether it has its own (else the patient's default, unsaved)."""
    episode = episode_get(patient=patient, episode_id=episode_id)
    own = EpisodeCheckins.objects.filter(episode_id=episode.pk).first()
    if own is not None:
        return own, True
    default = reminder_settings_get(patient=patient)
    inherited = EpisodeCheckins(
        episode=episode,
        patient_id=patient.pk,
        enabled=default.checkins_enabled,
        offsets=list(default.checkin_offsets),
    )
    return inherited, False


def daily_time_due(*, enabled: QuerySet[ReminderSettings], start: datetime, end: datetime) -> list[tuple]:
    """(patient_id, local day, due instant) for each of `enabled`'s patients whose daily time,
    in their own time zone, falls in (start, end]. Two queries, whatever the number of patients:
    the distinct (zone, time) pairs, then the patients at the pairs due now."""
    due_by_pair: dict[tuple[str, object], list[tuple[date, datetime]]] = {}
    for tz_name, at in enabled.values_list("patient__timezone", "daily_time").distinct().order_by():
        hits = schedule.daily_due_between(at=at, zone=schedule.zone_of(tz_name), start=start, end=end)
        if hits:
            due_by_pair[(tz_name, at)] = hits
    if not due_by_pair:
        return []
    match = reduce(or_, (Q(patient__timezone=tz_name, daily_time=at) for tz_name, at in due_by_pair))
    return [
        (patient_id, day, due_at)
        for patient_id, tz_name, at in enabled.filter(match).values_list(
            "patient_id", "patient__timezone", "daily_time"
        )
        for day, due_at in due_by_pair[(tz_name, at)]
    ]

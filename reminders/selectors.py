"""Reads for reminders: a patient's settings (defaults when never saved), devices, check-ins."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from diary.models import Episode
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
        raise NotFound("No such push subscription.")
    return found


def episode_get(*, patient: User, episode_id) -> Episode:
    """One of the patient's live episodes (404 for a deleted one or another patient's)."""
    found = Episode.objects.filter(patient_id=patient.pk, pk=episode_id, deleted_at__isnull=True).first()
    if found is None:
        raise NotFound("No such episode.")
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

"""Reminders by Web Push: the patient's devices, their settings, and every delivery made.

- `PushSubscription`: one browser's push endpoint and keys (what `PushManager.subscribe()`
  returns), owned by the patient who registered it.
- `ReminderSettings`: the daily reminder (on/off, local time), the default timed check-ins
  after an administration, and the reminder that a questionnaire (PEG, PHQ-9, GAD-7) is due.
  No row = the defaults below.
- `EpisodeCheckins`: an episode's own choice of check-ins, overriding the patient's default.
- `Delivery`: one reminder (kind + reference + due time) to one subscription. The unique
  constraint is what makes sending idempotent: the row is inserted before the message is
  sent, so a second beat or a retried task finds it taken and sends nothing (docs/reminders.md).
"""

from __future__ import annotations

import uuid
from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reminders.schedule import DEFAULT_OFFSETS

DEFAULT_DAILY_TIME = time(20, 0)


def default_offsets() -> list[str]:
    return list(DEFAULT_OFFSETS)


class PushSubscription(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(
        max_length=1024, unique=True, help_text=_("The push service's URL for this browser.")
    )
    p256dh = models.CharField(max_length=128, help_text=_("The browser's ECDH public key (base64url)."))
    auth = models.CharField(max_length=64, help_text=_("The browser's authentication secret (base64url)."))
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["patient", "-created_at"], name="pushsub_patient_created")]

    def __str__(self) -> str:
        return f"push subscription {self.pk}"


class ReminderSettings(models.Model):
    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="reminder_settings"
    )
    daily_enabled = models.BooleanField(default=False)
    daily_time = models.TimeField(
        default=DEFAULT_DAILY_TIME, help_text=_("Wall-clock time in the patient's zone.")
    )
    checkins_enabled = models.BooleanField(
        default=True, help_text=_("Timed check-ins after administrations.")
    )
    checkin_offsets = models.JSONField(default=default_offsets, help_text=_('e.g. ["1h", "1d", "3d", "7d"]'))
    assessments_enabled = models.BooleanField(
        default=False, help_text=_("A reminder when a questionnaire is due, at daily_time (opt-in).")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("reminder settings")
        indexes = [
            models.Index(fields=["daily_enabled", "daily_time"], name="remset_daily"),
            models.Index(fields=["assessments_enabled", "daily_time"], name="remset_assessments"),
        ]

    def __str__(self) -> str:
        return f"reminders of {self.patient_id}"


class EpisodeCheckins(models.Model):
    """An episode's check-ins (diary.Episode is left alone: this row is keyed by it)."""

    episode = models.OneToOneField(
        "diary.Episode", on_delete=models.CASCADE, primary_key=True, related_name="checkins"
    )
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    enabled = models.BooleanField(default=True)
    offsets = models.JSONField(default=default_offsets)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("episode check-ins")

    def __str__(self) -> str:
        return f"check-ins of episode {self.episode_id}"


class DeliveryKind(models.TextChoices):
    DAILY = "daily", _("Daily reminder")
    CHECKIN = "checkin", _("Check-in after an administration")
    ASSESSMENT = "assessment", _("A questionnaire is due")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Planned, not sent yet")
    SENDING = "sending", _("Claimed by a sender")
    SENT = "sent", _("Accepted by the push service")
    GONE = "gone", _("The subscription no longer exists")
    FAILED = "failed", _("Refused or unreachable")


class Delivery(models.Model):
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Kept (as null) when a gone subscription is removed, so the record of the attempt stays.
    subscription = models.ForeignKey(
        PushSubscription, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    kind = models.CharField(max_length=10, choices=DeliveryKind.choices)
    # daily: the diary day ("2026-03-29"); checkin: "<administration id>:<offset>" ("…:1d");
    # assessment: the local day and the instruments due ("2026-03-29:peg+phq9").
    reference = models.CharField(max_length=64)
    due_at = models.DateTimeField()
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("The push service's answer.")
    )
    # The run that inserted (then the sender that claimed) the row: how a run knows its rows.
    claim = models.UUIDField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "kind", "reference", "due_at"], name="delivery_once"
            )
        ]
        indexes = [
            models.Index(fields=["patient", "kind", "reference"], name="delivery_patient_ref"),
            models.Index(fields=["due_at"], name="delivery_due"),  # stuck rows; the purge
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference} @ {self.due_at:%Y-%m-%d %H:%M}Z: {self.status}"

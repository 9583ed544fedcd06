"""Care-team shares: a patient lets a clinician (by email) read a summary or the full diary."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Scope(models.TextChoices):
    SUMMARY = "summary", "Summaries only"
    FULL = "full", "Summaries and the full diary"


class ShareQuerySet(models.QuerySet):
    def active(self, *, today=None) -> ShareQuerySet:
        """Accepted, not revoked, not expired (expires_on is the last day of access)."""
        today = today or timezone.localdate()
        return self.filter(accepted_at__isnull=False, revoked_at__isnull=True).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=today)
        )


class Share(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares")
    clinician_email = models.EmailField()
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shares_received",
    )
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.SUMMARY)
    expires_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["clinician_email"]), models.Index(fields=["patient", "created_at"])]

    def __str__(self) -> str:
        return f"{self.patient} → {self.clinician_email} ({self.scope})"

"""Care-team shares: a patient lets a clinician (by email) read a summary or the full diary."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diary.red_flags import red_flags_raised
from diary.trends import FIGURES_VERSION


class Scope(models.TextChoices):
    SUMMARY = "summary", _("Summaries only")
    FULL = "full", _("Summaries and the full diary")


class ShareQuerySet(models.QuerySet):
    def active(self, *, today=None) -> ShareQuerySet:
        """Accepted, not revoked, not expired (expires_on is the last day of access)."""
        return self.open(today=today).filter(accepted_at__isnull=False)

    def open(self, *, today=None) -> ShareQuerySet:
        """Not revoked and not expired: pending or active."""
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True).filter(
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

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def status_on(self, today) -> str:
        """`revoked`, `expired`, `active` or `pending` on the given date."""
        if self.revoked_at is not None:
            return ShareStatus.REVOKED
        if self.expires_on is not None and self.expires_on < today:
            return ShareStatus.EXPIRED
        return ShareStatus.ACTIVE if self.accepted_at is not None else ShareStatus.PENDING


class ShareStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the clinician to accept")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class SummaryStatus(models.TextChoices):
    PENDING = "pending", _("Being computed")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def figures_current(figures) -> bool:
    """Figures of the version the API, the portal and the PDF show (CONTRACT.md `figures`)."""
    return isinstance(figures, dict) and figures.get("figures_version") == FIGURES_VERSION


class Summary(models.Model):
    """Trend figures of one patient over one period (DOMAIN.md), computed by a Celery task.

    One row per (patient, period): asking again for the same period recomputes that row,
    and the nightly job can run any number of times without making duplicates.

    Every request bumps `request_seq`; a computation stores its result only if the number it
    read when it started is still current, so figures read before a re-request never end up
    `ready` after it. `queued_at` is when a computation was last sent to the broker (None: the
    broker refused it); the sweep (care.tasks.summaries_sweep) sends again what stays pending
    and gives up, as `failed`, on what is still pending long after `requested_at`.

    `in_progress`: the stored figures may still change with later days (an open window, a
    category waiting for its week, relief ongoing only because the as-of date came first);
    the nightly job recomputes those (docs/tasks.md). Figures of an older version than
    FIGURES_VERSION are never shown: such a summary reads as pending and is recomputed
    (care.selectors.summary_shown).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="summaries")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.PENDING)
    generated_at = models.DateTimeField(null=True, blank=True)
    figures = models.JSONField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)  # why it failed; never shown with PHI
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    request_seq = models.PositiveIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    in_progress = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # True on the copy care.selectors.summary_shown() makes of a row whose figures are of an
    # older version: shown as pending, to be recomputed (care.tasks.summaries_recompute_outdated).
    figures_outdated = False

    class Meta:
        verbose_name_plural = "summaries"
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "period_start", "period_end"], name="summary_patient_period_unique"
            )
        ]
        indexes = [
            models.Index(fields=["patient", "-created_at"], name="summary_patient_created"),
            # the sweep reads only pending rows
            models.Index(
                fields=["queued_at"], condition=models.Q(status="pending"), name="summary_pending_queued"
            ),
            # the nightly refresh reads only ready rows whose figures are still in progress
            models.Index(
                fields=["id"],
                condition=models.Q(status="ready", in_progress=True),
                name="summary_ready_in_progress",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.patient_id} {self.period_start}…{self.period_end} ({self.status})"

    @property
    def outdated(self) -> bool:
        """Ready, with figures of an older version: shown as pending until recomputed."""
        return self.status == SummaryStatus.READY and not figures_current(self.figures)


class AccessLog(models.Model):
    """One clinician read of a patient's data (API, portal page or PDF). Never edited."""

    id = models.BigAutoField(primary_key=True)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    clinician_email = models.EmailField()  # kept when the clinician's account is gone
    # The patient's id as a plain UUID: no database constraint and nothing cascades, so the
    # audit trail outlives an erased account (patientdata.erasure.user_erase) with ids only.
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    share = models.ForeignKey(Share, on_delete=models.SET_NULL, null=True, related_name="access_logs")
    action = models.CharField(max_length=40)
    path = models.CharField(max_length=300)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["share", "-at"], name="accesslog_share_at"),
            models.Index(fields=["patient", "-at"], name="accesslog_patient_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.clinician_email} {self.action} {self.patient_id}"


# --- red flags: the care team's side (diary.RedFlag is the patient's record of one) -------


class RedFlagAcknowledgement(models.Model):
    """A clinician has seen a red flag (once per clinician; the patient sees who and when).

    Per clinician: a flag is open for each clinician of the patient's care team until that
    clinician acknowledges it (care.red_flags). The note is the clinician's own words, shown
    to the clinicians only, never to the patient nor in any email.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    red_flag = models.ForeignKey("diary.RedFlag", on_delete=models.CASCADE, related_name="acknowledgements")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=1000, blank=True)
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["red_flag", "clinician"], name="red_flag_acknowledged_once")
        ]
        indexes = [models.Index(fields=["clinician", "red_flag"], name="red_flag_ack_clinician")]

    def __str__(self) -> str:
        return f"{self.red_flag_id} seen by {self.clinician_id} at {self.acknowledged_at:%Y-%m-%d %H:%M}"


class NotificationChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    WEBPUSH = "webpush", _("Browser notification")


class RedFlagNotification(models.Model):
    """One notification of one red flag to one clinician on one channel: at most one, ever.

    The row is the claim: it is inserted (the unique constraint decides who sends) in the
    transaction that sends, so a second run, a second worker or a replayed push finds it
    taken and sends nothing, and a send that fails rolls it back for the retry (care.notifications).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    red_flag = models.ForeignKey("diary.RedFlag", on_delete=models.CASCADE, related_name="notifications")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=NotificationChannel.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["red_flag", "clinician", "channel"], name="red_flag_notified_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.red_flag_id} → {self.clinician_id} by {self.channel}"


class ClinicianPushSubscription(models.Model):
    """One browser in which a clinician turned on notifications in the portal (Web Push).

    The clinicians' own table: reminders.PushSubscription is the patients' devices, and the
    care and reminders apps are independent layers (pyproject's import-linter contract).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinician_push_subscriptions"
    )
    endpoint = models.URLField(max_length=1024, unique=True, help_text="The push service URL.")
    p256dh = models.CharField(max_length=128, help_text="The browser's ECDH public key (base64url).")
    auth = models.CharField(max_length=64, help_text="The browser's authentication secret (base64url).")
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["clinician", "-created_at"], name="clinpush_clinician_created")]

    def __str__(self) -> str:
        return f"clinician push subscription {self.pk}"


def _notify_care_team(sender, red_flag_ids, **kwargs) -> None:
    """A committed write made red flags: queue their notification (care.tasks)."""
    from care import tasks  # care.tasks imports these models: imported when first needed

    tasks.red_flags_notify_queue(red_flag_ids=[str(pk) for pk in red_flag_ids])


red_flags_raised.connect(_notify_care_team, dispatch_uid="care.red_flags_notify")

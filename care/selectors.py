"""Reads for care-team sharing: who may see which patient, summaries, the last access.

Every function is scoped: to the patient who owns the data, or to a clinician through an
active share. Anything else raises a 404 error that reveals nothing (care.errors).
A clinician's reads of a shared patient's data go through care.clinician_reads, which
builds on these and writes the audit row.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from accounts.models import User
from care.errors import NoActiveShare, ScopeTooNarrow, ShareNotFound
from care.models import AccessLog, Scope, Share, Summary, SummaryStatus
from diary.trends import BASELINE_DAYS, RELIEF_HORIZON_DAYS

DEFAULT_PERIOD_DAYS = 30
MAX_PERIOD_DAYS = 366


# --- shares, as the patient sees them ----------------------------------------------------


def share_list_for_patient(*, patient: User) -> QuerySet[Share]:
    """The patient's shares, newest first, each with `last_accessed_at` from the audit log."""
    last = AccessLog.objects.filter(share=OuterRef("pk")).order_by("-at").values("at")[:1]
    return (
        Share.objects.filter(patient=patient)
        .select_related("clinician")
        .annotate(last_accessed_at=Subquery(last))
        .order_by("-created_at")
    )


def share_get_for_patient(*, patient: User, share_id) -> Share:
    share = share_list_for_patient(patient=patient).filter(pk=share_id).first()
    if share is None:
        raise ShareNotFound()
    return share


# --- shares, as the clinician sees them ------------------------------------------------


def clinician_verified_emails(*, clinician: User) -> list[str]:
    """The clinician's verified addresses (allauth), lower-cased like Share.clinician_email."""
    emails = EmailAddress.objects.filter(user=clinician, verified=True).values_list("email", flat=True)
    return sorted({email.lower() for email in emails})


def share_list_for_clinician(*, clinician: User) -> QuerySet[Share]:
    """Pending shares addressed to a verified email of the clinician's, and the ones they accepted.

    Revoked and expired shares are left out: they no longer give access.
    """
    emails = clinician_verified_emails(clinician=clinician)
    pending = Q(accepted_at__isnull=True, clinician_email__in=emails)
    accepted = Q(accepted_at__isnull=False, clinician=clinician)
    return Share.objects.open().filter(pending | accepted).select_related("patient").order_by("-created_at")


def share_get_acceptable(*, clinician: User, share_id) -> Share:
    """A share the clinician may accept: pending and to their verified email, or already theirs."""
    share = share_list_for_clinician(clinician=clinician).filter(pk=share_id).first()
    if share is None:
        raise ShareNotFound()
    return share


def _best_first(shares: QuerySet[Share]) -> QuerySet[Share]:
    """Full shares before summary-only ones, then the most recently accepted."""
    full_first = Case(When(scope=Scope.FULL, then=Value(0)), default=Value(1), output_field=IntegerField())
    return shares.order_by(full_first, "-accepted_at")


def share_active_for(*, clinician: User, patient_id) -> Share:
    """The clinician's active share with this patient (the widest if several), else 404."""
    shares = Share.objects.active().filter(clinician=clinician, patient_id=patient_id)
    share = _best_first(shares).select_related("patient").first()
    if share is None:
        raise NoActiveShare()
    return share


def share_require_full(*, share: Share) -> None:
    """The full diary (entries, administrations …) needs scope `full`: else 403."""
    if share.scope != Scope.FULL:
        raise ScopeTooNarrow()


def patient_list_for_clinician(*, clinician: User) -> QuerySet[User]:
    """Patients with an active share to the clinician, each annotated with that share."""
    shares = _best_first(Share.objects.active().filter(clinician=clinician, patient=OuterRef("pk")))
    return (
        User.objects.filter(Exists(shares))
        .annotate(
            share_id=Subquery(shares.values("pk")[:1]),
            share_scope=Subquery(shares.values("scope")[:1]),
            share_expires_on=Subquery(shares.values("expires_on")[:1]),
            share_accepted_at=Subquery(shares.values("accepted_at")[:1]),
        )
        .order_by("-share_accepted_at", "pk")
    )


def patient_ids_with_active_share() -> Iterator:
    """Every patient with at least one active share, in a stable order (the nightly job)."""
    ids = Share.objects.active().order_by("patient_id").values_list("patient_id", flat=True).distinct()
    return ids.iterator(chunk_size=2000)


# --- summaries ---------------------------------------------------------------------------


def summary_list(*, patient_id) -> QuerySet[Summary]:
    return Summary.objects.filter(patient_id=patient_id).order_by("-created_at")


def summary_get(*, patient_id, summary_id) -> Summary:
    summary = summary_list(patient_id=patient_id).filter(pk=summary_id).first()
    if summary is None:
        raise ShareNotFound()
    return summary


def summary_latest_ready(*, patient_id) -> Summary | None:
    ready = summary_list(patient_id=patient_id).filter(status=SummaryStatus.READY)
    return ready.order_by("-period_end", "-generated_at").first()


def summary_default_period(*, timezone_name: str, now: datetime | None = None) -> tuple[date, date]:
    """The 30 days ending yesterday in the patient's time zone."""
    try:
        tz = zoneinfo.ZoneInfo(timezone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    end = timezone.localdate(now or timezone.now(), timezone=tz) - timedelta(days=1)
    return end - timedelta(days=DEFAULT_PERIOD_DAYS - 1), end


def summary_window(*, period_start: date, period_end: date) -> tuple[date, date]:
    """The dates whose rows a summary reads: baselines before the period, relief after it.

    From period_start − 7 days to the relief horizon, max(period_end, the last
    administration in the period) + 90 days; that administration is never after
    period_end, so the horizon is period_end + 90 days.
    """
    return period_start - timedelta(days=BASELINE_DAYS), period_end + timedelta(days=RELIEF_HORIZON_DAYS)

"""Reads for care-team sharing: who may see which patient, summaries, the last access.

Every function is scoped: to the patient who owns the data, or to a clinician through an
active share. Anything else raises a 404 error that reveals nothing (care.errors).
A clinician's reads of a shared patient's data go through care.clinician_reads, which
builds on these and writes the audit row.
"""

from __future__ import annotations

import copy
import zoneinfo
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from accounts.models import User
from care.errors import NoActiveShare, ScopeTooNarrow, ShareNotFound
from care.models import AccessLog, Scope, Share, Summary, SummaryStatus
from diary.trends import FIGURES_VERSION

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
# A summary whose stored figures are of an older version (CONTRACT.md) is never shown with
# them: summary_shown() turns it into a pending one, and whoever shows it asks for it to be
# recomputed (care.tasks.summaries_recompute_outdated). summary_get() does so for every
# front end; lists are shown through summary_shown() by their serializer.


def summary_shown(summary: Summary) -> Summary:
    """The summary as it may be shown: unchanged, or, if its figures are of an older version,
    an unsaved copy that is pending with no figures and `figures_outdated` set."""
    if not summary.outdated:
        return summary
    shown = copy.copy(summary)
    shown.status, shown.figures, shown.generated_at = SummaryStatus.PENDING, None, None
    shown.figures_outdated = True
    return shown


def summary_list(*, patient_id) -> QuerySet[Summary]:
    """The patient's summaries, newest first (show each through summary_shown)."""
    return Summary.objects.filter(patient_id=patient_id).order_by("-created_at")


def summary_get(*, patient_id, summary_id) -> Summary:
    """One of the patient's summaries, as it may be shown (summary_shown); else 404."""
    summary = summary_list(patient_id=patient_id).filter(pk=summary_id).first()
    if summary is None:
        raise ShareNotFound()
    return summary_shown(summary)


def summary_latest_ready(*, patient_id) -> Summary | None:
    """The patient's latest ready summary with figures of the current version."""
    ready = summary_list(patient_id=patient_id).filter(
        status=SummaryStatus.READY, figures__figures_version=FIGURES_VERSION
    )
    return ready.order_by("-period_end", "-generated_at").first()


def summary_ids_in_progress() -> Iterator:
    """Every ready summary whose figures may still change, in a stable order (nightly refresh).

    One query, streamed; the partial index summary_ready_in_progress holds exactly these rows.
    """
    ids = Summary.objects.filter(status=SummaryStatus.READY, in_progress=True).order_by("pk")
    return ids.values_list("pk", flat=True).iterator(chunk_size=2000)


def _zone(timezone_name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(timezone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def summary_default_period(*, timezone_name: str, now: datetime | None = None) -> tuple[date, date]:
    """The 30 days ending yesterday in the patient's time zone."""
    end = summary_as_of(timezone_name=timezone_name, now=now)
    return end - timedelta(days=DEFAULT_PERIOD_DAYS - 1), end


def summary_as_of(*, timezone_name: str, now: datetime | None = None) -> date:
    """A, the as-of date of figures computed at `now` (DOMAIN.md): the last whole day, i.e. the
    day before the date of `now` in the patient's time zone (UTC for an unknown zone)."""
    return timezone.localdate(now or timezone.now(), timezone=_zone(timezone_name)) - timedelta(days=1)

"""Writes for care-team sharing: shares (create, revoke, accept), summaries, the audit log.

Summaries are computed by Celery tasks (care.tasks) that call `summaries_compute` and
`summaries_nightly_chunk`: both load a whole chunk with a constant number of queries.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from accounts.models import User
from care import selectors
from care.models import AccessLog, Share, Summary, SummaryStatus
from diary.selectors import TrendRows, trend_rows_by_patient
from diary.trends import compute_figures

logger = logging.getLogger(__name__)
NIGHTLY_CHUNK_SIZE = 100


# --- shares ------------------------------------------------------------------------------


def share_create(*, patient: User, clinician_email: str, scope: str, expires_on: date | None) -> Share:
    """Share with a clinician by email; they are told by email once the share is committed."""
    email = clinician_email.strip().lower()
    if email == patient.email.lower():
        raise ValidationError({"clinician_email": "Share with your clinician's address, not your own."})
    if expires_on is not None and expires_on < timezone.localdate():
        raise ValidationError({"expires_on": "The last day of access cannot be in the past."})
    with transaction.atomic():
        share = Share.objects.create(
            patient=patient, clinician_email=email, scope=scope, expires_on=expires_on
        )
        transaction.on_commit(functools.partial(_share_notify, share=share), robust=True)
    return share


def _share_notify(*, share: Share) -> None:
    who = share.patient.display_name or share.patient.email
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{who} shared their pain diary with you",
        message=(
            f"{who} ({share.patient.email}) would like to share their pain diary with you "
            f"({share.get_scope_display().lower()}).\n\n"
            "Sign in to the care-team portal with this email address to accept: /care/\n"
            "If you did not expect this, you can ignore this email."
        ),
        from_email=None,
        recipient_list=[share.clinician_email],
    )


def share_revoke(*, patient: User, share_id) -> Share:
    """End a share at once (idempotent: revoking twice keeps the first time)."""
    share = selectors.share_get_for_patient(patient=patient, share_id=share_id)
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
    return share


def share_accept(*, clinician: User, share_id) -> Share:
    """Accept a pending share addressed to one of the clinician's verified emails."""
    share = selectors.share_get_acceptable(clinician=clinician, share_id=share_id)
    if share.accepted_at is None:
        share.clinician = clinician
        share.accepted_at = timezone.now()
        share.save(update_fields=["clinician", "accepted_at"])
    return share


def access_log_write(*, clinician: User, share: Share, action: str, path: str) -> AccessLog:
    """Audit one clinician read of a patient's data."""
    return AccessLog.objects.create(
        clinician=clinician,
        clinician_email=clinician.email,
        patient_id=share.patient_id,
        share=share,
        action=action,
        path=path[:300],
    )


# --- summaries ---------------------------------------------------------------------------


def summary_period_validate(
    *, patient: User, period_start: date | None, period_end: date | None
) -> tuple[date, date]:
    """The period asked for, filled in from the default (30 days ending yesterday); 400 if bad."""
    default_start, default_end = selectors.summary_default_period(timezone_name=patient.timezone)
    if period_start is None and period_end is None:
        return default_start, default_end
    end = period_end or (
        period_start + timedelta(days=selectors.DEFAULT_PERIOD_DAYS - 1) if period_start else default_end
    )
    start = period_start or end - timedelta(days=selectors.DEFAULT_PERIOD_DAYS - 1)
    if start > end:
        raise ValidationError({"period_end": "The period cannot end before it starts."})
    if (end - start).days + 1 > selectors.MAX_PERIOD_DAYS:
        raise ValidationError({"period_end": f"A summary covers at most {selectors.MAX_PERIOD_DAYS} days."})
    return start, end


def summary_request(*, patient: User, requested_by: User, period_start: date, period_end: date) -> Summary:
    """Ask for (fresh) figures of a period: the period's one summary goes back to pending."""
    from care.tasks import summary_compute  # the task module imports this one

    with transaction.atomic():
        summary, created = Summary.objects.get_or_create(
            patient=patient,
            period_start=period_start,
            period_end=period_end,
            defaults={"requested_by": requested_by},
        )
        if not created:
            summary.status, summary.figures, summary.generated_at = SummaryStatus.PENDING, None, None
            summary.requested_by, summary.error = requested_by, ""
            summary.save(update_fields=["status", "figures", "generated_at", "requested_by", "error"])
        summary_compute.delay_on_commit(str(summary.pk))
    return summary


def summaries_compute(*, summary_ids: Iterable) -> int:
    """Compute and store the figures of the pending summaries among `summary_ids`.

    Idempotent: summaries no longer pending are left alone. A computation that raises
    marks its summary `failed`; the others are stored. Five queries, whatever the count.
    """
    summaries = list(Summary.objects.filter(pk__in=list(summary_ids), status=SummaryStatus.PENDING))
    if not summaries:
        return 0
    windows = {
        s.pk: selectors.summary_window(period_start=s.period_start, period_end=s.period_end)
        for s in summaries
    }
    rows = trend_rows_by_patient(
        patient_ids={s.patient_id for s in summaries},
        first=min(w[0] for w in windows.values()),
        last=max(w[1] for w in windows.values()),
    )
    now = timezone.now()
    for summary in summaries:
        _summary_fill(summary, rows.get(summary.patient_id, TrendRows()).between(*windows[summary.pk]), now)
    Summary.objects.bulk_update(summaries, ["status", "figures", "generated_at", "error"])
    return len(summaries)


def _summary_fill(summary: Summary, rows: TrendRows, now: datetime) -> None:
    try:
        summary.figures = compute_figures(
            entries=rows.entries,
            administrations=rows.administrations,
            intakes=rows.intakes,
            period_start=summary.period_start,
            period_end=summary.period_end,
        )
        summary.status, summary.error = SummaryStatus.READY, ""
    except Exception as exc:  # one patient's bad data must not fail the chunk
        logger.exception("summary %s failed", summary.pk)
        summary.figures, summary.status = None, SummaryStatus.FAILED
        summary.error = f"{type(exc).__name__}"[:200]
    summary.generated_at = now


def summaries_nightly_chunk(*, patient_ids: Iterable, now: datetime | None = None) -> int:
    """Make and compute each patient's default-period summary (nightly job, one chunk).

    Runs any number of times: the unique (patient, period) constraint keeps one summary per
    patient and period, and only pending ones are computed. Constant queries per chunk.
    """
    now = now or timezone.now()
    patients = list(User.objects.filter(pk__in=list(patient_ids)).only("pk", "timezone"))
    periods = {p.pk: selectors.summary_default_period(timezone_name=p.timezone, now=now) for p in patients}
    Summary.objects.bulk_create(
        [
            Summary(id=uuid.uuid4(), patient_id=pid, period_start=s, period_end=e)
            for pid, (s, e) in periods.items()
        ],
        ignore_conflicts=True,
    )
    candidates = Summary.objects.filter(
        patient_id__in=list(periods),
        period_end__in={e for _, e in periods.values()},
        status=SummaryStatus.PENDING,
    ).values_list("pk", "patient_id", "period_start", "period_end")
    wanted = [pk for pk, pid, start, end in candidates if periods[pid] == (start, end)]
    return summaries_compute(summary_ids=wanted) if wanted else 0


def summaries_nightly_dispatch(*, chunk_size: int = NIGHTLY_CHUNK_SIZE) -> int:
    """Queue one chunk task per `chunk_size` patients with an active share; return the count."""
    from care.tasks import summaries_nightly_chunk as chunk_task

    chunk: list[str] = []
    chunks = 0
    for patient_id in selectors.patient_ids_with_active_share():
        chunk.append(str(patient_id))
        if len(chunk) == chunk_size:
            chunk_task.delay_on_commit(chunk)
            chunk, chunks = [], chunks + 1
    if chunk:
        chunk_task.delay_on_commit(chunk)
        chunks += 1
    return chunks

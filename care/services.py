"""Writes for care-team sharing: shares (create, revoke, accept), summaries, the audit log.

Summaries are computed by Celery tasks (care.tasks) that call `summaries_compute`,
`summaries_nightly_chunk` and `summaries_refresh`: each loads a whole chunk with a constant
number of queries, and computes figures as of the day before, in each patient's time zone.
These services never queue anything: the tasks module and the views do, once the write
commits.
A clinician's reads of a patient's data are in care.clinician_reads, audited there.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.languages import supported
from accounts.models import User
from care import selectors
from care.models import AccessLog, Share, Summary, SummaryStatus
from core.bulk_write import update_from_values
from diary.selectors import TrendRows, trend_rows_by_patient
from diary.trends import FIGURES_VERSION, compute_figures, figures_in_progress

logger = logging.getLogger(__name__)
RESEND_AFTER = timedelta(minutes=2)  # a computation sent this long ago and still pending was lost
GIVE_UP_AFTER = timedelta(minutes=15)  # pending this long after the request: failed (docs/tasks.md)
SWEEP_LIMIT = 1000  # summaries sent again per sweep (one a minute)


# --- shares ------------------------------------------------------------------------------


def share_create(*, patient: User, clinician_email: str, scope: str, expires_on: date | None) -> Share:
    """Share with a clinician by email; they are told by email once the share is committed."""
    email = clinician_email.strip().lower()
    if email == patient.email.lower():
        raise ValidationError({"clinician_email": _("Share with your clinician's address, not your own.")})
    if expires_on is not None and expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("The last day of access cannot be in the past.")})
    with transaction.atomic():
        share = Share.objects.create(
            patient=patient, clinician_email=email, scope=scope, expires_on=expires_on
        )
        transaction.on_commit(functools.partial(_share_notify, share=share), robust=True)
    return share


def _share_email_language(share: Share) -> str:
    """The clinician's chosen language if they have an account with that address, else the
    language the patient shared in (the request's)."""
    clinician = User.objects.filter(email__iexact=share.clinician_email).only("language").first()
    chosen = supported(clinician.language if clinician else "")
    return chosen or translation.get_language() or settings.LANGUAGE_CODE


def _share_notify(*, share: Share) -> None:
    who = share.patient.display_name or share.patient.email
    with translation.override(_share_email_language(share)):
        subject = _("%(who)s shared their pain diary with you") % {"who": who}
        body = _(
            "%(who)s (%(email)s) would like to share their pain diary with you (%(scope)s).\n\n"
            "Sign in to the care-team portal with this email address to accept: /care/\n"
            "If you did not expect this, you can ignore this email."
        ) % {"who": who, "email": share.patient.email, "scope": share.get_scope_display().lower()}
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        message=body,
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
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    if (end - start).days + 1 > selectors.MAX_PERIOD_DAYS:
        raise ValidationError(
            {"period_end": _("A summary covers at most %(days)d days.") % {"days": selectors.MAX_PERIOD_DAYS}}
        )
    return start, end


# A summary asked for again: pending, without figures until they are computed.
_ASKED_AGAIN = {
    "status": SummaryStatus.PENDING,
    "figures": None,
    "generated_at": None,
    "error": "",
    "in_progress": False,
}


def summary_request(*, patient: User, requested_by: User, period_start: date, period_end: date) -> Summary:
    """Ask for (fresh) figures of a period: the period's one summary goes back to pending.

    Each request takes a new `request_seq`, so a computation that started before it cannot
    store its (older) figures. The caller queues the computation once this commits
    (care.tasks.summary_request); until then, and if the broker refuses it, the sweep covers it.
    """
    now = timezone.now()
    fields = {"requested_by": requested_by, "requested_at": now, "queued_at": now}
    with transaction.atomic():
        summary, created = Summary.objects.get_or_create(
            patient=patient, period_start=period_start, period_end=period_end, defaults=fields
        )
        if not created:
            Summary.objects.filter(pk=summary.pk).update(
                **_ASKED_AGAIN, **fields, request_seq=models.F("request_seq") + 1
            )
            summary.refresh_from_db()
    return summary


def summary_request_by_clinician(
    *, clinician: User, patient_id, period_start: date | None, period_end: date | None, path: str
) -> Summary:
    """A clinician asks for a shared patient's figures: `summary_request`, audited as `summary_request`.

    Through an active share only (else NoActiveShare, 404); the period is validated in the
    patient's time zone (`summary_period_validate`). The request and its audit row are one
    transaction; the caller queues the computation, as for `summary_request`.
    """
    share = selectors.share_active_for(clinician=clinician, patient_id=patient_id)
    start, end = summary_period_validate(
        patient=share.patient, period_start=period_start, period_end=period_end
    )
    with transaction.atomic():
        summary = summary_request(
            patient=share.patient, requested_by=clinician, period_start=start, period_end=end
        )
        access_log_write(clinician=clinician, share=share, action="summary_request", path=path)
    return summary


# What a computation reads of a summary (its patient's time zone comes with it).
_COMPUTE_FIELDS = ("id", "patient", "period_start", "period_end", "status", "request_seq")
_STORED_FIELDS = ["status", "figures", "generated_at", "error", "in_progress"]


def summaries_compute(*, summary_ids: Iterable, now: datetime | None = None) -> int:
    """Compute and store the figures of the pending summaries among `summary_ids`, as of `now`.

    Each summary's as-of date A is the day before `now`'s date in its patient's time zone
    (DOMAIN.md), whatever its period: one that ends after A stops at A. Idempotent:
    summaries no longer pending are left alone. A summary whose computation raises (bad data,
    a calendar edge: any exception) is stored as `failed`; the others are stored. A result is
    stored only if the summary was not asked for again meanwhile (its `request_seq` is the one
    read here): the newer request's own task computes it. Seven queries, whatever the count (the
    summaries with their patients' time zones, five for the diary rows, one UPDATE).
    """
    summaries = list(
        Summary.objects.filter(pk__in=list(summary_ids), status=SummaryStatus.PENDING)
        .select_related("patient")
        .only(*_COMPUTE_FIELDS, "patient__timezone")
    )
    if not summaries:
        return 0
    now = now or timezone.now()
    as_of = {s.pk: selectors.summary_as_of(timezone_name=s.patient.timezone, now=now) for s in summaries}
    rows = trend_rows_by_patient(patient_ids={s.patient_id for s in summaries}, last=max(as_of.values()))
    for summary in summaries:
        _summary_fill(summary, rows.get(summary.patient_id, TrendRows()), as_of[summary.pk], now)
    _summaries_store(summaries)
    return len(summaries)


def _summary_fill(summary: Summary, rows: TrendRows, as_of: date, now: datetime) -> None:
    try:
        summary.figures = compute_figures(
            entries=rows.entries,
            administrations=rows.administrations,
            intakes=rows.intakes,
            episodes=rows.episodes,
            assessments=rows.assessments,
            period_start=summary.period_start,
            period_end=summary.period_end,
            as_of=as_of,
        )
        # Later nights may change them: a window still open, or days of the period still to come.
        summary.in_progress = figures_in_progress(summary.figures) or summary.period_end > as_of
        summary.status, summary.error = SummaryStatus.READY, ""
        summary.generated_at = now
    except Exception as exc:  # one patient's bad data must not fail the chunk
        logger.exception("summary %s failed", summary.pk)
        _summary_failed(summary, exc, now)


def _summary_failed(summary: Summary, exc: Exception, now: datetime) -> None:
    summary.figures, summary.status, summary.in_progress = None, SummaryStatus.FAILED, False
    summary.error = f"{type(exc).__name__}"[:200]
    summary.generated_at = now


def _summaries_store(summaries: list[Summary]) -> None:
    """One UPDATE … FROM (VALUES …) for the chunk: each row only if it is still pending under
    the request this computation read (its `request_seq`). A summary asked for again, settled
    or deleted meanwhile is not written (core.bulk_write, docs/tasks.md)."""
    update_from_values(
        Summary,
        summaries,
        fields=_STORED_FIELDS,
        match=("pk", "request_seq"),
        where={"status": SummaryStatus.PENDING},
    )


def summaries_nightly_chunk(*, patient_ids: Iterable, now: datetime | None = None) -> int:
    """Make and compute each patient's default-period summary (nightly job, one chunk).

    Runs any number of times: the unique (patient, period) constraint keeps one summary per
    patient and period, and only pending ones are computed. Constant queries per chunk.
    """
    now = now or timezone.now()
    patients = list(User.objects.filter(pk__in=list(patient_ids)).only("pk", "timezone"))
    periods = {p.pk: selectors.summary_default_period(timezone_name=p.timezone, now=now) for p in patients}
    queued = timezone.now()  # computed by this very task, right below
    Summary.objects.bulk_create(
        [
            Summary(id=uuid.uuid4(), patient_id=pid, period_start=s, period_end=e, queued_at=queued)
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
    return summaries_compute(summary_ids=wanted, now=now) if wanted else 0


def summaries_refresh(*, summary_ids: Iterable, now: datetime | None = None) -> int:
    """Recompute the ready summaries among `summary_ids` whose figures are still in progress
    (nightly job, one chunk): each is asked for again and computed as of `now`, in one
    transaction, so a reader sees the old figures until the new ones replace them.

    Asking again bumps `request_seq`, as a patient's request does: a computation that started
    before cannot store over these. Summaries that are no longer ready and in progress are
    left alone (run twice, the second run computes nothing). Seven queries, whatever the count.
    """
    ids = list(summary_ids)
    now = now or timezone.now()
    with transaction.atomic():
        asked = Summary.objects.filter(pk__in=ids, status=SummaryStatus.READY, in_progress=True).update(
            **_ASKED_AGAIN, requested_at=now, queued_at=now, request_seq=models.F("request_seq") + 1
        )
        return summaries_compute(summary_ids=ids, now=now) if asked else 0


def summaries_recompute_outdated(*, summary_ids: Iterable) -> int:
    """Ask again for the ready summaries among `summary_ids` whose figures are of an older
    version (care.selectors.summary_shown shows them as pending meanwhile); the caller queues
    their computation (care.tasks.summaries_recompute_outdated). One UPDATE; the count."""
    now = timezone.now()
    older = models.Q(figures__figures_version__isnull=True) | ~models.Q(
        figures__figures_version=FIGURES_VERSION
    )
    outdated = Summary.objects.filter(older, pk__in=list(summary_ids), status=SummaryStatus.READY)
    return outdated.update(
        **_ASKED_AGAIN, requested_at=now, queued_at=now, request_seq=models.F("request_seq") + 1
    )


# --- summaries that stay pending: the sweep ----------------------------------------------


def summaries_sweep(*, now: datetime | None = None) -> list:
    """Settle what stays pending; the ids whose computation must be sent (again).

    Gives up, as `failed` (error `Timeout`), on summaries still pending GIVE_UP_AFTER after
    their request. Of the others, those whose computation was never sent (the broker refused
    it) or was sent more than RESEND_AFTER ago (a worker died with it, or the embedded broker
    lost it) are stamped as queued now and returned, at most SWEEP_LIMIT of them. Sending one
    twice is harmless (`summaries_compute` is idempotent). Three queries, whatever the count.
    """
    now = now or timezone.now()
    pending = Summary.objects.filter(status=SummaryStatus.PENDING)
    given_up = pending.filter(requested_at__lt=now - GIVE_UP_AFTER).update(
        status=SummaryStatus.FAILED, error="Timeout", figures=None, generated_at=now
    )
    if given_up:
        logger.warning("%d summaries still pending after %s: marked failed", given_up, GIVE_UP_AFTER)
    stale = pending.filter(models.Q(queued_at__isnull=True) | models.Q(queued_at__lt=now - RESEND_AFTER))
    ids = list(stale.order_by("requested_at").values_list("pk", flat=True)[:SWEEP_LIMIT])
    if ids:
        Summary.objects.filter(pk__in=ids).update(queued_at=now)
    return ids


def summaries_unqueued(*, summary_ids: Iterable) -> None:
    """The broker refused these summaries' computation: the next sweep sends it."""
    Summary.objects.filter(pk__in=list(summary_ids), status=SummaryStatus.PENDING).update(queued_at=None)

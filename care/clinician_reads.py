"""A clinician's reads of a shared patient's data: each checks the share and writes the audit row.

The one way in for every front end (the API, the portal, the PDF), so none of them can read
a patient's data without leaving its AccessLog row. Every function
1. finds the clinician's active share with the patient, else NoActiveShare (404: nothing is
   revealed), and for the full diary checks its scope, else ScopeTooNarrow (403);
2. reads what was asked: a summary that is not the patient's is ShareNotFound (404), the PDF
   of a summary that is not ready is SummaryNotReady (409);
3. writes one AccessLog row: the action is fixed here, `path` is the address the front end
   answers.
A read refused in 1 or 2 writes no row. Lists come back as querysets that the front end
filters and pages; a patient reading their own data is never audited (care.selectors).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import User
from care import report, selectors, services
from care.models import Scope, Share, Summary, SummaryStatus
from diary import selectors as diary_selectors


def _share(*, clinician: User, patient_id, full: bool = False) -> Share:
    share = selectors.share_active_for(clinician=clinician, patient_id=patient_id)
    if full:
        selectors.share_require_full(share=share)
    return share


def _audit(*, clinician: User, share: Share, action: str, path: str) -> None:
    services.access_log_write(clinician=clinician, share=share, action=action, path=path)


# --- summaries ---------------------------------------------------------------------------


def summary_list_for_clinician(*, clinician: User, patient_id, path: str) -> QuerySet[Summary]:
    """The shared patient's summaries, newest first (audited as `summary_list`)."""
    share = _share(clinician=clinician, patient_id=patient_id)
    summaries = selectors.summary_list(patient_id=share.patient_id)
    _audit(clinician=clinician, share=share, action="summary_list", path=path)
    return summaries


def summary_get_for_clinician(*, clinician: User, patient_id, summary_id, path: str) -> Summary:
    """One of the shared patient's summaries (audited as `summary_read`)."""
    share = _share(clinician=clinician, patient_id=patient_id)
    summary = selectors.summary_get(patient_id=share.patient_id, summary_id=summary_id)
    _audit(clinician=clinician, share=share, action="summary_read", path=path)
    return summary


def summary_pdf_for_clinician(*, clinician: User, patient_id, summary_id, path: str) -> report.SummaryPdf:
    """A ready summary of the shared patient's as a PDF (audited as `summary_pdf`, once printed)."""
    share = _share(clinician=clinician, patient_id=patient_id)
    summary = selectors.summary_get(patient_id=share.patient_id, summary_id=summary_id)
    pdf = report.summary_pdf(summary=summary, patient=share.patient)
    _audit(clinician=clinician, share=share, action="summary_pdf", path=path)
    return pdf


# --- the full diary ----------------------------------------------------------------------


def records_for_clinician(*, clinician: User, patient_id, entity: str, path: str) -> QuerySet:
    """The shared patient's live records of one kind; scope `full` only (audited as `<entity>_list`)."""
    share = _share(clinician=clinician, patient_id=patient_id, full=True)
    records = diary_selectors.records_live(patient_id=share.patient_id, entity=entity)
    _audit(clinician=clinician, share=share, action=f"{entity}_list", path=path)
    return records


# --- the portal's patient page -----------------------------------------------------------


@dataclass(frozen=True)
class PatientOverview:
    share: Share
    summary: Summary | None  # the latest ready summary
    pending_summary: Summary | None  # one being computed, if any
    entries: QuerySet | None  # the summary's period, newest first: scope `full` only, else None


def patient_overview_for_clinician(*, clinician: User, patient_id, path: str) -> PatientOverview:
    """What the portal shows of a shared patient (audited as `portal_patient`)."""
    share = _share(clinician=clinician, patient_id=patient_id)
    summary = selectors.summary_latest_ready(patient_id=share.patient_id)
    pending = selectors.summary_list(patient_id=share.patient_id).filter(status=SummaryStatus.PENDING).first()
    entries = None
    if summary is not None and share.scope == Scope.FULL:
        entries = (
            diary_selectors.records_live(patient_id=share.patient_id, entity="entry")
            .filter(diary_date__range=(summary.period_start, summary.period_end))
            .order_by("-diary_date", "-recorded_at")
        )
    _audit(clinician=clinician, share=share, action="portal_patient", path=path)
    return PatientOverview(share=share, summary=summary, pending_summary=pending, entries=entries)

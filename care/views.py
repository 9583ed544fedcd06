"""Clinician portal pages: patients shared with me, a patient's latest summary, its PDF.

Plain Django views over the same selectors and services as the API; every read of a
patient's data is written to the audit log (care.AccessLog).
"""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from rest_framework import exceptions

from accounts.models import User
from care import report, selectors, services, tasks
from care.models import Scope, Share, SummaryStatus
from diary import selectors as diary_selectors


def clinician_page(view):
    """Signed in (else the sign-in page), a clinician (else 403), never cached; API errors → 404/403."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_clinician:
            raise PermissionDenied("The care-team portal is for clinician accounts.")
        try:
            return view(request, *args, **kwargs)
        except exceptions.NotFound:
            raise Http404() from None
        except (exceptions.PermissionDenied, exceptions.APIException) as exc:
            raise PermissionDenied(str(exc.detail)) from None

    return login_required(never_cache(wrapper))


def _audit(request: HttpRequest, share: Share, action: str) -> None:
    services.access_log_write(clinician=request.user, share=share, action=action, path=request.path)


@clinician_page
def home(request: HttpRequest) -> HttpResponse:
    pending = selectors.share_list_for_clinician(clinician=request.user).filter(accepted_at__isnull=True)
    patients = selectors.patient_list_for_clinician(clinician=request.user)
    return render(request, "care/home.html", {"pending": pending, "patients": patients})


@require_POST
@clinician_page
def accept(request: HttpRequest, share_id) -> HttpResponse:
    share = services.share_accept(clinician=request.user, share_id=share_id)
    return redirect("care:patient", patient_id=share.patient_id)


@clinician_page
def patient(request: HttpRequest, patient_id) -> HttpResponse:
    share = selectors.share_active_for(clinician=request.user, patient_id=patient_id)
    summary = selectors.summary_latest_ready(patient_id=share.patient_id)
    pending = selectors.summary_list(patient_id=share.patient_id).filter(status=SummaryStatus.PENDING).first()
    context = {"patient": share.patient, "share": share, "summary": summary, "pending_summary": pending}
    if summary is not None:
        context.update(report.summary_context(summary=summary))
        context["entries"] = None
        if share.scope == Scope.FULL:
            entries = diary_selectors.records_live(patient_id=share.patient_id, entity="entry").filter(
                diary_date__range=(summary.period_start, summary.period_end)
            )
            context["entries"] = report.entry_rows(entries=entries.order_by("-diary_date", "-recorded_at"))
    _audit(request, share, "portal_patient")
    return render(request, "care/patient.html", context)


@require_POST
@clinician_page
def request_summary(request: HttpRequest, patient_id) -> HttpResponse:
    share = selectors.share_active_for(clinician=request.user, patient_id=patient_id)
    patient_user: User = share.patient
    start, end = selectors.summary_default_period(timezone_name=patient_user.timezone)
    tasks.summary_request(patient=patient_user, requested_by=request.user, period_start=start, period_end=end)
    _audit(request, share, "summary_request")
    return redirect("care:patient", patient_id=share.patient_id)


@clinician_page
def summary_pdf(request: HttpRequest, patient_id, summary_id) -> HttpResponse:
    share = selectors.share_active_for(clinician=request.user, patient_id=patient_id)
    summary = selectors.summary_get(patient_id=share.patient_id, summary_id=summary_id)
    response = report.summary_pdf_response(summary=summary, patient=share.patient, request=request)
    _audit(request, share, "summary_pdf")
    return response

"""Clinician portal pages: patients shared with me, a patient's latest summary, its PDF.

Plain Django views over care's services and audited reads (care.clinician_reads): every
read of a patient's data leaves its AccessLog row there, not here. Errors become pages in
one place (portal.errors).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from care import clinician_reads, report, selectors, services, tasks
from portal.errors import error_pages


def clinician_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in (else the sign-in page), a clinician (else 403), never cached; errors → pages."""
    view = error_pages(view)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_clinician:
            raise PermissionDenied("The care-team portal is for clinician accounts.")
        return view(request, *args, **kwargs)

    return login_required(never_cache(wrapper))


@clinician_page
def home(request: HttpRequest) -> HttpResponse:
    pending = selectors.share_list_for_clinician(clinician=request.user).filter(accepted_at__isnull=True)
    patients = selectors.patient_list_for_clinician(clinician=request.user)
    return render(request, "portal/home.html", {"pending": pending, "patients": patients})


@require_POST
@clinician_page
def accept(request: HttpRequest, share_id) -> HttpResponse:
    share = services.share_accept(clinician=request.user, share_id=share_id)
    return redirect("portal:patient", patient_id=share.patient_id)


@clinician_page
def patient(request: HttpRequest, patient_id) -> HttpResponse:
    overview = clinician_reads.patient_overview_for_clinician(
        clinician=request.user, patient_id=patient_id, path=request.path
    )
    context = {
        "patient": overview.share.patient,
        "share": overview.share,
        "summary": overview.summary,
        "pending_summary": overview.pending_summary,
    }
    if overview.summary is not None:
        context.update(report.summary_context(summary=overview.summary))
        context["entries"] = None if overview.entries is None else report.entry_rows(entries=overview.entries)
    return render(request, "portal/patient.html", context)


@require_POST
@clinician_page
def request_summary(request: HttpRequest, patient_id) -> HttpResponse:
    """Ask for the patient's default period (their last 30 days), computed once this commits."""
    summary = services.summary_request_by_clinician(
        clinician=request.user, patient_id=patient_id, period_start=None, period_end=None, path=request.path
    )
    tasks.compute_on_commit([str(summary.pk)])
    return redirect("portal:patient", patient_id=summary.patient_id)


@clinician_page
def summary_pdf(request: HttpRequest, patient_id, summary_id) -> HttpResponse:
    pdf = clinician_reads.summary_pdf_for_clinician(
        clinician=request.user, patient_id=patient_id, summary_id=summary_id, path=request.path
    )
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.filename}"'
    response["Cache-Control"] = "no-store"
    return response

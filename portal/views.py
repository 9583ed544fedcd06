"""Clinician portal pages: the cohort dashboard, a patient's latest summary, its PDF.

The triage queue of red flags is in portal.triage, browser notifications in
portal.notifications.

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
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from care import clinician_reads, dashboard, report, selectors, services, tasks
from patientdata import cohort
from portal import cohort_display, language
from portal.crisis import crisis_lines
from portal.errors import error_pages

# Red flags about self-harm: where they are, the portal shows the crisis lines.
SELF_HARM = {("side_effect", "thoughts_of_self_harm"), ("assessment", "phq9_item9")}


def clinician_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in (else the sign-in page), a clinician (else 403), never cached; errors → pages;
    in the clinician's chosen language (portal.language)."""
    view = language.in_clinician_language(error_pages(view))

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_clinician:
            raise PermissionDenied(_("The care-team portal is for clinician accounts."))
        return view(request, *args, **kwargs)

    return login_required(never_cache(wrapper))


@require_POST
@clinician_page
def switch_language(request: HttpRequest) -> HttpResponse:
    """The header's English / Español: store the clinician's choice, back to the page."""
    return language.switch(request)


@clinician_page
def home(request: HttpRequest) -> HttpResponse:
    """The cohort dashboard: shares waiting to be accepted, then one row per patient, sortable
    (`?sort=<column>`, `-` first for descending), `?attention=1` for those needing attention."""
    clinician = request.user
    pending = selectors.share_list_for_clinician(clinician=clinician).filter(accepted_at__isnull=True)
    key, descending = dashboard.sort_param(request.GET.get("sort"))
    attention = request.GET.get("attention") == "1"
    patients = dashboard.dashboard_patients(clinician=clinician)
    found = cohort.cohort_for_clinician(
        clinician=clinician, patients=patients, path=request.get_full_path(), attention_only=attention
    )
    zone = cohort_display.zone_of(clinician.timezone)
    rows = dashboard.dashboard_sort(found.rows, key=key, descending=descending)
    context = {
        "pending": pending,
        "cohort": found,
        "rows": [
            cohort_display.row_display(row, zone=zone, has_device=row.patient.pk in found.devices)
            for row in rows
        ],
        "columns": cohort_display.header_links(key=key, descending=descending, attention=attention),
        "labels": cohort_display.column_labels(),
        "sort_choices": cohort_display.sort_choices(),
        "attention": attention,
        "sort": f"{'-' if descending else ''}{key}",
    }
    return render(request, "portal/home.html", context)


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
    open_flags = dashboard.open_red_flag_codes(clinician=request.user, patient_id=overview.share.patient_id)
    context = {
        "patient": overview.share.patient,
        "share": overview.share,
        "summary": overview.summary,
        "pending_summary": overview.pending_summary,
        "open_red_flags": len(open_flags),
        "crisis_lines": crisis_lines(),
        "self_harm": any(flag in SELF_HARM for flag in open_flags),
    }
    if overview.summary is not None:
        context.update(report.summary_context(summary=overview.summary))
        listed = (overview.summary.figures or {}).get("red_flags") or []
        context["self_harm"] |= any((f.get("kind"), f.get("code")) in SELF_HARM for f in listed)
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

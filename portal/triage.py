"""The triage queue: open red flags across all my patients, newest first; the acknowledged list;
acknowledging one with an optional note.

Thin views over care.red_flags, which decides who sees what (an active share, any scope) and
writes the audit rows: one per patient shown on each view (`red_flag_list`), one per
acknowledgement (`red_flag_acknowledge`). A flag is open for me until I acknowledge it, once;
a second acknowledgement (a double click, a second tab) changes nothing and lands on the
acknowledged list. The deployment's crisis lines are on both pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from care import figures_display, red_flags
from care.models import RedFlagAcknowledgement
from care.red_flags import RedFlagStatus
from diary.models import RedFlag
from diary.trends.flags import detail_shown
from portal import cohort_display, notifications
from portal.crisis import crisis_lines
from portal.views import SELF_HARM, clinician_page


def open_for(delta: timedelta) -> str:
    """How long a flag has been open, coarsely: "under 1 hour", "5 hours", "2 days 3 hours"."""
    hours = int(delta.total_seconds() // 3600)
    if hours < 1:
        return _("under 1 hour")
    days, hours = divmod(hours, 24)
    parts = [ngettext("%(n)d day", "%(n)d days", days) % {"n": days}] if days else []
    if hours or not days:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    return " ".join(parts)


@dataclass(frozen=True)
class FlagRow:
    flag: RedFlag
    patient_name: str
    kind: str
    detail: str  # in the clinician's language (diary.trends.flags.detail_shown)
    open_for: str
    raised_at: str  # in the clinician's time zone
    acknowledged_at: str
    seen_by_others: list[str]  # "Dr Dan at 3 Mar 10:15"
    self_harm: bool


def _local(moment: datetime | None, zone) -> str:
    return "" if moment is None else cohort_display.now_text(moment, zone)


def _rows(flags: list[RedFlag], clinician, now: datetime) -> list[FlagRow]:
    zone = cohort_display.zone_of(clinician.timezone)
    rows = []
    for flag in flags:
        others: list[RedFlagAcknowledgement] = [
            a for a in flag.acknowledgements.all() if a.clinician_id != clinician.pk
        ]
        rows.append(
            FlagRow(
                flag=flag,
                patient_name=flag.patient.display_name or flag.patient.email,
                kind=str(figures_display.RED_FLAG_KINDS.get(flag.kind, flag.kind)),
                detail=detail_shown(flag.kind, flag.code, flag.detail),
                open_for=open_for(now - flag.raised_at),
                raised_at=_local(flag.raised_at, zone),
                acknowledged_at=_local(getattr(flag, "acknowledged_at", None), zone),
                seen_by_others=[
                    _("%(name)s at %(time)s")
                    % {"name": red_flags.clinician_name(a.clinician), "time": _local(a.acknowledged_at, zone)}
                    for a in others
                ],
                self_harm=(flag.kind, flag.code) in SELF_HARM,
            )
        )
    return rows


def _page(request: HttpRequest, status: str) -> HttpResponse:
    flags = red_flags.red_flag_list_for_clinician(
        clinician=request.user, status=status, path=request.get_full_path()
    )
    # Newest first by when each reached the server (care.red_flags); flags that arrived
    # together (one sync push, an import) by their own date, newest first.
    flags.sort(key=lambda flag: (flag.raised_at, flag.date), reverse=True)
    context = {
        "status": status,
        "rows": _rows(flags, request.user, timezone.now()),
        "crisis_lines": crisis_lines(),
        "note_max_length": red_flags.NOTE_MAX_LENGTH,
        "acknowledged_id": request.GET.get("acknowledged", ""),
        "vapid_public_key": notifications.vapid_public_key(),
    }
    return render(request, "portal/triage.html", context)


@clinician_page
def queue(request: HttpRequest) -> HttpResponse:
    """Open red flags: those I have not acknowledged, newest first, how long each has been open."""
    return _page(request, RedFlagStatus.OPEN)


@clinician_page
def acknowledged(request: HttpRequest) -> HttpResponse:
    """The red flags I have acknowledged, with when and my note."""
    return _page(request, RedFlagStatus.ACKNOWLEDGED)


@require_POST
@clinician_page
def acknowledge(request: HttpRequest, red_flag_id) -> HttpResponse:
    """Acknowledge one red flag with the note typed (optional), then back to the queue."""
    try:
        red_flags.red_flag_acknowledge(
            clinician=request.user,
            red_flag_id=red_flag_id,
            note=request.POST.get("note", ""),
            path=request.path,
        )
    except red_flags.AlreadyAcknowledged:
        return redirect("portal:triage-acknowledged")
    return redirect(f"{reverse('portal:triage')}?acknowledged={red_flag_id}")

"""The cohort dashboard's rows in words: what each cell of the portal's table says.

Pure: care.dashboard rows in, strings out (no database). Every mean carries its count, a
missing category its reason in words (the catalogue's, as care.figures_display says them),
and a next check-in is shown in the clinician's time zone.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from care import figures_display
from care.dashboard import ATTENTION_REASONS, DashboardRow
from diary import catalogue

# Column key → (heading, the direction a first click sorts in: the "worst first" one).
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("name", gettext_lazy("Patient"), False),
    ("flags", gettext_lazy("Open red flags"), True),
    ("last_entry", gettext_lazy("Last entry"), True),
    ("adherence", gettext_lazy("Logged, last 14 days"), False),
    ("outcome", gettext_lazy("Pain before treatment → last 7 days"), False),
    ("category", gettext_lazy("Latest response"), False),
    ("checkin", gettext_lazy("Next check-in"), False),
)
REASONS = ATTENTION_REASONS
# How each column sorts, ascending then descending, in the sort form's options.
DIRECTIONS = {
    "name": (gettext_lazy("A to Z"), gettext_lazy("Z to A")),
    "flags": (gettext_lazy("fewest first"), gettext_lazy("most first")),
    "last_entry": (gettext_lazy("most recent first"), gettext_lazy("longest ago first")),
    "adherence": (gettext_lazy("fewest days first"), gettext_lazy("most days first")),
    "outcome": (gettext_lazy("smallest reduction first"), gettext_lazy("largest reduction first")),
    "category": (gettext_lazy("worse first"), gettext_lazy("substantial first")),
    "checkin": (gettext_lazy("soonest first"), pgettext_lazy("next check-in, sorted", "latest first")),
}


def days_ago(days: int | None) -> str:
    if days is None:
        return _("never")
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return ngettext("%(n)d day ago", "%(n)d days ago", days) % {"n": days}


def _short(day: date | datetime) -> str:
    """ "3 Mar" (English), "3 mar" (Spanish): the active language's month abbreviation."""
    return formats.date_format(day, "j M")


@dataclass(frozen=True)
class Cell:
    main: str
    detail: str = ""
    flag: bool = False  # shown in the red-flag colour


@dataclass(frozen=True)
class RowDisplay:
    row: DashboardRow
    name: str
    scope: str
    flags: Cell
    last_entry: Cell
    adherence: Cell
    outcome: Cell
    latest: Cell
    checkin: Cell
    reasons: str  # "" when the patient needs no attention


def _outcome(row: DashboardRow) -> Cell:
    o = row.outcome
    if o is None:
        return Cell(
            "–", _("no episode outcome in the latest summary") if row.figures_as_of else _("no summary yet")
        )
    before = "–" if o.baseline is None else figures_display.one_decimal(o.baseline)
    now = "–" if o.current is None else figures_display.one_decimal(o.current)
    counts = _("%(before)s and %(now)s of 7 days logged") % {"before": o.baseline_days, "now": o.current_days}
    change = figures_display.change_text(o.change, o.reduction_percent)
    category = figures_display.category_text(o.category, o.category_reason)
    detail = " · ".join(t for t in (counts, change, category) if t)
    return Cell(
        f"{before} → {now}",
        _("%(detail)s (as of %(date)s)") % {"detail": detail, "date": _short(row.figures_as_of)},
        flag=o.category == "worse",
    )


def _latest(row: DashboardRow) -> Cell:
    latest = row.latest
    if latest is None:
        return Cell(
            "–", _("no series or maintenance dose in the latest summary") if row.figures_as_of else ""
        )
    if latest.kind == "series":
        detail = _("induction series ending %(date)s") % {"date": _short(latest.date)}
    else:
        detail = _("maintenance dose %(date)s") % {"date": _short(latest.date)}
    if latest.category:
        main = catalogue.CATEGORIES.get(latest.category, latest.category)
    else:
        main = _("No category")
        reason = catalogue.CATEGORY_REASONS.get(latest.category_reason or "", "")
        if latest.category_reason == "in_progress" and latest.response_until:
            reason = _("in progress until %(date)s") % {"date": _short(latest.response_until)}
        detail += f": {reason}" if reason else ""
    return Cell(main, detail, flag=latest.category == "worse")


def _checkin(row: DashboardRow, zone: zoneinfo.ZoneInfo, has_device: bool) -> Cell:
    if row.next_checkin is None:
        return Cell("–", _("none planned"))
    local = timezone.localtime(row.next_checkin, zone)
    return Cell(formats.date_format(local, "D j M H:i"), "" if has_device else _("no device to remind"))


def row_display(row: DashboardRow, *, zone: zoneinfo.ZoneInfo, has_device: bool) -> RowDisplay:
    patient = row.patient
    days = row.days_since_entry
    return RowDisplay(
        row=row,
        name=patient.display_name or patient.email,
        scope=_("full diary") if getattr(patient, "share_scope", "") == "full" else _("summaries"),
        flags=Cell(str(row.open_red_flags), flag=row.open_red_flags > 0),
        last_entry=Cell(
            days_ago(days), _short(row.last_entry) if row.last_entry else "", flag=days is None or days >= 3
        ),
        adherence=Cell(
            ngettext("%(n)d of %(days)d day", "%(n)d of %(days)d days", row.adherence_days)
            % {"n": row.adherence_logged, "days": row.adherence_days},
            figures_display.percent(row.adherence_percent),
        ),
        outcome=_outcome(row),
        latest=_latest(row),
        checkin=_checkin(row, zone, has_device),
        reasons=", ".join(str(REASONS[r]) for r in row.reasons),
    )


def zone_of(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def header_links(*, key: str, descending: bool, attention: bool) -> list[dict]:
    """Each column's heading, its link (a click sorts by it, a second click the other way) and
    its aria-sort value."""
    links = []
    for column, label, worst_first in COLUMNS:
        if column == key:
            next_descending = not descending
            aria = "descending" if descending else "ascending"
        else:
            next_descending, aria = worst_first, "none"
        query = f"?sort={'-' if next_descending else ''}{column}" + ("&attention=1" if attention else "")
        links.append({"key": column, "label": str(label), "href": query, "aria_sort": aria})
    return links


def sort_choices() -> list[dict]:
    """The sort form's options (the phone's way to sort: the table's headings are hidden there)."""
    choices = []
    for column, label, worst_first in COLUMNS:
        first, second = ("-", "") if worst_first else ("", "-")
        for sign in (first, second):
            direction = _direction(column, bool(sign))
            choices.append({"value": f"{sign}{column}", "label": f"{label} ({direction})"})
    return choices


def _direction(column: str, descending: bool) -> str:
    return str(DIRECTIONS[column][1 if descending else 0])


def now_text(moment: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """ "3 Mar 2026 10:15" in the clinician's time zone, the month in the active language."""
    return formats.date_format(timezone.localtime(moment, zone), "j M Y H:i")


def column_labels() -> dict[str, str]:
    """Column key → its heading, for the phone layout's cell labels."""
    return {key: str(label) for key, label, _worst_first in COLUMNS}

"""The cohort dashboard's rows in words: what each cell of the portal's table says.

Pure: care.dashboard rows in, strings out (no database). Every mean carries its count, a
missing category its reason in words (the catalogue's, as care.figures_display says them),
and a next check-in is shown in the clinician's time zone.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime

from care import figures_display
from care.dashboard import ATTENTION_REASONS, DashboardRow
from diary import catalogue

# Column key → (heading, the direction a first click sorts in: the "worst first" one).
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("name", "Patient", False),
    ("flags", "Open red flags", True),
    ("last_entry", "Last entry", True),
    ("adherence", "Logged, last 14 days", False),
    ("outcome", "Pain before treatment → last 7 days", False),
    ("category", "Latest response", False),
    ("checkin", "Next check-in", False),
)
REASONS = ATTENTION_REASONS


def days_ago(days: int | None) -> str:
    if days is None:
        return "never"
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def _short(day: date) -> str:
    return f"{day.day} {day:%b}"


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
            "–", "no episode outcome in the latest summary" if row.figures_as_of else "no summary yet"
        )
    before = "–" if o.baseline is None else figures_display.one_decimal(o.baseline)
    now = "–" if o.current is None else figures_display.one_decimal(o.current)
    counts = f"{o.baseline_days} and {o.current_days} of 7 days logged"
    change = figures_display.change_text(o.change, o.reduction_percent)
    category = figures_display.category_text(o.category, o.category_reason)
    detail = " · ".join(t for t in (counts, change, category) if t)
    return Cell(
        f"{before} → {now}", f"{detail} (as of {_short(row.figures_as_of)})", flag=o.category == "worse"
    )


def _latest(row: DashboardRow) -> Cell:
    latest = row.latest
    if latest is None:
        return Cell("–", "no series or maintenance dose in the latest summary" if row.figures_as_of else "")
    what = "induction series ending" if latest.kind == "series" else "maintenance dose"
    detail = f"{what} {_short(latest.date)}"
    if latest.category:
        main = catalogue.CATEGORIES.get(latest.category, latest.category)
    else:
        main = "No category"
        reason = catalogue.CATEGORY_REASONS.get(latest.category_reason or "", "")
        if latest.category_reason == "in_progress" and latest.response_until:
            reason = f"in progress until {_short(latest.response_until)}"
        detail += f": {reason}" if reason else ""
    return Cell(main, detail, flag=latest.category == "worse")


def _checkin(row: DashboardRow, zone: zoneinfo.ZoneInfo, has_device: bool) -> Cell:
    if row.next_checkin is None:
        return Cell("–", "none planned")
    local = row.next_checkin.astimezone(zone)
    return Cell(f"{local:%a} {local.day} {local:%b %H:%M}", "" if has_device else "no device to remind")


def row_display(row: DashboardRow, *, zone: zoneinfo.ZoneInfo, has_device: bool) -> RowDisplay:
    patient = row.patient
    days = row.days_since_entry
    return RowDisplay(
        row=row,
        name=patient.display_name or patient.email,
        scope="full diary" if getattr(patient, "share_scope", "") == "full" else "summaries",
        flags=Cell(str(row.open_red_flags), flag=row.open_red_flags > 0),
        last_entry=Cell(
            days_ago(days), _short(row.last_entry) if row.last_entry else "", flag=days is None or days >= 3
        ),
        adherence=Cell(
            f"{row.adherence_logged} of {row.adherence_days} days",
            f"{figures_display.one_decimal(row.adherence_percent)} %",
        ),
        outcome=_outcome(row),
        latest=_latest(row),
        checkin=_checkin(row, zone, has_device),
        reasons=", ".join(REASONS[r] for r in row.reasons),
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
        links.append({"key": column, "label": label, "href": query, "aria_sort": aria})
    return links


def sort_choices() -> list[dict]:
    """The sort form's options (the phone's way to sort: the table's headings are hidden there)."""
    choices = []
    for column, label, worst_first in COLUMNS:
        first, second = ("-", "") if worst_first else ("", "-")
        choices.append({"value": f"{first}{column}", "label": f"{label} ({_direction(column, bool(first))})"})
        choices.append(
            {"value": f"{second}{column}", "label": f"{label} ({_direction(column, bool(second))})"}
        )
    return choices


def _direction(column: str, descending: bool) -> str:
    words = {
        "name": ("A to Z", "Z to A"),
        "flags": ("fewest first", "most first"),
        "last_entry": ("most recent first", "longest ago first"),
        "adherence": ("fewest days first", "most days first"),
        "outcome": ("smallest reduction first", "largest reduction first"),
        "category": ("worse first", "substantial first"),
        "checkin": ("soonest first", "latest first"),
    }
    return words[column][1 if descending else 0]


def now_text(moment: datetime, zone: zoneinfo.ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local.day} {local:%b %Y %H:%M}"

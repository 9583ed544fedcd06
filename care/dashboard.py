"""The cohort dashboard's rows: one per patient who shares with a clinician, read set-based.

A row holds, for one patient (docs/portal.md says how each is read):
- `open_red_flags`: the patient's red flags open for this clinician: not acknowledged by them,
  withdrawn ones too, as care.red_flags counts them;
- `last_entry` and `days_since_entry`: the newest diary date with an entry, and how many days
  before the patient's today (their time zone) it is;
- adherence over the 14 days ending yesterday in the patient's time zone (DOMAIN.md figure 3
  over that window: logged dates / 14);
- the episode outcome (figure 11) and the latest induction series or maintenance dose with
  its category (figures 7, 9, 10): taken from the patient's latest ready summary (the one the
  portal's patient page shows), not recomputed here: the nightly job computes every shared
  patient's 30 days ending yesterday, so those figures are at most a day old, and their
  `as_of` date is shown with them;
- `next_checkin`: the next timed check-in, which reminders knows: filled in by the caller
  (patientdata.cohort), since care does not read the reminders app.

`dashboard_rows` costs the same number of queries whatever the number of patients: one per
kind of fact (flags, last entries, logged dates, summaries), each over all the patients at
once. Sorting and the "needs attention" filter are pure functions of the rows.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from fractions import Fraction

from django.db.models import Count, Exists, F, Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import User
from care.models import AccessLog, RedFlagAcknowledgement, Scope, Share, Summary, SummaryStatus
from diary.models import Entry, RedFlag
from diary.trends import FIGURES_VERSION, round1

ADHERENCE_DAYS = 14
QUIET_DAYS = 3  # no entry for this many days or more: the patient needs attention
WORSE = "worse"
# Why a patient needs attention (the API's `attention_reasons`), in the order they are listed.
ATTENTION_REASONS = {
    "red_flags": gettext_lazy("open red flags"),
    "quiet": gettext_lazy("no entry for 3 days or more"),
    "worse": gettext_lazy("a category “worse”"),
}
# Categories from worst to best: the order the category column sorts in.
CATEGORY_ORDER = ("worse", "no_change", "minimal", "moderate", "substantial")


@dataclass(frozen=True)
class Outcome:
    """The episode outcome (figure 11) of the patient's most recent episode in the summary."""

    episode_id: str
    title: str
    first_administration_date: date | None
    baseline: float | None
    baseline_days: int
    current: float | None
    current_days: int
    change: float | None
    reduction_percent: float | None
    category: str | None
    category_reason: str | None


@dataclass(frozen=True)
class LatestResponse:
    """The latest induction series or maintenance dose in the summary, with its category."""

    kind: str  # "series" | "maintenance"
    date: date  # the series' last date, or the dose's date
    category: str | None
    category_reason: str | None
    response_complete: bool
    response_until: date | None


@dataclass(frozen=True)
class DashboardRow:
    patient: User  # annotated with its share (care.selectors.patient_list_for_clinician)
    today: date  # the patient's today, in their time zone
    open_red_flags: int
    last_entry: date | None
    adherence_logged: int  # logged dates in the 14 days ending yesterday
    figures_as_of: date | None  # the as-of date of the summary the figures come from
    outcome: Outcome | None
    latest: LatestResponse | None
    next_checkin: datetime | None = None
    adherence_days: int = ADHERENCE_DAYS
    reasons: tuple[str, ...] = field(default=())  # why it needs attention, filled by dashboard_rows

    @property
    def days_since_entry(self) -> int | None:
        """0 when the patient logged today, None when they never logged."""
        return None if self.last_entry is None else (self.today - self.last_entry).days

    @property
    def adherence_percent(self) -> float:
        """Logged dates / 14 days as a percentage, rounded once to 1 decimal (6 of 14 → 42.9)."""
        return round1(Fraction(100 * self.adherence_logged, self.adherence_days))

    @property
    def adherence_start(self) -> date:
        return self.today - timedelta(days=self.adherence_days)

    @property
    def adherence_end(self) -> date:
        return self.today - timedelta(days=1)

    @property
    def needs_attention(self) -> bool:
        return bool(self.reasons)


def attention_reasons(row: DashboardRow) -> tuple[str, ...]:
    """Why a row needs attention: open red flags, no entry for 3 days or more (or never), or a
    `worse` category (the latest series or maintenance dose, or the episode outcome)."""
    reasons = []
    if row.open_red_flags:
        reasons.append("red_flags")
    if row.days_since_entry is None or row.days_since_entry >= QUIET_DAYS:
        reasons.append("quiet")
    categories = {row.latest.category if row.latest else None, row.outcome.category if row.outcome else None}
    if WORSE in categories:
        reasons.append("worse")
    return tuple(reasons)


# --- reading the rows ----------------------------------------------------------------------


def dashboard_patients(*, clinician: User) -> list[User]:
    """The patients of care.selectors.patient_list_for_clinician (an active share to the
    clinician, the widest if several: full first, then the most recently accepted), with the
    same share attributes and order, in one plain join instead of a subquery per attribute:
    the dashboard lists every patient at once (bench/cohort.py)."""
    shares = Share.objects.active().filter(clinician=clinician).select_related("patient")
    best: dict = {}
    for share in shares:
        rank = (share.scope == Scope.FULL, share.accepted_at)
        if share.patient_id not in best or rank > best[share.patient_id][0]:
            best[share.patient_id] = (rank, share)
    patients = []
    for _, share in best.values():
        patient = share.patient
        patient.share_id, patient.share_scope = share.pk, share.scope
        patient.share_expires_on, patient.share_accepted_at = share.expires_on, share.accepted_at
        patients.append(patient)
    patients.sort(key=lambda p: str(p.pk))
    patients.sort(key=lambda p: p.share_accepted_at, reverse=True)
    return patients


def _last_entries(ids: list) -> dict:
    rows = (
        Entry.objects.filter(patient_id__in=ids, deleted_at__isnull=True)
        .values("patient_id")
        .annotate(last=Max("diary_date"))
        .order_by()
    )
    return {row["patient_id"]: row["last"] for row in rows}


def _logged_dates(ids: list, first: date, last: date) -> dict[object, set[date]]:
    rows = (
        Entry.objects.filter(patient_id__in=ids, deleted_at__isnull=True, diary_date__range=(first, last))
        .values_list("patient_id", "diary_date")
        .distinct()
        .order_by()
    )
    dates: dict[object, set[date]] = defaultdict(set)
    for patient_id, diary_date in rows:
        dates[patient_id].add(diary_date)
    return dates


def _open(clinician: User):
    """Red flags open for this clinician: not acknowledged by them, withdrawn ones too
    (care.red_flags: open until acknowledged). Not scoped to shares: callers pass patients."""
    mine = RedFlagAcknowledgement.objects.filter(red_flag=OuterRef("pk"), clinician=clinician)
    return RedFlag.objects.exclude(Exists(mine))


def open_red_flag_codes(*, clinician: User, patient_id) -> list[tuple[str, str]]:
    """(kind, code) of each red flag of this patient open for the clinician (one query); the
    caller has checked the share."""
    return list(_open(clinician).filter(patient_id=patient_id).values_list("kind", "code"))


def _open_flags(clinician: User, ids: list) -> dict:
    """patient id → how many of their red flags are open for this clinician."""
    rows = _open(clinician).filter(patient_id__in=ids).values("patient_id").annotate(n=Count("pk")).order_by()
    return {row["patient_id"]: row["n"] for row in rows}


def _latest_figures(ids: list) -> dict:
    """Each patient's latest ready summary of the current figures version (the order of
    care.selectors.summary_latest_ready), only the parts the dashboard reads."""
    ready = Summary.objects.filter(status=SummaryStatus.READY, figures__figures_version=FIGURES_VERSION)
    latest = ready.filter(patient_id=OuterRef("patient_id")).order_by("-period_end", "-generated_at", "-pk")
    rows = (
        ready.filter(patient_id__in=ids)
        .annotate(latest_id=Subquery(latest.values("pk")[:1]))
        .filter(pk=F("latest_id"))
        .values(
            "patient_id", "figures__as_of", "figures__episodes", "figures__series", "figures__administrations"
        )
    )
    return {row["patient_id"]: row for row in rows}


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _date(value) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _outcome(episodes: list | None) -> Outcome | None:
    """The most recent episode's outcome: the latest first administration, then the last listed."""
    if not episodes:
        return None
    latest = max(
        enumerate(episodes), key=lambda pair: (pair[1].get("first_administration_date") or "", pair[0])
    )
    e = latest[1]
    return Outcome(
        episode_id=str(e.get("id")),
        title=e.get("title") or "",
        first_administration_date=_date(e.get("first_administration_date")),
        baseline=e.get("baseline"),
        baseline_days=e.get("baseline_days") or 0,
        current=e.get("current"),
        current_days=e.get("current_days") or 0,
        change=e.get("change"),
        reduction_percent=e.get("reduction_percent"),
        category=e.get("category"),
        category_reason=e.get("category_reason"),
    )


def _latest_response(series: list | None, administrations: list | None) -> LatestResponse | None:
    """The induction series or maintenance dose with the latest date (a series by its last
    date); on the same date the maintenance dose, which came after the series it follows."""
    candidates = [("series", s.get("last_date"), 0, s) for s in series or []]
    candidates += [
        ("maintenance", a.get("date"), 1, a)
        for a in administrations or []
        if a.get("phase") == "maintenance" and not a.get("in_series")
    ]
    candidates = [c for c in candidates if c[1]]
    if not candidates:
        return None
    kind, when, _, w = max(candidates, key=lambda c: (c[1], c[2]))
    return LatestResponse(
        kind=kind,
        date=date.fromisoformat(when),
        category=w.get("category"),
        category_reason=w.get("category_reason"),
        response_complete=bool(w.get("response_complete", True)),
        response_until=_date(w.get("response_until")),
    )


def dashboard_rows(
    *, clinician: User, patients: Sequence[User], now: datetime | None = None
) -> list[DashboardRow]:
    """One row per patient (in the given order), each with why it needs attention, if it does.

    `patients` are the clinician's (care.selectors.patient_list_for_clinician, or a page of
    them): this function does not check the shares again. Four queries, whatever their number.
    """
    if not patients:
        return []
    now = now or timezone.now()
    ids = [p.pk for p in patients]
    todays = {p.pk: timezone.localdate(now, timezone=_zone(p.timezone)) for p in patients}
    first = min(todays.values()) - timedelta(days=ADHERENCE_DAYS)
    last = max(todays.values()) - timedelta(days=1)
    flags = _open_flags(clinician, ids)
    last_entries = _last_entries(ids)
    logged = _logged_dates(ids, first, last)
    figures = _latest_figures(ids)
    rows = []
    for patient in patients:
        today = todays[patient.pk]
        window = (today - timedelta(days=ADHERENCE_DAYS), today - timedelta(days=1))
        f = figures.get(patient.pk) or {}
        row = DashboardRow(
            patient=patient,
            today=today,
            open_red_flags=flags.get(patient.pk, 0),
            last_entry=last_entries.get(patient.pk),
            adherence_logged=sum(1 for d in logged.get(patient.pk, ()) if window[0] <= d <= window[1]),
            figures_as_of=_date(f.get("figures__as_of")),
            outcome=_outcome(f.get("figures__episodes")),
            latest=_latest_response(f.get("figures__series"), f.get("figures__administrations")),
        )
        rows.append(replace(row, reasons=attention_reasons(row)))
    return rows


def with_next_checkins(rows: Iterable[DashboardRow], next_checkins: dict) -> list[DashboardRow]:
    """The rows with each patient's next timed check-in (patient id → UTC instant or absent)."""
    return [replace(row, next_checkin=next_checkins.get(row.patient.pk)) for row in rows]


def dashboard_audit(*, clinician: User, rows: Sequence[DashboardRow], action: str, path: str) -> None:
    """One AccessLog row per patient shown (one insert): the dashboard reads their data."""
    at = timezone.now()
    AccessLog.objects.bulk_create(
        AccessLog(
            clinician=clinician,
            clinician_email=clinician.email,
            patient_id=row.patient.pk,
            share_id=getattr(row.patient, "share_id", None),
            action=action,
            path=path[:300],
            at=at,
        )
        for row in rows
    )


# --- sorting and filtering -----------------------------------------------------------------

_NEVER = 10**6  # a patient who never logged sorts as the longest silence


def _category_rank(category: str | None) -> int | None:
    return CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else None


SORT_KEYS: dict[str, Callable[[DashboardRow], object]] = {
    "name": lambda r: (r.patient.display_name or r.patient.email).casefold(),
    "flags": lambda r: r.open_red_flags,
    "last_entry": lambda r: _NEVER if r.days_since_entry is None else r.days_since_entry,
    "adherence": lambda r: r.adherence_logged,
    "outcome": lambda r: r.outcome.reduction_percent if r.outcome else None,
    "category": lambda r: _category_rank(r.latest.category) if r.latest else None,
    "checkin": lambda r: r.next_checkin,
}
DEFAULT_SORT = "-flags"


def sort_param(value: str | None) -> tuple[str, bool]:
    """`?sort=` as (key, descending): "-flags" → ("flags", True); unknown → the default."""
    value = value or DEFAULT_SORT
    key, descending = (value[1:], True) if value.startswith("-") else (value, False)
    if key not in SORT_KEYS:
        return sort_param(DEFAULT_SORT)
    return key, descending


def dashboard_sort(rows: Iterable[DashboardRow], *, key: str, descending: bool = False) -> list[DashboardRow]:
    """Rows sorted by a column; rows without a value for it last either way, then by name."""
    name = SORT_KEYS["name"]
    value_of = SORT_KEYS[key]
    rows = sorted(rows, key=name)
    known = [r for r in rows if value_of(r) is not None]
    unknown = [r for r in rows if value_of(r) is None]
    known.sort(key=value_of, reverse=descending)  # stable: ties keep the order by name
    return known + unknown


def needing_attention(rows: Iterable[DashboardRow]) -> list[DashboardRow]:
    return [row for row in rows if row.needs_attention]

"""Trend figures of a summary (DOMAIN.md "Trend figures: exact definitions", figures 1-13).

Pure functions over plain rows: callers build `EntryRow`, `AdministrationRow` and
`IntakeRow` from the database (non-deleted rows of one patient, from period_start - 7 days
up to the relief horizon) and `compute_figures` returns the `figures` dict of CONTRACT.md.

Arithmetic is exact (`Fraction` for pain, mood and percentages, `Decimal` for MME); only
the final reported values are rounded, to 1 decimal, half up (ties away from zero) via
`Decimal.quantize`. Category, responder and relief compare the unrounded values.

Interpretation choices:
- Period figures (1-3, 9-13 and the `daily` series) use only rows dated inside
  [period_start, period_end]. Baseline, response and relief use their own windows
  whatever the period. "Within 2 days after an administration" (9) looks at every
  administration given, including ones just before the period.
- Relief (8): with B = min(next administration's local date, D + 90), the dates searched
  are the logged dates d with D + 1 <= d < B. "Before" is read literally for both bounds:
  the next administration's own day belongs to the new dose, and D + 90 itself is not
  searched (so at most 89 days are ever observed). The next administration is the
  patient's earliest administration on a local date later than D (same-day doses do
  not cut the window). Ending at d gives (d - D) - 1 days; "ongoing" gives
  (last logged date in the window - D), or None when the window has no logged date.
  Relief is computed whenever a baseline exists, also a baseline of 0 (then the first
  logged date ends relief).
- Weekly MME (11): every 7-day block of the period is listed; a block without intakes
  is "missing" and is reported with mean_mme None, so the gaps stay explicit.
- Mood-pain r (12): None with fewer than 14 paired dates or when either series has zero
  variance (r is undefined then).
- Latest PGIC (13): the entry with the greatest (recorded_at, diary_date, id) among the
  period's entries that have a pgic.
- Red flags (10): one item per red-flag side effect of an entry; newest first by date,
  then by recorded_at / administered_at, then code. A missing BP component shows as "-".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from diary.catalogue import (
    BP_DIASTOLIC_RED_FLAG,
    BP_SYSTOLIC_RED_FLAG,
    PGIC,
    SEVERITIES,
    SIDE_EFFECTS,
    is_red_flag,
)

BASELINE_DAYS = 7
MIN_LOGGED_DATES = 3
RELIEF_HORIZON_DAYS = 90
RELIEF_THRESHOLD = Fraction(9, 10)
MIN_PAIRED_DATES = 14
ONE_DAY = timedelta(days=1)
_WITHIN = "within_2_days_of_administration"


@dataclass(frozen=True)
class EntryRow:
    id: str
    diary_date: date
    recorded_at: datetime  # aware
    pain_now: int
    mood: int | None = None
    pgic: int | None = None
    side_effects: tuple[tuple[str, int], ...] = ()  # (code, severity 1..3)


@dataclass(frozen=True)
class AdministrationRow:
    id: str
    local_date: date  # date in the record's own UTC offset
    administered_at: datetime  # aware, used for ordering / "newest first"
    route: str
    bp_systolic_max: int | None = None
    bp_diastolic_max: int | None = None


@dataclass(frozen=True)
class IntakeRow:
    local_date: date
    mme: Decimal | None  # None for non-opioids


def round1(value: Fraction | Decimal | int | None) -> float | None:
    """Round a final value to 1 decimal, half up; None stays None."""
    if value is None:
        return None
    with localcontext() as ctx:
        ctx.prec = 50
        if isinstance(value, Fraction):
            value = Decimal(value.numerator) / Decimal(value.denominator)
        rounded = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return float(rounded) + 0.0  # + 0.0 turns -0.0 into 0.0


def _mean(values: Sequence[Fraction | int]) -> Fraction:
    return Fraction(sum(values)) / len(values)


def _in(d: date, start: date, end: date) -> bool:
    return start <= d <= end


def daily_pain(entries: Iterable[EntryRow]) -> dict[date, Fraction]:
    """Figure 1: mean pain_now per diary date; dates without entries are absent."""
    by_date: dict[date, list[int]] = defaultdict(list)
    for e in entries:
        by_date[e.diary_date].append(e.pain_now)
    return {d: _mean(v) for d, v in sorted(by_date.items())}


def daily_mood(entries: Iterable[EntryRow]) -> dict[date, Fraction]:
    """Mean mood per diary date, over the entries that logged a mood."""
    by_date: dict[date, list[int]] = defaultdict(list)
    for e in entries:
        if e.mood is not None:
            by_date[e.diary_date].append(e.mood)
    return {d: _mean(v) for d, v in sorted(by_date.items())}


def period_pain_mean(daily: Mapping[date, Fraction], period_start: date, period_end: date) -> Fraction | None:
    """Figure 2: mean daily pain over the period's logged dates (None if none)."""
    values = [p for d, p in daily.items() if _in(d, period_start, period_end)]
    return _mean(values) if values else None


def adherence_percent(daily: Mapping[date, Fraction], period_start: date, period_end: date) -> Fraction:
    """Figure 3: logged dates / days in the period (both ends included) x 100."""
    days = (period_end - period_start).days + 1
    logged = sum(1 for d in daily if _in(d, period_start, period_end))
    return Fraction(100 * logged, days)


def _window_mean(daily: Mapping[date, Fraction], first: date, last: date) -> Fraction | None:
    values = [p for d, p in daily.items() if _in(d, first, last)]
    return _mean(values) if len(values) >= MIN_LOGGED_DATES else None


def baseline(daily: Mapping[date, Fraction], d: date) -> Fraction | None:
    """Figure 4: mean daily pain over D-7 ... D-1; None with fewer than 3 logged dates."""
    return _window_mean(daily, d - BASELINE_DAYS * ONE_DAY, d - ONE_DAY)


def response(daily: Mapping[date, Fraction], d: date) -> Fraction | None:
    """Figure 5: mean daily pain over D+1 ... D+7; None with fewer than 3 logged dates."""
    return _window_mean(daily, d + ONE_DAY, d + BASELINE_DAYS * ONE_DAY)


def reduction_percent(base: Fraction | None, resp: Fraction | None) -> Fraction | None:
    """Figure 6: (baseline - response) / baseline x 100; None if undefined."""
    if base is None or resp is None or base == 0:
        return None
    return (base - resp) / base * 100


def category(reduction: Fraction | None) -> str | None:
    """Figure 7: IMMPACT category of a reduction in percent."""
    if reduction is None:
        return None
    if reduction >= 50:
        return "substantial"
    if reduction >= 30:
        return "moderate"
    if reduction >= 10:
        return "minimal"
    if reduction > -10:
        return "no meaningful change"
    return "worse"


def is_responder(reduction: Fraction | None) -> bool | None:
    """Figure 7: responder = reduction >= 30 %."""
    return None if reduction is None else reduction >= 30


def next_administration_date(admin_dates: Iterable[date], d: date) -> date | None:
    """The earliest administration local date strictly after d."""
    return min((a for a in admin_dates if a > d), default=None)


def relief(
    daily: Mapping[date, Fraction], d: date, base: Fraction | None, next_admin: date | None
) -> tuple[int | None, bool] | None:
    """Figure 8: (days, ongoing), or None without a baseline.

    Searches the logged dates x with D+1 <= x < min(next_admin, D+90) (module docstring).
    """
    if base is None:
        return None
    bound = d + RELIEF_HORIZON_DAYS * ONE_DAY
    if next_admin is not None and next_admin < bound:
        bound = next_admin
    window = sorted(x for x in daily if d < x < bound)
    for x in window:
        trailing = [daily[y] for y in window if max(d + ONE_DAY, x - 2 * ONE_DAY) <= y <= x]
        if _mean(trailing) >= RELIEF_THRESHOLD * base:
            return (x - d).days - 1, False
    return ((window[-1] - d).days if window else None), True


def side_effect_counts(
    entries: Iterable[EntryRow], admin_dates: Iterable[date], period_start: date, period_end: date
) -> list[dict]:
    """Figure 9: per code, entries reporting it, max severity, entries on D ... D+2."""
    admin_set = set(admin_dates)
    stats: dict[str, dict] = {}
    for e in entries:
        if not _in(e.diary_date, period_start, period_end):
            continue
        near = any(e.diary_date - k * ONE_DAY in admin_set for k in range(3))
        for code in dict(e.side_effects):  # each entry counts once per code
            severity = max(sev for c, sev in e.side_effects if c == code)
            s = stats.setdefault(code, {"code": code, "count": 0, "max_severity": 0, _WITHIN: 0})
            s["count"] += 1
            s["max_severity"] = max(s["max_severity"], severity)
            s[_WITHIN] += int(near)
    return sorted(stats.values(), key=lambda s: (-s["count"], s["code"]))


def _bp_detail(systolic: int | None, diastolic: int | None) -> str:
    sys_, dia = ("-" if v is None else v for v in (systolic, diastolic))
    return f"BP {sys_}/{dia} mmHg"


def red_flags(
    entries: Iterable[EntryRow],
    administrations: Iterable[AdministrationRow],
    period_start: date,
    period_end: date,
) -> list[dict]:
    """Figure 10: red-flag side effects and blood pressures in the period, newest first."""
    found: list[tuple[date, datetime, str, dict]] = []
    for e in entries:
        if not _in(e.diary_date, period_start, period_end):
            continue
        for code, severity in e.side_effects:
            if is_red_flag(code, severity):
                effect = SIDE_EFFECTS.get(code)
                label = effect.label if effect else code
                detail = f"{label}, {SEVERITIES.get(severity, str(severity))}"
                item = {"kind": "side_effect", "code": code, "detail": detail}
                found.append((e.diary_date, e.recorded_at, code, item))
    for a in administrations:
        if not _in(a.local_date, period_start, period_end):
            continue
        sys_, dia = a.bp_systolic_max, a.bp_diastolic_max
        if (sys_ or 0) >= BP_SYSTOLIC_RED_FLAG or (dia or 0) >= BP_DIASTOLIC_RED_FLAG:
            item = {"kind": "blood_pressure", "code": None, "detail": _bp_detail(sys_, dia)}
            found.append((a.local_date, a.administered_at, "", item))
    found.sort(key=lambda f: f[2])  # code ascending within the same moment (sort is stable)
    found.sort(key=lambda f: (f[0], f[1]), reverse=True)
    return [{"date": f[0].isoformat(), **f[3]} for f in found]


def daily_mme(intakes: Iterable[IntakeRow]) -> dict[date, Decimal]:
    """Figure 11: summed MME per date with intakes (non-opioids count 0)."""
    totals: dict[date, Decimal] = {}
    for i in intakes:
        totals[i.local_date] = totals.get(i.local_date, Decimal(0)) + (i.mme or Decimal(0))
    return dict(sorted(totals.items()))


def weekly_mme(
    daily: Mapping[date, Decimal], period_start: date, period_end: date
) -> list[tuple[date, Decimal | None]]:
    """Figure 11: (block start, mean daily MME over its dates with intakes, or None)."""
    blocks = []
    start = period_start
    while start <= period_end:
        end = min(start + 6 * ONE_DAY, period_end)
        values = [m for d, m in daily.items() if _in(d, start, end)]
        blocks.append((start, sum(values, Decimal(0)) / len(values) if values else None))
        start += 7 * ONE_DAY
    return blocks


def mood_pain_r(
    pain: Mapping[date, Fraction],
    mood: Mapping[date, Fraction],
    period_start: date,
    period_end: date,
) -> Decimal | None:
    """Figure 12: Pearson r over the period's dates with both daily pain and mood."""
    dates = [d for d in mood if d in pain and _in(d, period_start, period_end)]
    if len(dates) < MIN_PAIRED_DATES:
        return None
    xs, ys = [pain[d] for d in dates], [mood[d] for d in dates]
    mx, my = _mean(xs), _mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    if sxx == 0 or syy == 0:
        return None
    r_squared = sxy * sxy / (sxx * syy)
    with localcontext() as ctx:
        ctx.prec = 50
        r = (Decimal(r_squared.numerator) / Decimal(r_squared.denominator)).sqrt()
    return -r if sxy < 0 else r


def latest_pgic(entries: Iterable[EntryRow], period_start: date, period_end: date) -> dict | None:
    """Figure 13: {value, label} of the period's most recent entry with a pgic."""
    rated = [e for e in entries if e.pgic is not None and _in(e.diary_date, period_start, period_end)]
    if not rated:
        return None
    latest = max(rated, key=lambda e: (e.recorded_at, e.diary_date, e.id))
    return {"value": latest.pgic, "label": PGIC.get(latest.pgic)}


def _administration_figures(
    a: AdministrationRow, pain: Mapping[date, Fraction], admin_dates: Sequence[date]
) -> dict:
    base, resp = baseline(pain, a.local_date), response(pain, a.local_date)
    reduction = reduction_percent(base, resp)
    rel = relief(pain, a.local_date, base, next_administration_date(admin_dates, a.local_date))
    return {
        "id": a.id,
        "date": a.local_date.isoformat(),
        "route": a.route,
        "baseline": round1(base),
        "response": round1(resp),
        "reduction_percent": round1(reduction),
        "category": category(reduction),
        "responder": is_responder(reduction),
        "relief_days": rel[0] if rel else None,
        "relief_ongoing": rel[1] if rel else None,
    }


def compute_figures(
    *,
    entries: Sequence[EntryRow],
    administrations: Sequence[AdministrationRow],
    intakes: Sequence[IntakeRow],
    period_start: date,
    period_end: date,
) -> dict:
    """The JSON-serialisable `figures` dict of a summary (CONTRACT.md)."""
    if period_end < period_start:
        raise ValueError("period_end is before period_start")
    pain, mood, mme = daily_pain(entries), daily_mood(entries), daily_mme(intakes)
    admin_dates = [a.local_date for a in administrations]
    period_dates = [d for d in pain if _in(d, period_start, period_end)]
    in_period = sorted(
        (a for a in administrations if _in(a.local_date, period_start, period_end)),
        key=lambda a: (a.administered_at, a.id),
    )
    return {
        "days": (period_end - period_start).days + 1,
        "logged_days": len(period_dates),
        "adherence_percent": round1(adherence_percent(pain, period_start, period_end)),
        "pain_mean": round1(period_pain_mean(pain, period_start, period_end)),
        "daily": [
            {
                "date": d.isoformat(),
                "pain": round1(pain[d]),
                "mood": round1(mood.get(d)),
                "mme": round1(mme.get(d)),
            }
            for d in period_dates
        ],
        "administrations": [_administration_figures(a, pain, admin_dates) for a in in_period],
        "side_effects": side_effect_counts(entries, admin_dates, period_start, period_end),
        "red_flags": red_flags(entries, administrations, period_start, period_end),
        "weekly_mme": [
            {"week_start": start.isoformat(), "mean_mme": round1(mean)}
            for start, mean in weekly_mme(mme, period_start, period_end)
        ],
        "mood_pain_r": round1(mood_pain_r(pain, mood, period_start, period_end)),
        "latest_pgic": latest_pgic(entries, period_start, period_end),
    }

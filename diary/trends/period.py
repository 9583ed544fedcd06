"""Figures 2, 3, 16 and 18 and the `daily` series: what the period's own dates show."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, localcontext
from fractions import Fraction

from diary.catalogue import PGIC
from diary.trends.arithmetic import mean, round1
from diary.trends.daily import Daily
from diary.trends.mme import MmeDay
from diary.trends.rows import EntryRow

MIN_PAIRED_DATES = 14  # figure 16: r is reported only with at least 14 dates


def pain_mean(pain: Daily, period_start: date, period_end: date) -> tuple[Fraction | None, int]:
    """Figure 2: mean daily pain over the period's logged dates, with pain_days."""
    values = [pain[d] for d in pain.logged(period_start, period_end)]
    return (mean(values) if values else None), len(values)


def adherence_percent(logged_days: int, days: int) -> Fraction | None:
    """Figure 3: logged dates / days in the period × 100 (None for a period of no days)."""
    return Fraction(100 * logged_days, days) if days else None


def daily_series(
    pain: Daily, mood: Daily, mme: dict[date, MmeDay], period_start: date, period_end: date
) -> list[dict]:
    """One item per logged date of the period: pain, mean mood, MME and mme_incomplete."""
    items = []
    for day in pain.logged(period_start, period_end):
        carried = mme.get(day)
        items.append(
            {
                "date": day.isoformat(),
                "pain": round1(pain[day]),
                "mood": round1(mood.get(day)),
                "mme": round1(carried.mme) if carried else None,
                "mme_incomplete": bool(carried and carried.incomplete),
            }
        )
    return items


def pearson_r(pairs: list[tuple[Fraction, Fraction]]) -> Decimal | None:
    """Pearson r of exact pairs; None when either series has no variance (r is undefined)."""
    xs, ys = [x for x, _ in pairs], [y for _, y in pairs]
    mx, my = mean(xs), mean(ys)
    sxx = sum(((x - mx) ** 2 for x in xs), Fraction(0))
    syy = sum(((y - my) ** 2 for y in ys), Fraction(0))
    sxy = sum(((x - mx) * (y - my) for x, y in pairs), Fraction(0))
    if sxx == 0 or syy == 0:
        return None
    squared = sxy * sxy / (sxx * syy)
    with localcontext() as ctx:
        ctx.prec = 50  # r is irrational in general; 50 digits leave the 1-decimal rounding exact
        r = (Decimal(squared.numerator) / Decimal(squared.denominator)).sqrt()
    return -r if sxy < 0 else r


def mood_pain(pain: Daily, mood: Daily, period_start: date, period_end: date) -> tuple[Decimal | None, int]:
    """Figure 16: (r, n) over the period's dates with both daily pain and daily mean mood;
    r only with at least 14 such dates."""
    pairs = [(pain[d], mood[d]) for d in pain.logged(period_start, period_end) if d in mood]
    r = pearson_r(pairs) if len(pairs) >= MIN_PAIRED_DATES else None
    return r, len(pairs)


def latest_pgic(entries: Iterable[EntryRow]) -> dict | None:
    """Figure 18 over the given (period's) entries: the latest diary date's PGIC (then the
    latest recorded_at, then id), with its label and date."""
    rated = [e for e in entries if e.pgic is not None]
    if not rated:
        return None
    latest = max(rated, key=lambda e: (e.diary_date, e.recorded_at, e.id))
    assert latest.pgic is not None
    label = PGIC.get(latest.pgic)
    return {
        "value": latest.pgic,
        "label": None if label is None else str(label),
        "date": latest.diary_date.isoformat(),
    }

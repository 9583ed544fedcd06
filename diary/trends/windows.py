"""Figures 4-8: baseline, response, change, category and meaningful relief around an event.

An event is an administration (R = L = D = its date) or an induction series (R = its
first date F, L = D = its last date). Every function takes the as-of date A and the
next-administration lookup N, so a window never reads a date after A.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from diary.trends.arithmetic import mean, round1
from diary.trends.daily import ONE_DAY, Daily, WindowMean

BASELINE_DAYS = 7  # baseline R−7 … R−1; response L+1 … L+7 at most
RESPONSE_DAYS = 7
LOW_BASELINE = 4  # a category needs a baseline of at least 4
RELIEF_HORIZON_DAYS = 90
RELIEF_LOST = Fraction(7, 10)  # relief ends when the trailing mean is above 70 % of the baseline
RELIEF_TRAILING_DAYS = 3  # T(d) = max(D+1, d−2) … d
RELIEF_MIN_DATES = 2

# (lowest reduction in percent, inclusive; category). Below them: `no_change` while the
# reduction is above −10 % (exclusive), else `worse`.
_CATEGORY_FLOORS = ((Fraction(50), "substantial"), (Fraction(30), "moderate"), (Fraction(10), "minimal"))
RESPONDER_CATEGORIES = frozenset({"substantial", "moderate"})
WINDOW_FIELDS = (
    "baseline",
    "baseline_days",
    "response",
    "response_days",
    "response_complete",
    "response_until",
    "change",
    "reduction_percent",
    "category",
    "category_reason",
    "responder",
    "relief_days",
    "relief_ongoing",
    "relief_bound",
)


class NextAdministration:
    """N(x): the local date of the first administration dated after x (any episode), or None."""

    def __init__(self, administration_dates: Iterable[date]) -> None:
        self._dates = sorted(set(administration_dates))

    def after(self, day: date) -> date | None:
        i = bisect.bisect_right(self._dates, day)
        return self._dates[i] if i < len(self._dates) else None

    def __contains__(self, day: date) -> bool:
        i = bisect.bisect_left(self._dates, day)
        return i < len(self._dates) and self._dates[i] == day


def baseline(pain: Daily, before: date) -> WindowMean:
    """Figure 4: mean daily pain over R−7 … R−1, with baseline_days."""
    return pain.window(before - BASELINE_DAYS * ONE_DAY, before - ONE_DAY)


def response_until(last: date, nxt: NextAdministration) -> date:
    """Figure 5: the response window's last date, min(L+7, N(L)−1)."""
    until = last + RESPONSE_DAYS * ONE_DAY
    following = nxt.after(last)
    return until if following is None else min(until, following - ONE_DAY)


def response(pain: Daily, last: date, nxt: NextAdministration) -> WindowMean:
    """Figure 5: mean daily pain over L+1 … min(L+7, N(L)−1), with response_days."""
    return pain.window(last + ONE_DAY, response_until(last, nxt))


def change(base: Fraction | None, after: Fraction | None) -> Fraction | None:
    """Figure 6: baseline − response in points (positive = less pain)."""
    return None if base is None or after is None else base - after


def reduction_percent(base: Fraction | None, after: Fraction | None) -> Fraction | None:
    """Figure 6: change / baseline × 100; undefined (None) when the baseline is 0."""
    points = change(base, after)
    return None if points is None or base == 0 else points / base * 100


def category_of(reduction: Fraction) -> str:
    """Figure 7: the category of a reduction in percent (unrounded)."""
    for floor, code in _CATEGORY_FLOORS:
        if reduction >= floor:
            return code
    return "no_change" if reduction > -10 else "worse"


def categorise(
    base: WindowMean, after: WindowMean, *, complete: bool, pending_reason: str = "in_progress"
) -> tuple[str | None, str | None]:
    """Figure 7: (category, None) or (None, category_reason).

    Reasons in this order (docs/trends.md): a baseline short of 3 dates (insufficient_data)
    or below 4 (low_baseline) can never become a category; then an incomplete window
    (`pending_reason`: in_progress, or too_early for an episode outcome); then a response
    short of 3 dates (insufficient_data).
    """
    if base.value is None:
        return None, "insufficient_data"
    if base.value < LOW_BASELINE:
        return None, "low_baseline"
    if not complete:
        return None, pending_reason
    if after.value is None:
        return None, "insufficient_data"
    reduction = reduction_percent(base.value, after.value)
    assert reduction is not None  # the baseline is at least 4
    return category_of(reduction), None


@dataclass(frozen=True)
class Relief:
    """Figure 8: meaningful relief after a responder's event."""

    days: int
    ongoing: bool
    bound: str | None  # next_administration | horizon | as_of while ongoing; None once ended


def relief(pain: Daily, *, base: Fraction, last: date, nxt: NextAdministration, as_of: date) -> Relief:
    """Figure 8: D = last; U = the earliest of N(D)−1, D+90 and A.

    Relief ends at the first logged d in D+1 … U whose T(d) (logged dates in
    max(D+1, d−2) … d) has at least 2 dates with a mean above 70 % of the baseline.
    On a tie between bounds the first of next_administration, horizon, as_of is named:
    a bound that is already fixed wins over "so far".
    """
    following = nxt.after(last)
    bounds = [
        ("next_administration", None if following is None else following - ONE_DAY),
        ("horizon", last + RELIEF_HORIZON_DAYS * ONE_DAY),
        ("as_of", as_of),
    ]
    until = min(day for _, day in bounds if day is not None)
    bound = next(code for code, day in bounds if day == until)
    threshold = RELIEF_LOST * base
    logged = pain.logged(last + ONE_DAY, until)
    for i, day in enumerate(logged):
        start = max(last + ONE_DAY, day - (RELIEF_TRAILING_DAYS - 1) * ONE_DAY)
        trailing = [d for d in logged[max(0, i - RELIEF_TRAILING_DAYS + 1) : i + 1] if d >= start]
        if len(trailing) >= RELIEF_MIN_DATES and mean(pain[d] for d in trailing) > threshold:
            return Relief((day - last).days - 1, False, None)
    return Relief((logged[-1] - last).days if logged else 0, True, bound)


def window_figures(pain: Daily, *, before: date, last: date, nxt: NextAdministration, as_of: date) -> dict:
    """The <window> fields of CONTRACT.md for an event from R = `before` to L = D = `last`."""
    base = baseline(pain, before)
    until = response_until(last, nxt)
    after = pain.window(last + ONE_DAY, until)
    complete = until <= as_of
    category, reason = categorise(base, after, complete=complete)
    responder = None if category is None else category in RESPONDER_CATEGORIES
    found = None
    if responder and base.value is not None:
        found = relief(pain, base=base.value, last=last, nxt=nxt, as_of=as_of)
    return {
        "baseline": round1(base.value),
        "baseline_days": base.days,
        "response": round1(after.value),
        "response_days": after.days,
        "response_complete": complete,
        "response_until": until.isoformat(),
        "change": round1(change(base.value, after.value)),
        "reduction_percent": round1(reduction_percent(base.value, after.value)),
        "category": category,
        "category_reason": reason,
        "responder": responder,
        "relief_days": found.days if found else None,
        "relief_ongoing": found.ongoing if found else None,
        "relief_bound": found.bound if found else None,
    }

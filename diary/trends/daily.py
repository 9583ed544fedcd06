"""Figure 1 and its kin: one value per date (daily pain, daily mean mood), looked up by date.

A window's mean walks the window's dates and looks each up, so its cost is the window's
length, never the patient's history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from diary.trends.arithmetic import mean
from diary.trends.rows import EntryRow

ONE_DAY = timedelta(days=1)
MIN_LOGGED_DATES = 3  # a window's mean needs at least this many logged dates (figures 4, 5, 11)


def dates(first: date, last: date) -> Iterator[date]:
    """first … last, both included (nothing when last < first)."""
    for n in range((last - first).days + 1):
        yield first + n * ONE_DAY


@dataclass(frozen=True)
class WindowMean:
    """A mean over a window with its count; `value` is None below the minimum of logged dates."""

    value: Fraction | None
    days: int


class Daily:
    """Values per date: dates without one are missing (never 0)."""

    def __init__(self, by_date: dict[date, Fraction]) -> None:
        self.by_date = dict(sorted(by_date.items()))

    def __contains__(self, day: date) -> bool:
        return day in self.by_date

    def __getitem__(self, day: date) -> Fraction:
        return self.by_date[day]

    def get(self, day: date) -> Fraction | None:
        return self.by_date.get(day)

    def logged(self, first: date, last: date) -> list[date]:
        """The logged dates in first … last, oldest first."""
        return [day for day in dates(first, last) if day in self.by_date]

    def window(self, first: date, last: date, *, minimum: int = MIN_LOGGED_DATES) -> WindowMean:
        """Mean over the logged dates in first … last, with their count (figures 4, 5, 11)."""
        values = [self.by_date[day] for day in self.logged(first, last)]
        return WindowMean(mean(values) if len(values) >= minimum and values else None, len(values))


def daily_pain(entries: Iterable[EntryRow]) -> Daily:
    """Figure 1: mean pain_now over each date's entries."""
    by_date: dict[date, list[int]] = defaultdict(list)
    for e in entries:
        by_date[e.diary_date].append(e.pain_now)
    return Daily({day: mean(values) for day, values in by_date.items()})


def daily_mood(entries: Iterable[EntryRow]) -> Daily:
    """Mean mood over each date's entries that logged one (figure 16, the `daily` series)."""
    by_date: dict[date, list[int]] = defaultdict(list)
    for e in entries:
        if e.mood is not None:
            by_date[e.diary_date].append(e.mood)
    return Daily({day: mean(values) for day, values in by_date.items()})

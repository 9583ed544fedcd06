"""Measure what one patient's figures cost as the diary grows (DESIGN.md: the nightly job's
cost per patient stays flat; windows look dates up and never rescan the whole history).

Pure Python, no database: builds 6 months, 1 year and 2 years of a realistic diary (two
entries a day, two intakes a day, an administration a week) and times `compute_figures`
for the last 30 days, median of several runs. Prints milliseconds per patient and the ratio
against the 6-month diary: linear growth gives about 2 and 4, quadratic 4 and 16.

    .venv/bin/python bench/trends.py
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from diary.catalogue import mme_for
from diary.trends import AdministrationRow, EntryRow, IntakeRow, compute_figures

RUNS = 7
CET = timezone(timedelta(hours=1))


def diary(days: int, end: date) -> dict:
    start = end - timedelta(days=days - 1)
    entries, doses, intakes = [], [], []
    for n in range(days):
        day = start + timedelta(days=n)
        for k in range(2):
            at = datetime(day.year, day.month, day.day, 8 + 10 * k, tzinfo=CET)
            effects = (("nausea", 1),) if n % 5 == 0 else ()
            entries.append(EntryRow(f"e{n}-{k}", day, at, (n * 7 + k) % 11, (n * 3) % 11, 2, effects))
            dose = Decimal(10)
            intakes.append(
                IntakeRow(f"i{n}-{k}", day, "oxycodone", dose, "mg", mme_for("oxycodone", dose, "mg"))
            )
        if n % 7 == 0:
            phase = "induction" if n < 21 else "maintenance"
            at = datetime(day.year, day.month, day.day, 10, tzinfo=CET)
            doses.append(AdministrationRow(f"a{n}", "ep1", day, at, "iv_infusion", phase, heart_rate_max=90))
    return {"entries": entries, "administrations": doses, "intakes": intakes}


def median_ms(rows: dict, end: date) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        compute_figures(**rows, period_start=end - timedelta(days=29), period_end=end, as_of=end)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    end = date(2026, 11, 28)
    print(f"compute_figures for a 30-day period, median of {RUNS} runs")
    baseline = None
    for days in (182, 365, 730):
        ms = median_ms(diary(days, end), end)
        baseline = baseline or ms
        print(f"  {days:4} days of diary: {ms:7.1f} ms per patient   ratio {ms / baseline:4.1f}×")


if __name__ == "__main__":
    main()

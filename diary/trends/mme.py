"""Figures 14, 15 and 17: daily and weekly MME and the opioid cautions (CDC 2022).

A date carries each intake's MME on its own date and each patch's MME per day worn on
each of the ceil(wear_hours / 24) dates starting with its own. A date carrying an opioid
without an MME factor is MME-incomplete: its daily MME is unknown (None), never 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from diary.catalogue import DRUGS
from diary.trends.arithmetic import mean, round1
from diary.trends.daily import ONE_DAY, dates
from diary.trends.rows import IntakeRow

PATCH_UNIT = "mcg_per_h"
DEFAULT_WEAR_HOURS = 72
WEEK_DAYS = 7
CAUTION_MME = (50, 90)  # CDC 2022: reassess at >= 50 MME/day, avoid or justify >= 90


@dataclass
class MmeDay:
    """What one date carries."""

    total: Decimal = Decimal(0)  # the MME of the intakes and patches with a factor
    incomplete: bool = False  # an opioid without a factor (buprenorphine, other_opioid)
    opioid: bool = False
    benzodiazepine: bool = False

    @property
    def mme(self) -> Decimal | None:
        """Figure 14: the daily MME; None when MME-incomplete."""
        return None if self.incomplete else self.total


def carried_dates(intake: IntakeRow) -> list[date]:
    """The dates an intake counts on: its own, or ceil(wear_hours / 24) dates for a patch."""
    if intake.unit != PATCH_UNIT:
        return [intake.local_date]
    worn = math.ceil((intake.wear_hours or DEFAULT_WEAR_HOURS) / 24)
    return [intake.local_date + n * ONE_DAY for n in range(worn)]


def daily_mme(intakes: Iterable[IntakeRow], *, as_of: date) -> dict[date, MmeDay]:
    """Figure 14 for every date that carries an intake or a patch, up to A."""
    days: dict[date, MmeDay] = {}
    for intake in intakes:
        drug = DRUGS.get(intake.drug)
        for day in carried_dates(intake):
            if day > as_of:
                break
            carried = days.setdefault(day, MmeDay())
            carried.total += intake.mme or 0
            if drug is not None:
                carried.incomplete |= drug.mme_incomplete
                carried.opioid |= drug.opioid
                carried.benzodiazepine |= drug.benzodiazepine
    return dict(sorted(days.items()))


def weekly_mme(days: dict[date, MmeDay], period_start: date, period_end: date) -> list[dict]:
    """Figure 15: every 7-day block from the period start (the last may be shorter), with the
    mean daily MME over its dates with a known MME (`mme_days`), None when it has none."""
    blocks = []
    start = period_start
    while start <= period_end:
        end = min(start + timedelta(days=WEEK_DAYS - 1), period_end)
        carried = [days[d] for d in dates(start, end) if d in days]
        known = [c.total for c in carried if not c.incomplete]
        blocks.append(
            {
                "week_start": start.isoformat(),
                "mean_mme": round1(mean(known)) if known else None,
                "mme_days": len(known),
                "incomplete": any(c.incomplete for c in carried),
            }
        )
        start += timedelta(days=WEEK_DAYS)
    return blocks


def opioid_cautions(days: dict[date, MmeDay], period_start: date, period_end: date) -> dict:
    """Figure 17 over the period's dates: days at >= 50 and >= 90 MME, the highest daily MME
    (the latest date on a tie; None without any MME above 0), opioid-and-benzodiazepine days."""
    in_period = [(d, days[d]) for d in dates(period_start, period_end) if d in days]
    known = [(d, c.total) for d, c in in_period if not c.incomplete]
    low, high = CAUTION_MME
    top = max(known, key=lambda item: (item[1], item[0]), default=None)
    return {
        "mme_50_days": sum(1 for _, m in known if m >= low),
        "mme_90_days": sum(1 for _, m in known if m >= high),
        "max_daily_mme": {"date": top[0].isoformat(), "mme": round1(top[1])} if top and top[1] > 0 else None,
        "opioid_benzodiazepine_days": sum(1 for _, c in in_period if c.opioid and c.benzodiazepine),
    }

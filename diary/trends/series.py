"""Figures 9-11: induction series, per-administration figures and episode outcomes.

What a summary lists (docs/trends.md): an administration when its local date is in the
period; an induction series, and an episode outcome, when the span from its first to its
last administration overlaps the period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from diary.trends.arithmetic import as_float, round1
from diary.trends.daily import ONE_DAY, Daily
from diary.trends.rows import AdministrationRow, EpisodeRow
from diary.trends.windows import (
    BASELINE_DAYS,
    NextAdministration,
    baseline,
    categorise,
    change,
    reduction_percent,
    window_figures,
)

INDUCTION = "induction"


def _overlaps(first: date, last: date, period_start: date, period_end: date) -> bool:
    return first <= period_end and last >= period_start


def total_dose_mg(administrations: Iterable[AdministrationRow]) -> Decimal | None:
    """Figure 9: the sum of dose_mg, or dose_mg_per_kg × weight_kg where dose_mg is absent;
    None if any administration has neither."""
    total = Decimal(0)
    for a in administrations:
        if a.dose_mg is not None:
            total += a.dose_mg
        elif a.dose_mg_per_kg is not None and a.weight_kg is not None:
            total += a.dose_mg_per_kg * a.weight_kg
        else:
            return None
    return total


def _by_episode(administrations: Iterable[AdministrationRow]) -> dict[str, list[AdministrationRow]]:
    grouped: dict[str, list[AdministrationRow]] = defaultdict(list)
    for a in sorted(administrations, key=lambda a: (a.local_date, a.administered_at, a.id)):
        grouped[a.episode_id].append(a)
    return grouped


def induction_series(
    administrations: Sequence[AdministrationRow],
    pain: Daily,
    nxt: NextAdministration,
    *,
    period_start: date,
    period_end: date,
    as_of: date,
) -> list[dict]:
    """Figure 9, one item per episode with induction administrations whose F … L overlaps the period."""
    items = []
    inductions = (a for a in administrations if a.phase == INDUCTION)
    for episode_id, series in _by_episode(inductions).items():
        first, last = series[0].local_date, series[-1].local_date
        if not _overlaps(first, last, period_start, period_end):
            continue
        items.append(
            {
                "episode_id": episode_id,
                "first_date": first.isoformat(),
                "last_date": last.isoformat(),
                "administrations": len(series),
                "total_dose_mg": round1(total_dose_mg(series)),
                **window_figures(pain, before=first, last=last, nxt=nxt, as_of=as_of),
            }
        )
    return sorted(items, key=lambda s: (s["first_date"], s["episode_id"]))


def administration_items(
    administrations: Sequence[AdministrationRow],
    pain: Daily,
    nxt: NextAdministration,
    *,
    period_start: date,
    period_end: date,
    as_of: date,
) -> list[dict]:
    """Figure 10: the period's administrations, oldest first; maintenance and single ones with
    their window (R = L = D = the local date), induction ones `in_series` with none."""
    items = []
    listed = (a for a in administrations if period_start <= a.local_date <= period_end)
    for a in sorted(listed, key=lambda a: (a.administered_at, a.id)):
        item = {
            "id": a.id,
            "episode_id": a.episode_id,
            "date": a.local_date.isoformat(),
            "route": a.route,
            "phase": a.phase,
            "dose_mg": as_float(a.dose_mg),
            "dose_mg_per_kg": as_float(a.dose_mg_per_kg),
            "duration_minutes": a.duration_minutes,
            "bp_systolic_max": a.bp_systolic_max,
            "bp_diastolic_max": a.bp_diastolic_max,
            "heart_rate_max": a.heart_rate_max,
            "in_series": a.phase == INDUCTION,
        }
        if not item["in_series"]:
            item |= window_figures(pain, before=a.local_date, last=a.local_date, nxt=nxt, as_of=as_of)
        items.append(item)
    return items


def episode_outcomes(
    administrations: Sequence[AdministrationRow],
    episodes: Iterable[EpisodeRow],
    pain: Daily,
    *,
    period_start: date,
    period_end: date,
    as_of: date,
) -> list[dict]:
    """Figure 11, per episode with an administration, listed while the episode runs in the
    period: from its first administration F to its end (ended_on, or A while it is open),
    overlapping the period. `current` is the mean over A−6 … A; while A−6 ≤ F the outcome
    is too early: no category, change or reduction."""
    known = {e.id: e for e in episodes}
    current = pain.window(as_of - (BASELINE_DAYS - 1) * ONE_DAY, as_of)
    items = []
    for episode_id, given in _by_episode(administrations).items():
        first, episode = given[0].local_date, known.get(episode_id)
        ended = episode.ended_on if episode is not None and episode.ended_on is not None else as_of
        if not _overlaps(first, max(first, ended), period_start, period_end):
            continue
        base = baseline(pain, first)
        too_early = as_of - (BASELINE_DAYS - 1) * ONE_DAY <= first
        category, reason = categorise(base, current, complete=not too_early, pending_reason="too_early")
        after = None if too_early else current.value
        items.append(
            {
                "id": episode_id,
                "title": episode.title if episode is not None else None,
                "first_administration_date": first.isoformat(),
                "baseline": round1(base.value),
                "baseline_days": base.days,
                "current": round1(current.value),
                "current_days": current.days,
                "change": round1(change(base.value, after)),
                "reduction_percent": round1(reduction_percent(base.value, after)),
                "category": category,
                "category_reason": reason,
            }
        )
    return sorted(items, key=lambda e: (e["first_administration_date"], e["id"]))

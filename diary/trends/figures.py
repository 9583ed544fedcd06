"""The `figures` dict of a summary (CONTRACT.md, version 2) and whether it may still change."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils import translation

from diary.trends.arithmetic import round1
from diary.trends.assessments import assessment_items
from diary.trends.daily import daily_mood, daily_pain
from diary.trends.flags import FIGURES_LANGUAGE, red_flags, side_effects
from diary.trends.mme import daily_mme, opioid_cautions, weekly_mme
from diary.trends.period import adherence_percent, daily_series, latest_pgic, mood_pain, pain_mean
from diary.trends.rows import AdministrationRow, AssessmentRow, EntryRow, EpisodeRow, IntakeRow
from diary.trends.series import administration_items, episode_outcomes, induction_series
from diary.trends.windows import NextAdministration

FIGURES_VERSION = 2
_PENDING_REASONS = frozenset({"in_progress", "too_early"})


def compute_figures(
    *,
    entries: Sequence[EntryRow],
    administrations: Sequence[AdministrationRow],
    intakes: Sequence[IntakeRow],
    episodes: Sequence[EpisodeRow] = (),
    assessments: Sequence[AssessmentRow] = (),
    period_start: date,
    period_end: date,
    as_of: date | None = None,
) -> dict:
    """Every figure of DOMAIN.md version 2 for one patient's rows (all history, any order).

    Rows dated after `as_of` (A) are ignored, and the period's own figures stop at
    min(period_end, A). Windows (baselines, responses, relief) read the patient's rows
    outside the period too. `as_of` None means period_end (for callers predating v2).
    Words in them are in FIGURES_LANGUAGE whatever language is active.
    """
    with translation.override(FIGURES_LANGUAGE):
        return _figures(
            entries=entries,
            administrations=administrations,
            intakes=intakes,
            episodes=episodes,
            assessments=assessments,
            period_start=period_start,
            period_end=period_end,
            as_of=as_of,
        )


def _figures(
    *,
    entries: Sequence[EntryRow],
    administrations: Sequence[AdministrationRow],
    intakes: Sequence[IntakeRow],
    episodes: Sequence[EpisodeRow],
    assessments: Sequence[AssessmentRow],
    period_start: date,
    period_end: date,
    as_of: date | None,
) -> dict:
    if period_end < period_start:
        raise ValueError("period_end is before period_start")
    as_of = period_end if as_of is None else as_of
    end = min(period_end, as_of)  # the period's last date with figures
    entries = [e for e in entries if e.diary_date <= as_of]
    administrations = [a for a in administrations if a.local_date <= as_of]
    intakes = [i for i in intakes if i.local_date <= as_of]
    period_assessments = [q for q in assessments if period_start <= q.local_date <= end]

    pain, mood = daily_pain(entries), daily_mood(entries)
    mme = daily_mme(intakes, as_of=as_of)
    nxt = NextAdministration(a.local_date for a in administrations)
    period_entries = [e for e in entries if period_start <= e.diary_date <= end]
    period_administrations = [a for a in administrations if period_start <= a.local_date <= end]
    mean, logged = pain_mean(pain, period_start, end)
    days = max(0, (end - period_start).days + 1)
    r, n = mood_pain(pain, mood, period_start, end)
    span = {"period_start": period_start, "period_end": end, "as_of": as_of}
    return {
        "figures_version": FIGURES_VERSION,
        "as_of": as_of.isoformat(),
        "days": days,
        "logged_days": logged,
        "adherence_percent": round1(adherence_percent(logged, days)),
        "pain_mean": round1(mean),
        "pain_days": logged,
        "daily": daily_series(pain, mood, mme, period_start, end),
        "series": induction_series(administrations, pain, nxt, **span),
        "administrations": administration_items(administrations, pain, nxt, **span),
        "episodes": episode_outcomes(administrations, episodes, pain, **span),
        "side_effects": side_effects(period_entries, {a.local_date for a in administrations}),
        "red_flags": red_flags(period_entries, period_administrations, period_assessments),
        "weekly_mme": weekly_mme(mme, period_start, end),
        "opioid_cautions": opioid_cautions(mme, period_start, end),
        "mood_pain_r": round1(r),
        "mood_pain_n": n,
        "latest_pgic": latest_pgic(period_entries),
        "assessments": assessment_items(period_assessments),
    }


def figures_in_progress(figures: dict) -> bool:
    """True when a later computation could change the figures: a series or administration
    window still open (response_complete false), a category_reason in_progress or
    too_early, or relief still ongoing only because A came first (relief_bound as_of)."""
    windows = [*figures.get("series", ()), *figures.get("administrations", ())]
    if any(w.get("response_complete") is False or w.get("relief_bound") == "as_of" for w in windows):
        return True
    outcomes = [*windows, *figures.get("episodes", ())]
    return any(item.get("category_reason") in _PENDING_REASONS for item in outcomes)

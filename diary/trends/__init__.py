"""Trend figures of a summary (DOMAIN.md version 2, "Trend figures: exact definitions").

Pure functions over plain rows, no database: callers build `EntryRow`, `AdministrationRow`,
`IntakeRow`, `EpisodeRow` and `AssessmentRow` (diary.selectors.trend_rows_by_patient) and `compute_figures`
returns the `figures` dict of CONTRACT.md. docs/trends.md says how each definition is read.

- rows: the row types;  arithmetic: exact values and the one rounding (round1);
- daily: values per date (figure 1) and window means;
- windows: baseline, response, change, category, relief (figures 4-8);
- series: induction series, administrations, episode outcomes (figures 9-11);
- flags: side effects and red flags (12-13);  mme: daily and weekly MME, cautions (14, 15, 17);
- period: pain mean, adherence, mood-pain r, latest PGIC, the daily series (2, 3, 16, 18);
- figures: compute_figures and figures_in_progress.
"""

from diary.trends.arithmetic import round1
from diary.trends.assessments import assessment_items
from diary.trends.daily import MIN_LOGGED_DATES, daily_mood, daily_pain
from diary.trends.figures import FIGURES_VERSION, compute_figures, figures_in_progress
from diary.trends.mme import DEFAULT_WEAR_HOURS, daily_mme, opioid_cautions, weekly_mme
from diary.trends.period import MIN_PAIRED_DATES, latest_pgic, mood_pain
from diary.trends.rows import AdministrationRow, AssessmentRow, EntryRow, EpisodeRow, IntakeRow
from diary.trends.series import total_dose_mg
from diary.trends.windows import (
    BASELINE_DAYS,
    RELIEF_HORIZON_DAYS,
    NextAdministration,
    baseline,
    category_of,
    reduction_percent,
    relief,
    response,
    response_until,
    window_figures,
)

__all__ = [
    "BASELINE_DAYS",
    "DEFAULT_WEAR_HOURS",
    "FIGURES_VERSION",
    "MIN_LOGGED_DATES",
    "MIN_PAIRED_DATES",
    "RELIEF_HORIZON_DAYS",
    "AdministrationRow",
    "AssessmentRow",
    "EntryRow",
    "EpisodeRow",
    "IntakeRow",
    "NextAdministration",
    "assessment_items",
    "baseline",
    "category_of",
    "compute_figures",
    "daily_mme",
    "daily_mood",
    "daily_pain",
    "figures_in_progress",
    "latest_pgic",
    "mood_pain",
    "opioid_cautions",
    "reduction_percent",
    "relief",
    "response",
    "response_until",
    "round1",
    "total_dose_mg",
    "weekly_mme",
    "window_figures",
]

"""The figures of a summary in words (care.figures_display), as the portal page and the PDF show them.

DOMAIN.md § How figures are shown: every mean with its n, an incomplete window "in progress
until <date>", a missing category by its reason in words, the change in points beside every
percentage, PGIC as its label then its code and date, a legend. The figures are the
hand-built ones of tests/care/figures_v2.py.
"""

from __future__ import annotations

from datetime import date

import pytest

from care.figures_display import (
    administration_display,
    assessment_display,
    change_text,
    dose_text,
    is_current,
    relief_text,
    summary_display,
    window_display,
)
from diary import catalogue
from tests.care.figures_v2 import MAINTENANCE_1, MAINTENANCE_2, PERIOD_END, figures_v2


@pytest.fixture
def shown():
    return summary_display(figures_v2(), period_end=PERIOD_END)


def test_red_flags_come_newest_first_with_their_kind_in_words(shown):
    assert [(f.date, f.kind, f.detail) for f in shown.red_flags] == [
        ("2026-11-15", "Side effect", "Bladder pain, mild"),
        (
            "2026-11-13",
            "Questionnaire",
            "PHQ-9 item 9 answered 1 (thoughts of being better off dead or of self-harm)",
        ),
        ("2026-11-02", "Blood pressure", "BP 182/98 mmHg"),
        ("2026-10-30", "Heart rate", "Heart rate 124/min"),
        ("2026-10-28", "Side effect", "Hallucinations, severe"),
    ]


def test_the_induction_series_with_every_mean_beside_its_n(shown):
    (episode,) = shown.episodes
    (series,) = episode.series

    assert episode.title == "Ketamine infusions for CRPS, autumn 2026"
    assert series.line == "Induction series: 5 infusions, 2026-10-26 to 2026-11-04, total dose 142.8 mg"
    w = series.window
    assert w.before == "6.8 (7 of 7 days logged)"
    # the window after ends the day before the maintenance dose of 9 Nov: 5-8 Nov, 4 days
    assert w.after == "3.5 (4 of 4 days logged)"
    assert w.change == "3.3 points (48.5 %) lower"
    assert (w.category, w.responder) == ("Moderate", "responder")
    assert w.relief == "4 days, not ended (until the next dose)"
    assert w.line == (
        "Before 6.8 (7 of 7 days logged) → after 3.5 (4 of 4 days logged): 3.3 points (48.5 %) lower, "
        "moderate, responder, relief 4 days, not ended (until the next dose)."
    )


def test_the_episode_outcome_reads_before_treatment_to_now(shown):
    outcome = shown.episodes[0].outcome
    assert outcome.line == (
        "Before treatment 6.8 (7 of 7 days logged) → now 4.3 (6 of 7 days logged): "
        "2.6 points (37.5 %) lower, moderate"
    )


def test_maintenance_doses_carry_their_windows_and_a_missing_category_its_reason(shown):
    low, in_progress = shown.doses

    assert low.id == MAINTENANCE_1
    assert low.line == "2026-11-09 · Maintenance · Intravenous infusion · 34 mg (0.5 mg/kg) over 60 min"
    assert low.window.before == "3.4 (6 of 7 days logged)"
    assert low.window.change == "0.8 points (22.0 %) higher"  # change −0.8: more pain after
    assert low.window.category == "no category: " + catalogue.CATEGORY_REASONS["low_baseline"]
    assert low.window.responder is None and low.window.relief is None
    assert low.window.in_progress_until is None

    assert in_progress.id == MAINTENANCE_2
    assert in_progress.dose == "0.5 mg/kg"
    assert in_progress.window.after == (
        "no mean yet (1 of 7 days logged so far), in progress until 2026-11-25"
    )
    assert in_progress.window.in_progress_until == date(2026, 11, 25)
    assert in_progress.window.category == "no category: the week after is still in progress"
    assert in_progress.window.change is None


def test_induction_administrations_are_listed_without_figures_of_their_own(shown):
    assert [a.date.isoformat() for a in shown.induction] == [
        "2026-10-26",
        "2026-10-28",
        "2026-10-30",
        "2026-11-02",
        "2026-11-04",
    ]
    third, fourth = shown.induction[2], shown.induction[3]
    assert all(a.in_series and a.window is None for a in shown.induction)
    assert (third.dose, third.duration, third.blood_pressure, third.heart_rate) == (
        "27.2 mg (0.4 mg/kg)",
        "50 min",
        "152/90 mmHg",
        "124/min",
    )
    assert third.heart_rate_flag and not third.blood_pressure_flag  # 124 ≥ 120
    assert fourth.blood_pressure_flag and not fourth.heart_rate_flag  # 182 ≥ 180


def test_side_effects_show_the_highest_severity_as_a_word(shown):
    assert [(s.label, s.count, s.max_severity, s.within_2_days) for s in shown.side_effects][2:] == [
        ("Hallucinations", 1, "severe", 1),
        ("Bladder pain", 1, "mild", 0),
    ]


def test_weekly_mme_says_how_many_days_and_which_weeks_are_incomplete(shown):
    weeks = [
        (w.week_start.isoformat(), w.week_end.isoformat(), w.mean, w.incomplete) for w in shown.weekly_mme
    ]
    assert weeks[3:] == [
        ("2026-11-12", "2026-11-18", "30.0 (5 of 7 days with intakes)", True),
        # the last block is 19-20 November: 2 days, nothing logged
        ("2026-11-19", "2026-11-20", "no intakes logged (0 of 2 days)", False),
    ]


def test_opioid_cautions_and_the_days_whose_mme_is_incomplete(shown):
    c = shown.opioid_cautions
    assert (c.mme_50_days, c.mme_90_days, c.opioid_benzodiazepine_days, c.days) == (4, 0, 2, 30)
    assert c.max_daily == "60.0 on 2026-10-24"
    assert c.incomplete_days == 1  # 14 Nov, buprenorphine


def test_headline_means_mood_pain_and_pgic_with_their_counts(shown):
    assert (shown.pain_mean, shown.pain_days) == ("4.4", "26 of 30 days logged")
    assert (shown.adherence, shown.logged_days) == ("86.7 %", "26 of 30 days logged")
    assert shown.mood_pain == "r = -0.8 (22 days with both mood and pain)"
    assert shown.latest_pgic == "Much improved (2), 2026-11-20"
    assert shown.as_of == date(2026, 11, 20)


def test_a_mood_pain_r_without_enough_days_says_how_many_there_are():
    figures = figures_v2() | {"mood_pain_r": None, "mood_pain_n": 9}
    shown = summary_display(figures, period_end=PERIOD_END)
    assert shown.mood_pain == "not reported: 9 days with both mood and pain, at least 14 needed"


def test_the_legend_is_the_catalogues_one_line_each(shown):
    assert shown.legend == list(catalogue.LEGEND.values())
    assert len(shown.legend) == 7  # five categories, responder, relief


def test_daily_rows_mark_administrations_and_incomplete_mme(shown):
    by_date = {d.date: d for d in shown.daily}
    assert by_date["2026-11-14"].mme == "30.0 (incomplete)"
    assert by_date["2026-11-09"].administration and not by_date["2026-11-10"].administration
    assert by_date["2026-10-22"].mood == "–"  # no mood that day: missing, never 0


def test_each_questionnaire_first_to_latest_with_band_date_and_change(shown):
    assert [(a.name, a.about, a.first, a.latest, a.change, a.count) for a in shown.assessments] == [
        (
            "PEG",
            "pain, enjoyment of life and general activity, 0–10",
            "7.3 on 2026-10-22",  # the PEG keeps its decimal and has no band
            "4.0 on 2026-11-19",
            "3.3 points lower",  # 4.0 − 7.3 = −3.3
            "5 in the period",
        ),
        (
            "PHQ-9",
            "Patient Health Questionnaire (depression), 0–27",
            "12 (moderate) on 2026-10-24",  # a sum: a whole number, with its band
            "8 (mild) on 2026-11-13",
            "4 points lower",  # 8 − 12
            "2 in the period",
        ),
        ("GAD-7", "Generalized Anxiety Disorder scale, 0–21", "6 (mild) on 2026-10-24",
         "6 (mild) on 2026-10-24", "only one in the period", "1 in the period"),
    ]  # fmt: skip
    peg, _, gad7 = shown.assessments
    assert peg.line == "PEG: 7.3 on 2026-10-22 → 4.0 on 2026-11-19, 3.3 points lower (5 in the period)"
    assert gad7.line == "GAD-7: 6 (mild) on 2026-10-24 (only one in the period)"
    assert "Higher scores mean more" in shown.assessments_explained


@pytest.mark.parametrize(
    ("instrument", "first", "latest", "change", "text"),
    [
        ("phq9", (5, "mild"), (20, "severe"), 15.0, "15 points higher"),  # worse: a higher score
        ("phq9", (15, "moderately_severe"), (14, "moderate"), -1.0, "1 point lower"),
        ("gad7", (10, "moderate"), (10, "moderate"), 0.0, "no change (0 points)"),
        ("peg", (5.0, None), (6.0, None), 1.0, "1.0 point higher"),
        ("peg", (5.0, None), (4.5, None), -0.5, "0.5 points lower"),
    ],
)
def test_questionnaire_changes_in_words(instrument, first, latest, change, text):
    shown = assessment_display(
        {
            "instrument": instrument,
            "count": 2,
            "first": {"date": "2026-03-01", "score": first[0], "band": first[1]},
            "latest": {"date": "2026-03-29", "score": latest[0], "band": latest[1]},
            "change": change,
        }
    )
    assert shown.change == text
    if first[1] == "moderately_severe":
        assert shown.first == "15 (moderately severe) on 2026-03-01"


def test_a_summary_without_questionnaires_lists_none(shown):
    figures = figures_v2() | {"assessments": []}
    assert summary_display(figures, period_end=PERIOD_END).assessments == []


@pytest.mark.parametrize(
    ("figures", "current"),
    [
        (None, False),
        ({}, False),
        ({"days": 30, "pain_mean": 4.0}, False),  # version 1: no figures_version
        ({"figures_version": 2}, True),
    ],
)
def test_only_version_2_figures_are_shown(figures, current):
    assert is_current(figures) is current


# --- the wording of single figures ------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "reduction", "text"),
    [
        (2.9, 42.6, "2.9 points (42.6 %) lower"),
        (-1.2, -17.6, "1.2 points (17.6 %) higher"),
        (0.0, 0.0, "no change (0.0 points, 0.0 %)"),
        (-2.0, None, "2.0 points higher"),  # baseline 0: no percentage, the points still shown
        (None, None, None),
    ],
)
def test_change_in_points_beside_every_percentage(change, reduction, text):
    assert change_text(change, reduction) == text


@pytest.mark.parametrize(
    ("days", "ongoing", "bound", "text"),
    [
        (9, False, None, "9 days"),
        (1, False, None, "1 day"),
        (4, True, "next_administration", "4 days, not ended (until the next dose)"),
        (90, True, "horizon", "90 days, not ended (for 90 days, the longest followed)"),
        (5, True, "as_of", "5 days, not ended (so far)"),
        (None, None, None, None),
    ],
)
def test_relief_ended_or_not_and_what_bounded_it(days, ongoing, bound, text):
    assert relief_text(days, ongoing, bound) == text


def test_a_window_without_enough_days_says_so_with_its_count():
    w = window_display(
        {
            "baseline": None,
            "baseline_days": 2,
            "response": 3.0,
            "response_days": 5,
            "response_complete": True,
            "response_until": "2026-03-15",
            "category": None,
            "category_reason": "insufficient_data",
            "responder": None,
        },
        last_date=date(2026, 3, 8),
    )
    assert w.before == "not enough days logged (2 of 7 days logged)"
    assert w.after == "3.0 (5 of 7 days logged)"
    assert w.category == "no category: " + catalogue.CATEGORY_REASONS["insufficient_data"]
    assert w.change is None


def test_an_incomplete_window_with_a_mean_so_far():
    w = window_display(
        {
            "baseline": 6.0,
            "baseline_days": 7,
            "response": 3.0,
            "response_days": 3,
            "response_complete": False,
            "response_until": "2026-03-15",
            "change": 3.0,
            "reduction_percent": 50.0,
            "category": None,
            "category_reason": "in_progress",
            "responder": None,
        },
        last_date=date(2026, 3, 8),
    )
    assert w.after == "3.0 (3 of 7 days logged so far), in progress until 2026-03-15"
    assert w.change == "3.0 points (50.0 %) lower"
    assert w.category == "no category: the week after is still in progress"


@pytest.mark.parametrize(
    ("dose", "text"),
    [
        ({"dose_mg": 35.0, "dose_mg_per_kg": 0.5}, "35 mg (0.5 mg/kg)"),
        ({"dose_mg": 100.0, "dose_mg_per_kg": None}, "100 mg"),
        ({"dose_mg": None, "dose_mg_per_kg": 0.25}, "0.25 mg/kg"),
        ({"dose_mg": None, "dose_mg_per_kg": None}, "–"),
    ],
)
def test_doses_as_entered(dose, text):
    assert dose_text(dose) == text


def test_an_unknown_total_dose_and_several_episodes():
    figures = figures_v2()
    other = "e2000000-0000-4000-8000-000000000002"
    figures["series"][0]["total_dose_mg"] = None
    figures["episodes"].append(
        figures["episodes"][0] | {"id": other, "title": "Lidocaine infusions", "category": "minimal"}
    )

    shown = summary_display(figures, period_end=PERIOD_END)

    assert [e.title for e in shown.episodes] == [
        "Ketamine infusions for CRPS, autumn 2026",
        "Lidocaine infusions",
    ]
    assert shown.episodes[0].series[0].total_dose == "not known (a dose is missing)"
    assert shown.episodes[1].series == [] and shown.episodes[1].outcome.category == "Minimal"


def test_a_single_dose_is_listed_by_its_phase():
    shown = administration_display(
        {
            "id": "x",
            "date": "2026-03-08",
            "route": "intranasal",
            "phase": "single",
            "dose_mg": 56.0,
            "in_series": False,
            "baseline": 5.0,
            "baseline_days": 3,
            "response": None,
            "response_days": 0,
            "response_complete": True,
            "response_until": "2026-03-09",  # the next dose came two days later: a 1-day window
            "category_reason": "insufficient_data",
        }
    )
    assert shown.line == "2026-03-08 · Single · Intranasal · 56 mg"
    assert shown.window.after == "not enough days logged (0 of 1 day logged)"
    assert (shown.blood_pressure, shown.heart_rate) == ("–", "–")

"""Trend figures (DOMAIN.md version 2, figures 1-19) against small hand-computed fixtures.

Every expected value has its arithmetic beside it. Dates are in 2026 unless a test says
otherwise; A is the as-of date. docs/trends.md lists the readings these tests pin down.
"""

import itertools
import json
import math
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction

import pytest

from diary.catalogue import mme_for
from diary.trends import (
    AdministrationRow,
    AssessmentRow,
    EntryRow,
    EpisodeRow,
    IntakeRow,
    compute_figures,
    daily_mme,
    figures_in_progress,
    round1,
)
from diary.trends.windows import WINDOW_FIELDS

CET = timezone(timedelta(hours=1))
_ids = itertools.count(1)


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


def days(n: int) -> timedelta:
    return timedelta(days=n)


def entry(on: date, pain: int, *, mood=None, pgic=None, side_effects=(), hour=9, recorded=None, id=None):
    at = recorded or datetime(on.year, on.month, on.day, hour, tzinfo=CET)
    return EntryRow(id or f"e{next(_ids)}", on, at, pain, mood, pgic, tuple(side_effects))


def logs(first: date, pains, **fields) -> list[EntryRow]:
    """One entry a day from `first`, pain from `pains`; None leaves that date unlogged."""
    return [entry(first + days(n), p, **fields) for n, p in enumerate(pains) if p is not None]


def admin(
    on: date, phase="maintenance", *, episode="ep1", id=None, hour=10, bp=(None, None), hr=None, **dose
):
    at = datetime(on.year, on.month, on.day, hour, tzinfo=CET)
    return AdministrationRow(
        id or f"a-{on.isoformat()}-{hour}", episode, on, at, "iv_infusion", phase,
        bp_systolic_max=bp[0], bp_diastolic_max=bp[1], heart_rate_max=hr, **dose,
    )  # fmt: skip


def intake(on: date, drug: str, dose, unit="mg", *, wear_hours=None, id=None) -> IntakeRow:
    """An intake with the MME the server derives (diary.catalogue.mme_for)."""
    amount = Decimal(str(dose))
    return IntakeRow(id or f"i{next(_ids)}", on, drug, amount, unit, mme_for(drug, amount, unit), wear_hours)


def assessment(on: date, instrument: str, answers, score, band="", *, hour=18, id=None) -> AssessmentRow:
    """A questionnaire with the score and band the server derives (hand-computed by each test)."""
    at = datetime(on.year, on.month, on.day, hour, tzinfo=CET)
    score = None if score is None else Decimal(str(score))
    return AssessmentRow(id or f"q{next(_ids)}", on, at, instrument, score, band, tuple(answers))


MARCH_1, MARCH_31 = date(2026, 3, 1), date(2026, 3, 31)


def figures(
    *,
    entries=(),
    administrations=(),
    intakes=(),
    episodes=(),
    assessments=(),
    start=MARCH_1,
    end=MARCH_31,
    as_of=None,
):
    return compute_figures(
        entries=list(entries),
        administrations=list(administrations),
        intakes=list(intakes),
        episodes=list(episodes),
        assessments=list(assessments),
        period_start=start,
        period_end=end,
        as_of=as_of or end,
    )


def item(items: list[dict], **match) -> dict:
    found = [i for i in items if all(i[k] == v for k, v in match.items())]
    assert len(found) == 1, found
    return found[0]


def window(item: dict) -> dict:
    return {k: item[k] for k in WINDOW_FIELDS}


D = d(3, 10)  # the administration date of the one-event tests


def one_maintenance(before, after, *, as_of=MARCH_31, more=()) -> dict:
    """A maintenance administration on D, `before` logged on the dates just before D (up to
    D−1) and `after` from D+1 on; its listed item."""
    entries = logs(D - days(len(before)), before) + logs(D + days(1), after)
    f = figures(entries=entries, administrations=[admin(D), *more], as_of=as_of)
    return item(f["administrations"], date=D.isoformat())


# --- rounding -----------------------------------------------------------------------------


def test_round1_is_once_half_away_from_zero_on_the_exact_value():
    assert round1(Fraction(9, 4)) == 2.3  # 2.25 → 2.3 (half-even would give 2.2)
    assert round1(Fraction(-9, 4)) == -2.3  # −2.25 → −2.3: ties away from zero
    assert round1(Fraction(47, 20)) == 2.4  # 2.35 → 2.4 (a float 2.35 is 2.34999…, a Fraction is exact)
    assert round1(Decimal("0.05")) == 0.1 and round1(Decimal("-0.05")) == -0.1
    assert round1(Fraction(1, 3)) == 0.3 and round1(Fraction(2, 3)) == 0.7
    assert round1(Fraction(249999, 100000)) == 2.5  # 2.49999 is not a tie of 2.45
    assert round1(None) is None
    zero = round1(Fraction(-1, 50))  # −0.02 → 0.0, never "-0.0" in JSON
    assert zero == 0.0 and math.copysign(1, zero) == 1


def test_rounding_ties_in_a_window_up_and_negative():
    got = one_maintenance([4, 4, 4], [6, 6, 6, 7])
    assert got["baseline"] == 4.0  # (4 + 4 + 4) / 3
    assert got["response"] == 6.3  # (6 + 6 + 6 + 7) / 4 = 6.25 → 6.3
    assert got["change"] == -2.3  # 4 − 6.25 = −2.25 → −2.3
    assert got["reduction_percent"] == -56.3  # −2.25 / 4 × 100 = −56.25 → −56.3
    assert got["category"] == "worse"  # −56.25 ≤ −10


# --- figures 1-3 and the daily series ------------------------------------------------------


def test_daily_pain_period_mean_adherence_and_the_daily_series():
    entries = [
        entry(d(2, 28), 10),  # before the period: not in its figures
        entry(d(3, 1), 4, mood=5),
        entry(d(3, 1), 7, hour=20),  # no mood: the date's mood is the mean of the moods logged
        entry(d(3, 3), 2),
        entry(d(3, 4), 3, mood=6),
        entry(d(3, 4), 3, mood=3, hour=21),
        entry(d(3, 9), 10),  # after the period
    ]
    f = figures(entries=entries, start=d(3, 1), end=d(3, 8), as_of=d(3, 20))
    assert f["figures_version"] == 2 and f["as_of"] == "2026-03-20"
    assert f["days"] == 8  # 1 … 8 March, both ends included
    assert f["logged_days"] == f["pain_days"] == 3  # 1, 3 and 4 March
    assert f["adherence_percent"] == 37.5  # 3 / 8 × 100
    assert f["pain_mean"] == 3.5  # ((4 + 7) / 2 + 2 + 3) / 3 = (5.5 + 2 + 3) / 3 = 10.5 / 3
    assert f["daily"] == [
        {"date": "2026-03-01", "pain": 5.5, "mood": 5.0, "mme": None, "mme_incomplete": False},
        {"date": "2026-03-03", "pain": 2.0, "mood": None, "mme": None, "mme_incomplete": False},
        {"date": "2026-03-04", "pain": 3.0, "mood": 4.5, "mme": None, "mme_incomplete": False},  # (6 + 3) / 2
    ]


def test_adherence_tie_rounds_up():
    f = figures(entries=[entry(d(3, 5), 5)], start=d(3, 1), end=d(3, 16))
    assert f["adherence_percent"] == 6.3  # 1 / 16 × 100 = 6.25 → 6.3
    assert f["pain_mean"] == 5.0 and f["pain_days"] == 1


def test_an_empty_period_has_no_means_and_counts_zero():
    f = figures(start=d(3, 1), end=d(3, 7))
    assert (f["days"], f["logged_days"], f["pain_days"]) == (7, 0, 0)
    assert f["adherence_percent"] == 0.0 and f["pain_mean"] is None and f["daily"] == []
    assert f["series"] == f["administrations"] == f["episodes"] == f["red_flags"] == []
    assert f["weekly_mme"] == [
        {"week_start": "2026-03-01", "mean_mme": None, "mme_days": 0, "incomplete": False}
    ]
    assert f["opioid_cautions"] == {
        "mme_50_days": 0, "mme_90_days": 0, "max_daily_mme": None, "opioid_benzodiazepine_days": 0,
    }  # fmt: skip
    assert (f["mood_pain_r"], f["mood_pain_n"], f["latest_pgic"], f["assessments"]) == (None, 0, None, [])


def test_an_inverted_period_is_refused():
    with pytest.raises(ValueError):
        figures(start=d(3, 2), end=d(3, 1))


# --- the as-of date A --------------------------------------------------------------------


def test_figures_ignore_every_row_dated_after_as_of():
    A = d(3, 20)
    entries = logs(d(3, 1), [5] * 25)  # 1 … 25 March, pain 5
    entries += [
        entry(d(3, 18), 5, pgic=3, hour=12),
        entry(d(3, 22), 5, pgic=1, side_effects=[("chest_pain", 3)], hour=12),  # after A
    ]
    administrations = [
        admin(d(3, 15)),
        admin(d(3, 21), hr=130),  # after A: not listed, no red flag, does not cut the window of 15 March
    ]
    intakes = [
        intake(d(3, 19), "fentanyl", 25, "mcg_per_h", wear_hours=72),  # 60 MME on 19, 20 (21 is after A)
        intake(d(3, 22), "oxycodone", 60),  # after A
    ]
    f = figures(entries=entries, administrations=administrations, intakes=intakes, as_of=A)
    assert f["days"] == 20  # 1 … 20 March: the period stops at A
    assert f["logged_days"] == 20 and f["adherence_percent"] == 100.0  # 20 / 20 × 100
    assert [a["date"] for a in f["administrations"]] == ["2026-03-15"]
    got = f["administrations"][0]
    # Without the 21 March dose, N(15) is none: the window is 16 … 22 March, not complete on 20 March.
    assert got["response_until"] == "2026-03-22" and got["response_complete"] is False
    assert got["response_days"] == 5  # 16 … 20 March logged; 21 … 25 March are after A
    assert got["category"] is None and got["category_reason"] == "in_progress"
    assert f["red_flags"] == [] and f["side_effects"] == []
    assert f["weekly_mme"][-1] == {
        "week_start": "2026-03-15",
        "mean_mme": 60.0,
        "mme_days": 2,
        "incomplete": False,
    }
    assert f["opioid_cautions"]["max_daily_mme"] == {
        "date": "2026-03-20",
        "mme": 60.0,
    }  # 25 × 2.4, latest of 19, 20
    assert f["latest_pgic"] == {"value": 3, "label": "Minimally improved", "date": "2026-03-18"}
    assert figures_in_progress(f) is True


# --- figures 4-7: windows around a maintenance administration ------------------------------


def test_baseline_is_r_minus_7_to_r_minus_1_with_its_count():
    entries = [
        entry(D - days(8), 10),  # R−8: outside
        entry(D - days(7), 6),  # R−7
        entry(D - days(5), 4),
        entry(D - days(1), 5),  # R−1
        entry(D, 10),  # R itself: neither baseline nor response
    ]
    got = item(figures(entries=entries, administrations=[admin(D)])["administrations"], date=D.isoformat())
    assert got["baseline"] == 5.0 and got["baseline_days"] == 3  # (6 + 4 + 5) / 3


def test_a_baseline_of_two_dates_is_insufficient_but_its_count_is_reported():
    got = one_maintenance([6, None, None, None, None, 5], [2, 2, 2])
    assert got["baseline"] is None and got["baseline_days"] == 2
    assert got["change"] is None and got["reduction_percent"] is None
    assert (got["category"], got["category_reason"], got["responder"]) == (None, "insufficient_data", None)


def test_a_response_of_two_dates_in_a_complete_window_is_insufficient():
    got = one_maintenance([8, 8, 8], [3, None, None, None, None, None, 3])
    assert got["response"] is None and got["response_days"] == 2 and got["response_complete"] is True
    assert got["category_reason"] == "insufficient_data"


def test_the_next_administration_cuts_the_response_window_and_a_same_day_dose_does_not():
    entries = logs(d(3, 3), [8] * 7)  # 3 … 9 March, pain 8
    entries += logs(d(3, 11), [2, 2, 2, 9, 9, 9, 9])  # 11 … 17 March
    doses = [admin(D), admin(D, "single", hour=16), admin(d(3, 14))]
    f = figures(entries=entries, administrations=doses)
    first, same_day, second = f["administrations"]
    # N(10 March) = 14 March: the window is 11 … min(17, 13) = 11 … 13 March.
    assert first["response_until"] == "2026-03-13" and first["response_days"] == 3
    assert first["response"] == 2.0  # (2 + 2 + 2) / 3; uncut it would be (3 × 2 + 4 × 9) / 7 = 6
    assert first["reduction_percent"] == 75.0 and first["category"] == "substantial"  # (8 − 2) / 8
    assert first["responder"] is True
    # Relief: U = min(N − 1 = 13 March, D + 90, A) = 13 March; 11 … 13 March stay at 2 ≤ 0.7 × 8 = 5.6.
    assert (first["relief_days"], first["relief_ongoing"], first["relief_bound"]) == (
        3,
        True,
        "next_administration",
    )
    assert window(same_day) == window(first)  # "dated after" 10 March: the 16:00 dose cuts nothing
    # 14 March: baseline 7 … 13 March = (8 + 8 + 8 + 2 + 2 + 2) / 6 = 5 (10 March unlogged);
    # response 15 … 21 March = (9 + 9 + 9) / 3 = 9; reduction (5 − 9) / 5 = −80 %.
    assert (second["baseline"], second["baseline_days"], second["response"], second["response_days"]) == (
        5.0,
        6,
        9.0,
        3,
    )
    assert second["change"] == -4.0 and second["reduction_percent"] == -80.0 and second["category"] == "worse"
    assert second["responder"] is False and second["relief_days"] is None and second["relief_bound"] is None


def test_a_dose_the_next_day_leaves_an_empty_window():
    got = one_maintenance([8, 8, 8], [2, 2, 2], more=[admin(D + days(1))])
    # window D+1 … min(D+7, N(D) − 1 = D) is empty
    assert (got["response"], got["response_days"], got["response_until"]) == (None, 0, "2026-03-10")
    assert got["response_complete"] is True and got["category_reason"] == "insufficient_data"


def test_an_incomplete_window_is_in_progress_with_its_partial_mean():
    entries = logs(d(3, 19), [8] * 7) + logs(d(3, 27), [3] * 5)  # 19 … 25 March at 8; 27 … 31 at 3
    f = figures(entries=entries, administrations=[admin(d(3, 26))], as_of=d(3, 31))
    got = f["administrations"][0]
    assert got["response_until"] == "2026-04-02"  # 26 March + 7, after A = 31 March
    assert got["response_complete"] is False and got["response_days"] == 5  # 27 … 31 March
    assert got["response"] == 3.0 and got["change"] == 5.0 and got["reduction_percent"] == 62.5  # 5 / 8
    assert (got["category"], got["category_reason"], got["responder"]) == (None, "in_progress", None)
    assert got["relief_days"] is got["relief_ongoing"] is got["relief_bound"] is None
    assert figures_in_progress(f) is True

    early = figures(entries=entries, administrations=[admin(d(3, 26))], as_of=d(3, 28))["administrations"][0]
    assert (
        early["response"] is None and early["response_days"] == 2
    )  # 27, 28 March: in progress, not insufficient
    assert early["category_reason"] == "in_progress"


@pytest.mark.parametrize(
    ("before", "after", "reduction", "category", "responder"),
    [
        ([10, 10, 10], [5, 5, 5], 50.0, "substantial", True),  # (10 − 5) / 10 = 50 %
        ([10, 10, 10], [5, 5, 5, 5, 6], 48.0, "moderate", True),  # response 26 / 5 = 5.2: 4.8 / 10
        ([10, 10, 10], [7, 7, 7], 30.0, "moderate", True),  # 3 / 10 = 30 %
        ([10, 10, 10], [7, 7, 7, 7, 8], 28.0, "minimal", False),  # response 36 / 5 = 7.2
        ([10, 10, 10], [9, 9, 9], 10.0, "minimal", False),  # 1 / 10 = 10 %
        ([5, 5, 5, 5], [5, 5, 5], 0.0, "no_change", False),
        ([4, 4, 4], [4, 4, 4, 5], -6.3, "no_change", False),  # response 4.25: −0.25 / 4 = −6.25 % > −10 %
        (
            [4, 4, 4],
            [4, 4, 4, 5, 5],
            -10.0,
            "worse",
            False,
        ),  # response 22 / 5 = 4.4: −0.4 / 4 = −10 % exactly
        ([4, 4, 4], [2, 2, 2], 50.0, "substantial", True),  # a baseline of exactly 4 is enough
    ],
)
def test_category_boundaries_are_inclusive_on_the_unrounded_reduction(
    before, after, reduction, category, responder
):
    got = one_maintenance(before, after)
    assert got["reduction_percent"] == reduction
    assert (got["category"], got["category_reason"], got["responder"]) == (category, None, responder)


def test_a_low_baseline_has_no_category():
    got = one_maintenance([3, 4, 3, 4], [1, 1, 1])
    assert got["baseline"] == 3.5 and got["baseline_days"] == 4  # (3 + 4 + 3 + 4) / 4
    assert got["change"] == 2.5 and got["reduction_percent"] == 71.4  # 2.5 / 3.5 = 71.43 %
    assert (got["category"], got["category_reason"], got["responder"]) == (None, "low_baseline", None)
    assert got["relief_days"] is None and got["relief_ongoing"] is None

    # 1.0 → 0.3 is a 67 % reduction, yet not "substantial": the baseline is below 4.
    tiny = one_maintenance([1, 1, 1], [0, 0, 1])
    assert tiny["baseline"] == 1.0 and tiny["response"] == 0.3  # 1 / 3 = 0.33
    assert tiny["change"] == 0.7 and tiny["reduction_percent"] == 66.7  # (1 − 1/3) / 1 = 66.67 %
    assert tiny["category"] is None and tiny["category_reason"] == "low_baseline"


def test_a_baseline_of_zero_has_a_change_but_no_reduction():
    got = one_maintenance([0, 0, 0], [1, 1, 1])
    assert (got["baseline"], got["response"], got["change"]) == (0.0, 1.0, -1.0)  # 0 − 1
    assert got["reduction_percent"] is None  # −1 / 0 is undefined
    assert (got["category"], got["category_reason"], got["responder"]) == (None, "low_baseline", None)


# --- figure 8: meaningful relief -----------------------------------------------------------


def test_relief_ends_at_the_first_trailing_mean_above_70_percent_of_the_baseline():
    got = one_maintenance([8, 8, 8], [2, 2, 3, 6, 6, 6, 6])
    assert got["response"] == 4.4  # (2 + 2 + 3 + 6 + 6 + 6 + 6) / 7 = 31 / 7 = 4.43
    assert got["change"] == 3.6  # 8 − 31/7 = 25/7 = 3.57
    assert got["reduction_percent"] == 44.6 and got["category"] == "moderate"  # 25/7 / 8 = 44.64 %
    # 70 % of 8 = 5.6. T(11) has one date; T(12) = 2; T(13) = 7/3; T(14) = (2 + 3 + 6) / 3 = 3.67;
    # T(15) = (3 + 6 + 6) / 3 = 5; T(16) = (6 + 6 + 6) / 3 = 6 > 5.6: ends on 16 March.
    assert (got["relief_days"], got["relief_ongoing"], got["relief_bound"]) == (
        5,
        False,
        None,
    )  # (16 − 10) − 1


def test_relief_needs_two_dates_and_a_mean_strictly_above_70_percent():
    after = [2, 2, 2, None, None, 9, None, 5, 6, 9, 9]  # 11 … 21 March
    got = one_maintenance([10, 10, 10], after)
    assert (
        got["response"] == 3.8 and got["category"] == "substantial"
    )  # 11 … 17: (2+2+2+9) / 4 = 3.75 → 62.5 %
    # 70 % of 10 = 7. T(16) = {16}: one date, 9 does not end it. T(18) = {16, 18}: (9 + 5) / 2 = 7,
    # not above 7. T(19) = {18, 19} = 5.5; T(20) = {18, 19, 20} = 20/3; T(21) = {19, 20, 21} = 8 > 7.
    assert (got["relief_days"], got["relief_ongoing"]) == (10, False)  # (21 − 10) − 1


def test_relief_is_only_for_responders():
    got = one_maintenance([10, 10, 10], [9, 9, 9])  # minimal
    assert got["responder"] is False
    assert got["relief_days"] is got["relief_ongoing"] is got["relief_bound"] is None


def test_relief_ongoing_to_the_horizon_counts_up_to_d_plus_90():
    D0 = d(1, 2)  # D + 90 = 2 April
    entries = logs(d(12, 26, 2025), [8] * 7) + logs(
        D0 + days(1), [2] * 90 + [9] * 8
    )  # 3 Jan … 2 Apr at 2, then 9
    f = figures(entries=entries, administrations=[admin(D0)], start=d(1, 1), end=d(1, 31), as_of=d(4, 30))
    got = f["administrations"][0]
    assert got["category"] == "substantial"  # (8 − 2) / 8 = 75 %
    # U = min(none, D + 90 = 2 April, A = 30 April): the pain of 9 from 3 April on is not searched.
    assert (got["relief_days"], got["relief_ongoing"], got["relief_bound"]) == (
        90,
        True,
        "horizon",
    )  # 2 Apr − 2 Jan


def test_relief_bound_on_a_tie_of_horizon_and_as_of_is_the_horizon():
    D0 = d(1, 2)
    entries = logs(d(12, 26, 2025), [8] * 7) + logs(D0 + days(1), [2] * 90)
    f = figures(entries=entries, administrations=[admin(D0)], start=d(1, 1), end=d(1, 31), as_of=d(4, 2))
    got = f["administrations"][0]
    assert (got["relief_days"], got["relief_bound"]) == (
        90,
        "horizon",
    )  # D + 90 = A = 2 April: fixed, not "so far"
    assert figures_in_progress(f) is False


def test_relief_ongoing_so_far_is_bounded_by_as_of():
    entries = logs(d(3, 3), [8] * 7) + logs(d(3, 11), [2] * 11)  # 11 … 21 March at 2; 22 March unlogged
    f = figures(entries=entries, administrations=[admin(D)], as_of=d(3, 22))
    got = f["administrations"][0]
    assert got["response_complete"] is True and got["category"] == "substantial"  # window 11 … 17 ≤ A
    # U = min(none, 8 June, A = 22 March) = 22 March; last logged date 21 March.
    assert (got["relief_days"], got["relief_ongoing"], got["relief_bound"]) == (11, True, "as_of")  # 21 − 10
    assert figures_in_progress(f) is True  # tomorrow's entry may end it


# --- figure 9: induction series -----------------------------------------------------------


def test_the_demo_scenario_five_induction_infusions_make_one_series_with_a_substantial_response():
    before = logs(d(2, 23), [7, 7, None, 7, 6, None, 7])  # 23 Feb … 1 Mar: 5 of 7 dates
    during = logs(d(3, 2), [6, 6, 5, 6, 5, 5, 4, 5, 4, 4])  # 2 … 11 March
    after = logs(d(3, 12), [3] * 20)  # 12 … 31 March
    infusions = [
        admin(d(3, 2), "induction", dose_mg=Decimal(30)),
        admin(d(3, 4), "induction", dose_mg=Decimal(30)),
        admin(d(3, 6), "induction", dose_mg_per_kg=Decimal("0.5"), weight_kg=Decimal("70.0")),
        admin(d(3, 9), "induction", dose_mg_per_kg=Decimal("0.5"), weight_kg=Decimal("70.0")),
        admin(d(3, 11), "induction", dose_mg=Decimal(35), duration_minutes=45),
    ]
    f = figures(
        entries=before + during + after,
        administrations=infusions,
        episodes=[EpisodeRow("ep1", "Ketamine for CRPS, spring 2026", d(2, 20))],
        as_of=d(3, 31),
    )
    assert f["series"] == [
        {
            "episode_id": "ep1",
            "first_date": "2026-03-02",
            "last_date": "2026-03-11",
            "administrations": 5,
            "total_dose_mg": 165.0,  # 30 + 30 + 0.5 × 70 + 0.5 × 70 + 35
            "baseline": 6.8,  # 23 Feb … 1 Mar: (7 + 7 + 7 + 6 + 7) / 5 = 34 / 5
            "baseline_days": 5,
            "response": 3.0,  # 12 … 18 March
            "response_days": 7,
            "response_complete": True,
            "response_until": "2026-03-18",  # 11 March + 7
            "change": 3.8,  # 6.8 − 3
            "reduction_percent": 55.9,  # 3.8 / 6.8 = 55.88 %
            "category": "substantial",
            "category_reason": None,
            "responder": True,
            # 70 % of 6.8 = 4.76; 12 … 31 March stay at 3. U = min(none, 9 June, A = 31 March).
            "relief_days": 20,  # 31 − 11
            "relief_ongoing": True,
            "relief_bound": "as_of",
        }
    ]
    # The infusions are listed in the series, with no figures of their own.
    assert [a["in_series"] for a in f["administrations"]] == [True] * 5
    assert all(set(a).isdisjoint(WINDOW_FIELDS) for a in f["administrations"])
    assert f["administrations"][2] == {
        "id": "a-2026-03-06-10",
        "episode_id": "ep1",
        "date": "2026-03-06",
        "route": "iv_infusion",
        "phase": "induction",
        "dose_mg": None,
        "dose_mg_per_kg": 0.5,
        "duration_minutes": None,
        "bp_systolic_max": None,
        "bp_diastolic_max": None,
        "heart_rate_max": None,
        "in_series": True,
    }
    assert f["episodes"] == [
        {
            "id": "ep1",
            "title": "Ketamine for CRPS, spring 2026",
            "first_administration_date": "2026-03-02",
            "baseline": 6.8,
            "baseline_days": 5,
            "current": 3.0,  # 25 … 31 March
            "current_days": 7,
            "change": 3.8,
            "reduction_percent": 55.9,
            "category": "substantial",
            "category_reason": None,
        }
    ]


def test_a_series_crossing_the_period_start_is_listed_whole():
    entries = logs(d(1, 26), [7, 7, 7]) + logs(d(2, 17), [6] * 7) + logs(d(3, 3), [4] * 7)
    doses = [
        admin(
            d(1, 29), "induction", episode="ep0", dose_mg=Decimal(20)
        ),  # an older course, before the period
        admin(d(2, 24), "induction", dose_mg=Decimal(30)),
        admin(d(2, 26), "induction", dose_mg_per_kg=Decimal("0.3")),  # no weight: the total is unknown
        admin(d(3, 2), "induction", dose_mg=Decimal(30)),
    ]
    courses = [
        EpisodeRow("ep0", "Winter course", d(1, 29), ended_on=d(2, 10)),
        EpisodeRow("ep1", "Spring", d(2, 24)),
    ]
    f = figures(entries=entries, administrations=doses, episodes=courses, start=d(3, 1), end=d(3, 31))
    series = f["series"]
    assert [(s["episode_id"], s["first_date"], s["last_date"], s["administrations"]) for s in series] == [
        ("ep1", "2026-02-24", "2026-03-02", 3)
    ]
    s = series[0]
    assert s["total_dose_mg"] is None  # 0.3 mg/kg without a weight
    # Baseline before F = 24 Feb: 17 … 23 Feb at 6; response after L = 2 March: 3 … 9 March at 4.
    assert (s["baseline"], s["baseline_days"], s["response"], s["response_days"]) == (6.0, 7, 4.0, 7)
    assert s["reduction_percent"] == 33.3 and s["category"] == "moderate"  # 2 / 6 = 33.33 %
    assert s["response_until"] == "2026-03-09"
    # Only the period's administration is listed; ep0's course ended (10 Feb) before the period.
    assert [(a["date"], a["in_series"]) for a in f["administrations"]] == [("2026-03-02", True)]
    assert [e["id"] for e in f["episodes"]] == ["ep1"]
    assert f["episodes"][0]["first_administration_date"] == "2026-02-24"


def test_a_series_response_is_cut_by_the_first_maintenance_dose():
    entries = logs(d(2, 22), [8] * 7) + logs(d(3, 2), [2] * 20)
    doses = [admin(d(3, 1), "induction"), admin(d(3, 5), "maintenance")]
    s = figures(entries=entries, administrations=doses)["series"][0]
    assert (s["response_until"], s["response_days"]) == ("2026-03-04", 3)  # min(1 + 7, 5 − 1) = 4 March
    assert (s["relief_days"], s["relief_bound"]) == (3, "next_administration")  # U = 4 March: 4 − 1


# --- figure 11: episode outcome ------------------------------------------------------------


def test_an_episode_outcome_is_too_early_while_a_minus_6_is_not_after_the_first_dose():
    A = d(3, 31)
    entries = logs(d(3, 17), [8] * 8) + logs(d(3, 25), [4] * 7)  # 17 … 24 March at 8; 25 … 31 at 4

    early = figures(entries=entries, administrations=[admin(d(3, 25))], as_of=A)  # F = A − 6
    outcome = early["episodes"][0]
    assert outcome["title"] is None  # no EpisodeRow given (a deleted episode, say)
    assert (outcome["baseline"], outcome["baseline_days"]) == (8.0, 7)  # 18 … 24 March
    assert (outcome["current"], outcome["current_days"]) == (4.0, 7)  # 25 … 31 March
    assert outcome["change"] is None and outcome["reduction_percent"] is None
    assert (outcome["category"], outcome["category_reason"]) == (None, "too_early")
    assert figures_in_progress(early) is True

    ready = figures(entries=entries, administrations=[admin(d(3, 24))], as_of=A)  # F = A − 7
    outcome = ready["episodes"][0]
    assert (outcome["baseline"], outcome["current"], outcome["change"]) == (8.0, 4.0, 4.0)  # 17 … 23 March
    assert (outcome["reduction_percent"], outcome["category"]) == (50.0, "substantial")  # 4 / 8


def test_an_episode_outcome_needs_three_current_dates():
    entries = [*logs(d(2, 1), [8] * 7), entry(d(3, 26), 2), entry(d(3, 30), 2)]
    doses = [admin(d(2, 8)), admin(d(3, 2), "single")]
    outcome = figures(
        entries=entries, administrations=doses, episodes=[EpisodeRow("ep1", "Esketamine", d(2, 1))]
    )
    got = outcome["episodes"][0]
    assert got["first_administration_date"] == "2026-02-08"  # the first dose of any phase
    assert (got["current"], got["current_days"], got["category_reason"]) == (None, 2, "insufficient_data")
    assert got["title"] == "Esketamine"


def test_an_episode_outcome_is_listed_while_the_episode_runs_in_the_period():
    # Induction 2 … 6 February (pain 7 on 26 Jan … 1 Feb); 3 March period with no dose in it.
    entries = logs(d(1, 26), [7] * 7) + logs(d(3, 25), [3] * 7)  # current: 25 … 31 March at 3
    doses = [admin(d(2, n), "induction") for n in range(2, 7)]
    open_episode = [EpisodeRow("ep1", "Ketamine for CRPS", d(2, 1))]
    got = figures(entries=entries, administrations=doses, episodes=open_episode)
    assert got["series"] == []  # 2 … 6 Feb does not overlap March
    outcome = item(got["episodes"], id="ep1")  # F = 2 Feb … A = 31 March overlaps March
    # before 7 → now 3: 4 points, 4 / 7 = 57.14 % → substantial
    assert (outcome["baseline"], outcome["current"], outcome["change"]) == (7.0, 3.0, 4.0)
    assert (outcome["reduction_percent"], outcome["category"]) == (57.1, "substantial")

    ended = [EpisodeRow("ep1", "Ketamine for CRPS", d(2, 1), ended_on=d(2, 28))]
    assert figures(entries=entries, administrations=doses, episodes=ended)["episodes"] == []
    ended_in_march = [EpisodeRow("ep1", "Ketamine for CRPS", d(2, 1), ended_on=d(3, 1))]
    assert len(figures(entries=entries, administrations=doses, episodes=ended_in_march)["episodes"]) == 1


# --- figure 12: side effects --------------------------------------------------------------


def test_side_effects_per_code_with_severity_words_and_the_days_after_a_dose():
    doses = [admin(d(2, 27)), admin(D)]  # 27 Feb (before the period) and 10 March
    entries = [
        entry(d(2, 28), 5, side_effects=[("nausea", 3)]),  # before the period
        entry(d(3, 1), 5, side_effects=[("nausea", 1)]),  # 27 Feb + 2: within
        entry(d(3, 2), 5, side_effects=[("nausea", 2)]),  # 27 Feb + 3: not within
        entry(D, 5, side_effects=[("nausea", 1), ("dizziness", 2)]),  # D: within
        entry(D + days(2), 5, side_effects=[("dizziness", 1)]),  # D + 2: within
        entry(D + days(3), 5, side_effects=[("dizziness", 1)]),  # D + 3: not within
        entry(d(3, 20), 5, side_effects=[("nausea", 1), ("nausea", 3)]),  # one entry counts once
    ]
    f = figures(entries=entries, administrations=doses)
    assert f["side_effects"] == [
        {
            "code": "nausea",
            "label": "Nausea",
            "count": 4,  # 1, 2, 10 and 20 March
            "max_severity": 3,
            "max_severity_label": "severe",
            "within_2_days_of_administration": 2,  # 1 and 10 March
        },
        {
            "code": "dizziness",
            "label": "Dizziness",
            "count": 3,  # 10, 12 and 13 March
            "max_severity": 2,
            "max_severity_label": "moderate",
            "within_2_days_of_administration": 2,  # 10 and 12 March
        },
    ]


# --- figure 13: red flags -----------------------------------------------------------------


def test_red_flags_newest_first_with_readable_details_and_thresholds():
    doses = [
        admin(d(3, 5), bp=(179, 109), hr=119, id="just-below"),  # no flag
        admin(d(3, 6), hr=120, id="hr-120"),
        admin(d(3, 7), bp=(180, 90), id="sys-180"),
        admin(d(3, 8), bp=(150, 110), hr=130, id="both"),
        admin(d(3, 9), bp=(185, None), id="sys-only"),
    ]
    entries = [
        entry(d(2, 28), 5, side_effects=[("chest_pain", 3)], id="before-period"),
        entry(d(3, 4), 5, side_effects=[("hallucinations", 2), ("nausea", 3)], id="not-flags"),
        entry(d(3, 8), 5, side_effects=[("hallucinations", 3), ("chest_pain", 1)], hour=9, id="e-8"),
        entry(d(3, 12), 5, side_effects=[("thoughts_of_self_harm", 1)], id="e-12"),
    ]
    f = figures(entries=entries, administrations=doses)
    shown = [(r["date"], r["kind"], r["code"], r["detail"], r["record_id"]) for r in f["red_flags"]]
    assert shown == [
        (
            "2026-03-12",
            "side_effect",
            "thoughts_of_self_harm",
            "Thoughts of suicide or self-harm, mild",
            "e-12",
        ),
        ("2026-03-09", "blood_pressure", None, "BP 185/– mmHg", "sys-only"),
        # 8 March: the 10:00 infusion is newer than the 09:00 entry
        ("2026-03-08", "blood_pressure", None, "BP 150/110 mmHg", "both"),
        ("2026-03-08", "heart_rate", None, "Heart rate 130/min", "both"),
        ("2026-03-08", "side_effect", "chest_pain", "Chest pain, mild", "e-8"),
        ("2026-03-08", "side_effect", "hallucinations", "Hallucinations, severe", "e-8"),
        ("2026-03-07", "blood_pressure", None, "BP 180/90 mmHg", "sys-180"),
        ("2026-03-06", "heart_rate", None, "Heart rate 120/min", "hr-120"),  # 119 on 5 March is no flag
    ]
    assert all(set(r) == {"date", "kind", "code", "detail", "record_id"} for r in f["red_flags"])


PHQ9_CALM = (1, 1, 0, 1, 0, 0, 0, 0, 0)  # sum 3: minimal; item 9 (the last) 0


def phq9(on: date, item9: int, *, hour=18, id=None) -> AssessmentRow:
    """A PHQ-9 answered as PHQ9_CALM but for item 9: score 3 + item9, minimal (0-4) or mild (5-9)."""
    answers = (*PHQ9_CALM[:8], item9)
    score = sum(answers)
    return assessment(on, "phq9", answers, score, "minimal" if score <= 4 else "mild", hour=hour, id=id)


def test_a_phq9_with_item_9_answered_1_or_more_is_a_red_flag_without_free_text():
    A = d(3, 28)
    rows = [
        phq9(d(2, 27), 2, id="before-period"),  # not in the period
        phq9(d(3, 2), 0, id="item9-0"),  # no flag: 0 is "not at all"
        phq9(d(3, 9), 1, id="item9-1", hour=8),
        phq9(d(3, 20), 3, id="item9-3"),
        phq9(d(3, 29), 2, id="after-as-of"),  # after A
        assessment(d(3, 21), "gad7", (3,) * 7, 21, "severe", id="gad7"),  # GAD-7 raises no flag
        assessment(d(3, 22), "peg", (9, 9, 9), 9, id="peg"),  # nor does the PEG
    ]
    entries = [entry(d(3, 9), 5, side_effects=[("chest_pain", 2)], hour=9, id="e-9")]
    f = figures(entries=entries, assessments=rows, as_of=A)
    shown = [(r["date"], r["kind"], r["code"], r["detail"], r["record_id"]) for r in f["red_flags"]]
    about = "(thoughts of being better off dead or of self-harm)"
    assert shown == [
        ("2026-03-20", "assessment", "phq9_item9", f"PHQ-9 item 9 answered 3 {about}", "item9-3"),
        # 9 March: the 09:00 entry is newer than the 08:00 questionnaire
        ("2026-03-09", "side_effect", "chest_pain", "Chest pain, moderate", "e-9"),
        ("2026-03-09", "assessment", "phq9_item9", f"PHQ-9 item 9 answered 1 {about}", "item9-1"),
    ]


def test_a_short_phq9_raises_no_flag_and_is_not_read_past_its_answers():
    short = assessment(d(3, 5), "phq9", (3, 3, 3), 9, "mild", id="short")  # 3 answers: no item 9
    assert figures(assessments=[short])["red_flags"] == []


# --- figures 14, 15, 17: MME ----------------------------------------------------------------


def test_a_patch_counts_on_ceil_wear_hours_over_24_dates():
    patches = [
        intake(d(3, 1), "fentanyl", 25, "mcg_per_h", wear_hours=72),  # 72 / 24 = 3 dates
        intake(d(3, 8), "fentanyl", 25, "mcg_per_h", wear_hours=49),  # ceil(49 / 24) = 3 dates
        intake(d(3, 15), "fentanyl", 25, "mcg_per_h", wear_hours=48),  # 48 / 24 = 2 dates
        intake(d(3, 22), "fentanyl", 25, "mcg_per_h"),  # no wear_hours: 72, 3 dates
    ]
    carried = {day: c.mme for day, c in daily_mme(patches, as_of=d(3, 31)).items()}
    sixty = Decimal(60)  # 25 mcg/h × 2.4 per day worn
    assert carried == {
        **dict.fromkeys([d(3, 1), d(3, 2), d(3, 3)], sixty),
        **dict.fromkeys([d(3, 8), d(3, 9), d(3, 10)], sixty),
        **dict.fromkeys([d(3, 15), d(3, 16)], sixty),
        **dict.fromkeys([d(3, 22), d(3, 23), d(3, 24)], sixty),
    }


def test_two_patches_on_one_date_add_up_and_a_carried_patch_shows_in_the_daily_series():
    patches = [
        intake(d(3, 1), "fentanyl", 25, "mcg_per_h", wear_hours=72),  # 60 MME a day
        intake(d(3, 1), "fentanyl", 12, "mcg_per_h", wear_hours=72),  # 12 × 2.4 = 28.8 MME a day
    ]
    f = figures(entries=logs(d(3, 1), [5, 5, 5, 5]), intakes=patches, start=d(3, 1), end=d(3, 7))
    assert [(i["date"], i["mme"], i["mme_incomplete"]) for i in f["daily"]] == [
        ("2026-03-01", 88.8, False),  # 60 + 28.8
        ("2026-03-02", 88.8, False),  # no intake logged: both patches are still worn
        ("2026-03-03", 88.8, False),
        ("2026-03-04", None, False),  # nothing carried: missing, not 0
    ]
    assert f["weekly_mme"] == [
        {"week_start": "2026-03-01", "mean_mme": 88.8, "mme_days": 3, "incomplete": False}
    ]
    assert f["opioid_cautions"]["mme_50_days"] == 3 and f["opioid_cautions"]["mme_90_days"] == 0


def test_a_buprenorphine_day_is_mme_incomplete_never_zero():
    intakes = [
        intake(d(3, 5), "buprenorphine", 200, "mcg"),  # no MME factor
        intake(d(3, 5), "oxycodone", 20),  # 20 × 1.5 = 30, but the day's total is unknown
        intake(d(3, 6), "oxycodone", 20),  # 30
        intake(d(3, 7), "paracetamol", 1000),  # a non-opioid: 0
        intake(d(3, 15), "other_opioid", 10),  # the only intake of the third block
    ]
    entries = logs(d(3, 4), [5, 5, 5, 5])  # 4 … 7 March
    f = figures(entries=entries, intakes=intakes, start=d(3, 1), end=d(3, 17))
    assert [(i["date"], i["mme"], i["mme_incomplete"]) for i in f["daily"]] == [
        ("2026-03-04", None, False),  # nothing logged
        ("2026-03-05", None, True),  # buprenorphine: incomplete, never 0 and never just the 30
        ("2026-03-06", 30.0, False),
        ("2026-03-07", 0.0, False),  # non-opioids only: 0
    ]
    assert f["weekly_mme"] == [
        {"week_start": "2026-03-01", "mean_mme": 15.0, "mme_days": 2, "incomplete": True},  # (30 + 0) / 2
        {
            "week_start": "2026-03-08",
            "mean_mme": None,
            "mme_days": 0,
            "incomplete": False,
        },  # no intake: missing
        {"week_start": "2026-03-15", "mean_mme": None, "mme_days": 0, "incomplete": True},  # 15 … 17, shorter
    ]
    assert f["opioid_cautions"]["max_daily_mme"] == {"date": "2026-03-06", "mme": 30.0}


def test_opioid_cautions_thresholds_maximum_and_benzodiazepine_days():
    intakes = [
        intake(d(3, 1), "morphine", 50),  # 50 × 1 = 50: ≥ 50
        intake(d(3, 2), "oxycodone", 60),  # 60 × 1.5 = 90: ≥ 50 and ≥ 90
        intake(d(3, 3), "oxycodone", 30),  # 45
        intake(d(3, 3), "diazepam", 5),  # with an opioid the same date
        intake(d(3, 4), "diazepam", 5),  # a benzodiazepine alone
        intake(d(3, 5), "fentanyl", 12, "mcg_per_h", wear_hours=48),  # 28.8 on 5 and 6 March
        intake(d(3, 6), "lorazepam", 1),  # with the patch still worn
        intake(d(3, 8), "oxycodone", 60),  # 90 again: the latest date of the maximum
        intake(d(3, 9), "buprenorphine", 200, "mcg"),  # an opioid, MME unknown
        intake(d(3, 9), "clonazepam", 1),
        intake(d(3, 12), "morphine", 100),  # 100, after the period
    ]
    f = figures(intakes=intakes, start=d(3, 1), end=d(3, 10), as_of=d(3, 31))
    assert f["opioid_cautions"] == {
        "mme_50_days": 3,  # 1, 2 and 8 March
        "mme_90_days": 2,  # 2 and 8 March
        "max_daily_mme": {"date": "2026-03-08", "mme": 90.0},
        "opioid_benzodiazepine_days": 3,  # 3, 6 (the patch) and 9 March (buprenorphine)
    }
    none = figures(intakes=[intake(d(3, 1), "paracetamol", 500)], start=d(3, 1), end=d(3, 10))
    assert none["opioid_cautions"]["max_daily_mme"] is None  # the highest daily MME is 0


# --- figure 16: mood and pain -------------------------------------------------------------


def _mood_pain_dates(n: int) -> list[EntryRow]:
    # 7 dates at pain 4 with moods 7, 7, 7, 7, 5, 5, 5 and 7 at pain 6 with moods 3, 3, 3, 3, 5, 5, 5.
    # The first date logs two entries, moods 6 and 8 (mean 7), pain 4 and 4.
    pairs = [(4, m) for m in (7, 7, 7, 7, 5, 5, 5)] + [(6, m) for m in (3, 3, 3, 3, 5, 5, 5)]
    rows = [entry(d(3, 1) + days(k), p, mood=m) for k, (p, m) in enumerate(pairs[:n])]
    rows[0] = entry(d(3, 1), 4, mood=6)
    return [*rows, entry(d(3, 1), 4, mood=8, hour=20), entry(d(3, 20), 9)]  # 20 March: pain, no mood


def test_mood_pain_r_with_its_n():
    f = figures(entries=_mood_pain_dates(14))
    # Means: pain 5, mood 70 / 14 = 5. Sxx = 14 × 1² = 14; Syy = 8 × 2² = 32;
    # Sxy = −1 × (4 × 2) + 1 × (4 × −2) = −16. r = −16 / √(14 × 32) = −2 / √7 = −0.756.
    assert f["mood_pain_n"] == 14 and f["mood_pain_r"] == -0.8


def test_mood_pain_r_needs_14_dates_but_n_is_always_reported():
    f = figures(entries=_mood_pain_dates(13))
    assert (f["mood_pain_r"], f["mood_pain_n"]) == (None, 13)


def test_mood_pain_r_is_undefined_without_variance():
    f = figures(entries=logs(d(3, 1), [5] * 14, mood=5))
    assert (f["mood_pain_r"], f["mood_pain_n"]) == (None, 14)


# --- figure 18: latest PGIC ----------------------------------------------------------------


def test_latest_pgic_is_the_latest_diary_date_then_the_latest_time():
    late = datetime(2026, 3, 22, 8, tzinfo=UTC)
    entries = [
        entry(d(3, 19), 5, pgic=5, recorded=late),  # logged later, about an earlier day
        entry(d(3, 20), 5, pgic=3, hour=9),
        entry(d(3, 20), 5, pgic=2, hour=21),
        entry(d(3, 25), 5),  # no PGIC
        entry(d(2, 27), 5, pgic=1),  # before the period
    ]
    f = figures(entries=entries)
    assert f["latest_pgic"] == {"value": 2, "label": "Much improved", "date": "2026-03-20"}


# --- figure 19: assessments ---------------------------------------------------------------


def test_assessments_first_and_latest_per_instrument_with_the_change():
    A = d(3, 28)
    rows = [
        assessment(d(2, 23), "peg", (9, 9, 9), "9.0", id="peg-feb"),  # before the period
        assessment(d(3, 2), "peg", (7, 8, 7), "7.3", id="peg-1"),  # (7 + 8 + 7) / 3 = 7.33… → 7.3
        assessment(d(3, 9), "peg", (6, 6, 7), "6.3"),  # 19 / 3 = 6.33… → 6.3
        assessment(d(3, 16), "peg", (5, 5, 6), "5.3"),  # 16 / 3 = 5.33… → 5.3
        assessment(d(3, 23), "peg", (4, 4, 4), "4.0", hour=9, id="peg-9h"),
        assessment(d(3, 23), "peg", (4, 5, 4), "4.3", hour=20, id="peg-latest"),  # later that day
        assessment(d(3, 30), "peg", (1, 1, 1), "1.0", id="peg-after-as-of"),  # after A
        assessment(d(3, 24), "gad7", (1, 1, 1, 1, 1, 1, 0), 6, "mild", id="gad7-only"),
        assessment(d(3, 3), "phq9", (2, 2, 1, 2, 1, 1, 2, 1, 0), 12, "moderate", id="phq9-1"),
        assessment(d(3, 24), "phq9", (1, 1, 1, 1, 1, 1, 1, 0, 0), 7, "mild", id="phq9-2"),
    ]
    f = figures(assessments=rows, as_of=A)
    assert f["assessments"] == [  # the catalogue's order: PEG, PHQ-9, GAD-7
        {
            "instrument": "peg",
            "count": 5,  # 2, 9, 16 March and twice on 23 March; not February's, nor the 30th (after A)
            "first": {"date": "2026-03-02", "score": 7.3, "band": None},  # the PEG has no bands
            "latest": {"date": "2026-03-23", "score": 4.3, "band": None},  # the 20:00 one
            "change": -3.0,  # 4.3 − 7.3: the scores as shown, so the numbers add up
        },
        {
            "instrument": "phq9",
            "count": 2,
            "first": {"date": "2026-03-03", "score": 12.0, "band": "moderate"},  # 2+2+1+2+1+1+2+1+0
            "latest": {"date": "2026-03-24", "score": 7.0, "band": "mild"},  # 7 × 1 + 0 + 0
            "change": -5.0,  # 7 − 12
        },
        {
            "instrument": "gad7",
            "count": 1,
            "first": {"date": "2026-03-24", "score": 6.0, "band": "mild"},  # 6 × 1 + 0
            "latest": {"date": "2026-03-24", "score": 6.0, "band": "mild"},
            "change": None,  # one assessment: no change to report
        },
    ]
    assert json.loads(json.dumps(f)) == f


def test_assessment_change_is_rounded_once_and_a_rise_is_positive():
    rows = [
        assessment(d(3, 1), "peg", (2, 2, 3), "2.3"),  # 7 / 3 = 2.33… → 2.3
        assessment(d(3, 29), "peg", (6, 6, 7), "6.3"),  # 19 / 3 = 6.33… → 6.3
    ]
    (peg,) = figures(assessments=rows)["assessments"]
    assert peg["change"] == 4.0  # 6.3 − 2.3: worse, so positive (latest − first)


def test_assessment_change_is_between_the_scores_shown_not_the_unrounded_means():
    rows = [
        assessment(d(3, 2), "peg", (7, 8, 7), "7.3"),  # 22 / 3 = 7.33… → 7.3
        assessment(d(3, 9), "peg", (5, 6, 6), "5.7"),  # 17 / 3 = 5.67… → 5.7
    ]
    (peg,) = figures(assessments=rows)["assessments"]
    assert peg["change"] == -1.6  # 5.7 − 7.3; the unrounded 17/3 − 22/3 = −1.67 would show −1.7


def test_a_period_without_assessments_lists_none_and_one_without_a_score_is_left_out():
    assert figures()["assessments"] == []
    unscored = assessment(d(3, 5), "phq9", PHQ9_CALM, None, id="unscored")
    assert figures(assessments=[unscored])["assessments"] == []


# --- figures_in_progress -------------------------------------------------------------------


def test_figures_in_progress_reads_windows_reasons_and_relief_bounds():
    done = {"response_complete": True, "category_reason": None, "relief_bound": None}
    assert (
        figures_in_progress({"series": [done], "administrations": [{"in_series": True}], "episodes": []})
        is False
    )
    assert figures_in_progress({"series": [{**done, "response_complete": False}]}) is True
    assert figures_in_progress({"administrations": [{**done, "relief_bound": "as_of"}]}) is True
    assert figures_in_progress({"administrations": [{**done, "relief_bound": "horizon"}]}) is False
    assert figures_in_progress({"episodes": [{"category_reason": "too_early"}]}) is True
    assert figures_in_progress({"episodes": [{"category_reason": "insufficient_data"}]}) is False
    assert figures_in_progress({"series": [{**done, "category_reason": "in_progress"}]}) is True


# --- the shape and the cost ----------------------------------------------------------------

CONTRACT_KEYS = {
    "figures_version", "as_of", "days", "logged_days", "adherence_percent", "pain_mean", "pain_days", "daily",
    "series", "administrations", "episodes", "side_effects", "red_flags", "weekly_mme", "opioid_cautions",
    "mood_pain_r", "mood_pain_n", "latest_pgic", "assessments",
}  # fmt: skip


def _two_years() -> dict:
    start = d(1, 1, 2024)
    entries = [entry(start + days(n), (n * 7 + k) % 11, mood=(n * 3) % 11, pgic=2, hour=8 + 10 * k,
                     side_effects=[("nausea", 1)]) for n in range(730) for k in range(2)]  # fmt: skip
    doses = [
        admin(start + days(n), "induction" if n < 21 else "maintenance", hr=125) for n in range(0, 730, 7)
    ]
    intakes = [intake(start + days(n), "oxycodone", 20) for n in range(730) for _ in range(2)]
    return {"entries": entries, "administrations": doses, "intakes": intakes}


def test_the_shape_is_contract_v2_and_json_ready():
    rows = _two_years()
    f = figures(**rows, start=d(12, 1, 2025), end=d(12, 30, 2025))
    assert set(f) == CONTRACT_KEYS
    assert json.loads(json.dumps(f)) == f
    for listed in f["administrations"]:
        assert set(listed) >= {"id", "date", "route", "phase", "in_series"}
        assert listed["in_series"] or set(listed) >= set(WINDOW_FIELDS)


# --- diary.selectors.trend_rows_by_patient -------------------------------------------------


@pytest.mark.django_db
def test_trend_rows_load_every_live_row_up_to_last_in_five_queries(alice, bob, django_assert_num_queries):
    from django.utils import timezone as django_timezone

    from diary import services
    from diary.selectors import TrendRows, trend_rows_by_patient

    today = django_timezone.localdate()
    first, last = today - days(400), today - days(2)  # a row 400 days old is history a window may need

    def at(day: date, hour: int = 9) -> str:
        return f"{day.isoformat()}T{hour:02d}:00:00+01:00"

    def create(patient, entity: str, data: dict):
        return services.record_create(patient_id=patient.pk, entity=entity, data=data)

    episode = create(
        alice,
        "episode",
        {"treatment": "ketamine", "condition": "crps", "title": "K", "started_on": first.isoformat()},
    )
    dose = create(
        alice,
        "administration",
        {"episode": str(episode.pk), "administered_at": at(last - days(5), 10), "route": "iv_infusion",
         "phase": "induction", "dose_mg_per_kg": "0.5", "weight_kg": "70.0", "duration_minutes": 45,
         "bp_systolic_max": 150, "bp_diastolic_max": 95, "heart_rate_max": 121},
    )  # fmt: skip
    old = create(
        alice, "entry", {"recorded_at": at(first + days(35)), "diary_date": first.isoformat(), "pain_now": 7}
    )
    sore = create(
        alice,
        "entry",
        {
            "recorded_at": at(last),
            "pain_now": 6,
            "mood": 4,
            "pgic": 3,
            "side_effects": [{"code": "nausea", "severity": 2}],
        },
    )
    gone = create(alice, "entry", {"recorded_at": at(last - days(1)), "pain_now": 9})
    services.record_delete(patient_id=alice.pk, entity="entry", record_id=gone.pk)
    create(alice, "entry", {"recorded_at": at(last + days(1)), "pain_now": 1})  # after `last`
    applied = {"taken_at": at(last - days(3)), "drug": "fentanyl", "dose": 25, "unit": "mcg_per_h"}
    patch = create(alice, "medication", {**applied, "wear_hours": 49})
    create(bob, "entry", {"recorded_at": at(last), "pain_now": 2})
    PHQ9_13 = (2, 2, 1, 2, 1, 1, 2, 1, 1)
    answered = {"completed_at": at(last, 23), "instrument": "phq9", "answers": list(PHQ9_13)}
    phq9 = create(alice, "assessment", answered)
    late = create(alice, "assessment", {"completed_at": at(last + days(1)), "instrument": "peg",
                                        "answers": [5, 5, 5]})  # fmt: skip
    peg = create(alice, "assessment", {"completed_at": at(first), "instrument": "peg", "answers": [7, 8, 7]})
    services.record_delete(patient_id=alice.pk, entity="assessment", record_id=late.pk)

    with django_assert_num_queries(5):  # entries, administrations, intakes, episodes, assessments
        rows = trend_rows_by_patient(patient_ids=[alice.pk, bob.pk], last=last)

    mine = rows[alice.pk]
    assert isinstance(mine, TrendRows)
    assert sorted(mine.entries, key=lambda e: e.diary_date) == [
        EntryRow(str(old.pk), first, old.recorded_at, 7),
        EntryRow(str(sore.pk), last, sore.recorded_at, 6, 4, 3, (("nausea", 2),)),
    ]
    assert mine.administrations == (
        AdministrationRow(
            str(dose.pk), str(episode.pk), last - days(5), dose.administered_at, "iv_infusion", "induction",
            None, Decimal("0.500"), Decimal("70.0"), 45, 150, 95, 121,
        ),
    )  # fmt: skip
    assert mine.intakes == (
        IntakeRow(
            str(patch.pk), last - days(3), "fentanyl", Decimal("25.000"), "mcg_per_h", Decimal("60.0000"), 49
        ),
    )
    assert mine.episodes == (EpisodeRow(str(episode.pk), "K", first),)
    assert sorted(mine.assessments, key=lambda q: q.local_date) == [
        # (7 + 8 + 7) / 3 = 7.33… → 7.3; the PEG has no band
        AssessmentRow(str(peg.pk), first, peg.completed_at, "peg", Decimal("7.3"), "", (7, 8, 7)),
        # 2+2+1+2+1+1+2+1+1 = 13: moderate (10-14); 23:00 at +01:00 is still `last` in its own offset
        AssessmentRow(str(phq9.pk), last, phq9.completed_at, "phq9", Decimal("13.0"), "moderate", PHQ9_13),
    ]
    assert [e.pain_now for e in rows[bob.pk].entries] == [2]
    assert trend_rows_by_patient(patient_ids=[], last=last) == {}

"""Trend figures (DOMAIN.md figures 1-13) against small hand-computed fixtures."""

import json
import math
import statistics
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction

import pytest

from diary.trends import (
    AdministrationRow,
    EntryRow,
    IntakeRow,
    adherence_percent,
    baseline,
    category,
    compute_figures,
    daily_mme,
    daily_mood,
    daily_pain,
    is_responder,
    latest_pgic,
    mood_pain_r,
    next_administration_date,
    period_pain_mean,
    red_flags,
    reduction_percent,
    relief,
    response,
    round1,
    side_effect_counts,
    weekly_mme,
)

CET = timezone(timedelta(hours=1))
D = date(2025, 3, 10)  # administration date used by most tests


def d(month: int, day: int) -> date:
    return date(2025, month, day)


def entry(on: date, pain: int, *, mood=None, pgic=None, side_effects=(), at=None, id="e") -> EntryRow:
    recorded = at or datetime(on.year, on.month, on.day, 9, 0, tzinfo=CET)
    return EntryRow(id, on, recorded, pain, mood, pgic, tuple(side_effects))


def admin(on: date, *, id="a", route="iv_infusion", bp=(None, None), hour=10) -> AdministrationRow:
    at = datetime(on.year, on.month, on.day, hour, 0, tzinfo=CET)
    return AdministrationRow(id, on, at, route, bp[0], bp[1])


def pains(values: dict[date, int]) -> dict[date, Fraction]:
    """A daily-pain mapping built by hand (one entry per date)."""
    return {k: Fraction(v) for k, v in values.items()}


# --- rounding ---------------------------------------------------------------------------


def test_round1_is_half_up_on_the_exact_value():
    assert round1(Fraction(9, 4)) == 2.3  # 2.25 -> 2.3 (half-even would give 2.2)
    assert round1(Fraction(-49, 4)) == -12.3  # -12.25 -> -12.3 (ties away from zero)
    assert round1(Decimal("0.05")) == 0.1
    assert round1(Fraction(1, 3)) == 0.3
    assert round1(None) is None
    zero = round1(Fraction(-1, 50))  # -0.02 -> 0.0, never "-0.0" in JSON
    assert zero == 0.0 and math.copysign(1, zero) == 1


# --- figures 1-3 ------------------------------------------------------------------------


def test_daily_pain_is_the_mean_per_date_and_missing_days_are_absent():
    entries = [entry(d(3, 1), 4), entry(d(3, 1), 7), entry(d(3, 3), 2)]
    daily = daily_pain(entries)
    assert daily == {d(3, 1): Fraction(11, 2), d(3, 3): 2}  # (4 + 7) / 2 = 5.5
    assert d(3, 2) not in daily  # missing, never 0


def test_daily_mood_ignores_entries_without_mood():
    entries = [entry(d(3, 1), 4, mood=3), entry(d(3, 1), 7, mood=6), entry(d(3, 1), 5)]
    entries.append(entry(d(3, 2), 5))
    assert daily_mood(entries) == {d(3, 1): Fraction(9, 2)}  # (3 + 6) / 2; 3/2 has no mood


def test_period_pain_mean_uses_logged_dates_of_the_period_only():
    daily = {d(2, 28): Fraction(9), d(3, 1): Fraction(5, 2), d(3, 3): Fraction(2)}
    # (2.5 + 2) / 2 = 2.25 (2/28 is outside; missing 3/2 and 3/4 are not zeros)
    assert period_pain_mean(daily, d(3, 1), d(3, 4)) == Fraction(9, 4)
    assert round1(period_pain_mean(daily, d(3, 1), d(3, 4))) == 2.3
    assert period_pain_mean(daily, d(3, 5), d(3, 9)) is None


def test_adherence_counts_both_ends_of_the_period():
    daily = pains({d(2, 28): 5, d(3, 1): 5, d(3, 3): 5, d(3, 4): 5, d(3, 5): 5})
    assert adherence_percent(daily, d(3, 1), d(3, 4)) == 75  # 3 logged / 4 days x 100
    assert round1(adherence_percent(daily, d(3, 2), d(3, 4))) == 66.7  # 2/3 = 66.67
    assert round1(adherence_percent(daily, d(3, 1), d(3, 3))) == 66.7  # 2/3 (3/1, 3/3)


# --- figures 4-7 ------------------------------------------------------------------------


def test_baseline_is_the_mean_over_d_minus_7_to_d_minus_1():
    # window 3/3 ... 3/9; 3/2 and D itself are outside
    daily = pains({d(3, 2): 10, d(3, 3): 4, d(3, 5): 6, d(3, 9): 5, D: 0})
    assert baseline(daily, D) == 5  # (4 + 6 + 5) / 3 = 5 (not 15 / 7: missing is not 0)


def test_baseline_needs_three_logged_dates():
    daily = pains({d(3, 2): 10, d(3, 3): 4, d(3, 9): 5, D: 0})
    assert baseline(daily, D) is None  # only 3/3 and 3/9 in the window


def test_response_is_the_mean_over_d_plus_1_to_d_plus_7():
    daily = pains({D: 9, d(3, 11): 2, d(3, 14): 4, d(3, 17): 3, d(3, 18): 10})
    assert response(daily, D) == 3  # (2 + 4 + 3) / 3
    assert response(pains({d(3, 11): 2, d(3, 17): 3, d(3, 18): 9}), D) is None  # 2 dates


def test_reduction_percent():
    assert reduction_percent(Fraction(5), Fraction(3)) == 40  # (5 - 3) / 5 x 100
    assert reduction_percent(Fraction(4), Fraction(5)) == -25  # (4 - 5) / 4 x 100
    assert reduction_percent(Fraction(0), Fraction(3)) is None  # baseline 0
    assert reduction_percent(None, Fraction(3)) is None
    assert reduction_percent(Fraction(5), None) is None


@pytest.mark.parametrize(
    ("reduction", "expected", "responder"),
    [
        (Fraction(60), "substantial", True),
        (Fraction(50), "substantial", True),
        (Fraction(4999, 100), "moderate", True),
        (Fraction(30), "moderate", True),
        (Fraction(2999, 100), "minimal", False),
        (Fraction(10), "minimal", False),
        (Fraction(999, 100), "no meaningful change", False),
        (Fraction(0), "no meaningful change", False),
        (Fraction(-999, 100), "no meaningful change", False),
        (Fraction(-10), "worse", False),
        (Fraction(-40), "worse", False),
        (None, None, None),
    ],
)
def test_category_boundaries(reduction, expected, responder):
    assert category(reduction) == expected
    assert is_responder(reduction) is responder


def test_exact_boundary_from_real_pain_values_is_not_lost_to_floats():
    # baseline (3 + 3 + 4) / 3 = 10/3, response (2 + 2 + 3) / 3 = 7/3
    # reduction = (10/3 - 7/3) / (10/3) x 100 = 1 / (10/3) x 100 = 30 exactly -> moderate
    daily = pains({d(3, 7): 3, d(3, 8): 3, d(3, 9): 4, d(3, 11): 2, d(3, 12): 2, d(3, 13): 3})
    reduction = reduction_percent(baseline(daily, D), response(daily, D))
    assert reduction == 30
    assert category(reduction) == "moderate" and is_responder(reduction) is True


# --- figure 8: relief -------------------------------------------------------------------

BASELINE_8 = {d(3, 7): 8, d(3, 8): 8, d(3, 9): 8}  # baseline 8, threshold 0.9 x 8 = 7.2


def test_relief_ends_at_the_first_trailing_mean_at_or_above_90_percent():
    daily = pains({**BASELINE_8, D: 8, d(3, 11): 7, d(3, 12): 3, d(3, 14): 8, d(3, 15): 9})
    # d=3/11: window max(3/11, 3/9)=3/11..3/11 -> [7] = 7 < 7.2 (unclamped 3/9..3/11 would be
    #         (8 + 8 + 7) / 3 = 7.67 and end relief: the window must start at D+1)
    # d=3/12: 3/11..3/12 -> [7, 3] = 5 < 7.2
    # d=3/14: 3/12..3/14 -> [3, 8] = 5.5 < 7.2 (3/13 missing; one high day is not enough)
    # d=3/15: 3/13..3/15 -> [8, 9] = 8.5 >= 7.2 -> ends; relief = (15 - 10) - 1 = 4 days
    assert relief(daily, D, baseline(daily, D), None) == (4, False)


def test_relief_ends_when_the_trailing_mean_equals_90_percent():
    daily = pains({d(3, 7): 10, d(3, 8): 10, d(3, 9): 10, d(3, 11): 8, d(3, 12): 10})
    # threshold 0.9 x 10 = 9; d=3/11: [8] = 8; d=3/12: [8, 10] = 9 >= 9 -> (12 - 10) - 1 = 1
    assert relief(daily, D, Fraction(10), None) == (1, False)


def test_relief_ongoing_reports_days_observed():
    daily = pains({**BASELINE_8, d(3, 11): 2, d(3, 13): 3, d(3, 20): 4})
    # trailing means 2, 2.5, 4 all < 7.2 -> ongoing; last logged 3/20 - 3/10 = 10 days
    assert relief(daily, D, Fraction(8), None) == (10, True)


def test_relief_ongoing_without_any_logged_date_after_d():
    assert relief(pains(BASELINE_8), D, Fraction(8), None) == (None, True)


def test_relief_is_none_without_baseline():
    daily = pains({d(3, 8): 8, d(3, 9): 8, d(3, 11): 2})
    assert baseline(daily, D) is None  # 2 logged dates
    assert relief(daily, D, baseline(daily, D), None) is None


def test_relief_with_baseline_zero_ends_at_the_first_logged_date():
    daily = pains({d(3, 7): 0, d(3, 8): 0, d(3, 9): 0, d(3, 12): 0})
    # 90 % of 0 is 0; d=3/12: [0] = 0 >= 0 -> (12 - 10) - 1 = 1
    assert relief(daily, D, baseline(daily, D), None) == (1, False)


def test_next_administration_cuts_the_relief_window():
    daily = pains({**BASELINE_8, d(3, 11): 2, d(3, 13): 3, d(3, 14): 9, d(3, 15): 9, d(3, 16): 9})
    # Without a next dose: 3/14 -> [3, 9] = 6; 3/15 -> [3, 9, 9] = 7; 3/16 -> [9, 9, 9] = 9
    # >= 7.2 -> ends, (16 - 10) - 1 = 5
    assert relief(daily, D, Fraction(8), None) == (5, False)
    # Next dose on 3/14: window 3/11 ... 3/13 -> ongoing, last logged 3/13 - 3/10 = 3
    nxt = next_administration_date([d(3, 1), D, D, d(3, 14), d(3, 20)], D)
    assert nxt == d(3, 14)  # same-day doses do not count as "next"
    assert relief(daily, D, Fraction(8), nxt) == (3, True)


def test_next_administration_date_none_when_no_later_date():
    assert next_administration_date([d(3, 1), D], D) is None


def test_relief_window_stops_before_d_plus_90():
    horizon = D + timedelta(days=90)
    daily = pains({**BASELINE_8, d(3, 11): 2, horizon - timedelta(days=1): 2, horizon: 9})
    # D+90 is not searched: last logged date in the window is D+89 -> 89 days, ongoing
    assert relief(daily, D, Fraction(8), None) == (89, True)
    # A next dose after D+90 does not widen the window
    assert relief(daily, D, Fraction(8), horizon + timedelta(days=5)) == (89, True)
    # A next dose on D+89 comes first: window D+1 ... D+88 -> last logged 3/11 - 3/10 = 1
    assert relief(daily, D, Fraction(8), horizon - timedelta(days=1)) == (1, True)


def test_relief_looks_past_the_period_end():
    # period 3/1 ... 3/12, dose on 3/10, baseline 8 (threshold 7.2)
    entries = [entry(k, v) for k, v in BASELINE_8.items()]
    entries += [entry(d(3, 11), 2), entry(d(3, 13), 9), entry(d(3, 14), 9)]
    figures = compute_figures(
        entries=entries,
        administrations=[admin(D, id="a1")],
        intakes=[],
        period_start=d(3, 1),
        period_end=d(3, 12),
    )
    [item] = figures["administrations"]
    # 3/11 -> [2]; 3/13 -> 3/11..3/13 [2, 9] = 5.5; 3/14 -> 3/12..3/14 [9, 9] = 9 >= 7.2
    # relief = (14 - 10) - 1 = 3
    assert (item["relief_days"], item["relief_ongoing"]) == (3, False)
    # response (2 + 9 + 9) / 3 = 6.667 -> 6.7; reduction (8 - 20/3) / 8 x 100 = 16.67 -> 16.7
    assert item["response"] == 6.7 and item["reduction_percent"] == 16.7
    assert item["category"] == "minimal" and item["responder"] is False
    dates = [x["date"] for x in figures["daily"]]  # 3/13 and 3/14 are after the period
    assert dates == ["2025-03-07", "2025-03-08", "2025-03-09", "2025-03-11"]


# --- figure 9: side effects -------------------------------------------------------------


def test_side_effect_counts_and_within_2_days():
    admin_dates = [d(2, 28), D, d(3, 20), d(3, 21)]
    entries = [
        entry(d(2, 27), 5, side_effects=[("dizziness", 3)]),  # before the period: ignored
        entry(d(3, 1), 5, side_effects=[("headache", 1)]),  # 2/28 + 1: within
        entry(d(3, 5), 5, side_effects=[("anxiety", 2)]),  # not within
        entry(d(3, 9), 5, side_effects=[("nausea", 1)]),  # D - 1: not within
        entry(D, 5, side_effects=[("nausea", 2), ("dizziness", 1)]),  # D: within
        entry(d(3, 12), 5, side_effects=[("nausea", 3)]),  # D + 2: within
        entry(d(3, 13), 5, side_effects=[("nausea", 1)]),  # D + 3: not within
        entry(d(3, 21), 5, side_effects=[("dizziness", 2)]),  # 3/20 + 1 and 3/21: once
        entry(d(3, 22), 5),
    ]
    assert side_effect_counts(entries, admin_dates, d(3, 1), d(3, 31)) == [
        # nausea: 3/9, 3/10, 3/12, 3/13 = 4 entries, max 3, within: 3/10 and 3/12 = 2
        {"code": "nausea", "count": 4, "max_severity": 3, "within_2_days_of_administration": 2},
        # dizziness: 3/10 and 3/21 (2/27 is outside the period, so max is 2, not 3)
        {"code": "dizziness", "count": 2, "max_severity": 2, "within_2_days_of_administration": 2},
        # count 1 each, ordered by code: anxiety before headache
        {"code": "anxiety", "count": 1, "max_severity": 2, "within_2_days_of_administration": 0},
        {"code": "headache", "count": 1, "max_severity": 1, "within_2_days_of_administration": 1},
    ]


def test_side_effect_repeated_in_one_entry_counts_that_entry_once():
    entries = [entry(D, 5, side_effects=[("nausea", 1), ("nausea", 3)])]
    assert side_effect_counts(entries, [], D, D) == [
        {"code": "nausea", "count": 1, "max_severity": 3, "within_2_days_of_administration": 0}
    ]


# --- figure 10: red flags ---------------------------------------------------------------


def test_red_flags_newest_first_with_thresholds():
    entries = [
        entry(d(2, 28), 5, side_effects=[("chest_pain", 3)]),  # outside the period
        entry(d(3, 5), 5, side_effects=[("hallucinations", 2), ("nausea", 3)]),  # no flag
        entry(d(3, 6), 5, side_effects=[("hallucinations", 3), ("nausea", 1)]),  # 09:00
        entry(
            d(3, 6),
            5,
            side_effects=[("chest_pain", 1), ("bladder_pain", 2)],
            at=datetime(2025, 3, 6, 20, 0, tzinfo=CET),
        ),
    ]
    administrations = [
        admin(d(3, 6), bp=(180, 90), hour=14),  # systolic 180 inclusive
        admin(d(3, 8), bp=(179, 110)),  # diastolic 110 inclusive
        admin(d(3, 9), bp=(179, 109)),  # below both
        admin(d(3, 10)),  # not measured
        admin(d(3, 11), bp=(200, None)),
        admin(d(4, 1), bp=(190, 100)),  # outside the period
    ]
    assert red_flags(entries, administrations, d(3, 1), d(3, 31)) == [
        {"date": "2025-03-11", "kind": "blood_pressure", "code": None, "detail": "BP 200/- mmHg"},
        {"date": "2025-03-08", "kind": "blood_pressure", "code": None, "detail": "BP 179/110 mmHg"},
        # 3/6 20:00 entry, two flags ordered by code
        {
            "date": "2025-03-06",
            "kind": "side_effect",
            "code": "bladder_pain",
            "detail": "Bladder pain, moderate",
        },
        {
            "date": "2025-03-06",
            "kind": "side_effect",
            "code": "chest_pain",
            "detail": "Chest pain, mild",
        },
        {"date": "2025-03-06", "kind": "blood_pressure", "code": None, "detail": "BP 180/90 mmHg"},
        {
            "date": "2025-03-06",
            "kind": "side_effect",
            "code": "hallucinations",
            "detail": "Hallucinations, severe",
        },
    ]


# --- figure 11: MME ---------------------------------------------------------------------


def test_daily_mme_sums_and_non_opioid_only_day_is_zero():
    intakes = [
        IntakeRow(d(3, 1), Decimal("15")),
        IntakeRow(d(3, 1), Decimal("7.5")),
        IntakeRow(d(3, 2), None),  # paracetamol only
        IntakeRow(d(3, 3), None),
        IntakeRow(d(3, 3), Decimal("4.8")),
    ]
    # 3/1: 15 + 7.5 = 22.5; 3/2: 0; 3/3: 0 + 4.8; 3/4: no intakes -> missing
    assert daily_mme(intakes) == {
        d(3, 1): Decimal("22.5"),
        d(3, 2): Decimal(0),
        d(3, 3): Decimal("4.8"),
    }


def test_weekly_mme_blocks_missing_block_and_short_last_block():
    daily = {
        d(2, 28): Decimal("100"),  # before the period
        d(3, 1): Decimal("22.5"),
        d(3, 2): Decimal("0"),
        d(3, 3): Decimal("4.8"),
        d(3, 15): Decimal("2"),
        d(3, 17): Decimal("2.5"),
        d(3, 18): Decimal("100"),  # after the period
    }
    blocks = weekly_mme(daily, d(3, 1), d(3, 17))
    assert blocks == [
        (d(3, 1), Decimal("9.1")),  # (22.5 + 0 + 4.8) / 3 = 27.3 / 3
        (d(3, 8), None),  # no intakes 3/8 ... 3/14: missing
        (d(3, 15), Decimal("2.25")),  # short block 3/15 ... 3/17: (2 + 2.5) / 2
    ]
    assert round1(blocks[2][1]) == 2.3  # half up


# --- figure 12: mood-pain correlation ---------------------------------------------------

# 14 dates: pain x, mood y.  mean x = 70 / 14 = 5, mean y = 84 / 14 = 6
PAIN_14 = [2, 4, 6, 8, 2, 4, 6, 8, 2, 4, 6, 8, 5, 5]
MOOD_14 = [8, 8, 4, 4, 8, 8, 4, 4, 6, 6, 6, 6, 9, 3]
# dx = -3 -1 1 3 (x3), 0 0 -> Sxx = 3 x (9 + 1 + 1 + 9) = 60
# dy = 2 2 -2 -2 (x2), 0 0 0 0, 3 -3 -> Syy = 8 x 4 + 9 + 9 = 50
# Sxy = 2 x (-6 - 2 - 2 - 6) + 0 + (0 x 3 + 0 x -3) = -32
# r = -32 / sqrt(60 x 50) = -32 / 54.772 = -0.5842 -> -0.6
R_14 = -32 / math.sqrt(3000)


def _mood_entries(n: int) -> list[EntryRow]:
    entries = []
    for i, (p, m) in enumerate(zip(PAIN_14[:n], MOOD_14[:n], strict=True)):
        on = d(3, 1) + timedelta(days=i)
        if i == 0:  # several entries on one day: daily pain (1 + 3 + 2) / 3 = 2, mood (7 + 9) / 2
            entries += [entry(on, 1, mood=7), entry(on, 3, mood=9), entry(on, 2)]
        else:
            entries.append(entry(on, p, mood=m))
    entries.append(entry(d(3, 20), 0))  # pain but no mood: not a pair
    entries.append(entry(d(4, 5), 10, mood=10))  # a pair outside the period
    return entries


def _r(entries: list[EntryRow]):
    return mood_pain_r(daily_pain(entries), daily_mood(entries), d(3, 1), d(3, 31))


def test_mood_pain_r_with_exactly_14_paired_dates():
    r = _r(_mood_entries(14))
    assert float(r) == pytest.approx(R_14, abs=1e-12)
    assert statistics.correlation(PAIN_14, MOOD_14) == pytest.approx(R_14)
    assert round1(r) == -0.6


def test_mood_pain_r_needs_14_paired_dates():
    assert _r(_mood_entries(13)) is None


def test_mood_pain_r_is_none_with_zero_variance():
    entries = [entry(d(3, 1) + timedelta(days=i), p, mood=5) for i, p in enumerate(PAIN_14)]
    assert _r(entries) is None


# --- figure 13: latest PGIC -------------------------------------------------------------


def test_latest_pgic_by_recorded_at_across_offsets():
    utc, plus2 = UTC, timezone(timedelta(hours=2))
    entries = [
        entry(d(3, 5), 5, pgic=3, at=datetime(2025, 3, 6, 7, 0, tzinfo=utc)),  # 07:00 UTC
        entry(d(3, 6), 5, pgic=2, at=datetime(2025, 3, 6, 8, 30, tzinfo=plus2)),  # 06:30 UTC
        entry(d(3, 7), 5, at=datetime(2025, 3, 7, 9, 0, tzinfo=utc)),  # newest, no pgic
        entry(d(4, 1), 5, pgic=7, at=datetime(2025, 4, 1, 9, 0, tzinfo=utc)),  # outside
    ]
    assert latest_pgic(entries, d(3, 1), d(3, 31)) == {"value": 3, "label": "Minimally improved"}


def test_latest_pgic_tie_on_recorded_at_goes_to_later_diary_date():
    at = datetime(2025, 3, 6, 1, 0, tzinfo=CET)
    # ids deliberately ordered against the diary dates
    entries = [entry(d(3, 5), 5, pgic=1, at=at, id="b"), entry(d(3, 6), 5, pgic=6, at=at, id="a")]
    assert latest_pgic(entries, d(3, 1), d(3, 31)) == {"value": 6, "label": "Much worse"}
    assert latest_pgic([entry(d(3, 6), 5)], d(3, 1), d(3, 31)) is None


# --- end to end -------------------------------------------------------------------------


def test_compute_figures_end_to_end():
    start, end = d(3, 1), d(3, 15)  # 15 days
    entries = [
        entry(d(2, 26), 7),  # before the period: baseline of a1 only
        entry(d(3, 1), 6, mood=4, side_effects=[("headache", 1)]),
        entry(d(3, 3), 7, mood=5),
        entry(d(3, 3), 9),  # 3/3: pain (7 + 9) / 2 = 8, mood 5
        entry(d(3, 4), 7),
        entry(d(3, 6), 2, mood=7, side_effects=[("hallucinations", 3), ("nausea", 2)]),
        entry(d(3, 6), 4, mood=8),  # 3/6: pain 3, mood 7.5
        entry(d(3, 7), 4),
        entry(d(3, 9), 5, side_effects=[("nausea", 1)]),
        entry(d(3, 10), 7),
        entry(d(3, 11), 7, pgic=3),
        entry(d(3, 14), 2, side_effects=[("chest_pain", 2)]),
        entry(d(3, 16), 2, pgic=1),  # after the period: response / relief of a2 only
        entry(d(3, 17), 3),
    ]
    administrations = [
        admin(d(3, 13), id="a2", route="oral"),
        admin(d(3, 5), id="a1", bp=(185, 95)),
        admin(d(2, 27), id="a0", bp=(200, 120)),  # before the period
    ]
    intakes = [
        IntakeRow(d(2, 28), Decimal("100")),
        IntakeRow(d(3, 1), Decimal("15")),
        IntakeRow(d(3, 1), Decimal("7.5")),
        IntakeRow(d(3, 2), Decimal("3")),  # not a logged date: weekly only
        IntakeRow(d(3, 3), None),
        IntakeRow(d(3, 9), Decimal("10")),
        IntakeRow(d(3, 14), Decimal("5")),
        IntakeRow(d(3, 16), Decimal("50")),
    ]
    figures = compute_figures(
        entries=entries,
        administrations=administrations,
        intakes=intakes,
        period_start=start,
        period_end=end,
    )
    json.dumps(figures)  # JSON-serialisable
    assert figures == {
        "days": 15,
        "logged_days": 9,  # 3/1 3/3 3/4 3/6 3/7 3/9 3/10 3/11 3/14
        "adherence_percent": 60.0,  # 9 / 15 x 100
        "pain_mean": 5.4,  # (6 + 8 + 7 + 3 + 4 + 5 + 7 + 7 + 2) / 9 = 49 / 9 = 5.44
        "daily": [
            {"date": "2025-03-01", "pain": 6.0, "mood": 4.0, "mme": 22.5},  # 15 + 7.5
            {"date": "2025-03-03", "pain": 8.0, "mood": 5.0, "mme": 0.0},  # non-opioid only
            {"date": "2025-03-04", "pain": 7.0, "mood": None, "mme": None},
            {"date": "2025-03-06", "pain": 3.0, "mood": 7.5, "mme": None},
            {"date": "2025-03-07", "pain": 4.0, "mood": None, "mme": None},
            {"date": "2025-03-09", "pain": 5.0, "mood": None, "mme": 10.0},
            {"date": "2025-03-10", "pain": 7.0, "mood": None, "mme": None},
            {"date": "2025-03-11", "pain": 7.0, "mood": None, "mme": None},
            {"date": "2025-03-14", "pain": 2.0, "mood": None, "mme": 5.0},
        ],
        "administrations": [
            {
                "id": "a1",
                "date": "2025-03-05",
                "route": "iv_infusion",
                "baseline": 7.0,  # 2/26..3/4: (7 + 6 + 8 + 7) / 4 = 7
                "response": 5.2,  # 3/6..3/12: (3 + 4 + 5 + 7 + 7) / 5 = 26 / 5
                "reduction_percent": 25.7,  # (7 - 5.2) / 7 x 100 = 25.71
                "category": "minimal",
                "responder": False,
                # threshold 0.9 x 7 = 6.3, window 3/6 ... 3/12 (a2 on 3/13):
                # 3/6 [3] = 3; 3/7 [3, 4] = 3.5; 3/9 (3/7..3/9) [4, 5] = 4.5;
                # 3/10 (3/8..3/10) [5, 7] = 6; 3/11 (3/9..3/11) [5, 7, 7] = 6.33 >= 6.3
                # -> (11 - 5) - 1 = 5
                "relief_days": 5,
                "relief_ongoing": False,
            },
            {
                "id": "a2",
                "date": "2025-03-13",
                "route": "oral",
                "baseline": 5.2,  # 3/6..3/12: 26 / 5
                "response": 2.3,  # 3/14..3/20: (2 + 2 + 3) / 3 = 7 / 3 = 2.33
                # (26/5 - 7/3) / (26/5) x 100 = (43/15) x (5/26) x 100 = 4300 / 78 = 55.13
                "reduction_percent": 55.1,
                "category": "substantial",
                "responder": True,
                # threshold 0.9 x 5.2 = 4.68: 3/14 [2]; 3/16 [2, 2]; 3/17 [2, 3] = 2.5
                # -> ongoing, last logged 3/17 - 3/13 = 4 (past the period end)
                "relief_days": 4,
                "relief_ongoing": True,
            },
        ],
        "side_effects": [
            # nausea 3/6 (a1 + 1: within) and 3/9 (a1 + 4: not)
            {"code": "nausea", "count": 2, "max_severity": 2, "within_2_days_of_administration": 1},
            # 3/14 = a2 + 1
            {
                "code": "chest_pain",
                "count": 1,
                "max_severity": 2,
                "within_2_days_of_administration": 1,
            },
            {
                "code": "hallucinations",
                "count": 1,
                "max_severity": 3,
                "within_2_days_of_administration": 1,
            },
            # 3/1 = a0 (2/27) + 2, a0 being before the period
            {
                "code": "headache",
                "count": 1,
                "max_severity": 1,
                "within_2_days_of_administration": 1,
            },
        ],
        "red_flags": [
            {
                "date": "2025-03-14",
                "kind": "side_effect",
                "code": "chest_pain",
                "detail": "Chest pain, moderate",
            },
            {
                "date": "2025-03-06",
                "kind": "side_effect",
                "code": "hallucinations",
                "detail": "Hallucinations, severe",
            },
            {
                "date": "2025-03-05",
                "kind": "blood_pressure",
                "code": None,
                "detail": "BP 185/95 mmHg",
            },
            # a0's 200/120 is before the period
        ],
        "weekly_mme": [
            {"week_start": "2025-03-01", "mean_mme": 8.5},  # 3/1 22.5, 3/2 3, 3/3 0 -> 25.5 / 3
            {"week_start": "2025-03-08", "mean_mme": 7.5},  # 3/9 10, 3/14 5 -> 15 / 2
            {"week_start": "2025-03-15", "mean_mme": None},  # 3/15 only, no intakes
        ],
        "mood_pain_r": None,  # 3 paired dates < 14
        "latest_pgic": {"value": 3, "label": "Minimally improved"},  # 3/16 is after the period
    }


def test_administrations_are_listed_oldest_first_and_only_inside_the_period():
    administrations = [
        admin(d(3, 12), id="a"),
        admin(D, id="b", hour=18),
        admin(D, id="z", hour=8),  # same date, earlier in the day
        admin(d(3, 13), id="c"),  # after the period
        admin(d(3, 1), id="y"),  # before the period
    ]
    figures = compute_figures(
        entries=[],
        administrations=administrations,
        intakes=[],
        period_start=d(3, 2),
        period_end=d(3, 12),
    )
    assert [a["id"] for a in figures["administrations"]] == ["z", "b", "a"]
    # no pain logged: every figure of 4-8 is undefined
    assert figures["administrations"][0] == {
        "id": "z",
        "date": "2025-03-10",
        "route": "iv_infusion",
        "baseline": None,
        "response": None,
        "reduction_percent": None,
        "category": None,
        "responder": None,
        "relief_days": None,
        "relief_ongoing": None,
    }


def test_compute_figures_rejects_an_inverted_period():
    with pytest.raises(ValueError):
        compute_figures(entries=[], administrations=[], intakes=[], period_start=D, period_end=d(3, 9))


def test_compute_figures_empty_period():
    figures = compute_figures(entries=[], administrations=[], intakes=[], period_start=D, period_end=D)
    assert figures["days"] == 1 and figures["logged_days"] == 0
    assert figures["adherence_percent"] == 0.0 and figures["pain_mean"] is None
    assert figures["weekly_mme"] == [{"week_start": "2025-03-10", "mean_mme": None}]
    assert figures["latest_pgic"] is None and figures["red_flags"] == []

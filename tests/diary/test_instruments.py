"""Scoring of the assessments (DOMAIN.md § Assessments), at every band edge.

PHQ-9 and GAD-7 are sums banded 0–4 minimal, 5–9 mild, 10–14 moderate, (PHQ-9: 15–19
moderately severe, 20–27 severe; GAD-7: 15–21 severe); the PEG is the mean of its three
answers rounded once to 1 decimal, half away from zero, with no band. Each case is scored
both directly and as the server derives it on a write.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from diary import catalogue, instruments, services


def answers_summing_to(total: int, items: int, hi: int = 3) -> list[int]:
    """Answers of `items` items (each 0..hi), filled from the first, that add up to `total`."""
    answers = []
    for _ in range(items):
        answers.append(min(hi, total))
        total -= answers[-1]
    assert total == 0
    return answers


PHQ9_EDGES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "moderately_severe"),
    (19, "moderately_severe"),
    (20, "severe"),
    (27, "severe"),
]
GAD7_EDGES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "severe"),
    (21, "severe"),
]


@pytest.mark.parametrize(("total", "band"), PHQ9_EDGES)
def test_phq9_bands_at_every_edge(total, band):
    answers = answers_summing_to(total, 9)

    assert instruments.score_and_band("phq9", answers) == (Decimal(total), band)


@pytest.mark.parametrize(("total", "band"), GAD7_EDGES)
def test_gad7_bands_at_every_edge(total, band):
    answers = answers_summing_to(total, 7)

    assert instruments.score_and_band("gad7", answers) == (Decimal(total), band)


def test_the_bands_cover_every_possible_score_once():
    for code in ("phq9", "gad7"):
        instrument = catalogue.INSTRUMENTS[code]
        covered = [s for band in instrument.bands for s in range(band.lo, band.hi + 1)]
        assert covered == list(range(instrument.score_min, instrument.score_max + 1))
        # The most a patient can score is every item at its highest answer: 9 × 3 = 27, 7 × 3 = 21.
        assert instrument.score_max == sum(item.hi for item in instrument.items)


def test_the_band_follows_the_sum_not_any_one_answer():
    # Nine answers of 1 (9, mild) against one answer of 3 and the rest 0 (3, minimal).
    assert instruments.score_and_band("phq9", [1] * 9) == (Decimal(9), "mild")
    assert instruments.score_and_band("phq9", [3, 0, 0, 0, 0, 0, 0, 0, 0]) == (Decimal(3), "minimal")


@pytest.mark.parametrize(
    ("answers", "score"),
    [
        ([0, 0, 0], "0.0"),
        ([10, 10, 10], "10.0"),
        ([0, 0, 1], "0.3"),  # 1/3 = 0.333… → 0.3 (below the half: down)
        ([0, 1, 1], "0.7"),  # 2/3 = 0.666… → 0.7 (above the half: up)
        ([7, 6, 6], "6.3"),  # 19/3 = 6.333… → 6.3
        ([7, 7, 6], "6.7"),  # 20/3 = 6.666… → 6.7
        ([9, 10, 10], "9.7"),  # 29/3 = 9.666… → 9.7
        ([10, 10, 9], "9.7"),  # the order of the answers does not matter
        ([4, 5, 6], "5.0"),  # 15/3 = 5 exactly
        ([0, 10, 10], "6.7"),  # 20/3 = 6.666… → 6.7
        ([0, 0, 10], "3.3"),  # 10/3 = 3.333… → 3.3
    ],
)
def test_peg_is_the_mean_rounded_to_one_decimal_without_a_band(answers, score):
    assert instruments.score_and_band("peg", answers) == (Decimal(score), "")


def test_peg_rounding_takes_ties_away_from_zero():
    # A mean of three whole numbers is k, k + 1/3 or k + 2/3: never exactly half-way at the
    # first decimal, so a tie cannot reach the PEG. The rule itself, on ties: 2.25 → 2.3,
    # 0.05 → 0.1, 9.95 → 10.0 (never 2.2, banker's rounding's answer).
    instrument = catalogue.INSTRUMENTS["peg"]
    for total in range(0, 31):
        hundredths = Decimal(total) * 100 / 3
        assert hundredths % 10 != 5  # no tie at the first decimal
    scaled = [Decimal("6.75"), Decimal("0.15"), Decimal("29.85")]  # three totals of "answers" / 3
    results = [instruments.instrument_score(instrument, [t, 0, 0]) for t in scaled]
    # 6.75 / 3 = 2.25 → 2.3; 0.15 / 3 = 0.05 → 0.1; 29.85 / 3 = 9.95 → 10.0
    assert results == [Decimal("2.3"), Decimal("0.1"), Decimal("10.0")]


@pytest.mark.parametrize(
    ("code", "answers"),
    [
        ("peg", [1, 2]),
        ("peg", [1, 2, 11]),
        ("phq9", [0] * 8),
        ("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 4]),
        ("gad7", [0, 0, 0, 0, 0, 0, -1]),
        ("gad7", [0, 0, 0, 0, 0, 0, True]),
        ("bdi", [0, 0, 0]),
    ],
)
def test_answers_that_do_not_fit_have_no_score(code, answers):
    assert instruments.score_and_band(code, answers) == (None, "")


@pytest.mark.parametrize(
    ("answers", "red_flag"),
    [
        ([0, 0, 0, 0, 0, 0, 0, 0, 0], False),
        ([3, 3, 3, 3, 3, 3, 3, 3, 0], False),  # severe, but item 9 unanswered: no red flag
        ([0, 0, 0, 0, 0, 0, 0, 0, 1], True),  # item 9 "Several days": a red flag
        ([0, 0, 0, 0, 0, 0, 0, 0, 3], True),
    ],
)
def test_phq9_item_9_at_1_or_more_is_a_red_flag(answers, red_flag):
    assert instruments.is_red_flag("phq9", answers) is red_flag
    assert (
        catalogue.INSTRUMENTS["phq9"]
        .items[catalogue.PHQ9_RED_FLAG_ITEM]
        .text.startswith("Thoughts that you would be better off dead")
    )


def test_other_instruments_raise_no_red_flag():
    assert not instruments.is_red_flag("gad7", [3] * 7)
    assert not instruments.is_red_flag("peg", [10, 10, 10])


def test_schedules_and_recall_periods():
    # DOMAIN.md: PEG weekly over the past week; PHQ-9 and GAD-7 every 4 weeks over the last 2.
    schedule = {code: (i.schedule_days, i.recall) for code, i in catalogue.INSTRUMENTS.items()}
    assert schedule == {
        "peg": (7, "the past week"),
        "phq9": (28, "the last 2 weeks"),
        "gad7": (28, "the last 2 weeks"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "answers", "score", "band"),
    [
        *(("phq9", answers_summing_to(t, 9), Decimal(t), b) for t, b in PHQ9_EDGES),
        *(("gad7", answers_summing_to(t, 7), Decimal(t), b) for t, b in GAD7_EDGES),
        ("peg", [7, 7, 6], Decimal("6.7"), ""),
    ],
)
def test_the_server_stores_the_score_and_band_it_derives(alice, code, answers, score, band):
    data = {"completed_at": "2026-03-03T09:00:00+00:00", "instrument": code, "answers": answers}

    record = services.record_create(patient_id=alice.pk, entity="assessment", data=data)

    record.refresh_from_db()
    assert (record.score, record.band) == (score, band)

"""Scoring of the assessments (DOMAIN.md § Assessments): score and band from the answers.

The catalogue (diary.catalogue.INSTRUMENTS) holds each instrument's items, score rule and
bands; this module applies them. The server derives an assessment's `score` and `band` here
on every write (diary.services), like an intake's MME; the PWA computes the same offline.

- PEG: the mean of its 3 answers, rounded once to 1 decimal, half away from zero (a mean of
  three whole numbers ends in .0, .33… or .67…, so it never lies exactly half-way). No band.
- PHQ-9 and GAD-7: the sum of the answers, banded by the catalogue's bands.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from diary.catalogue import INSTRUMENTS, Instrument

SCORE_PLACES = Decimal("0.1")


def instrument_score(instrument: Instrument, answers: Sequence[int]) -> Decimal:
    """The score of a complete, valid set of answers (mean to 1 decimal, or sum)."""
    total = Decimal(sum(answers))
    if instrument.score_rule == "mean":
        # ROUND_HALF_UP rounds ties away from zero (2.25 → 2.3); the score is never negative.
        return (total / len(answers)).quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)
    return total.quantize(SCORE_PLACES)


def instrument_band(instrument: Instrument, score: Decimal) -> str:
    """The band code a score falls in; "" for an instrument without bands (PEG)."""
    for band in instrument.bands:
        if band.lo <= score <= band.hi:
            return band.code
    return ""


def answers_valid(instrument: Instrument, answers: object) -> bool:
    """One whole number per item, each within its item's range."""
    if not isinstance(answers, list | tuple) or len(answers) != len(instrument.items):
        return False
    return all(
        isinstance(value, int) and not isinstance(value, bool) and item.lo <= value <= item.hi
        for item, value in zip(instrument.items, answers, strict=True)
    )


def score_and_band(instrument_code: str, answers: Sequence[int]) -> tuple[Decimal | None, str]:
    """The derived `score` and `band` of an assessment; (None, "") if its answers are not valid
    (never the case for a stored one: the format refuses them)."""
    instrument = INSTRUMENTS.get(instrument_code)
    if instrument is None or not answers_valid(instrument, answers):
        return None, ""
    score = instrument_score(instrument, answers)
    return score, instrument_band(instrument, score)


def is_red_flag(instrument_code: str, answers: Sequence[int]) -> bool:
    """True when an assessment raises a red flag: PHQ-9 item 9 answered 1 or more (figure 13)."""
    instrument = INSTRUMENTS.get(instrument_code)
    if instrument is None or instrument.red_flag_item is None or instrument.red_flag_from is None:
        return False
    if not answers_valid(instrument, answers):
        return False
    return answers[instrument.red_flag_item] >= instrument.red_flag_from

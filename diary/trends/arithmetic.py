"""Exact arithmetic for the figures and the one rounding of a reported value.

Pain, mood and percentages are `Fraction`s, MME `Decimal`s; nothing is a float until
`round1` turns a final value into the 1-decimal number a summary reports.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

Number = Fraction | Decimal | int


def round1(value: Number | None) -> float | None:
    """Round once to 1 decimal, half away from zero (2.25 → 2.3, −2.25 → −2.3); None stays None.

    Exact: the value is scaled as a Fraction, so a tie is a tie and nothing else is.
    """
    if value is None:
        return None
    exact = Fraction(value) * 10
    tenths = math.floor(abs(exact) + Fraction(1, 2))
    if exact < 0:
        tenths = -tenths
    return float(Decimal(tenths) / 10) + 0.0  # + 0.0 turns -0.0 into 0.0


def mean(values: Iterable[Number]) -> Fraction:
    """The exact mean of a non-empty collection."""
    items = list(values)
    total = sum(items)
    if isinstance(total, int):  # daily pain and mood: one Fraction, not one per value
        return Fraction(total, len(items))
    return Fraction(total) / len(items)


def as_float(value: Decimal | None) -> float | None:
    """A recorded value (a dose, say) as a JSON number, not rounded: it was not computed."""
    return None if value is None else float(value)

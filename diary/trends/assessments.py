"""Figure 19 (per instrument, the first and latest assessment of the period and the change)
and the PHQ-9 item 9 red flag of figure 13.

A score is the instrument's own (DOMAIN.md § Assessments): the PEG's is the mean of its 3
items to 1 decimal, the PHQ-9's and GAD-7's a sum, as the server derived and stored it. The
change is latest − first of those scores, rounded once (round1), so the numbers shown add up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.utils.translation import gettext

from diary.catalogue import INSTRUMENTS, PHQ9_RED_FLAG_FROM, PHQ9_RED_FLAG_ITEM
from diary.trends.arithmetic import round1
from diary.trends.rows import AssessmentRow

INSTRUMENT_ORDER = tuple(INSTRUMENTS)  # the catalogue's order (PEG, PHQ-9, GAD-7); unknown codes after
PHQ9 = "phq9"
PHQ9_ITEM9_INDEX = PHQ9_RED_FLAG_ITEM if PHQ9_RED_FLAG_ITEM is not None else 8  # 0-based: item 9
PHQ9_ITEM9_FROM = PHQ9_RED_FLAG_FROM if PHQ9_RED_FLAG_FROM is not None else 1  # the lowest answer that flags
PHQ9_ITEM9_CODE = "phq9_item9"  # the red flag's code, as the RedFlag records have it


def _moment(a: AssessmentRow) -> tuple[date, datetime, str]:
    return (a.local_date, a.completed_at, a.id)


def _score(a: AssessmentRow) -> dict:
    assert a.score is not None
    return {"date": a.local_date.isoformat(), "score": round1(a.score), "band": a.band or None}


def _instrument_key(code: str) -> tuple[int, str]:
    return (INSTRUMENT_ORDER.index(code) if code in INSTRUMENT_ORDER else len(INSTRUMENT_ORDER), code)


def assessment_items(assessments: Iterable[AssessmentRow]) -> list[dict]:
    """Figure 19 over the given (period's) assessments: per instrument (catalogue order) the
    first and the latest by local date, then completed_at, then id; `count` of them; and
    `change` = latest − first score (null when the period has only one). Assessments
    without a score are left out."""
    by_instrument: dict[str, list[AssessmentRow]] = {}
    for a in assessments:
        if a.score is not None:
            by_instrument.setdefault(a.instrument, []).append(a)
    items = []
    for code in sorted(by_instrument, key=_instrument_key):
        rows = sorted(by_instrument[code], key=_moment)
        first, latest = rows[0], rows[-1]
        assert first.score is not None and latest.score is not None
        items.append(
            {
                "instrument": code,
                "count": len(rows),
                "first": _score(first),
                "latest": _score(latest),
                "change": round1(latest.score - first.score) if len(rows) > 1 else None,
            }
        )
    return items


def item9_answer(instrument: str, answers: Sequence) -> int | None:
    """A PHQ-9's answer to item 9 (0-3); None for another instrument, too few answers, or an
    answer that is not a whole number (a stored row the checks never saw)."""
    if instrument != PHQ9 or len(answers) <= PHQ9_ITEM9_INDEX:
        return None
    answer = answers[PHQ9_ITEM9_INDEX]
    return answer if isinstance(answer, int) and not isinstance(answer, bool) else None


def item9_flags(answer: int | None) -> bool:
    """True for an item-9 answer that is a red flag (1 or more, the catalogue's threshold)."""
    return answer is not None and answer >= PHQ9_ITEM9_FROM


def item9_detail(answer: int) -> str:
    """The red flag's detail: fixed words and the answer, never anything the patient wrote."""
    return gettext(
        "PHQ-9 item %(item)s answered %(answer)s (thoughts of being better off dead or of self-harm)"
    ) % {"item": PHQ9_ITEM9_INDEX + 1, "answer": answer}

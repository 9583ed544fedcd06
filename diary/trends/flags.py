"""Figures 12 and 13: side effects of the period and its red flags (newest first).

Their words (labels, red-flag details) are written in FIGURES_LANGUAGE: figures and RedFlag
rows are stored and read by people of every language. `detail_shown` gives a stored detail
in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.utils import translation
from django.utils.translation import gettext

from diary.catalogue import (
    BP_DIASTOLIC_RED_FLAG,
    BP_SYSTOLIC_RED_FLAG,
    HEART_RATE_RED_FLAG,
    SEVERITIES,
    SIDE_EFFECTS,
    is_red_flag,
)
from diary.trends.assessments import PHQ9_ITEM9_CODE, item9_answer, item9_detail, item9_flags
from diary.trends.daily import ONE_DAY
from diary.trends.rows import AdministrationRow, AssessmentRow, EntryRow

AFTER_ADMINISTRATION_DAYS = 2  # figure 12: an entry dated D … D+2
_WITHIN = "within_2_days_of_administration"
FIGURES_LANGUAGE = "en"  # stored words (figures, RedFlag.detail) are in this language


def _label(code: str) -> str:
    effect = SIDE_EFFECTS.get(code)
    return str(effect.label) if effect else code


def _severity(severity: int) -> str:
    label = SEVERITIES.get(severity)
    return str(label) if label is not None else str(severity)


def _severities(entry: EntryRow) -> dict[str, int]:
    """The entry's side effects, each code once at its highest severity."""
    found: dict[str, int] = {}
    for code, severity in entry.side_effects:
        found[code] = max(severity, found.get(code, 0))
    return found


def side_effects(entries: Sequence[EntryRow], administration_dates: set[date]) -> list[dict]:
    """Figure 12 over the given (period's) entries: per code, the entries reporting it, the
    highest severity, and those dated D … D+2 after an administration on D (any, also
    before the period). Most reported first, then by code."""
    stats: dict[str, dict] = {}
    for e in entries:
        near = any(
            e.diary_date - n * ONE_DAY in administration_dates for n in range(AFTER_ADMINISTRATION_DAYS + 1)
        )
        for code, severity in _severities(e).items():
            item = stats.setdefault(
                code, {"code": code, "label": _label(code), "count": 0, "max_severity": 0, _WITHIN: 0}
            )
            item["count"] += 1
            item["max_severity"] = max(item["max_severity"], severity)
            item[_WITHIN] += int(near)
    for item in stats.values():
        item["max_severity_label"] = _severity(item["max_severity"])
    ordered = sorted(stats.values(), key=lambda s: (-s["count"], s["code"]))
    return [
        {k: s[k] for k in ("code", "label", "count", "max_severity", "max_severity_label", _WITHIN)}
        for s in ordered
    ]


# --- the rules, one copy: the figures here and diary.red_flags (the RedFlag rows) use them --


def side_effect_flag_detail(code: str, severity: int) -> str | None:
    """The detail of a side effect's red flag ("Chest pain, moderate"); None when it is not one
    (hallucinations only when severe)."""
    if not is_red_flag(code, severity):
        return None
    return f"{_label(code)}, {_severity(severity)}"


def monitoring_flags(systolic: int | None, diastolic: int | None, rate: int | None) -> list[tuple[str, str]]:
    """(kind, detail) of a session's monitoring red flags: systolic >= 180 or diastolic >= 110
    (`blood_pressure`, "BP 185/– mmHg"), heart rate >= 120 (`heart_rate`, "Heart rate 120/min")."""
    flags = []
    if (systolic or 0) >= BP_SYSTOLIC_RED_FLAG or (diastolic or 0) >= BP_DIASTOLIC_RED_FLAG:
        flags.append(
            (
                "blood_pressure",
                _blood_pressure(*("–" if v is None else str(v) for v in (systolic, diastolic))),
            )
        )
    if (rate or 0) >= HEART_RATE_RED_FLAG:
        flags.append(("heart_rate", _heart_rate(str(rate))))
    return flags


def _blood_pressure(systolic: str, diastolic: str) -> str:
    # Translators: BP = blood pressure, as a clinician abbreviates it; "–" stands for a missing value.
    return gettext("BP %(systolic)s/%(diastolic)s mmHg") % {"systolic": systolic, "diastolic": diastolic}


def _heart_rate(rate: str) -> str:
    return gettext("Heart rate %(rate)s/min") % {"rate": rate}


# What FIGURES_LANGUAGE's details look like, to read a stored one back (detail_shown).
_STORED_BP = re.compile(r"BP (\d+|–)/(\d+|–) mmHg")
_STORED_RATE = re.compile(r"Heart rate (\d+)/min")
_STORED_ITEM9 = re.compile(r"PHQ-9 item \d+ answered (\d+) \(.*\)")


def detail_shown(kind: str, code: str | None, detail: str) -> str:
    """A stored red flag's detail (figures' or a RedFlag row's, written in FIGURES_LANGUAGE)
    in the active language: rebuilt from its kind, code and numbers; the stored text itself
    when it cannot be read back (an older wording)."""
    if kind == "side_effect" and code in SIDE_EFFECTS:
        _label_part, _, severity_words = detail.rpartition(", ")
        with translation.override(FIGURES_LANGUAGE):
            severities = {_severity(s): s for s in SEVERITIES}
        if severity_words in severities:
            return f"{_label(code)}, {_severity(severities[severity_words])}"
    elif kind == "blood_pressure" and (match := _STORED_BP.fullmatch(detail)):
        return _blood_pressure(match[1], match[2])
    elif kind == "heart_rate" and (match := _STORED_RATE.fullmatch(detail)):
        return _heart_rate(match[1])
    elif kind == "assessment" and code == PHQ9_ITEM9_CODE and (match := _STORED_ITEM9.fullmatch(detail)):
        return item9_detail(int(match[1]))
    return detail


def red_flags(
    entries: Iterable[EntryRow],
    administrations: Iterable[AdministrationRow],
    assessments: Iterable[AssessmentRow] = (),
) -> list[dict]:
    """Figure 13 over the given (period's) rows: every red-flag side effect of an entry
    (hallucinations only when severe), every administration with systolic >= 180 or
    diastolic >= 110 (blood_pressure) or heart rate >= 120 (heart_rate), every PHQ-9 with
    item 9 answered 1 or more (assessment). Newest first: by date, then time, then kind
    and code."""
    found: list[tuple[date, datetime, str, str, dict]] = []
    for e in entries:
        for code, severity in sorted(_severities(e).items()):
            if (detail := side_effect_flag_detail(code, severity)) is not None:
                found.append(
                    (
                        e.diary_date,
                        e.recorded_at,
                        "side_effect",
                        code,
                        _flag(e.id, "side_effect", code, detail),
                    )
                )
    for a in administrations:
        for kind, detail in monitoring_flags(a.bp_systolic_max, a.bp_diastolic_max, a.heart_rate_max):
            found.append((a.local_date, a.administered_at, kind, "", _flag(a.id, kind, None, detail)))
    for q in assessments:
        answer = item9_answer(q.instrument, q.answers)
        if answer is not None and item9_flags(answer):
            flag = _flag(q.id, "assessment", PHQ9_ITEM9_CODE, item9_detail(answer))
            found.append((q.local_date, q.completed_at, "assessment", PHQ9_ITEM9_CODE, flag))
    found.sort(key=lambda f: (f[2], f[3]))  # kind, code ascending within one moment (the sort is stable)
    found.sort(key=lambda f: (f[0], f[1]), reverse=True)
    return [{"date": f[0].isoformat(), **f[4]} for f in found]


def _flag(record_id: str, kind: str, code: str | None, detail: str) -> dict:
    return {"kind": kind, "code": code, "detail": detail, "record_id": record_id}

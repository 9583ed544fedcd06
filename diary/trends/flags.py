"""Figures 12 and 13: side effects of the period and its red flags (newest first)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

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


def _label(code: str) -> str:
    effect = SIDE_EFFECTS.get(code)
    return effect.label if effect else code


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
        item["max_severity_label"] = SEVERITIES.get(item["max_severity"], str(item["max_severity"]))
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
    return f"{_label(code)}, {SEVERITIES.get(severity, str(severity))}"


def monitoring_flags(systolic: int | None, diastolic: int | None, rate: int | None) -> list[tuple[str, str]]:
    """(kind, detail) of a session's monitoring red flags: systolic >= 180 or diastolic >= 110
    (`blood_pressure`, "BP 185/– mmHg"), heart rate >= 120 (`heart_rate`, "Heart rate 120/min")."""
    flags = []
    if (systolic or 0) >= BP_SYSTOLIC_RED_FLAG or (diastolic or 0) >= BP_DIASTOLIC_RED_FLAG:
        shown = ("–" if v is None else str(v) for v in (systolic, diastolic))
        flags.append(("blood_pressure", "BP {}/{} mmHg".format(*shown)))
    if (rate or 0) >= HEART_RATE_RED_FLAG:
        flags.append(("heart_rate", f"Heart rate {rate}/min"))
    return flags


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

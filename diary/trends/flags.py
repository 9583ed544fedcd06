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


def _bp_detail(systolic: int | None, diastolic: int | None) -> str:
    shown = ("–" if v is None else str(v) for v in (systolic, diastolic))
    return "BP {}/{} mmHg".format(*shown)


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
            if is_red_flag(code, severity):
                detail = f"{_label(code)}, {SEVERITIES.get(severity, str(severity))}"
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
        systolic, diastolic, rate = a.bp_systolic_max, a.bp_diastolic_max, a.heart_rate_max
        if (systolic or 0) >= BP_SYSTOLIC_RED_FLAG or (diastolic or 0) >= BP_DIASTOLIC_RED_FLAG:
            detail = _bp_detail(systolic, diastolic)
            found.append(
                (
                    a.local_date,
                    a.administered_at,
                    "blood_pressure",
                    "",
                    _flag(a.id, "blood_pressure", None, detail),
                )
            )
        if (rate or 0) >= HEART_RATE_RED_FLAG:
            detail = f"Heart rate {rate}/min"
            found.append(
                (a.local_date, a.administered_at, "heart_rate", "", _flag(a.id, "heart_rate", None, detail))
            )
    for q in assessments:
        answer = item9_answer(q)
        if answer is not None and item9_flags(answer):
            flag = _flag(q.id, "assessment", PHQ9_ITEM9_CODE, item9_detail(answer))
            found.append((q.local_date, q.completed_at, "assessment", PHQ9_ITEM9_CODE, flag))
    found.sort(key=lambda f: (f[2], f[3]))  # kind, code ascending within one moment (the sort is stable)
    found.sort(key=lambda f: (f[0], f[1]), reverse=True)
    return [{"date": f[0].isoformat(), **f[4]} for f in found]


def _flag(record_id: str, kind: str, code: str | None, detail: str) -> dict:
    return {"kind": kind, "code": code, "detail": detail, "record_id": record_id}

"""A red flag's detail in the reader's language.

diary.red_flags stores each flag's detail as words ("Chest pain, moderate", "BP 184/102 mmHg",
"Heart rate 124/min", "PHQ-9 item 9 answered 1 (…)"), written in English when the flag is
made. A clinician reads it in their own language: `red_flag_detail` rebuilds those words
from the flag's kind, its code and the figures in the stored detail, in the active language;
a detail it cannot read is shown as stored (nothing a patient reported is hidden).
"""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext as _

from diary import catalogue

_BP = re.compile(r"BP (\d+|–)/(\d+|–) mmHg")
_HEART_RATE = re.compile(r"Heart rate (\d+)/min")
_PHQ9_ITEM = re.compile(r"PHQ-9 item (\d+) answered (\d+) \(.*\)")


def _severity_level(words: str) -> int | None:
    """The severity (1-3) whose English label these words are, else None."""
    with translation.override("en"):
        english = {str(label): level for level, label in catalogue.SEVERITIES.items()}
    return english.get(words)


def _side_effect(code: str, detail: str) -> str | None:
    effect = catalogue.SIDE_EFFECTS.get(code)
    level = _severity_level(detail.rpartition(", ")[2])
    if effect is None or level is None:
        return None
    return f"{effect.label}, {catalogue.SEVERITIES[level]}"


def red_flag_detail(kind: str, code: str, detail: str) -> str:
    """The stored detail of a red flag in the active language (as stored when unreadable)."""
    if kind == "side_effect":
        return _side_effect(code, detail) or detail
    if kind == "blood_pressure" and (match := _BP.fullmatch(detail)):
        return _("BP %(systolic)s/%(diastolic)s mmHg") % {"systolic": match[1], "diastolic": match[2]}
    if kind == "heart_rate" and (match := _HEART_RATE.fullmatch(detail)):
        return _("Heart rate %(rate)s/min") % {"rate": match[1]}
    if kind == "assessment" and (match := _PHQ9_ITEM.fullmatch(detail)):
        return _(
            "PHQ-9 item %(item)s answered %(answer)s (thoughts of being better off dead or of self-harm)"
        ) % {"item": match[1], "answer": match[2]}
    return detail

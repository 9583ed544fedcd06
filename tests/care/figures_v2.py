"""A hand-built version-2 `figures` dict (CONTRACT.md) for the display tests of the portal and PDF.

Dana's 30 days, 22 October - 20 November 2026, computed on 21 November (as of the 20th).
One ketamine episode: an induction series of five IV infusions (26 Oct - 4 Nov, 68 kg),
then maintenance infusions on 9 Nov (pain had stayed low: a low baseline) and 18 Nov (its
week after is still in progress on the 20th); a weekly PEG, two PHQ-9s (the second with
item 9 answered 1: a red flag) and one GAD-7. The numbers agree with each other as DOMAIN.md
defines them; the arithmetic is in the comments.
"""

from __future__ import annotations

import copy
from datetime import date

PERIOD_START, PERIOD_END, AS_OF = date(2026, 10, 22), date(2026, 11, 20), date(2026, 11, 20)
EPISODE = "e1000000-0000-4000-8000-000000000001"
MAINTENANCE_1, MAINTENANCE_2 = "a1000000-0000-4000-8000-000000000006", "a1000000-0000-4000-8000-000000000007"

# Daily pain of the logged dates (26 of 30; nothing on 27 Oct, 3 Nov, 12 Nov and 19 Nov).
PAIN = {
    "2026-10-22": 7.0,
    "2026-10-23": 7.0,
    "2026-10-24": 6.5,
    "2026-10-25": 7.0,
    "2026-10-26": 6.0,
    "2026-10-28": 5.0,
    "2026-10-29": 4.5,
    "2026-10-30": 4.0,
    "2026-10-31": 4.0,
    "2026-11-01": 4.0,
    "2026-11-02": 3.5,
    "2026-11-04": 3.0,
    "2026-11-05": 3.0,
    "2026-11-06": 3.5,
    "2026-11-07": 3.5,
    "2026-11-08": 4.0,
    "2026-11-09": 3.0,
    "2026-11-10": 3.0,
    "2026-11-11": 3.5,
    "2026-11-13": 4.5,
    "2026-11-14": 4.5,
    "2026-11-15": 5.0,
    "2026-11-16": 4.5,
    "2026-11-17": 5.0,
    "2026-11-18": 3.5,
    "2026-11-20": 3.0,
}
# Daily mean mood of the 22 logged dates that have one (figure 16: r over these, n = 22).
MOOD = {
    "2026-10-24": 4,
    "2026-10-26": 4,
    "2026-10-28": 5,
    "2026-10-29": 6,
    "2026-10-30": 5,
    "2026-10-31": 6,
    "2026-11-01": 6,
    "2026-11-02": 6,
    "2026-11-05": 7,
    "2026-11-06": 5,
    "2026-11-07": 7,
    "2026-11-08": 6,
    "2026-11-09": 8,
    "2026-11-10": 6,
    "2026-11-11": 6,
    "2026-11-13": 4,
    "2026-11-14": 6,
    "2026-11-15": 5,
    "2026-11-16": 6,
    "2026-11-17": 4,
    "2026-11-18": 6,
    "2026-11-20": 7,
}


def _mme(day: str) -> float | None:
    """Daily MME (figure 14): oxycodone 10 mg three times a day (45), twice from 5 Nov (30), an
    extra 10 mg on 24 Oct (60); a fentanyl 12 mcg/h patch on 8 Nov worn 72 h adds 12 × 2.4 = 28.8
    on 8, 9 and 10 Nov; nothing after 16 Nov."""
    if day > "2026-11-16":
        return None
    if day in ("2026-11-08", "2026-11-09", "2026-11-10"):
        return 58.8  # 30 + 28.8
    return 60.0 if day == "2026-10-24" else 45.0 if day < "2026-11-05" else 30.0


def _induction(n: int, day: str, mg: str, per_kg: str, minutes: int, bp: tuple, hr: int) -> dict:
    return {
        "id": f"a1000000-0000-4000-8000-00000000000{n}",
        "date": day,
        "route": "iv_infusion",
        "phase": "induction",
        "dose_mg": mg,
        "dose_mg_per_kg": per_kg,
        "duration_minutes": minutes,
        "bp_systolic_max": bp[0],
        "bp_diastolic_max": bp[1],
        "heart_rate_max": hr,
        "in_series": True,
    }


def _window(**fields) -> dict:
    empty = dict.fromkeys(
        (
            "baseline",
            "baseline_days",
            "response",
            "response_days",
            "response_complete",
            "response_until",
            "change",
            "reduction_percent",
            "category",
            "category_reason",
            "responder",
            "relief_days",
            "relief_ongoing",
            "relief_bound",
        ),
    )
    return {**empty, **fields}


FIGURES = {
    "figures_version": 2,
    "as_of": "2026-11-20",
    "days": 30,
    "logged_days": 26,
    "adherence_percent": 86.7,  # 26 / 30 = 86.67 %
    "pain_mean": 4.4,  # 115 / 26 = 4.42
    "pain_days": 26,
    "daily": [
        {
            "date": day,
            "pain": pain,
            "mood": MOOD.get(day),
            "mme": _mme(day),
            "mme_incomplete": day == "2026-11-14",  # buprenorphine too, which has no MME factor
        }
        for day, pain in PAIN.items()
    ],
    "series": [
        {
            "episode_id": EPISODE,
            "first_date": "2026-10-26",
            "last_date": "2026-11-04",
            "administrations": 5,
            "total_dose_mg": 142.8,  # 20.4 + 27.2 + 27.2 + 34 + 34 (0.3/0.4/0.4/0.5/0.5 mg/kg × 68 kg)
            **_window(
                baseline=6.8,  # 19-25 Oct, all 7 logged
                baseline_days=7,
                response=3.5,  # 5-8 Nov: (3 + 3.5 + 3.5 + 4) / 4; the window ends the day before the 9th
                response_days=4,
                response_complete=True,
                response_until="2026-11-08",
                change=3.3,  # 6.8 − 3.5
                reduction_percent=48.5,  # 3.3 / 6.8 = 48.53 %: moderate
                category="moderate",
                responder=True,
                relief_days=4,  # not ended by 8 Nov (the day before the next dose): 8 − 4
                relief_ongoing=True,
                relief_bound="next_administration",
            ),
        }
    ],
    "administrations": [
        _induction(1, "2026-10-26", "20.4", "0.30", 40, (142, 86), 88),
        _induction(2, "2026-10-28", "27.2", "0.40", 45, (148, 88), 92),
        _induction(3, "2026-10-30", "27.2", "0.40", 50, (152, 90), 124),  # heart rate ≥ 120: red flag
        _induction(4, "2026-11-02", "34.0", "0.50", 55, (182, 98), 98),  # systolic ≥ 180: red flag
        _induction(5, "2026-11-04", "34.0", "0.50", 60, (150, 90), 94),
        {
            "id": MAINTENANCE_1,
            "date": "2026-11-09",
            "route": "iv_infusion",
            "phase": "maintenance",
            "dose_mg": "34.0",
            "dose_mg_per_kg": "0.50",
            "duration_minutes": 60,
            "bp_systolic_max": 146,
            "bp_diastolic_max": 88,
            "heart_rate_max": 90,
            "in_series": False,
            **_window(
                baseline=3.4,  # 2-8 Nov, 3 Nov not logged: (3.5 + 3 + 3 + 3.5 + 3.5 + 4) / 6 = 3.417
                baseline_days=6,
                response=4.2,  # 10-16 Nov, 12 Nov not logged: (3 + 3.5 + 4.5 + 4.5 + 5 + 4.5) / 6 = 4.167
                response_days=6,
                response_complete=True,
                response_until="2026-11-16",
                change=-0.8,  # 3.417 − 4.167 = −0.75, rounded half away from zero
                reduction_percent=-22.0,  # −0.75 / 3.417 = −21.95 %
                category_reason="low_baseline",  # 3.417 < 4: too low to judge a reduction
            ),
        },
        {
            "id": MAINTENANCE_2,
            "date": "2026-11-18",
            "route": "iv_infusion",
            "phase": "maintenance",
            "dose_mg": None,
            "dose_mg_per_kg": "0.50",
            "duration_minutes": 60,
            "bp_systolic_max": None,
            "bp_diastolic_max": None,
            "heart_rate_max": None,
            "in_series": False,
            **_window(
                baseline=4.5,  # 11-17 Nov, 12 Nov not logged: (3.5 + 4.5 + 4.5 + 5 + 4.5 + 5) / 6
                baseline_days=6,
                response=None,  # 19-25 Nov: only the 20th so far (fewer than 3 logged dates)
                response_days=1,
                response_complete=False,
                response_until="2026-11-25",
                category_reason="in_progress",
            ),
        },
    ],
    "episodes": [
        {
            "id": EPISODE,
            "title": "Ketamine infusions for CRPS, autumn 2026",
            "first_administration_date": "2026-10-26",
            "baseline": 6.8,
            "baseline_days": 7,
            "current": 4.3,  # 14-20 Nov, 19 Nov not logged: (4.5 + 5 + 4.5 + 5 + 3.5 + 3) / 6 = 4.25
            "current_days": 6,
            "change": 2.6,  # 6.8 − 4.25 = 2.55
            "reduction_percent": 37.5,  # 2.55 / 6.8 = 37.5 %: moderate
            "category": "moderate",
            "category_reason": None,
        }
    ],
    "side_effects": [
        {
            "code": "dissociation",
            "label": "Dissociation (feeling detached or unreal)",
            "count": 5,
            "max_severity": 2,
            "max_severity_label": "moderate",
            "within_2_days_of_administration": 5,
        },
        {
            "code": "nausea",
            "label": "Nausea",
            "count": 4,
            "max_severity": 2,
            "max_severity_label": "moderate",
            "within_2_days_of_administration": 3,
        },
        {
            "code": "hallucinations",
            "label": "Hallucinations",
            "count": 1,
            "max_severity": 3,
            "max_severity_label": "severe",
            "within_2_days_of_administration": 1,
        },
        {
            "code": "bladder_pain",
            "label": "Bladder pain",
            "count": 1,
            "max_severity": 1,
            "max_severity_label": "mild",
            "within_2_days_of_administration": 0,
        },
    ],
    "red_flags": [
        {
            "date": "2026-11-15",
            "kind": "side_effect",
            "code": "bladder_pain",
            "detail": "Bladder pain, mild",
            "record_id": "b1000000-0000-4000-8000-000000000001",
        },
        {  # the PHQ-9 of 13 Nov: answers 1,1,1,1,1,1,1,0,1 (item 9 answered 1)
            "date": "2026-11-13",
            "kind": "assessment",
            "code": "phq9_item9",
            "detail": "PHQ-9 item 9 answered 1 (thoughts of being better off dead or of self-harm)",
            "record_id": "c1000000-0000-4000-8000-000000000002",
        },
        {
            "date": "2026-11-02",
            "kind": "blood_pressure",
            "code": None,
            "detail": "BP 182/98 mmHg",
            "record_id": "a1000000-0000-4000-8000-000000000004",
        },
        {
            "date": "2026-10-30",
            "kind": "heart_rate",
            "code": None,
            "detail": "Heart rate 124/min",
            "record_id": "a1000000-0000-4000-8000-000000000003",
        },
        {
            "date": "2026-10-28",
            "kind": "side_effect",
            "code": "hallucinations",
            "detail": "Hallucinations, severe",
            "record_id": "b1000000-0000-4000-8000-000000000002",
        },
    ],
    "weekly_mme": [
        {
            "week_start": "2026-10-22",
            "mean_mme": 47.1,
            "mme_days": 7,
            "incomplete": False,
        },  # (6 × 45 + 60) / 7
        {"week_start": "2026-10-29", "mean_mme": 45.0, "mme_days": 7, "incomplete": False},
        # (4 × 30 + 3 × 58.8) / 7 = 42.34: the patch's days
        {"week_start": "2026-11-05", "mean_mme": 42.3, "mme_days": 7, "incomplete": False},
        # 12-16 Nov; buprenorphine on the 14th
        {"week_start": "2026-11-12", "mean_mme": 30.0, "mme_days": 5, "incomplete": True},
        {"week_start": "2026-11-19", "mean_mme": None, "mme_days": 0, "incomplete": False},  # 2-day block
    ],
    "opioid_cautions": {
        "mme_50_days": 4,  # 24 Oct (60) and 8-10 Nov (58.8)
        "mme_90_days": 0,
        "max_daily_mme": {"date": "2026-10-24", "mme": 60.0},
        "opioid_benzodiazepine_days": 2,  # diazepam on 31 Oct and 1 Nov
    },
    "mood_pain_r": -0.8,  # −0.784 over the 22 dates of MOOD
    "mood_pain_n": 22,
    "latest_pgic": {"value": 2, "label": "Much improved", "date": "2026-11-20"},
    # Figure 19. PEG weekly on 22, 29 Oct, 5, 12, 19 Nov: (7+8+7)/3 = 7.33 → 7.3 first,
    # (4+4+4)/3 = 4.0 latest, change 4.0 − 7.3 = −3.3. PHQ-9 on 24 Oct (2,2,1,2,1,1,2,1,0: 12,
    # moderate) and 13 Nov (1,1,1,1,1,1,1,0,1: 8, mild), change −4. One GAD-7, 24 Oct: 6, mild.
    "assessments": [
        {
            "instrument": "peg",
            "count": 5,
            "first": {"date": "2026-10-22", "score": 7.3, "band": None},
            "latest": {"date": "2026-11-19", "score": 4.0, "band": None},
            "change": -3.3,
        },
        {
            "instrument": "phq9",
            "count": 2,
            "first": {"date": "2026-10-24", "score": 12.0, "band": "moderate"},
            "latest": {"date": "2026-11-13", "score": 8.0, "band": "mild"},
            "change": -4.0,
        },
        {
            "instrument": "gad7",
            "count": 1,
            "first": {"date": "2026-10-24", "score": 6.0, "band": "mild"},
            "latest": {"date": "2026-10-24", "score": 6.0, "band": "mild"},
            "change": None,
        },
    ],
}


def figures_v2() -> dict:
    """A fresh copy of FIGURES, to change in a test."""
    return copy.deepcopy(FIGURES)


def ready_summary(patient, figures: dict | None = None):
    """A ready summary of the patient's with these figures (default: FIGURES), stored as computed."""
    from django.utils import timezone

    from care.models import Summary, SummaryStatus

    return Summary.objects.create(
        patient=patient,
        period_start=PERIOD_START,
        period_end=PERIOD_END,
        status=SummaryStatus.READY,
        figures=figures_v2() if figures is None else figures,
        generated_at=timezone.now(),
    )

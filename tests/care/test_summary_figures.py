"""A summary of alice's diary (posted through the API) equals the figures computed by hand.

The diary is in tests/care/conftest.py (`alice_diary`); the period is 1–21 March 2026.
Daily pain P(d), mood = 10 − pain on the 5th and later:
  P: 1:8 2:7 3:8 5:8 6:8 7:7 8:6 9:3 10:3 11:4 12:5 14:9 15:8 16:2 17:2 18:3 20:2 21:2
     (after the period: 22:1, 26:7; the 4th was deleted, the 13th and 19th never logged)
Administrations: A1 on the 8th (iv, BP 185/95), A2 on the 15th (im, BP 150/112), A3 on the
25th (outside the period, BP 190/100).
"""

from __future__ import annotations

import pytest

from tests.care.conftest import PERIOD

pytestmark = pytest.mark.django_db


def test_posting_asks_for_a_summary_and_answers_202_pending(alice, alice_diary, client_for, on_commit):
    client = client_for(alice)
    response = on_commit(lambda: client.post("/api/v1/summaries/", PERIOD, format="json"))

    assert response.status_code == 202
    assert set(response.json()) == {"id", "status"}
    assert response.json()["status"] == "pending"


def test_every_figure_matches_the_hand_computed_value(alice_summary, alice_diary):
    figures = alice_summary["figures"]
    assert alice_summary["period_start"] == "2026-03-01"
    assert alice_summary["period_end"] == "2026-03-21"
    assert alice_summary["generated_at"] is not None

    # 1–21 March, both ends included: 21 days.
    assert figures["days"] == 21
    # Logged dates in the period: 1,2,3,5,6,7,8,9,10,11,12,14,15,16,17,18,20,21 = 18
    # (the 4th's only entry was deleted; the 22nd and 26th are after the period).
    assert figures["logged_days"] == 18
    # Adherence = 18 / 21 × 100 = 85.714… → 85.7
    assert figures["adherence_percent"] == 85.7
    # Pain mean = (8+7+8+8+8+7 + 6+3+3+4+5 + 9+8 + 2+2+3 + 2+2) / 18 = 95 / 18 = 5.277… → 5.3
    assert figures["pain_mean"] == 5.3

    # Daily MME: 1st 15 + 10 = 25; 3rd 15; 5th paracetamol only = 0; 16th 12 mcg/h × 2.4 = 28.8;
    # 18th tramadol 50 × 0.2 = 10 (00:30 at +01:00 is still the 18th locally) + codeine 30 mg × 0.15
    # = 4.5 → 14.5. The deleted 100 mg of morphine on the 10th counts nowhere.
    # Mood: the 5th has two entries (9 with mood 1, 7 with mood 3): pain 8, mood 2.
    assert figures["daily"] == [
        {"date": "2026-03-01", "pain": 8.0, "mood": None, "mme": 25.0},
        {"date": "2026-03-02", "pain": 7.0, "mood": None, "mme": None},
        {"date": "2026-03-03", "pain": 8.0, "mood": None, "mme": 15.0},
        {"date": "2026-03-05", "pain": 8.0, "mood": 2.0, "mme": 0.0},
        {"date": "2026-03-06", "pain": 8.0, "mood": 2.0, "mme": None},
        {"date": "2026-03-07", "pain": 7.0, "mood": 3.0, "mme": None},
        {"date": "2026-03-08", "pain": 6.0, "mood": 4.0, "mme": None},
        {"date": "2026-03-09", "pain": 3.0, "mood": 7.0, "mme": None},
        {"date": "2026-03-10", "pain": 3.0, "mood": 7.0, "mme": None},
        {"date": "2026-03-11", "pain": 4.0, "mood": 6.0, "mme": None},
        {"date": "2026-03-12", "pain": 5.0, "mood": 5.0, "mme": None},
        {"date": "2026-03-14", "pain": 9.0, "mood": 1.0, "mme": None},
        {"date": "2026-03-15", "pain": 8.0, "mood": 2.0, "mme": None},
        {"date": "2026-03-16", "pain": 2.0, "mood": 8.0, "mme": 28.8},
        {"date": "2026-03-17", "pain": 2.0, "mood": 8.0, "mme": None},
        {"date": "2026-03-18", "pain": 3.0, "mood": 7.0, "mme": 14.5},
        {"date": "2026-03-20", "pain": 2.0, "mood": 8.0, "mme": None},
        {"date": "2026-03-21", "pain": 2.0, "mood": 8.0, "mme": None},
    ]

    assert figures["administrations"] == [
        {
            "id": alice_diary["a1"],
            "date": "2026-03-08",
            "route": "iv_infusion",
            # Baseline 1–7 March: 8, 7, 8, (4th missing), 8, 8, 7 = 46 / 6 = 23/3 = 7.67 → 7.7
            "baseline": 7.7,
            # Response 9–15 March: 3, 3, 4, 5, (13th missing), 9, 8 = 32 / 6 = 16/3 = 5.33 → 5.3
            "response": 5.3,
            # Reduction = (23/3 − 16/3) / (23/3) × 100 = 7/23 × 100 = 30.43 → 30.4: moderate, responder
            "reduction_percent": 30.4,
            "category": "moderate",
            "responder": True,
            # Relief: threshold 0.9 × 23/3 = 6.9; searched 9th … 14th (A2 on the 15th cuts it).
            # 3-day trailing means: 9th 3; 10th 3; 11th 10/3; 12th (3+4+5)/3 = 4;
            # 14th (12th..14th: 5, 9) = 7 ≥ 6.9 → ends on the 14th: (14 − 8) − 1 = 5 days.
            "relief_days": 5,
            "relief_ongoing": False,
        },
        {
            "id": alice_diary["a2"],
            "date": "2026-03-15",
            "route": "im",
            # Baseline 8–14 March: 6, 3, 3, 4, 5, 9 = 30 / 6 = 5.0
            "baseline": 5.0,
            # Response 16–22 March (the 22nd is after the period, still counted): 2, 2, 3, 2, 2, 1 = 12/6
            "response": 2.0,
            # Reduction = (5 − 2) / 5 × 100 = 60 → substantial
            "reduction_percent": 60.0,
            "category": "substantial",
            "responder": True,
            # Relief: threshold 4.5; searched 16th … 24th (A3 on the 25th cuts it, so the 26th's 7
            # does not end it). Every trailing mean ≤ 3 → ongoing; last logged date 22nd − 15th = 7.
            "relief_days": 7,
            "relief_ongoing": True,
        },
    ]

    # Per code: entries reporting it, highest severity, entries on an administration day D … D+2.
    # nausea: 8th (sev 2, A1 day), 9th (1, A1+1), 12th (3; 10th–12th has no administration)
    # hallucinations: 9th (3, A1+1), 16th (2, A2+1); dissociation 16th (2, A2+1);
    # dizziness 8th (1, A1 day); bladder_pain 21st (1; 19th–21st has none). Most reported first.
    assert figures["side_effects"] == [
        {"code": "nausea", "count": 3, "max_severity": 3, "within_2_days_of_administration": 2},
        {"code": "hallucinations", "count": 2, "max_severity": 3, "within_2_days_of_administration": 2},
        {"code": "bladder_pain", "count": 1, "max_severity": 1, "within_2_days_of_administration": 0},
        {"code": "dissociation", "count": 1, "max_severity": 2, "within_2_days_of_administration": 1},
        {"code": "dizziness", "count": 1, "max_severity": 1, "within_2_days_of_administration": 1},
    ]

    # Newest first: bladder pain (always a red flag), A2's diastolic 112 ≥ 110, severe
    # hallucinations (the moderate ones on the 16th are not), A1's systolic 185 ≥ 180.
    # A3's 190/100 is after the period.
    assert figures["red_flags"] == [
        {"date": "2026-03-21", "kind": "side_effect", "code": "bladder_pain", "detail": "Bladder pain, mild"},
        {"date": "2026-03-15", "kind": "blood_pressure", "code": None, "detail": "BP 150/112 mmHg"},
        {
            "date": "2026-03-09",
            "kind": "side_effect",
            "code": "hallucinations",
            "detail": "Hallucinations, severe",
        },
        {"date": "2026-03-08", "kind": "blood_pressure", "code": None, "detail": "BP 185/95 mmHg"},
    ]

    # Blocks from the period start: 1–7 March: (25 + 15 + 0) / 3 dates with intakes = 13.33 → 13.3;
    # 8–14: no intakes (the 10th's was deleted) → null; 15–21: (28.8 + 14.5) / 2 = 21.65 → 21.7.
    assert figures["weekly_mme"] == [
        {"week_start": "2026-03-01", "mean_mme": 13.3},
        {"week_start": "2026-03-08", "mean_mme": None},
        {"week_start": "2026-03-15", "mean_mme": 21.7},
    ]

    # 15 dates with both pain and mood (5th … 21st); mood = 10 − pain on each, so r = −1.
    assert figures["mood_pain_r"] == -1.0
    # PGIC: 2 on the 10th, 3 on the 20th (latest in the period); the 22nd's 1 is after it.
    assert figures["latest_pgic"] == {"value": 3, "label": "Minimally improved"}


def test_asking_again_for_the_same_period_recomputes_the_same_summary(
    alice, alice_summary, client_for, on_commit
):
    client = client_for(alice)
    client.post(
        "/api/v1/entries/", {"recorded_at": "2026-03-13T09:00:00+00:00", "pain_now": 5}, format="json"
    )

    again = on_commit(lambda: client.post("/api/v1/summaries/", PERIOD, format="json"))

    assert again.json()["id"] == alice_summary["id"]
    fresh = client.get(f"/api/v1/summaries/{alice_summary['id']}/").json()
    assert fresh["figures"]["logged_days"] == 19

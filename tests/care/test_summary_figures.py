"""A summary of bea's diary, posted through the API, equals the version-2 figures computed by hand.

Everything goes through HTTP: the records are POSTed (and two deleted), the summary is asked
for with POST summaries/, its computation runs as the worker runs it (the task, with the
clock at 09:00 UTC on 22 March 2026: bea is in London, GMT, so A, the as-of date, is
21 March), and the figures are read back with GET summaries/{id}/.

Bea's diary, March 2026 (an episode "Ketamine for CRPS"; daily pain P(d), mood = 10 − pain
on every entry except the 1st's; "-" = nothing logged):
  1:8  2:7  3:8  4:8  5:7 (9 and 5)  6:8  7:8 (logged at 01:00 on the 8th, about the 7th)
  8:6  9:5  10:5  11:5  12:5 (00:30 at +01:00)  13:4  14:5
  15:4  16:- (its entry deleted)  17:7  18:6  19:3  20:-  21:3
  22:0 (after A: never counted)
Administrations: induction I1 on the 8th (35 mg, 40 min, BP 185/95), I2 on the 10th
(0.5 mg/kg × 70 kg, heart rate 125), I3 on the 12th (40 mg); maintenance M1 on the 18th
(40 mg); maintenance M2 on the 23rd (after A: never counted, not even as N(18)).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from care import tasks
from care.models import Summary
from tests.care.conftest import DiaryClient, effects
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PERIOD = {"period_start": "2026-03-01", "period_end": "2026-03-21"}
NOW = datetime(2026, 3, 22, 9, 0, tzinfo=UTC)  # 09:00 GMT in London: A = 21 March


def at(day: int, time: str = "09:00:00+00:00") -> str:
    return f"2026-03-{day:02d}T{time}"


def entry(day: int, pain: int, *, mood: bool = True, **extra) -> dict:
    body = {"recorded_at": at(day), "pain_now": pain, **extra}
    return {**body, "mood": 10 - pain} if mood else body


@pytest.fixture
def bea(db):
    return make_user("bea@example.com", display_name="Bea", timezone="Europe/London")


@pytest.fixture
def diary(bea, client_for) -> dict:
    """Bea's diary, posted through the API; the ids of note."""
    api = DiaryClient(client_for(bea))
    episode = api.post(
        "episodes",
        {
            "treatment": "ketamine",
            "condition": "crps",
            "title": "Ketamine for CRPS",
            "started_on": "2026-03-01",
        },
    )["id"]

    def administration(day: int, phase: str, **extra) -> str:
        body = {"episode": episode, "administered_at": at(day, "10:00:00+00:00"), "route": "iv_infusion"}
        return api.post("administrations", {**body, "phase": phase, **extra})["id"]

    ids = {
        "episode": episode,
        "i1": administration(
            8, "induction", dose_mg=35, duration_minutes=40, bp_systolic_max=185, bp_diastolic_max=95
        ),
        "i2": administration(10, "induction", dose_mg_per_kg=0.5, weight_kg=70, heart_rate_max=125),
        "i3": administration(12, "induction", dose_mg=40),
        "m1": administration(18, "maintenance", dose_mg=40),
        "m2": administration(23, "maintenance", dose_mg=40),
    }
    entries = {
        1: entry(1, 8, mood=False),
        2: entry(2, 7),
        3: entry(3, 8),
        4: entry(4, 8),
        5: entry(5, 9),
        "5pm": {**entry(5, 5), "recorded_at": at(5, "20:00:00+00:00")},
        6: entry(6, 8),
        7: {**entry(7, 8), "recorded_at": at(8, "01:00:00+00:00"), "diary_date": "2026-03-07"},
        8: entry(8, 6, **effects(("nausea", 2), ("dizziness", 1))),
        9: entry(9, 5, **effects(("nausea", 1), ("hallucinations", 3))),
        10: entry(10, 5, pgic=3),
        11: entry(11, 5),
        12: {**entry(12, 5), "recorded_at": at(12, "00:30:00+01:00")},  # the 11th in UTC
        13: entry(13, 4, **effects(("nausea", 3))),
        14: entry(14, 5),
        15: entry(15, 4),
        17: entry(17, 7),
        18: entry(18, 6),
        19: entry(19, 3, pgic=2, **effects(("dissociation", 2))),
        21: entry(21, 3, **effects(("bladder_pain", 1), ("craving", 2))),
        22: entry(22, 0, pgic=1, **effects(("chest_pain", 3))),  # after A
    }
    ids["entries"] = {day: api.post("entries", body)["id"] for day, body in entries.items()}
    api.delete("entries", api.post("entries", entry(16, 10))["id"])  # deleted: never counted

    intakes = [
        (at(1), "oxycodone", 10, "mg", None),  # 10 × 1.5 = 15 MME
        (at(1, "21:00:00+00:00"), "morphine", 10, "mg", None),  # 10 MME
        (at(2), "buprenorphine", 200, "mcg", None),  # an opioid without a factor
        (at(3), "paracetamol", 1000, "mg", None),  # not an opioid: the day counts 0
        (at(5), "fentanyl", 25, "mcg_per_h", 48),  # 25 × 2.4 = 60 MME on the 5th and the 6th
        (at(5, "12:00:00+00:00"), "morphine", 40, "mg", None),  # 40 MME
        (at(6), "diazepam", 5, "mg", None),  # a benzodiazepine, beside the patch
        (at(15), "tramadol", 100, "mg", None),  # 100 × 0.2 = 20 MME
        (at(22), "morphine", 200, "mg", None),  # after A
    ]
    for taken_at, drug, dose, unit, wear_hours in intakes:
        body = {"taken_at": taken_at, "drug": drug, "dose": dose, "unit": unit}
        api.post("medications", body if wear_hours is None else {**body, "wear_hours": wear_hours})
    deleted = api.post("medications", {"taken_at": at(10), "drug": "morphine", "dose": 100, "unit": "mg"})
    api.delete("medications", deleted["id"])
    return ids


def summary_of(client, period: dict, *, now: datetime = NOW) -> dict:
    """POST summaries/ (202 pending), run its computation as the worker would at `now`, GET it."""
    asked = client.post("/api/v1/summaries/", period, format="json")
    assert asked.status_code == 202, asked.content
    assert asked.json()["status"] == "pending"
    summary_id = asked.json()["id"]
    assert tasks.summary_compute.delay(summary_id, now.isoformat()).get() == 1
    summary = client.get(f"/api/v1/summaries/{summary_id}/")
    assert summary.status_code == 200
    return summary.json()


def test_posting_asks_for_a_summary_and_answers_202_pending(bea, client_for):
    response = client_for(bea).post("/api/v1/summaries/", PERIOD, format="json")

    assert response.status_code == 202
    assert set(response.json()) == {"id", "status"}
    assert response.json()["status"] == "pending"


def test_every_figure_matches_the_hand_computed_value(bea, diary, client_for):
    summary = summary_of(client_for(bea), PERIOD)
    figures = summary["figures"]
    entries = diary["entries"]

    assert (summary["status"], summary["period_start"], summary["period_end"]) == (
        "ready",
        "2026-03-01",
        "2026-03-21",
    )
    assert summary["generated_at"] is not None
    assert figures["figures_version"] == 2
    assert figures["as_of"] == "2026-03-21"  # the day before 22 March in London

    # 1–21 March, both ends included: 21 days. Logged: every date but the 16th (its only
    # entry was deleted) and the 20th = 19 (the 22nd is after A and after the period).
    assert (figures["days"], figures["logged_days"], figures["pain_days"]) == (21, 19, 19)
    # 19 / 21 × 100 = 90.476… → 90.5
    assert figures["adherence_percent"] == 90.5
    # (8+7+8+8+7+8+8) + (6+5+5+5+5+4+5) + (4+7+6+3+3) = 54 + 35 + 23 = 112; 112 / 19 = 5.894… → 5.9
    assert figures["pain_mean"] == 5.9

    # Daily MME: 1st 15 + 10 = 25; 2nd buprenorphine: unknown (null), MME-incomplete; 3rd
    # paracetamol only: 0; 5th patch 60 + morphine 40 = 100; 6th the patch's second day: 60
    # (ceil(48 / 24) = 2 days); 15th 20. The deleted 100 mg of morphine (10th) counts nowhere.
    # The 5th: entries 9 (mood 1) and 5 (mood 5): pain 7, mood 3. The 1st logged no mood.
    def day(d: int, pain: float, mme: float | None = None, incomplete: bool = False) -> dict:
        mood = None if d == 1 else 10 - pain
        return {
            "date": f"2026-03-{d:02d}",
            "pain": pain,
            "mood": mood,
            "mme": mme,
            "mme_incomplete": incomplete,
        }

    assert figures["daily"] == [
        day(1, 8.0, 25.0),
        day(2, 7.0, None, True),
        day(3, 8.0, 0.0),
        day(4, 8.0),
        day(5, 7.0, 100.0),
        day(6, 8.0, 60.0),
        day(7, 8.0),
        day(8, 6.0),
        day(9, 5.0),
        day(10, 5.0),
        day(11, 5.0),
        day(12, 5.0),
        day(13, 4.0),
        day(14, 5.0),
        day(15, 4.0, 20.0),
        day(17, 7.0),
        day(18, 6.0),
        day(19, 3.0),
        day(21, 3.0),
    ]

    # Induction series: F = 8th, L = 12th, 3 administrations, 35 + 0.5 × 70 + 40 = 110 mg.
    # Baseline 1–7: 54 / 7 = 7.714… → 7.7 (7 dates). Response 13th … min(19th, N(12th) − 1 =
    # 17th): 4, 5, 4, 7 (16th missing) = 20 / 4 = 5.0, complete (17th ≤ A).
    # Change 54/7 − 5 = 19/7 = 2.714… → 2.7; reduction (19/7) / (54/7) = 19/54 = 35.18…% → 35.2:
    # moderate, a responder. Relief: D = 12th, U = min(17th, D+90, A) = 17th, threshold
    # 0.7 × 54/7 = 5.4; T(13th) has 1 date; T(14th) 4.5; T(15th) 13/3; T(17th) = 15th, 17th:
    # (4 + 7) / 2 = 5.5 > 5.4 → relief ends on the 17th: (17 − 12) − 1 = 4 days.
    assert figures["series"] == [
        {
            "episode_id": diary["episode"],
            "first_date": "2026-03-08",
            "last_date": "2026-03-12",
            "administrations": 3,
            "total_dose_mg": 110.0,
            "baseline": 7.7,
            "baseline_days": 7,
            "response": 5.0,
            "response_days": 4,
            "response_complete": True,
            "response_until": "2026-03-17",
            "change": 2.7,
            "reduction_percent": 35.2,
            "category": "moderate",
            "category_reason": None,
            "responder": True,
            "relief_days": 4,
            "relief_ongoing": False,
            "relief_bound": None,
        }
    ]

    def given(key: str, day: int, **fields) -> dict:
        measured = {
            "dose_mg": None,
            "dose_mg_per_kg": None,
            "duration_minutes": None,
            "bp_systolic_max": None,
            "bp_diastolic_max": None,
            "heart_rate_max": None,
        }
        return {
            "id": diary[key],
            "episode_id": diary["episode"],
            "date": f"2026-03-{day:02d}",
            "route": "iv_infusion",
            "phase": "induction",
            **measured,
            "in_series": True,
            **fields,
        }

    # Induction administrations: no window of their own. M1 (18th): baseline 11–17th:
    # 5, 5, 4, 5, 4, 7 = 30 / 6 = 5.0; response 19th … 25th (M2 on the 23rd is after A, so it
    # does not cut the window), open on A: 3 and 3 so far (the 22nd's 0 is after A) → 2 dates,
    # no mean; the window is in progress (its baseline, 5 ≥ 4, could give a category).
    assert figures["administrations"] == [
        given("i1", 8, dose_mg=35.0, duration_minutes=40, bp_systolic_max=185, bp_diastolic_max=95),
        given("i2", 10, dose_mg_per_kg=0.5, heart_rate_max=125),
        given("i3", 12, dose_mg=40.0),
        given(
            "m1",
            18,
            phase="maintenance",
            dose_mg=40.0,
            in_series=False,
            baseline=5.0,
            baseline_days=6,
            response=None,
            response_days=2,
            response_complete=False,
            response_until="2026-03-25",
            change=None,
            reduction_percent=None,
            category=None,
            category_reason="in_progress",
            responder=None,
            relief_days=None,
            relief_ongoing=None,
            relief_bound=None,
        ),
    ]

    # Episode outcome: baseline before F = 8th: 7.7 (7 dates); current = A−6 … A = 15th … 21st:
    # 4, 7, 6, 3, 3 = 23 / 5 = 4.6 (5 dates). Change 54/7 − 23/5 = 109/35 = 3.114… → 3.1;
    # reduction (109/35) / (54/7) = 109/270 = 40.37…% → 40.4: moderate (A−6 = 15th > F).
    assert figures["episodes"] == [
        {
            "id": diary["episode"],
            "title": "Ketamine for CRPS",
            "first_administration_date": "2026-03-08",
            "baseline": 7.7,
            "baseline_days": 7,
            "current": 4.6,
            "current_days": 5,
            "change": 3.1,
            "reduction_percent": 40.4,
            "category": "moderate",
            "category_reason": None,
        }
    ]

    # Per code: entries reporting it, highest severity, entries dated D … D+2 after an
    # administration on D: nausea 8th (I1 day), 9th (I1 + 1), 13th (I3 + 1) → 3 of 3;
    # dissociation 19th (M1 + 1); dizziness 8th; hallucinations 9th; bladder pain and craving
    # on the 21st (M1 + 3: not within). The 22nd's chest pain is after A. Most reported first,
    # then by code.
    def effect(code: str, label: str, count: int, severity: int, within: int) -> dict:
        word = {1: "mild", 2: "moderate", 3: "severe"}[severity]
        return {
            "code": code,
            "label": label,
            "count": count,
            "max_severity": severity,
            "max_severity_label": word,
            "within_2_days_of_administration": within,
        }

    assert figures["side_effects"] == [
        effect("nausea", "Nausea", 3, 3, 3),
        effect("bladder_pain", "Bladder pain", 1, 1, 0),
        effect("craving", "Craving for ketamine", 1, 2, 0),
        effect("dissociation", "Dissociation", 1, 2, 1),
        effect("dizziness", "Dizziness", 1, 1, 1),
        effect("hallucinations", "Hallucinations", 1, 3, 1),
    ]

    # Newest first: the 21st's bladder pain and craving (always red flags; one entry, by code),
    # I2's heart rate 125 ≥ 120 (10th), the 9th's severe hallucinations, I1's systolic 185 ≥ 180
    # (8th). Not: the 22nd's chest pain (after A), moderate hallucinations (none), BP under limits.
    assert figures["red_flags"] == [
        {
            "date": "2026-03-21",
            "kind": "side_effect",
            "code": "bladder_pain",
            "detail": "Bladder pain, mild",
            "record_id": entries[21],
        },
        {
            "date": "2026-03-21",
            "kind": "side_effect",
            "code": "craving",
            "detail": "Craving for ketamine, moderate",
            "record_id": entries[21],
        },
        {
            "date": "2026-03-10",
            "kind": "heart_rate",
            "code": None,
            "detail": "Heart rate 125/min",
            "record_id": diary["i2"],
        },
        {
            "date": "2026-03-09",
            "kind": "side_effect",
            "code": "hallucinations",
            "detail": "Hallucinations, severe",
            "record_id": entries[9],
        },
        {
            "date": "2026-03-08",
            "kind": "blood_pressure",
            "code": None,
            "detail": "BP 185/95 mmHg",
            "record_id": diary["i1"],
        },
    ]

    # Blocks from the period start. 1–7: dates with a known MME 1st 25, 3rd 0, 5th 100, 6th 60
    # → 185 / 4 = 46.25 → 46.3 (half away from zero); the 2nd makes it incomplete. 8–14: no
    # intake (the 10th's was deleted). 15–21: 20 on the 15th.
    assert figures["weekly_mme"] == [
        {"week_start": "2026-03-01", "mean_mme": 46.3, "mme_days": 4, "incomplete": True},
        {"week_start": "2026-03-08", "mean_mme": None, "mme_days": 0, "incomplete": False},
        {"week_start": "2026-03-15", "mean_mme": 20.0, "mme_days": 1, "incomplete": False},
    ]

    # ≥ 50 MME: the 5th (100) and 6th (60); ≥ 90: the 5th; highest 100 on the 5th; the 6th has
    # an opioid (the patch's second day) and diazepam.
    assert figures["opioid_cautions"] == {
        "mme_50_days": 2,
        "mme_90_days": 1,
        "max_daily_mme": {"date": "2026-03-05", "mme": 100.0},
        "opioid_benzodiazepine_days": 1,
    }

    # 18 dates with pain and mood (every logged date but the 1st); mood = 10 − pain: r = −1.
    assert (figures["mood_pain_r"], figures["mood_pain_n"]) == (-1.0, 18)
    # PGIC: 3 on the 10th, 2 on the 19th (the latest up to A); the 22nd's 1 is after A.
    assert figures["latest_pgic"] == {"value": 2, "label": "Much improved", "date": "2026-03-19"}
    assert figures["assessments"] == []

    # M1's window is still open: the nightly job will compute this summary again.
    assert Summary.objects.get(pk=summary["id"]).in_progress is True


def test_a_period_that_ends_after_the_as_of_date_stops_at_it(bea, diary, client_for):
    client = client_for(bea)
    to_21 = summary_of(client, PERIOD)["figures"]

    to_31 = summary_of(client, {"period_start": "2026-03-01", "period_end": "2026-03-31"})

    # Computed on 22 March, A = 21st: nothing after it counts, so the figures of 1–31 March are
    # those of 1–21 March (21 days, not 31), and the summary is in progress until its period ends.
    assert to_31["period_end"] == "2026-03-31"
    assert to_31["figures"] == to_21
    assert Summary.objects.get(pk=to_31["id"]).in_progress is True


def test_the_as_of_date_is_the_day_before_in_the_patients_time_zone(bea, diary, client_for):
    client = client_for(bea)
    bea.timezone = "America/Los_Angeles"
    bea.save(update_fields=["timezone"])

    # 09:00 UTC on 22 March is 02:00 on the 22nd in Los Angeles (PDT, −7): A is still the 21st.
    assert summary_of(client, PERIOD)["figures"]["as_of"] == "2026-03-21"
    # 06:00 UTC is 23:00 on the 21st there: A is the 20th, and the 21st's entry is not counted.
    early = summary_of(client, PERIOD, now=datetime(2026, 3, 22, 6, 0, tzinfo=UTC))["figures"]
    assert (early["as_of"], early["days"], early["logged_days"]) == ("2026-03-20", 20, 18)


def test_asking_again_for_the_same_period_recomputes_the_same_summary(bea, diary, client_for):
    client = client_for(bea)
    first = summary_of(client, PERIOD)
    client.post("/api/v1/entries/", entry(20, 4), format="json")

    again = summary_of(client, PERIOD)

    assert again["id"] == first["id"]
    assert (again["figures"]["logged_days"], first["figures"]["logged_days"]) == (20, 19)


def strict(schema, components: dict):
    """An OpenAPI 3.0 schema as JSON Schema, with $refs inlined, `nullable` as a null type, and
    no property that the schema does not name (so an untyped figure fails)."""
    if isinstance(schema, list):
        return [strict(item, components) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return strict(components[schema["$ref"].rsplit("/", 1)[1]], components)
    converted = {k: strict(v, components) for k, v in schema.items() if k != "nullable"}
    if "properties" in converted:
        converted["additionalProperties"] = False
    return {"anyOf": [converted, {"type": "null"}]} if schema.get("nullable") else converted


def test_the_figures_are_exactly_what_the_api_schema_says(bea, diary, client_for):
    import jsonschema  # schemathesis's dependency (tests only)

    client = client_for(bea)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    figures_schema = strict(components["SummaryFigures"], components)
    summaries = [
        summary_of(client, PERIOD),  # open and complete windows, every kind of figure
        summary_of(client, {"period_start": "2026-03-01", "period_end": "2026-03-31"}),
        summary_of(client, {"period_start": "2026-04-01", "period_end": "2026-04-30"}),  # after A
    ]

    for summary in summaries:
        jsonschema.validate(summary["figures"], figures_schema)
    assert summaries[2]["figures"]["days"] == 0
    # and the check has teeth: an untyped key, or a null where none is allowed, fails it
    figures = summaries[0]["figures"]
    for wrong in (
        {**figures, "untyped": 1},
        {**figures, "series": [{**figures["series"][0], "response_complete": None}]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(wrong, figures_schema)

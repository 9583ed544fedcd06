"""The demo patient's diary: 90 days of a ketamine-infusion course for CRPS of the right hand.

`demo_diary_plan(today)` is a pure function: the records a patient would have logged over the
90 days ending yesterday, as the JSON documents a client would POST, in the order they were
logged. `demo_diary_create` writes them through `diary.services.record_create`, so every
record is validated like any client write and takes the patient's next version.

The story (day = index in the window, 0 … 89; day 89 is yesterday, the summaries' as-of date):
- days 0-13: baseline fortnight, pain around 7/10; oxycodone 10 mg three times a day
  (45 MME/day, 52.5 with a breakthrough dose on a flare); diazepam 2 mg at night on days 12
  and 13 (nerves before the first infusion): days with an opioid and a benzodiazepine.
- days 14, 16, 18, 21, 23: induction, five IV infusions (0.3 → 0.5 mg/kg, 68 kg, 40-60 min);
  pain falls to about 2.5 in the week after the last one: a substantial series response.
  Then it drifts back up over about three weeks.
- days 38, 41, 44: the GP adds a fentanyl patch, 12 mcg/h worn 72 hours (28.8 MME a day
  worn): with oxycodone twice a day, days 38-46 are at 58.8 MME, above 50.
- days 46 and 70: maintenance infusions, each a moderate response whose relief ends (pain
  back above 70 % of the baseline) before the next dose; the one on day 70 had a raised
  blood pressure, 184/102 (a red flag).
- day 62: oxycodone ran out; buprenorphine 200 mcg instead (an opioid without an MME factor:
  that day's MME is incomplete).
- day 87: a maintenance infusion two days before the as-of date, its week after still in
  progress; heart rate up to 124 with palpitations (a heart-rate red flag).
- oxycodone tapers to twice a day from day 28 and once a day from day 49
  (45 → 30 → 15 MME/day); pregabalin 150 mg twice a day throughout; paracetamol some days.
- roughly 87 % adherence: a few days with nothing logged, never three in a row, never a day
  the story needs.
- questionnaires (issue 13): a PEG every week on the check-in day (days 6, 13, …, 83), its
  pain item the week's mean pain level, its two interference items that level plus a little
  more at first, easing as the physio goes on: 7.3 on day 6 → 3.3 on day 83; a PHQ-9 before
  the first infusion (day 10: 13, moderate) and one near the end (day 80: 6, mild), both with
  item 9 answered 0 (no self-harm red flag in the demo: its red flags are the blood pressure
  and heart rate of days 70 and 87). No GAD-7, so the app offers one at once. These are
  computed from the story, never from the random draws, so the rest of the diary is as before.

Randomness comes from one fixed seed and is drawn in the same order whatever the date, so
every run gives the same diary, shifted to end yesterday; only the UTC offsets follow the
calendar (Europe/London: +00:00 in winter, +01:00 in summer time).
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from diary.services import record_create

DEMO_TIMEZONE = "Europe/London"
DAYS = 90
SEED = 20260315  # fixed: the same diary on every run
UNITS = {"buprenorphine": "mcg", "fentanyl": "mcg_per_h"}  # the rest in mg
WEIGHT_KG = 68
PRE_TREATMENT_PAIN = 6.8

INDUCTION_DAYS = (14, 16, 18, 21, 23)
MAINTENANCE_DAYS = (46, 70, 87)
INFUSION_DAYS = INDUCTION_DAYS + MAINTENANCE_DAYS
RAISED_BP_DAY = 70
FAST_HEART_DAY = 87
PATCH_DAYS = (38, 41, 44)  # a fentanyl patch applied each of these mornings, worn 72 hours
PATCH_MCG_PER_H = 12
BUPRENORPHINE_DAY = 62
DIAZEPAM_DAYS = (12, 13)
PGIC_DAYS = {26: 2, 40: 3, 54: 2, 68: 3, 82: 2}  # day -> PGIC code (3 = minimally, 2 = much improved)
PHQ9_DAYS = {  # day -> the nine answers (0-3); item 9 (the last) 0
    10: (2, 2, 2, 2, 1, 1, 2, 1, 0),  # 13: moderate, before the first infusion
    80: (1, 1, 1, 1, 1, 0, 1, 0, 0),  # 6: mild
}
CHECK_IN_EVERY = 7  # a fuller weekly check-in: 24-hour pain ratings and the PEG items
TWICE_DAILY_FROM = 28  # oxycodone taper steps (day index); aligned with 7-day blocks
ONCE_DAILY_FROM = 49

# The underlying pain level (NRS) on a day: (day, level) anchors, linear in between.
PAIN_ANCHORS = (
    (0, 6.9),
    (13, 6.8),
    (14, 6.7),
    (15, 6.0),
    (16, 5.8),
    (17, 5.0),
    (18, 4.8),
    (19, 4.2),
    (21, 3.8),
    (22, 3.3),
    (23, 3.0),
    (24, 2.5),
    (30, 2.4),
    (34, 3.2),
    (40, 4.8),
    (45, 5.8),
    (46, 5.8),
    (47, 3.4),
    (49, 2.7),
    (55, 3.0),
    (60, 4.3),
    (64, 5.2),
    (69, 5.7),
    (70, 5.6),
    (71, 3.3),
    (73, 2.7),
    (77, 3.0),
    (81, 4.4),
    (86, 5.4),
    (87, 5.4),
    (88, 3.4),
    (89, 3.0),
)

INDUCTION_DOSES = (  # (mg/kg, minutes, systolic, diastolic, heart rate, notes)
    (0.30, 40, 142, 86, 88, "Infusion 1 of 5. Ondansetron 4 mg before the start. Felt floaty for an hour."),
    (0.35, 45, 148, 88, 92, "Infusion 2 of 5. Dose up to 0.35 mg/kg, tolerated well."),
    (0.40, 50, 152, 90, 95, "Infusion 3 of 5. Eye mask and music helped with the dissociation."),
    (0.45, 55, 156, 92, 98, "Infusion 4 of 5. Some nausea near the end, settled with ondansetron."),
    (0.50, 60, 150, 90, 94, "Infusion 5 of 5, end of induction. Review with Dr Okafor in four weeks."),
)
MAINTENANCE_NOTES = {
    46: "Maintenance top-up: pain has crept back over the last three weeks. Fentanyl patch to stop now.",
    70: (
        "Maintenance top-up. BP rose to 184/102 at 40 minutes: infusion slowed, settled to "
        "150/90 by the end; observed for an extra 30 minutes. Recheck BP at the next visit."
    ),
    87: (
        "Maintenance top-up. Heart rate up to 124 with palpitations at 30 minutes: infusion "
        "paused for 10 minutes, settled to 96. ECG normal. Review before the next top-up."
    ),
}

FLARE_NOTES = (
    "Cold snap: hand went mottled and purple, burning up to the elbow.",
    "Knocked my hand on the door frame. Ten minutes of agony.",
    "Long day typing at work; forearm on fire by the afternoon.",
    "Couldn't bear the sleeve touching my wrist today.",
    "Washing up in hot water set it off.",
    "Bad night: the duvet brushing my hand kept waking me.",
)
MORNING_NOTES = {
    0: "Starting the diary two weeks before the first infusion, as the clinic asked. "
    "Hand swollen and burning, worse in the cold.",
    15: "Slept nine hours. The burning feels a bit further away this morning.",
    24: "First morning in months I could make a cup of tea with my right hand.",
    31: "Walked to the shops and carried the bag in my right hand for a bit.",
    37: "Feels like it's creeping back, mostly in the evenings.",
    44: "Burning most of the day again. Glad the top-up is booked.",
    49: "Top-up worked again. Back to the hand physio exercises.",
    66: "Creeping back, as last time. Next infusion in four days.",
    76: "Good week. Typed for two hours without the forearm flaring.",
    84: "Burning again in the evenings. Top-up in three days.",
}


@dataclass(frozen=True)
class Planned:
    """One record to write: `data` as a client would POST it, plus links to earlier records."""

    entity: str
    data: dict
    at: datetime  # when the patient logged it (the order of writing)
    key: str | None = None  # the name later records use to link to this one
    links: tuple[tuple[str, str], ...] = ()  # (field, key of the linked record)


@dataclass(frozen=True)
class DiaryPlan:
    start: date
    end: date
    records: tuple[Planned, ...]

    def of(self, entity: str) -> list[Planned]:
        return [r for r in self.records if r.entity == entity]


def pain_level(day: float) -> float:
    """The underlying pain level on a (possibly fractional) day of the window."""
    for (d0, p0), (d1, p1) in itertools.pairwise(PAIN_ANCHORS):
        if d0 <= day <= d1:
            return p0 + (p1 - p0) * (day - d0) / (d1 - d0)
    return PAIN_ANCHORS[0][1] if day < PAIN_ANCHORS[0][0] else PAIN_ANCHORS[-1][1]


def _nrs(value: float) -> int:
    return max(0, min(10, round(value)))


def _steps_of_ten(value: float) -> int:
    return max(0, min(100, 10 * round(value / 10)))


def peg_answers(day: int) -> list[int]:
    """The PEG completed on `day` (about the past week): pain on average, interference with
    enjoyment of life and with general activity, each 0-10. Pain is the week's mean level;
    interference starts a little above it and eases as the hand physio goes on."""
    week = sum(pain_level(day - k) for k in range(7)) / 7
    return [_nrs(week), _nrs(0.9 * week + 1.0 - day / 60), _nrs(week + 1.2 - day / 45)]


def _missing_days(rng: random.Random) -> set[int]:
    """Days with nothing logged: one in each 9-day stretch plus a few more (10-13 in all),
    never three in a row and never a day that matters (infusions, the day after, PGIC).
    """
    must_log = {
        0,
        DAYS - 1,
        *PGIC_DAYS,
        *INFUSION_DAYS,
        *(d + 1 for d in INFUSION_DAYS),
        *PATCH_DAYS,
        BUPRENORPHINE_DAY,
        *DIAZEPAM_DAYS,
    }
    missing: set[int] = set()

    def fits(day: int) -> bool:
        if day in must_log or day in missing:
            return False
        run = [day - 2, day - 1, day + 1, day + 2]
        return not any(a in missing and b in missing for a, b in itertools.pairwise(run))

    for block in range(0, DAYS, 9):
        while not fits(day := rng.randrange(block, block + 9)):
            pass
        missing.add(day)
    target = len(missing) + rng.randint(0, 3)
    while len(missing) < target:
        if fits(day := rng.randrange(1, DAYS - 1)):
            missing.add(day)
    return missing


class _Planner:
    def __init__(self, today: date) -> None:
        self.rng = random.Random(SEED)
        self.tz = ZoneInfo(DEMO_TIMEZONE)
        self.end = today - timedelta(days=1)
        self.start = self.end - timedelta(days=DAYS - 1)
        self.records: list[Planned] = []

    # --- helpers ------------------------------------------------------------------------

    def date(self, day: int) -> date:
        return self.start + timedelta(days=day)

    def at(self, day: int, hour: int, minute: int = 0, jitter: int = 0) -> datetime:
        """Local wall time on a day, in Europe/London (the offset follows summer time).

        Times stay clear of 01:00-02:00, when the clocks change.
        """
        moment = datetime.combine(self.date(day), time(hour, minute), tzinfo=self.tz)
        if jitter:
            moment += timedelta(minutes=self.rng.randint(-jitter, jitter))
        return moment

    def add(self, entity: str, at: datetime, data: dict, *, key=None, links=()) -> None:
        self.records.append(Planned(entity, data, at, key, tuple(links)))

    def locations(self, pain: int) -> list[str]:
        rng = self.rng
        where = ["right_hand"]
        if pain >= 4 or rng.random() < 0.6:
            where.append("right_forearm")
        if pain >= 6 and rng.random() < 0.6:
            where.append("right_elbow")
        if pain >= 7 and rng.random() < 0.4:
            where.append("right_arm")
        if rng.random() < 0.1:
            where.append(rng.choice(["neck", "shoulders"]))
        return where

    def mood(self, pain: int) -> int:
        return _nrs(9.0 - 0.7 * pain + self.rng.gauss(0, 0.8))

    def relief(self, level: float) -> int:
        gain = (PRE_TREATMENT_PAIN - level) / PRE_TREATMENT_PAIN * 100
        return min(90, _steps_of_ten(gain + self.rng.gauss(0, 7)))

    # --- the story ----------------------------------------------------------------------

    def plan(self) -> DiaryPlan:
        rng = self.rng
        missing = _missing_days(rng)
        self.episode()
        infusion_keys: dict[int, str] = {}
        for day in range(DAYS):
            if day in missing:
                continue
            if day in INFUSION_DAYS:
                infusion_keys[day] = self.infusion(day)
            flare = day not in INFUSION_DAYS and rng.random() < 0.04 + 0.035 * max(0, pain_level(day) - 4)
            self.morning(day)
            if day in INFUSION_DAYS:
                self.after_infusion(day, infusion_keys[day])
            elif flare:
                self.flare(day)
            elif rng.random() < 0.25:
                self.evening(day)
            self.intakes(day, flare=flare)
        self.questionnaires()  # after the random draws: they use none
        records = sorted(self.records, key=lambda r: r.at)  # stable: same moment keeps plan order
        return DiaryPlan(self.start, self.end, tuple(records))

    def episode(self) -> None:
        self.add(
            "episode",
            self.at(0, 6, 30),  # before anything that links to it
            {
                "treatment": "ketamine",
                "condition": "crps",
                "title": "Ketamine infusions for CRPS",
                "started_on": self.start.isoformat(),
                "ended_on": None,
                "notes": (
                    "CRPS of the right hand and forearm since a wrist fracture two years ago. "
                    "Referred by the pain clinic for IV ketamine: five induction infusions over two "
                    "weeks, then maintenance top-ups as needed. Diary started two weeks before the "
                    "first infusion for a baseline. Weight 68 kg."
                ),
            },
            key="episode",
        )

    def infusion(self, day: int) -> str:
        rng = self.rng
        if day in INDUCTION_DAYS:
            per_kg, minutes, systolic, diastolic, rate, notes = INDUCTION_DOSES[INDUCTION_DAYS.index(day)]
            phase = "induction"
        else:
            per_kg, minutes, phase, notes = 0.5, 60, "maintenance", MAINTENANCE_NOTES[day]
            systolic, diastolic, rate = 146, 88, 90
        if day == RAISED_BP_DAY:
            systolic, diastolic, rate = 184, 102, 104
        elif day == FAST_HEART_DAY:
            systolic, diastolic, rate = 152, 90, 124
        else:
            systolic += rng.randint(-6, 6)
            diastolic += rng.randint(-4, 4)
            rate += rng.randint(-5, 5)
        key = f"administration-{day}"
        moment = self.at(day, 10, 0, jitter=30)
        self.add(
            "administration",
            moment,
            {
                "administered_at": moment.isoformat(),
                "route": "iv_infusion",
                "phase": phase,
                "setting": "clinic",
                "dose_mg_per_kg": per_kg,
                "weight_kg": WEIGHT_KG,
                "dose_mg": round(per_kg * WEIGHT_KG, 1),
                "duration_minutes": minutes,
                "bp_systolic_max": systolic,
                "bp_diastolic_max": diastolic,
                "heart_rate_max": rate,
                "notes": notes,
            },
            key=key,
            links=[("episode", "episode")],
        )
        return key

    def morning(self, day: int) -> None:
        rng = self.rng
        level = pain_level(day)
        pain = _nrs(level + rng.gauss(0, 0.6))
        data: dict = {
            "recorded_at": self.at(day, 8, 15, jitter=70).isoformat(),
            "pain_now": pain,
            "mood": self.mood(pain),
            "sleep_quality": _nrs(8.6 - 0.65 * pain_level(day - 0.5) + rng.gauss(0, 0.9)),
            "locations": self.locations(pain),
        }
        if day % CHECK_IN_EVERY == CHECK_IN_EVERY - 1:
            worst, least = _nrs(pain + rng.randint(1, 3)), _nrs(pain - rng.randint(1, 3))
            data |= {
                "pain_worst": worst,
                "pain_least": least,
                "pain_average": max(least, min(worst, _nrs(level + rng.gauss(0, 0.4)))),
                "interference_enjoyment": _nrs(0.9 * level + rng.gauss(0, 0.8)),
                "interference_activity": _nrs(level + rng.gauss(0, 0.8)),
            }
        elif rng.random() < 0.2:
            data |= {
                "pain_worst": _nrs(pain + rng.randint(1, 3)),
                "pain_least": _nrs(pain - rng.randint(1, 2)),
            }
        if day > INDUCTION_DAYS[0] and rng.random() < 0.85:
            data["relief_percent"] = self.relief(level)
        if day in PGIC_DAYS:
            data["pgic"] = PGIC_DAYS[day]
        if day - 1 in INFUSION_DAYS:  # the morning after: the night's after-effects
            data["side_effects"] = [{"code": "vivid_dreams", "severity": rng.randint(1, 2)}]
            if rng.random() < 0.6:
                data["side_effects"].append({"code": "drowsiness", "severity": 1})
            if rng.random() < 0.3:
                data["side_effects"].append({"code": rng.choice(["nausea", "headache"]), "severity": 1})
            data["sleep_quality"] = max(0, data["sleep_quality"] - 1)
        if day in MORNING_NOTES:
            data["notes"] = MORNING_NOTES[day]
        self.add("entry", datetime.fromisoformat(data["recorded_at"]), data, links=[("episode", "episode")])

    def after_infusion(self, day: int, administration: str) -> None:
        rng = self.rng
        level = pain_level(day + 1)
        pain = _nrs(level + rng.gauss(0, 0.5))
        per_kg = 0.5 if day in MAINTENANCE_DAYS else INDUCTION_DOSES[INDUCTION_DAYS.index(day)][0]
        effects = [{"code": "dissociation", "severity": 3 if per_kg >= 0.45 and rng.random() < 0.5 else 2}]
        if rng.random() < 0.6:
            effects.append({"code": "nausea", "severity": rng.randint(1, 2)})
        if rng.random() < 0.7:
            effects.append({"code": "dizziness", "severity": rng.randint(1, 2)})
        if rng.random() < 0.8:
            effects.append({"code": "drowsiness", "severity": 2})
        notes = "Home from the clinic. Spaced out for a couple of hours, then very sleepy."
        if day == RAISED_BP_DAY:
            effects.append({"code": "raised_blood_pressure", "severity": 2})
            notes = "BP went up during the infusion so they slowed it down. Fine afterwards, just tired."
        elif day == FAST_HEART_DAY:
            effects.append({"code": "palpitations", "severity": 2})
            notes = "Heart was racing during the infusion; they paused it and it settled. Just tired now."
        data = {
            "recorded_at": self.at(day, 20, 0, jitter=60).isoformat(),
            "pain_now": pain,
            "mood": self.mood(pain),
            "relief_percent": self.relief(level),
            "locations": self.locations(pain),
            "side_effects": effects,
            "notes": notes if day in (INDUCTION_DAYS[0], RAISED_BP_DAY, FAST_HEART_DAY) else "",
        }
        self.add(
            "entry",
            datetime.fromisoformat(data["recorded_at"]),
            data,
            links=[("episode", "episode"), ("administration", administration)],
        )

    def _late_entry(self, day: int, data: dict, hour: int, jitter: int) -> None:
        """An afternoon or evening entry, now and then logged just after midnight for the day before."""
        rng = self.rng
        if day < DAYS - 1 and rng.random() < 0.15:
            moment = self.at(day + 1, 0, 35, jitter=15)
            data = {"diary_date": self.date(day).isoformat(), **data}
        else:
            moment = self.at(day, hour, 0, jitter=jitter)
        data = {"recorded_at": moment.isoformat(), **data}
        self.add("entry", moment, data, links=[("episode", "episode")])

    def flare(self, day: int) -> None:
        rng = self.rng
        pain = _nrs(pain_level(day) + 2.5 + rng.gauss(0, 0.7))
        data = {
            "pain_now": pain,
            "pain_worst": min(10, pain + rng.randint(0, 1)),
            "mood": max(0, self.mood(pain) - 1),
            "locations": self.locations(max(pain, 7)),
            "notes": rng.choice(FLARE_NOTES),
        }
        self._late_entry(day, data, 17, 200)

    def evening(self, day: int) -> None:
        rng = self.rng
        pain = _nrs(pain_level(day) + 0.4 + rng.gauss(0, 0.6))
        data: dict = {"pain_now": pain, "locations": self.locations(pain)}
        if rng.random() < 0.7:
            data["mood"] = self.mood(pain)
        self._late_entry(day, data, 21, 40)

    def questionnaires(self) -> None:
        """The weekly PEG and the two PHQ-9s, in the evening; no random draw."""
        for day in range(CHECK_IN_EVERY - 1, DAYS, CHECK_IN_EVERY):
            self.assessment(day, "peg", peg_answers(day), 19, 30)
        for day, answers in PHQ9_DAYS.items():
            self.assessment(day, "phq9", list(answers), 19, 45)

    def assessment(self, day: int, instrument: str, answers: list[int], hour: int, minute: int) -> None:
        moment = self.at(day, hour, minute)
        data = {"completed_at": moment.isoformat(), "instrument": instrument, "answers": answers}
        self.add("assessment", moment, data, links=[("episode", "episode")])

    def intakes(self, day: int, *, flare: bool) -> None:
        rng = self.rng
        level = pain_level(day)
        oxycodone_times = (
            [(8, 0), (14, 0), (21, 30)]
            if day < TWICE_DAILY_FROM
            else [(8, 0), (20, 0)]
            if day < ONCE_DAILY_FROM
            else [(20, 0)]
        )
        doses = [("oxycodone", 10, hm) for hm in oxycodone_times]
        if day == BUPRENORPHINE_DAY:  # oxycodone ran out: buprenorphine instead, that evening
            doses = [("buprenorphine", 200, (20, 0))]
        doses += [("pregabalin", 150, (8, 0))]
        if rng.random() > 0.03:  # the occasional forgotten evening dose
            doses.append(("pregabalin", 150, (20, 0)))
        if rng.random() < (0.55 if level >= 5 else 0.2):
            doses.append(("paracetamol", 1000, (12, 30)))
            if level >= 6 and rng.random() < 0.5:
                doses.append(("paracetamol", 1000, (18, 30)))
        if flare and day < INDUCTION_DAYS[0]:
            doses.append(("oxycodone", 5, (17, 45)))
        if day in DIAZEPAM_DAYS:
            doses.append(("diazepam", 2, (22, 0)))
        if day in PATCH_DAYS:
            doses.append(("fentanyl", PATCH_MCG_PER_H, (9, 0)))
        for drug, dose, (hour, minute) in doses:
            moment = self.at(day, hour, minute, jitter=25)
            data = {"taken_at": moment.isoformat(), "drug": drug, "dose": dose, "unit": UNITS.get(drug, "mg")}
            if drug == "fentanyl":
                data["wear_hours"] = 72
            if notes := self.intake_notes(day, drug, dose, hour):
                data["notes"] = notes
            self.add("medication", moment, data)

    @staticmethod
    def intake_notes(day: int, drug: str, dose: int, hour: int) -> str:
        if drug == "oxycodone" and dose == 5:
            return "Breakthrough dose for a flare."
        if drug == "oxycodone" and day in (TWICE_DAILY_FROM, ONCE_DAILY_FROM) and hour == 20:
            return "Oxycodone taper agreed with the pain team: one dose fewer a day."
        if drug == "diazepam" and day == DIAZEPAM_DAYS[0]:
            return "Diazepam from the GP for the nerves before the first infusion."
        if drug == "fentanyl" and day == PATCH_DAYS[0]:
            return "GP added a low-dose fentanyl patch until the top-up, changed every three days."
        if drug == "buprenorphine":
            return (
                "Pharmacy out of oxycodone until Monday: the out-of-hours GP gave buprenorphine "
                "under the tongue instead."
            )
        return ""


def demo_diary_plan(today: date) -> DiaryPlan:
    """The demo diary for the 90 days ending the day before `today` (no database access)."""
    return _Planner(today).plan()


def demo_diary_create(patient_id, *, today: date) -> Counter:
    """Write the demo diary for `today` through the diary services; the counts per entity."""
    plan = demo_diary_plan(today)
    ids: dict[str, str] = {}
    counts: Counter = Counter()
    with transaction.atomic():
        for item in plan.records:
            data = dict(item.data)
            for name, key in item.links:
                data[name] = ids[key]
            record = record_create(patient_id=patient_id, entity=item.entity, data=data)
            if item.key:
                ids[item.key] = str(record.pk)
            counts[item.entity] += 1
    return counts

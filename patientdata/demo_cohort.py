"""More demo patients for the demo clinician, so that the portal's dashboard and triage queue
mean something: each a short diary that shows one row of the dashboard.

Beside Dana (patientdata.demo_diary: a 90-day ketamine course whose raised blood pressure and
heart rate are open red flags), five patients in Europe/London share with Dr Okafor:
- Priya, doing well: a ketamine course for fibromyalgia, a maintenance dose 9 days ago with a
  substantial response, logs every day; her episode has its own check-ins, the next +14 days
  after that dose;
- Leo, an open red flag: induction infusions for CRPS of the left hand, the last two days ago
  (its week after still in progress), chest pain logged yesterday; next check-in tomorrow;
- Tom, quiet: a ketamine course for back pain; his last entry was 4 days ago;
- Grace, worse: diabetic neuropathy, a maintenance dose 12 days ago after which pain rose
  (a `worse` category);
- Mei, new: two weeks of a baseline before a course (no treatment yet), summaries only.

`demo_cohort_plan(today)` is pure (the records a client would post, in the order logged,
from one fixed seed); `demo_cohort_create` writes them through diary.services.record_create
like patientdata.demo_diary does, shares each diary with the clinician, and asks for each
patient's 30-day summary (computed by the worker once the transaction commits);
`demo_red_flags_as_logged` dates the demo's red flags from when their records were logged, so
the triage queue says how long each has been open. The patients cannot sign in (an
unprinted random password): they are rows to look at, not accounts to try.
"""

from __future__ import annotations

import itertools
import random
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import Role, User
from accounts.services import user_create
from care.models import Scope, Share
from care.tasks import summary_request
from diary.models import Administration, Entry, RedFlag
from diary.services import record_create
from patientdata.demo_diary import DEMO_TIMEZONE, DiaryPlan, Planned
from reminders.services import episode_checkins_update

SEED = 20260316
SUMMARY_DAYS = 30
WEIGHT_KG = 70


@dataclass(frozen=True)
class CohortPatient:
    """One demo patient's story; days are counted from today (-1 is yesterday)."""

    key: str
    email: str
    display_name: str
    condition: str
    title: str
    locations: tuple[str, ...]
    pain: tuple[tuple[int, float], ...]  # (day, level) anchors, linear in between
    first_day: int
    last_day: int = -1
    infusions: tuple[tuple[int, str], ...] = ()  # (day, phase)
    side_effects: dict[int, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    missing: tuple[int, ...] = ()  # days with nothing logged
    scope: str = Scope.FULL
    checkin_offsets: tuple[str, ...] | None = None  # the episode's own; None: the default
    notes: dict[int, str] = field(default_factory=dict)


COHORT: tuple[CohortPatient, ...] = (
    CohortPatient(
        key="priya",
        email="priya@demo.paindiary.test",
        display_name="Priya (demo)",
        condition="fibromyalgia",
        title="Ketamine infusions for fibromyalgia",
        locations=("neck", "shoulders", "upper_back", "lower_back"),
        pain=((-50, 7.2), (-36, 7.0), (-30, 3.6), (-24, 3.0), (-16, 4.8), (-10, 5.6), (-8, 1.8), (-1, 2.0)),
        first_day=-50,
        infusions=((-35, "induction"), (-33, "induction"), (-31, "induction"), (-9, "maintenance")),
        side_effects={-34: (("vivid_dreams", 1),), -8: (("drowsiness", 1),)},
        checkin_offsets=("1h", "1d", "3d", "7d", "14d"),
        notes={-6: "Slept through the night for the first time in weeks."},
    ),
    CohortPatient(
        key="leo",
        email="leo@demo.paindiary.test",
        display_name="Leo (demo)",
        condition="crps",
        title="Ketamine infusions for CRPS of the left hand",
        locations=("left_hand", "left_forearm"),
        pain=((-30, 7.4), (-13, 7.2), (-9, 5.6), (-5, 4.6), (-2, 4.0), (-1, 3.8)),
        first_day=-30,
        infusions=(
            (-12, "induction"),
            (-10, "induction"),
            (-8, "induction"),
            (-5, "induction"),
            (-2, "induction"),
        ),
        side_effects={
            -11: (("dissociation", 2),),
            -4: (("nausea", 1),),
            -1: (("chest_pain", 2), ("dizziness", 1)),
        },
        missing=(-22, -17),
        notes={-1: "Tight feeling in my chest after breakfast; it went after an hour."},
    ),
    CohortPatient(
        key="tom",
        email="tom@demo.paindiary.test",
        display_name="Tom (demo)",
        condition="back_pain",
        title="Ketamine for chronic low back pain",
        locations=("lower_back", "left_thigh"),
        pain=((-45, 6.6), (-30, 6.4), (-26, 4.0), (-20, 3.6), (-4, 4.8)),
        first_day=-45,
        last_day=-4,
        infusions=((-29, "induction"), (-27, "induction"), (-25, "induction")),
        missing=(-38, -33, -15, -9),
    ),
    CohortPatient(
        key="grace",
        email="grace@demo.paindiary.test",
        display_name="Grace (demo)",
        condition="diabetic_neuropathy",
        title="Ketamine for painful diabetic neuropathy",
        locations=("left_foot", "right_foot", "left_lower_leg"),
        pain=((-40, 6.4), (-33, 6.2), (-28, 4.6), (-20, 4.6), (-13, 5.2), (-11, 6.6), (-1, 6.8)),
        first_day=-40,
        infusions=((-32, "induction"), (-30, "induction"), (-12, "maintenance")),
        side_effects={-11: (("headache", 2), ("nausea", 1))},
        missing=(-25, -18),
        notes={-7: "Feet burning again since the top-up, worse at night."},
    ),
    CohortPatient(
        key="mei",
        email="mei@demo.paindiary.test",
        display_name="Mei (demo)",
        condition="phantom_limb",
        title="Ketamine for phantom limb pain",
        locations=("right_lower_leg", "right_foot"),
        pain=((-12, 6.2), (-1, 6.0)),
        first_day=-12,
        scope=Scope.SUMMARY,
        notes={-12: "Starting the diary two weeks before the first infusion, as the clinic asked."},
    ),
)


def _level(anchors: tuple[tuple[int, float], ...], day: int) -> float:
    for (d0, p0), (d1, p1) in itertools.pairwise(anchors):
        if d0 <= day <= d1:
            return p0 + (p1 - p0) * (day - d0) / (d1 - d0)
    return anchors[0][1] if day < anchors[0][0] else anchors[-1][1]


def _nrs(value: float) -> int:
    return max(0, min(10, round(value)))


class _Story:
    def __init__(self, patient: CohortPatient, today: date, rng: random.Random) -> None:
        self.p, self.today, self.rng = patient, today, rng
        self.zone = ZoneInfo(DEMO_TIMEZONE)
        self.records: list[Planned] = []

    def date(self, day: int) -> date:
        return self.today + timedelta(days=day)

    def at(self, day: int, hour: int, minute: int = 0, jitter: int = 0) -> datetime:
        moment = datetime.combine(self.date(day), time(hour, minute), tzinfo=self.zone)
        return moment + timedelta(minutes=self.rng.randint(-jitter, jitter)) if jitter else moment

    def add(self, entity: str, at: datetime, data: dict, key: str | None = None, links=()) -> None:
        self.records.append(Planned(entity, data, at, key, tuple(links)))

    def plan(self) -> DiaryPlan:
        p = self.p
        treated = bool(p.infusions)
        if treated:
            self.add(
                "episode",
                self.at(p.first_day, 7, 0),
                {
                    "treatment": "ketamine",
                    "condition": p.condition,
                    "title": p.title,
                    "started_on": self.date(p.first_day).isoformat(),
                    "ended_on": None,
                },
                key="episode",
            )
        infusions = dict(p.infusions)
        for day in range(p.first_day, p.last_day + 1):
            links = [("episode", "episode")] if treated else []
            if day in infusions:
                self.infusion(day, infusions[day])
            if day in p.missing:
                continue
            pain = _nrs(_level(p.pain, day) + self.rng.gauss(0, 0.5))
            moment = self.at(day, 8 if day % 2 else 19, 30, jitter=40)
            data: dict = {
                "recorded_at": moment.isoformat(),
                "pain_now": pain,
                "mood": _nrs(8.5 - 0.6 * pain + self.rng.gauss(0, 0.7)),
                "locations": list(p.locations[: 1 + self.rng.randrange(len(p.locations))]),
            }
            if day in p.side_effects:
                data["side_effects"] = [{"code": c, "severity": s} for c, s in p.side_effects[day]]
            if day in p.notes:
                data["notes"] = p.notes[day]
            self.add("entry", moment, data, links=links)
        records = sorted(self.records, key=lambda r: r.at)
        return DiaryPlan(self.date(p.first_day), self.date(p.last_day), tuple(records))

    def infusion(self, day: int, phase: str) -> None:
        moment = self.at(day, 10, 0, jitter=20)
        self.add(
            "administration",
            moment,
            {
                "administered_at": moment.isoformat(),
                "route": "iv_infusion",
                "phase": phase,
                "setting": "clinic",
                "dose_mg_per_kg": 0.5,
                "weight_kg": WEIGHT_KG,
                "dose_mg": 0.5 * WEIGHT_KG,
                "duration_minutes": 60,
                "bp_systolic_max": 138 + self.rng.randint(-6, 6),
                "bp_diastolic_max": 84 + self.rng.randint(-4, 4),
                "heart_rate_max": 86 + self.rng.randint(-5, 5),
            },
            key=f"administration{day}",
            links=[("episode", "episode")],
        )


def demo_cohort_plan(today: date) -> dict[str, DiaryPlan]:
    """Each cohort patient's diary for `today` (no database access), by the patient's key."""
    rng = random.Random(SEED)
    return {p.key: _Story(p, today, rng).plan() for p in COHORT}


def _write(patient: User, plan: DiaryPlan) -> dict[str, str]:
    ids: dict[str, str] = {}
    for item in plan.records:
        data = dict(item.data)
        for name, key in item.links:
            data[name] = ids[key]
        record = record_create(patient_id=patient.pk, entity=item.entity, data=data)
        if item.key:
            ids[item.key] = str(record.pk)
    return ids


def demo_cohort_create(*, clinician: User, today: date, patients: list[User] | None = None) -> list[User]:
    """Write the cohort's diaries for `today`, each shared with `clinician` (accepted), each
    with a 30-day summary requested; call inside a transaction. `patients`: accounts already
    made by demo_cohort_accounts (so they can be made before the main demo accounts)."""
    patients = patients if patients is not None else demo_cohort_accounts()
    plans = demo_cohort_plan(today)
    for spec, patient in zip(COHORT, patients, strict=True):
        ids = _write(patient, plans[spec.key])
        if spec.checkin_offsets is not None and "episode" in ids:
            episode_checkins_update(patient=patient, episode_id=ids["episode"], offsets=spec.checkin_offsets)
        Share.objects.create(
            patient=patient,
            clinician_email=clinician.email,
            clinician=clinician,
            scope=spec.scope,
            accepted_at=timezone.now(),
        )
        summary_request(
            patient=patient,
            requested_by=patient,
            period_start=today - timedelta(days=SUMMARY_DAYS),
            period_end=today - timedelta(days=1),
        )
    return patients


def demo_red_flags_as_logged(*, patient_ids: list) -> int:
    """Date the demo's red flags from when their records were logged, not from when the demo
    was made: as if each had reached the server as it happened (an entry when it was
    recorded, an infusion's vital signs an hour after it started), so the triage queue says
    how long each has been open. Only ever applied to freshly made demo data."""
    flags = list(RedFlag.objects.filter(patient_id__in=patient_ids))
    times = {
        **dict(Entry.objects.filter(pk__in=[f.source_id for f in flags]).values_list("pk", "recorded_at")),
        **{
            pk: at + timedelta(hours=1)
            for pk, at in Administration.objects.filter(pk__in=[f.source_id for f in flags]).values_list(
                "pk", "administered_at"
            )
        },
    }
    now = timezone.now()
    for flag in flags:
        if flag.source_id in times:
            flag.raised_at = min(times[flag.source_id], now)
    return RedFlag.objects.bulk_update(flags, ["raised_at"])


def demo_cohort_accounts() -> list[User]:
    """The cohort's accounts, in COHORT's order (no usable password: nobody signs in as them)."""
    return [
        user_create(
            email=p.email,
            password=secrets.token_urlsafe(24),
            role=Role.PATIENT,
            display_name=p.display_name,
            timezone=DEMO_TIMEZONE,
        )
        for p in COHORT
    ]

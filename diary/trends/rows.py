"""The plain rows the trend figures are computed from.

diary.selectors builds them from the database (one patient's non-deleted records); tests
build them by hand. Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class EntryRow:
    """A diary entry: its diary date, the pain now (0-10) and what figures read of it."""

    id: str
    diary_date: date
    recorded_at: datetime  # aware
    pain_now: int
    mood: int | None = None
    pgic: int | None = None
    side_effects: tuple[tuple[str, int], ...] = ()  # (code, severity 1..3)


@dataclass(frozen=True)
class AdministrationRow:
    """One session of an episode; `local_date` is its date in its own UTC offset."""

    id: str
    episode_id: str
    local_date: date
    administered_at: datetime  # aware; orders sessions and red flags
    route: str
    phase: str  # induction | maintenance | single
    dose_mg: Decimal | None = None
    dose_mg_per_kg: Decimal | None = None
    weight_kg: Decimal | None = None
    duration_minutes: int | None = None
    bp_systolic_max: int | None = None
    bp_diastolic_max: int | None = None
    heart_rate_max: int | None = None


@dataclass(frozen=True)
class IntakeRow:
    """A medication intake; for a patch (unit mcg_per_h) its application and `mme` per day worn."""

    id: str
    local_date: date
    drug: str
    dose: Decimal
    unit: str
    mme: Decimal | None  # derived by the server; None for non-opioids and opioids without a factor
    wear_hours: int | None = None  # patches only; None means the default, 72


@dataclass(frozen=True)
class EpisodeRow:
    """A treatment episode: what the episode outcome (figure 11) is titled with, and when the
    episode ran (an ended episode's outcome is not listed in later periods)."""

    id: str
    title: str
    started_on: date
    ended_on: date | None = None


@dataclass(frozen=True)
class AssessmentRow:
    """A completed questionnaire (PEG, PHQ-9, GAD-7); `local_date` is its date in its own offset.

    `score` and `band` are the server's (diary.catalogue), `band` "" for an instrument
    without bands (PEG); `answers` one integer per item, in the catalogue's order.
    """

    id: str
    local_date: date
    completed_at: datetime  # aware; orders assessments of one date and red flags
    instrument: str  # peg | phq9 | gad7
    score: Decimal | None
    band: str
    answers: tuple[int, ...] = ()

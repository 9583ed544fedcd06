"""When reminders are due: pure functions of plain values (no database, no clock).

- The daily reminder fires at the patient's chosen wall-clock time in their IANA zone, so a
  08:00 reminder is 08:00 local on both sides of a daylight-saving change. A time that does
  not exist that day (the spring-forward gap) fires at the first valid moment after it (the
  end of the gap: 01:30 in London on 2026-03-29 fires at 02:00 BST); a time that exists
  twice (autumn) fires once, at its first occurrence.
- A timed check-in fires a fixed delay after an administration: hour offsets are elapsed
  time (+1 h is 60 minutes later, whatever the clocks do); day offsets keep the wall-clock
  time (+1 d after a 10:00 infusion is 10:00 local the next day, even across a change).
- A questionnaire (PEG weekly, PHQ-9 and GAD-7 every 4 weeks) is due on the day its period
  since the patient's last one has passed, or at once if they never did one; while it stays
  undone it is reminded once per period (`assessment_remind`).
- The beat runs every minute and sends what fell due in the last `GRACE`: a reminder due
  longer ago than that (the beat was down) is skipped, not sent late.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

GRACE = timedelta(minutes=15)


@dataclass(frozen=True)
class Offset:
    code: str  # "1h", "3d": what the API, the settings and the notification URL carry
    amount: int
    unit: str  # "h" | "d"

    @property
    def span(self) -> timedelta:
        """The elapsed time the offset is (a day offset is 24 h ± a daylight-saving shift)."""
        return timedelta(hours=self.amount) if self.unit == "h" else timedelta(days=self.amount)

    @property
    def asks_about_side_effects(self) -> bool:
        """Early check-ins ask about side effects; later ones about pain (DOMAIN.md's relief)."""
        return self.unit == "h"


def _offset(code: str) -> Offset:
    match = re.fullmatch(r"([1-9][0-9]*)([hd])", code)
    assert match, code
    return Offset(code, int(match.group(1)), match.group(2))


# The check-ins a patient or an episode may choose from, in order; the default set is the
# issue's: +1 h (side effects), +1 d, +3 d and +7 d (pain).
OFFSETS: dict[str, Offset] = {
    o.code: o for o in map(_offset, ("1h", "2h", "4h", "1d", "2d", "3d", "7d", "14d"))
}
DEFAULT_OFFSETS: tuple[str, ...] = ("1h", "1d", "3d", "7d")
# The most a day offset can move off its nominal 24 h multiple: the largest daylight-saving
# shift in the tz database is 2 h (Antarctica/Troll); 3 h leaves room.
DST_SLACK = timedelta(hours=3)


def zone_of(name: str) -> zoneinfo.ZoneInfo:
    """The patient's zone; UTC if the name is not one (validated on input, so only old data)."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def normalise_offsets(codes) -> list[str]:
    """Known codes only, each once, in order of delay (the order the API shows)."""
    wanted = set(codes)
    return [code for code in OFFSETS if code in wanted]


def local_to_utc(day: date, at: time, zone: zoneinfo.ZoneInfo) -> datetime:
    """The UTC instant at which the wall clock in `zone` shows `at` on `day`.

    Ambiguous (the hour repeated in autumn): the first occurrence. Nonexistent (skipped in
    spring): the first instant after the gap, when the clocks show the gap's end.
    """
    naive = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    first = naive.replace(tzinfo=zone).astimezone(UTC)  # fold=0: the offset before a change
    if first.astimezone(zone).replace(tzinfo=None) == naive:
        return first  # exists (once, or twice and this is the earlier)
    # In a gap, fold=0 reads `naive` with the offset before the change and fold=1 with the one
    # after: the change happened between those two instants. Find it to the second.
    after_offset = naive.replace(tzinfo=zone, fold=1).utcoffset()
    low = int(naive.replace(tzinfo=zone, fold=1).timestamp())  # still the old offset
    high = int(first.timestamp())  # already the new offset
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, UTC).astimezone(zone).utcoffset() == after_offset:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def is_due(due_at: datetime, now: datetime, grace: timedelta = GRACE) -> bool:
    """Due in the beat's window: at or before `now`, and less than `grace` ago."""
    return now - grace < due_at <= now


def daily_due_between(
    *, at: time, zone: zoneinfo.ZoneInfo, start: datetime, end: datetime
) -> list[tuple[date, datetime]]:
    """The daily reminders at wall-clock `at` that fall in (start, end]: (diary day, UTC instant).

    The diary day is the local date the reminder is for (what skip-if-logged looks at).
    """
    first_day = start.astimezone(zone).date() - timedelta(days=1)
    last_day = end.astimezone(zone).date()
    found = []
    day = first_day
    while day <= last_day:
        due = local_to_utc(day, at, zone)
        if start < due <= end:
            found.append((day, due))
        day += timedelta(days=1)
    return found


def checkin_due_at(*, administered_at: datetime, offset: Offset, zone: zoneinfo.ZoneInfo) -> datetime:
    """When the check-in `offset` after an administration is due (UTC)."""
    if offset.unit == "h":
        return administered_at.astimezone(UTC) + offset.span
    local = administered_at.astimezone(zone)
    return local_to_utc(local.date() + timedelta(days=offset.amount), local.time().replace(fold=0), zone)


def checkin_window(offset: Offset, *, start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """Administrations whose check-in `offset` can fall in (start, end] lie in this range
    (exclusive, inclusive); day offsets are widened by `DST_SLACK`, then checked exactly."""
    slack = DST_SLACK if offset.unit == "d" else timedelta(0)
    return start - offset.span - slack, end - offset.span + slack


def assessment_due_on(*, last_done: date | None, every_days: int) -> date | None:
    """The first day a questionnaire is due again: `every_days` after the last one (its local
    date); None if the patient never did one (due from the start)."""
    return None if last_done is None else last_done + timedelta(days=every_days)


def assessment_remind(
    *, day: date, last_done: date | None, last_reminded: date | None, every_days: int
) -> bool:
    """Whether to remind the patient on `day` that a questionnaire is due.

    Due: never done, or `day` ≥ the last one's date + `every_days`. Then reminded once, and
    again each `every_days` it stays undone: not when the last reminder of it was sent on or
    after both the day it fell due and `day` − `every_days` + 1.
    """
    due_on = assessment_due_on(last_done=last_done, every_days=every_days)
    if due_on is not None and day < due_on:
        return False
    if last_reminded is None:
        return True
    quiet_since = day - timedelta(days=every_days - 1)
    if due_on is not None:
        quiet_since = max(quiet_since, due_on)
    return last_reminded < quiet_since

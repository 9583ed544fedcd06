"""Due times (reminders.schedule): wall-clock reminders across daylight-saving changes.

Europe/London: clocks go forward at 01:00 GMT on 2026-03-29 (01:00–02:00 does not exist)
and back at 02:00 BST on 2026-10-25 (01:00–02:00 happens twice). America/New_York: forward
at 02:00 on 2026-03-08, back at 02:00 on 2026-11-01.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from reminders.schedule import (
    GRACE,
    OFFSETS,
    checkin_due_at,
    checkin_window,
    daily_due_between,
    is_due,
    local_to_utc,
    normalise_offsets,
    zone_of,
)

LONDON, NEW_YORK = ZoneInfo("Europe/London"), ZoneInfo("America/New_York")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        # 08:00 is 08:00 local on both sides of each change; the UTC instant moves instead.
        (LONDON, date(2026, 3, 28), utc(2026, 3, 28, 8)),
        (LONDON, date(2026, 3, 29), utc(2026, 3, 29, 7)),
        (LONDON, date(2026, 3, 30), utc(2026, 3, 30, 7)),
        (LONDON, date(2026, 10, 24), utc(2026, 10, 24, 7)),
        (LONDON, date(2026, 10, 25), utc(2026, 10, 25, 8)),
        (NEW_YORK, date(2026, 3, 7), utc(2026, 3, 7, 13)),
        (NEW_YORK, date(2026, 3, 8), utc(2026, 3, 8, 12)),
        (NEW_YORK, date(2026, 10, 31), utc(2026, 10, 31, 12)),
        (NEW_YORK, date(2026, 11, 1), utc(2026, 11, 1, 13)),
    ],
)
def test_a_0800_reminder_is_0800_local_before_and_after_the_change(zone, day, expected):
    due = local_to_utc(day, time(8, 0), zone)
    assert due == expected
    assert due.astimezone(zone).time() == time(8, 0)


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected_utc", "expected_local"),
    [
        # Times in the spring gap fire when the clocks jump: 02:00 BST, 03:00 EDT.
        (LONDON, date(2026, 3, 29), time(1, 0), utc(2026, 3, 29, 1), time(2, 0)),
        (LONDON, date(2026, 3, 29), time(1, 30), utc(2026, 3, 29, 1), time(2, 0)),
        (LONDON, date(2026, 3, 29), time(1, 59), utc(2026, 3, 29, 1), time(2, 0)),
        (NEW_YORK, date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 7), time(3, 0)),
        # Just outside the gap: unchanged.
        (LONDON, date(2026, 3, 29), time(0, 59), utc(2026, 3, 29, 0, 59), time(0, 59)),
        (LONDON, date(2026, 3, 29), time(2, 0), utc(2026, 3, 29, 1), time(2, 0)),
    ],
)
def test_a_time_that_does_not_exist_fires_at_the_next_valid_time(zone, day, at, expected_utc, expected_local):
    due = local_to_utc(day, at, zone)
    assert due == expected_utc
    assert due.astimezone(zone).time() == expected_local
    assert due.astimezone(zone).date() == day


@pytest.mark.parametrize(
    ("zone", "day", "at", "first"),
    [
        (LONDON, date(2026, 10, 25), time(1, 30), utc(2026, 10, 25, 0, 30)),  # 01:30 BST, not GMT
        (NEW_YORK, date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),  # 01:30 EDT, not EST
    ],
)
def test_a_time_that_happens_twice_is_due_once_at_its_first_occurrence(zone, day, at, first):
    assert local_to_utc(day, at, zone) == first
    # Walk the whole night in one-minute beats: the reminder is in exactly one beat's window.
    start, beats = utc(day.year, day.month, day.day) - timedelta(hours=6), []
    for minute in range(16 * 60):
        now = start + timedelta(minutes=minute)
        beats += daily_due_between(at=at, zone=zone, start=now - timedelta(minutes=1), end=now)
    assert beats == [(day, first)]


@pytest.mark.parametrize("zone", [LONDON, NEW_YORK])
@pytest.mark.parametrize("at", [time(0, 0), time(1, 30), time(2, 30), time(8, 0), time(23, 59)])
def test_every_day_of_a_year_has_exactly_one_daily_reminder(zone, at):
    """A year of minute-by-minute windows (stepped by the grace period) covers every day once."""
    start, end = utc(2026, 1, 1), utc(2027, 1, 1)
    found, now = [], start
    while now < end:
        found += daily_due_between(at=at, zone=zone, start=now, end=now + GRACE)
        now += GRACE
    days = [day for day, _ in found]
    assert len(days) == len(set(days)) == 365
    for day, due in found:
        local = due.astimezone(zone)
        assert local.date() == day
        assert local.time() == at or (day in (date(2026, 3, 29), date(2026, 3, 8)) and local.time() > at)


def test_the_window_is_due_at_or_before_now_and_within_the_grace():
    now = utc(2026, 3, 29, 7)
    assert is_due(now, now)
    assert is_due(now - GRACE + timedelta(seconds=1), now)
    assert not is_due(now - GRACE, now)  # 15 minutes late: skipped, not sent late
    assert not is_due(now + timedelta(seconds=1), now)


def test_hour_check_ins_are_elapsed_time_across_the_change():
    # An infusion at 00:30 GMT on the night the clocks go forward: +1 h is 60 minutes later,
    # which the clock shows as 02:30 BST.
    administered = utc(2026, 3, 29, 0, 30)
    due = checkin_due_at(administered_at=administered, offset=OFFSETS["1h"], zone=LONDON)
    assert due == utc(2026, 3, 29, 1, 30)
    assert due.astimezone(LONDON).time() == time(2, 30)


@pytest.mark.parametrize(
    ("administered", "code", "expected"),
    [
        # 10:00 GMT on Saturday 28 March: +1 d is 10:00 BST on Sunday, only 23 hours later.
        (utc(2026, 3, 28, 10), "1d", utc(2026, 3, 29, 9)),
        (utc(2026, 3, 28, 10), "3d", utc(2026, 3, 31, 9)),
        (utc(2026, 3, 28, 10), "7d", utc(2026, 4, 4, 9)),
        # 10:00 BST on Saturday 24 October: +1 d is 10:00 GMT on Sunday, 25 hours later.
        (utc(2026, 10, 24, 9), "1d", utc(2026, 10, 25, 10)),
        # An infusion at 01:30 on a night 01:30 does not exist the next day: the gap's end.
        (utc(2026, 3, 28, 1, 30), "1d", utc(2026, 3, 29, 1)),
    ],
)
def test_day_check_ins_keep_the_wall_clock_time(administered, code, expected):
    assert checkin_due_at(administered_at=administered, offset=OFFSETS[code], zone=LONDON) == expected


@pytest.mark.parametrize("code", list(OFFSETS))
def test_the_query_window_holds_every_administration_whose_check_in_is_due(code):
    """checkin_window (what the planner asks the database for) never misses a due check-in."""
    offset, now = OFFSETS[code], utc(2026, 3, 29, 9)
    low, high = checkin_window(offset, start=now - GRACE, end=now)
    for minutes in range(-4 * 24 * 60 - offset.amount * (60 if offset.unit == "h" else 1440), 1, 7):
        administered = now + timedelta(minutes=minutes)
        for zone in (LONDON, NEW_YORK, ZoneInfo("Australia/Lord_Howe"), ZoneInfo("UTC")):
            if is_due(checkin_due_at(administered_at=administered, offset=offset, zone=zone), now):
                assert low < administered <= high, (administered, zone)


def test_offsets_are_kept_known_once_and_in_order():
    assert normalise_offsets(["7d", "1h", "7d", "bogus", "1d"]) == ["1h", "1d", "7d"]
    assert normalise_offsets([]) == []


def test_an_unknown_zone_name_reads_as_utc():
    assert zone_of("Mars/Olympus_Mons") == ZoneInfo("UTC")
    assert zone_of("Europe/London") == LONDON

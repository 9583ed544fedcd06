"""Today's one-line status, worked out on the phone from its copy of the diary.

The diary (T = today, UTC for the server and the phone):
  induction infusions on T−15 (F, the course's first), T−13 and T−9 (the latest): "Day 9";
  before the course (F−7 … F−1 = T−22 … T−16): 7, (6 + 8) / 2 = 7, 6, 7 → 27 / 4 = 6.75 → 6.8
  (rounded half away from zero, 4 logged days);
  this week (T−6 … T): 3, 4, (2 + 3) / 2 = 2.5, 3 → 12.5 / 4 = 3.125 → 3.1 (4 logged days);
  then the patient logs 8 today: 20.5 / 5 = 4.1 (5 logged days);
  T−7 (pain 10) is outside both windows.
"""

from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from diary.services import record_create
from tests.e2e.conftest import log_pain, sign_in, sync_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINE = "Day 9 after your last infusion; pain {} this week vs 6.8 before the course."
BASIS = "Based on {} days logged of the last 7 and 4 of the 7 days before the course."


def _at(day, hour: int) -> str:
    return datetime.combine(day, time(hour), tzinfo=UTC).isoformat()


def _diary(patient, today) -> None:
    episode = record_create(
        patient_id=patient.pk,
        entity="episode",
        data={
            "title": "Ketamine",
            "treatment": "ketamine",
            "condition": "crps",
            "started_on": str(today - timedelta(15)),
        },
    )
    for days_ago in (15, 13, 9):
        record_create(
            patient_id=patient.pk,
            entity="administration",
            data={
                "episode": str(episode.pk),
                "administered_at": _at(today - timedelta(days_ago), 10),
                "route": "iv_infusion",
                "phase": "induction",
                "dose_mg": "35",
            },
        )
    pains = [(22, 7), (21, 6), (21, 8), (20, 6), (18, 7), (7, 10), (6, 3), (5, 4), (4, 2), (4, 3), (2, 3)]
    for n, (days_ago, pain) in enumerate(pains):
        day = today - timedelta(days_ago)
        data = {"recorded_at": _at(day, 8 + n % 12), "diary_date": day.isoformat(), "pain_now": pain}
        record_create(patient_id=patient.pk, entity="entry", data=data)


def test_today_shows_day_after_infusion_and_this_weeks_pain_against_before(live_server, device, patient):
    today = datetime.now(UTC).date()
    _diary(patient, today)
    page = device(timezone_id="UTC")
    sign_in(page, live_server.url)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    status = page.locator("#today-status")
    expect(status).to_have_text(LINE.format("3.1"))
    expect(page.get_by_text(BASIS.format(4))).to_be_visible()

    log_pain(page, 8)  # today's entry: the line follows at once, from the phone's own copy
    expect(status).to_have_text(LINE.format("4.1"))
    expect(page.get_by_text(BASIS.format(5))).to_be_visible()
    page.get_by_role("link", name="My treatment How your treatment is going").click()
    expect(page.get_by_role("heading", name="My treatment", level=2)).to_be_visible()

"""Questionnaires in the app (issue 13): completed offline one item per step, scored at once on
the device, synced like any record; PHQ-9 item 9 answered 1 shows the urgent-help guidance
before anything else, and the next summary has the `assessment` red flag.

Screenshots: var/artifacts/assessment-*.png.
"""

import re
import zoneinfo
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from care import services
from diary.models import Assessment
from tests.e2e.conftest import PHONE, open_screen, sign_in, sync_state, wait_for_service_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts"
PHQ9_TITLE = re.compile(r"^PHQ-9")
STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
PEG_ITEM_1 = "What number best describes your pain on average in the past week?"
ITEM_9 = "Thoughts that you would be better off dead or of hurting yourself in some way"
# Items 1-8, then item 9 = 1 ("Several days"): 1 + 1 + 2 + 0 + 1 + 0 + 1 + 0 + 1 = 7, "mild" (5-9).
PHQ9_ANSWERS = ["Several days", "Several days", "More than half the days", "Not at all", "Several days",
                "Not at all", "Several days", "Not at all", "Several days"]  # fmt: skip
IS_FIRST_AND_FOCUSED = """
() => {
  const section = document.querySelector("main section.assessment");
  const first = section.firstElementChild;
  return first.classList.contains("urgent-first") && first.contains(document.activeElement);
}
"""


def question(page):
    """The item on screen: its radio group (one at a time)."""
    group = page.locator("main").get_by_role("radiogroup")
    expect(group).to_have_count(1)
    return group


def test_a_phq9_done_offline_with_item_9_shows_urgent_help_first_and_flags_the_summary(
    live_server, device, patient
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = device(timezone_id="Europe/London")
    sign_in(page, live_server.url)
    wait_for_service_worker(page)
    main = page.locator("main")
    # Never done one: Today offers all three (the catalogue is stored on the device by now).
    offer = main.get_by_role("region", name="Short questionnaires are due")
    expect(offer).to_be_visible(timeout=15_000)
    expect(offer.get_by_role("link")).to_have_count(3)

    page.context.set_offline(True)
    page.reload()
    page.get_by_role("radiogroup", name="Pain now").wait_for()  # the shell came from the service worker
    offer.get_by_role("link", name=PHQ9_TITLE).click()

    recall = main.locator(".recall")
    for number, answer in enumerate(PHQ9_ANSWERS[:8], start=1):
        expect(main.get_by_text(f"Question {number} of 9")).to_be_visible()
        expect(recall).to_have_text(STEM)  # the recall period, on every step
        expect(recall).to_be_in_viewport()
        question(page).get_by_role("radio", name=answer, exact=True).check()
        page.get_by_role("button", name="Next").click()

    item9 = question(page)
    expect(item9).to_have_accessible_name(ITEM_9)
    expect(page.get_by_role("alert")).to_have_count(0)
    item9.get_by_role("radio", name="Several days", exact=True).check()

    # At once, before saving and before anything else on the screen, and focused.
    card = main.locator(".red-flag-card")
    expect(card).to_be_visible()
    expect(card).to_have_attribute("role", "alert")
    page.wait_for_function(IS_FIRST_AND_FOCUSED, timeout=5_000)  # focus moves once the card is drawn
    expect(card).to_be_in_viewport()
    expect(card).to_contain_text(ITEM_9)
    expect(card).to_contain_text("not watched in real time")
    expect(card).to_contain_text("call your local emergency number now")
    samaritans = card.get_by_role("link", name="116\u00a0123")  # the default crisis lines
    expect(samaritans).to_have_attribute("href", "tel:116123")
    card_box, title_box = card.bounding_box(), main.get_by_role("heading", level=2).bounding_box()
    assert card_box["y"] < title_box["y"]
    page.screenshot(path=str(ARTIFACTS / "assessment-urgent-help.png"))

    page.get_by_role("button", name="Save answers").click()
    expect(main.get_by_role("heading", name="PHQ-9: saved")).to_be_visible()
    expect(card).to_contain_text("Saved. Please act on this now")
    page.wait_for_function(IS_FIRST_AND_FOCUSED, timeout=5_000)  # focus moves once the card is drawn
    # The score and band at once, on the device, offline.
    expect(main.locator(".assessment-score")).to_have_text("Your PHQ-9 score: 7 of 27, mild.")
    expect(sync_state(page)).to_have_text("Saved on this device")
    page.screenshot(path=str(ARTIFACTS / "assessment-saved.png"), full_page=True)
    assert not Assessment.objects.exists()

    page.context.set_offline(False)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    stored = Assessment.objects.get(patient=patient)
    assert (stored.instrument, stored.answers) == ("phq9", [1, 1, 2, 0, 1, 0, 1, 0, 1])
    assert (stored.score, stored.band) == (7, "mild")  # the server's own derivation agrees

    # The card stays on Today until read; the PHQ-9 is no longer offered (done today).
    open_screen(page, "Today")
    expect(main.locator(".red-flag-card")).to_contain_text(ITEM_9)
    expect(offer.get_by_role("link")).to_have_count(2)
    expect(offer.get_by_role("link", name=PHQ9_TITLE)).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "assessment-today-after.png"), full_page=True)

    # The next summary (computed here, the next day in the patient's zone) has the red flag.
    zone = zoneinfo.ZoneInfo(patient.timezone)
    day = stored.local_date
    summary = services.summary_request(
        patient=patient, requested_by=patient, period_start=day - timedelta(days=29), period_end=day
    )
    services.summaries_compute(
        summary_ids=[summary.pk], now=datetime.combine(day + timedelta(days=1), time(6), tzinfo=zone)
    )
    summary.refresh_from_db()
    flags = summary.figures["red_flags"]
    assert [(f["kind"], f["code"], f["record_id"], f["date"]) for f in flags] == [
        ("assessment", "phq9_item9", str(stored.pk), day.isoformat())
    ]
    [phq9] = summary.figures["assessments"]
    assert (phq9["instrument"], phq9["latest"]["score"], phq9["latest"]["band"]) == ("phq9", 7, "mild")


def test_a_peg_step_by_step_back_and_next_scored_as_the_mean(live_server, browser, patient):
    """Online this time, with the keyboard: arrow keys choose within an item's radio group, Back
    keeps the answers given; the PEG (no bands) shows its mean to 1 decimal; no axe violations."""
    from tests.e2e.test_accessibility import violations

    context = browser.new_context(viewport=PHONE, bypass_csp=True, timezone_id="Europe/London")
    page = context.new_page()
    try:
        sign_in(page, live_server.url)
        main = page.locator("main")
        main.get_by_role("link", name=re.compile(r"^PEG")).click()
        recall = main.locator(".recall")
        expect(recall).to_have_text("These questions are about the past week.")
        first = question(page)
        expect(first).to_have_accessible_name(PEG_ITEM_1)
        expect(main.get_by_text("0 = No pain")).to_be_visible()
        expect(main.get_by_text("10 = Pain as bad as you can imagine")).to_be_visible()

        page.get_by_role("button", name="Next").click()  # nothing chosen: stays, says why
        expect(main.get_by_role("alert")).to_have_text("Choose an answer to go on.")
        expect(main.get_by_text("Question 1 of 3")).to_be_visible()
        first.get_by_role("radio", name="5", exact=True).check()
        page.keyboard.press("ArrowRight")  # 6
        expect(first.get_by_role("radio", name="6", exact=True)).to_be_checked()
        assert violations(page) == []
        page.screenshot(path=str(ARTIFACTS / "assessment-peg.png"))
        page.get_by_role("button", name="Next").click()

        question(page).get_by_role("radio", name="4", exact=True).check()
        page.get_by_role("button", name="Back").click()
        expect(question(page).get_by_role("radio", name="6", exact=True)).to_be_checked()  # kept
        page.get_by_role("button", name="Next").click()
        expect(question(page).get_by_role("radio", name="4", exact=True)).to_be_checked()
        page.get_by_role("button", name="Next").click()
        expect(recall).to_be_in_viewport()
        question(page).get_by_role("radio", name="6", exact=True).check()
        page.get_by_role("button", name="Save answers").click()

        # (6 + 4 + 6) / 3 = 5.333… → 5.3; no red flag, so no card.
        expect(main.locator(".assessment-score")).to_have_text("Your PEG score: 5.3 of 10.")
        expect(main.locator(".red-flag-card")).to_have_count(0)
        assert violations(page) == []
        expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
        stored = Assessment.objects.get(patient=patient)
        stored_as = (stored.instrument, stored.answers, str(stored.score), stored.band)
        assert stored_as == ("peg", [6, 4, 6], "5.3", "")

        main.get_by_role("link", name="All questionnaires").click()
        expect(main.get_by_role("heading", name="Questionnaires")).to_be_visible()
        expect(main.get_by_text(re.compile(r"PEG 5\.3 of 10"))).to_be_visible()
    finally:
        context.close()

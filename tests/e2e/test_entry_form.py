"""The entry form: the quick path (a number, Save) unchanged; "More details" in sections opened
one at a time, 0–10 items as segmented radios, side effects grouped with warning signs first
(the advice at once); "Same as last time" copies the previous entry's details except pain.

Screenshots at 360 × 740 go to var/artifacts/bodymap-*.png.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from diary import catalogue
from diary.models import Entry
from diary.services import record_create
from tests.e2e.conftest import log_pain, sign_in, sync_state
from tests.e2e.test_body_map import SMALL_PHONE, radio, section, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = ["How I feel", "Side effects", "Where it hurts", "Treatment", "Notes"]


def test_sections_open_one_at_a_time_and_the_quick_path_stays_two_taps(live_server, device, patient):
    page = device(viewport=SMALL_PHONE)
    sign_in(page, live_server.url)
    shot(page, "today")
    log_pain(page, 3)  # a number and Save: nothing else asked
    for name in SECTIONS:  # the details stay folded away until asked for
        expect(page.get_by_role("button", name=name, exact=True)).to_be_hidden()

    page.get_by_role("button", name="More details").click()
    for name in SECTIONS:
        expect(section(page, name)).to_have_attribute("aria-expanded", "false")
    shot(page, "sections")
    page.get_by_role("button", name="How I feel", exact=True).click()
    average = page.get_by_role("radiogroup", name="Average pain, last 24 hours")
    expect(average.get_by_role("radio")).to_have_count(11)
    average.get_by_role("radio", name="6", exact=True).check()
    radio(page, "Worst pain, last 24 hours", 4).check()
    shot(page, "how-i-feel")

    page.get_by_role("button", name="Side effects", exact=True).click()  # opening one closes the other
    expect(section(page, "How I feel")).to_have_attribute("aria-expanded", "false")
    expect(average).to_have_count(0)
    expect(page.get_by_text("Average pain 6 · Worst pain 4")).to_be_visible()  # what it holds, closed

    # Saving with worst below average: the check opens the section that holds the problem.
    radio(page, "Pain now", 5).check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(section(page, "How I feel")).to_have_attribute("aria-expanded", "true")
    worst = page.get_by_role("radiogroup", name="Worst pain, last 24 hours")
    expect(worst).to_have_attribute("aria-invalid", "true")
    worst.get_by_role("button", name="Clear").click()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("status").filter(has_text="Entry saved: pain 5 ").wait_for()
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    saved = Entry.objects.get(patient=patient, pain_now=5)
    assert (saved.pain_average, saved.pain_worst) == (6, None)


def test_side_effects_are_grouped_warning_signs_first_with_their_advice_at_once(live_server, device, patient):
    page = device(viewport=SMALL_PHONE)
    sign_in(page, live_server.url)
    page.get_by_role("button", name="More details").click()
    page.get_by_role("button", name="Side effects", exact=True).click()
    groups = page.locator(".effect-group > legend")
    expect(groups.first).to_have_text("Warning signs")
    warning = page.get_by_role("group", name="Warning signs")
    red_flags = {e.label for e in catalogue.SIDE_EFFECTS.values() if e.red_flag != "never"}
    for label in red_flags:
        expect(warning.get_by_label(label, exact=True)).to_be_visible()
    expect(warning.get_by_role("checkbox")).to_have_count(len(red_flags))
    expect(page.get_by_role("group", name="Stomach").get_by_label("Nausea")).to_be_visible()

    warning.get_by_label("Chest pain", exact=True).check()
    card = page.get_by_role("alert").filter(has_text="Please act on this")
    expect(card).to_contain_text(f"Chest pain: {catalogue.RED_FLAG_ADVICE['chest_pain']}")
    # Hallucinations are a warning sign when severe: advice only then.
    warning.get_by_label("Hallucinations", exact=True).check()
    expect(card).not_to_contain_text("Hallucinations")
    radio(page, "Severity of Hallucinations", "Severe").check()
    expect(card).to_contain_text(f"Hallucinations: {catalogue.RED_FLAG_ADVICE['hallucinations']}")
    shot(page, "side-effects")

    radio(page, "Pain now", 7).check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("status").filter(has_text="Entry saved: pain 7 ").wait_for()
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    effects = Entry.objects.get(patient=patient, pain_now=7).side_effects
    assert sorted((e["code"], e["severity"]) for e in effects) == [("chest_pain", 1), ("hallucinations", 3)]


def test_same_as_last_time_copies_the_details_but_not_the_pain(live_server, device, patient):
    record_create(
        patient_id=patient.pk,
        entity="entry",
        data={
            "recorded_at": (timezone.now() - timedelta(hours=20)).isoformat(),
            "pain_now": 7,
            "pain_average": 6,
            "pain_worst": 8,
            "pain_least": 4,
            "mood": 6,
            "sleep_quality": 3,
            "relief_percent": 30,
            "locations": ["left_knee", "lower_back"],
            "side_effects": [{"code": "nausea", "severity": 2}],
            "notes": "Bad night",
        },
    )
    page = device(viewport=SMALL_PHONE)
    sign_in(page, live_server.url)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)

    radio(page, "Pain now", 3).check()
    page.get_by_role("button", name="More details").click()
    page.get_by_role("button", name="Same as last time").click()
    copied = page.get_by_role("status").filter(has_text="Copied from your entry of")
    expect(copied).to_contain_text("Left knee, Lower back; Nausea (moderate); mood 6, sleep 3, relief 30 %")
    expect(radio(page, "Pain now", 3)).to_be_checked()
    shot(page, "same-as-last-time")

    # Everything copied can be changed before saving.
    page.get_by_role("button", name="How I feel", exact=True).click()
    mood = page.get_by_role("radiogroup", name="Mood")
    expect(mood.get_by_role("radio", name="6", exact=True)).to_be_checked()
    average = page.get_by_role("radiogroup", name="Average pain, last 24 hours")
    expect(average.get_by_role("radio", checked=True)).to_have_count(0)
    mood.get_by_role("radio", name="7", exact=True).check()
    page.get_by_role("button", name="Where it hurts", exact=True).click()
    expect(page.get_by_text("Selected: Left knee, Lower back", exact=True)).to_be_visible()
    page.get_by_role("checkbox", name="Left knee", exact=True).click()
    page.get_by_role("button", name="Notes", exact=True).click()
    expect(page.get_by_label("Notes")).to_have_value("")

    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("status").filter(has_text="Entry saved: pain 3 ").wait_for()
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    entry = Entry.objects.get(patient=patient, pain_now=3)
    assert entry.locations == ["lower_back"]
    assert entry.side_effects == [{"code": "nausea", "severity": 2}]
    assert (entry.mood, entry.sleep_quality, entry.relief_percent) == (7, 3, 30)
    assert (entry.pain_average, entry.pain_worst, entry.pain_least, entry.notes) == (None, None, None, "")

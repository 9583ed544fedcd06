"""The body map: where it hurts, chosen by tapping the figure, by keyboard, or from a list,
saved as the catalogue's region codes (on the device at once, on the server after sync); and
"Where it hurt" in History, shaded by how many entries named each region, with its table.

Screenshots at 360 × 740 go to var/artifacts/bodymap-*.png.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from diary import catalogue
from diary.models import Entry
from diary.services import record_create
from tests.e2e.conftest import open_screen, sign_in, sync_state
from tests.e2e.test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts"
SMALL_PHONE = {"width": 360, "height": 740}

READ_LOCATIONS = """
new Promise((resolve, reject) => {
  const open = indexedDB.open("paindiary");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const request = open.result.transaction("entries").objectStore("entries").getAll();
    request.onsuccess = () => resolve(request.result.map((e) => [e.pain_now, e.locations]));
  };
})
"""


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"bodymap-{name}.png"), full_page=True)


def radio(page, group: str, name):
    """The radio named `name` (a number or a word) in the radio group named `group`."""
    return page.get_by_role("radiogroup", name=group).get_by_role("radio", name=str(name), exact=True)


def section(page, name: str):
    """The disclosure button of one of the entry form's sections."""
    return page.get_by_role("button", name=name, exact=True)


def open_where(page):
    """Today: More details, then the "Where it hurts" section (the map loads on demand)."""
    page.get_by_role("button", name="More details").click()
    page.get_by_role("button", name="Where it hurts").click()
    figure = page.get_by_role("group", name="Body, front view: choose where it hurts")
    # The catalogue is here: regions carry its labels.
    expect(figure.get_by_role("checkbox", name="Left knee", exact=True)).to_be_visible()
    return figure


def save_with_pain(page, pain: int) -> None:
    radio(page, "Pain now", pain).check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("status").filter(has_text=f"Entry saved: pain {pain} ").wait_for()


def saved_locations(page, pain: int) -> list[str]:
    return next(codes for p, codes in page.evaluate(READ_LOCATIONS) if p == pain)


def test_regions_tapped_on_the_figure_are_saved_as_their_codes(live_server, device, patient):
    page = device(viewport=SMALL_PHONE)
    sign_in(page, live_server.url)
    figure = open_where(page)
    shot(page, "front")

    # The patient's own left: on the front view, the right of the picture.
    knee = figure.get_by_role("checkbox", name="Left knee", exact=True)
    box, whole = knee.bounding_box(), figure.bounding_box()
    assert box["x"] + box["width"] / 2 > whole["x"] + whole["width"] / 2
    knee.click()
    expect(knee).to_have_attribute("aria-checked", "true")
    figure.get_by_role("checkbox", name="Right hand", exact=True).click()
    figure.get_by_role("checkbox", name="Right hand", exact=True).click()  # a second tap clears it

    page.get_by_role("button", name="Back", exact=True).click()
    back = page.get_by_role("group", name="Body, back view: choose where it hurts")
    back.get_by_role("checkbox", name="Lower back").click()
    expect(back.get_by_role("checkbox", name="Lower back")).to_have_attribute("aria-checked", "true")
    expect(page.get_by_text("Selected: Left knee, Lower back", exact=True)).to_be_visible()
    shot(page, "back-selected")

    save_with_pain(page, 6)
    assert saved_locations(page, 6) == ["left_knee", "lower_back"]
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    assert Entry.objects.get(patient=patient, pain_now=6).locations == ["left_knee", "lower_back"]


def test_regions_chosen_by_keyboard_alone_are_saved_as_their_codes(live_server, device, patient):
    page = device(viewport=SMALL_PHONE)
    sign_in(page, live_server.url)
    figure = open_where(page)

    # One Tab stop for the figure (after the view and list buttons); arrows move, Space/Enter toggle.
    page.get_by_role("button", name="Show as a list").focus()
    page.keyboard.press("Tab")
    expect(figure.get_by_role("checkbox", name="Face")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(figure.get_by_role("checkbox", name="Shoulders")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("End")
    expect(figure.get_by_role("checkbox", name="Left foot")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Space")  # and off again
    page.keyboard.press("ArrowUp")
    expect(figure.get_by_role("checkbox", name="Right foot")).to_be_focused()
    page.keyboard.press("Space")
    expect(figure.get_by_role("checkbox", name="Face")).to_have_attribute("aria-checked", "true")
    expect(page.get_by_text("Selected: Face, Shoulders, Right foot", exact=True)).to_be_visible()
    shot(page, "keyboard")

    # Tab leaves the figure in one step (not 28).
    page.keyboard.press("Tab")
    expect(figure.get_by_role("checkbox", name="Right foot")).not_to_be_focused()

    save_with_pain(page, 4)
    assert saved_locations(page, 4) == ["face", "shoulders", "right_foot"]
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    assert Entry.objects.get(patient=patient, pain_now=4).locations == ["face", "shoulders", "right_foot"]


def test_the_list_alternative_chooses_the_same_codes(live_server, device, patient):
    page = device(viewport=SMALL_PHONE)
    sign_in(page, live_server.url)
    figure = open_where(page)
    figure.get_by_role("checkbox", name="Left knee", exact=True).click()

    page.get_by_role("button", name="Show as a list").click()
    regions = page.get_by_role("group", name="Body regions")
    expect(regions.get_by_role("checkbox")).to_have_count(len(catalogue.BODY_REGIONS))
    expect(regions.get_by_label("Left knee", exact=True)).to_be_checked()  # the same choice, either way
    regions.get_by_label("Lower back").check()
    regions.get_by_label("Head", exact=True).check()
    expect(page.get_by_text("Selected: Left knee, Lower back, Head", exact=True)).to_be_visible()
    shot(page, "list")

    save_with_pain(page, 5)
    assert saved_locations(page, 5) == ["left_knee", "lower_back", "head"]
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    assert Entry.objects.get(patient=patient, pain_now=5).locations == ["left_knee", "lower_back", "head"]


def test_history_shows_where_it_hurt_over_the_entries_shown(live_server, device, patient):
    now = timezone.now()
    logged = [["lower_back", "left_knee"], ["lower_back"], ["lower_back", "neck"], []]
    for minute, locations in enumerate(logged):  # minutes apart: History shows one month
        at = (now - timedelta(minutes=minute)).isoformat()
        data = {"recorded_at": at, "pain_now": 5, "locations": locations}
        record_create(patient_id=patient.pk, entity="entry", data=data)
    page = device(viewport=SMALL_PHONE)
    sign_in(page, live_server.url)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)

    open_screen(page, "History")
    heat = page.get_by_role("region", name="Where it hurt")
    table = heat.get_by_role("table")
    expect(table.get_by_role("row", name="Lower back 3 of 4 entries")).to_be_visible()
    expect(table.get_by_role("row", name="Left knee 1 of 4 entries")).to_be_visible()
    expect(table.get_by_role("row", name="Neck 1 of 4 entries")).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(4)  # the header and the three regions named
    # The most-named region has the darkest shade; one never named, none.
    front = heat.get_by_role("img", name="Front of the body", exact=False)
    back = heat.get_by_role("img", name="Back of the body", exact=False)
    expect(back.locator('[data-code="lower_back"]')).to_have_class("wih-region wih-5")
    expect(front.locator('[data-code="left_knee"]')).to_have_class("wih-region wih-2")
    expect(front.locator('[data-code="chest"]')).to_have_class("wih-region wih-0")
    heat.scroll_into_view_if_needed()
    shot(page, "heat-map")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_entry_form_with_each_section_open_has_no_axe_violations(live_server, browser, patient, scheme):
    record_create(
        patient_id=patient.pk,
        entity="entry",
        data={
            "recorded_at": (timezone.now() - timedelta(days=1)).isoformat(),
            "pain_now": 5,
            "locations": [],
        },
    )
    context = browser.new_context(viewport=SMALL_PHONE, bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    found: dict[str, list] = {}
    try:
        sign_in(page, live_server.url)
        page.get_by_role("button", name="More details").click()
        found["closed"] = violations(page)
        for name in ["How I feel", "Side effects", "Where it hurts", "Treatment", "Notes"]:
            section(page, name).click()
            expect(section(page, name)).to_have_attribute("aria-expanded", "true")
            if name == "How I feel":
                page.get_by_role("radiogroup", name="Mood").get_by_role("radio", name="7").check()
            if name == "Side effects":
                page.get_by_label("Chest pain", exact=True).check()
                page.get_by_label("Nausea", exact=True).check()
            if name == "Where it hurts":
                page.get_by_role("checkbox", name="Chest", exact=True).click()
                page.get_by_role("button", name="Show as a list").click()
                found[f"{name} (list)"] = violations(page)
                page.get_by_role("button", name="Show as a list").click()
            found[name] = violations(page)
            if scheme == "dark":
                shot(page, f"dark-{name.lower().replace(' ', '-')}")
        # Back view, with a region chosen there.
        page.get_by_role("button", name="Where it hurts", exact=True).click()
        page.get_by_role("button", name="Back", exact=True).click()
        page.get_by_role("checkbox", name="Upper back").click()
        found["Where it hurts (back)"] = violations(page)
    finally:
        context.close()
    assert {screen: v for screen, v in found.items() if v} == {}

"""A red flag logged offline gets its advice at once, from the catalogue the device keeps.

DOMAIN.md § Catalogues: every red-flag side effect carries advice shown the moment the entry
is saved, offline too, before anything else; every such card says the diary is not watched
in real time; thoughts of self-harm show the deployment's crisis lines (a setting).
"""

import pytest
from playwright.sync_api import expect

from diary import catalogue
from diary.models import Entry
from tests.e2e.conftest import sign_in, sync_state, wait_for_service_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def go_offline_with_the_stored_catalogue(page, base_url: str) -> None:
    """Signed in while online (the catalogue is fetched and kept), then offline and reloaded:
    the shell comes from the service worker and the catalogue from IndexedDB."""
    sign_in(page, base_url)
    wait_for_service_worker(page)
    page.get_by_role("button", name="More details").click()
    page.get_by_role("button", name="Side effects").click()
    page.get_by_label("Chest pain").wait_for()  # the catalogue has arrived
    page.context.set_offline(True)
    page.reload()
    page.get_by_role("radiogroup", name="Pain now").wait_for()


def log_with_side_effects(page, pain: int, labels: list[str]) -> None:
    page.get_by_role("radiogroup", name="Pain now").get_by_role("radio", name=str(pain), exact=True).check()
    page.get_by_role("button", name="More details").click()
    page.get_by_role("button", name="Side effects").click()
    for label in labels:
        page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("status").filter(has_text=f"Entry saved: pain {pain} ").wait_for()


def test_chest_pain_and_craving_logged_offline_show_their_advice_and_say_nobody_watches(
    live_server, page, patient
):
    go_offline_with_the_stored_catalogue(page, live_server.url)

    log_with_side_effects(page, 7, ["Chest pain", "Craving for ketamine"])

    card = page.get_by_role("alert").filter(has_text="Please act on this")
    expect(card).to_be_visible()
    expect(card).to_contain_text(f"Chest pain: {catalogue.RED_FLAG_ADVICE['chest_pain']}")
    expect(card).to_contain_text(f"Craving for ketamine: {catalogue.RED_FLAG_ADVICE['craving']}")
    expect(card).to_contain_text(str(catalogue.NOT_WATCHED))
    # Before anything else in the form: the card comes first, above the pain scale.
    first = page.locator("form.entry-form > *").first
    expect(first).to_have_class("urgent red-flag-card")
    expect(sync_state(page)).to_have_text("Saved on this device")
    assert not Entry.objects.filter(patient=patient).exists()

    # The card stays until it is read, and the entry reaches the server once back online.
    card.get_by_role("button", name="I have read this").click()
    expect(card).to_have_count(0)
    page.context.set_offline(False)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    entry = Entry.objects.get(patient=patient)
    assert sorted(e["code"] for e in entry.side_effects) == ["chest_pain", "craving"]


def test_thoughts_of_self_harm_show_the_deployments_crisis_lines(live_server, page, patient, settings):
    settings.CRISIS_LINES = [{"name": "Test Crisis Line", "number": "0800 555 0100", "region": "Testshire"}]
    go_offline_with_the_stored_catalogue(page, live_server.url)

    log_with_side_effects(page, 5, ["Thoughts of suicide or self-harm"])

    card = page.get_by_role("alert").filter(has_text="Please act on this")
    expect(card).to_contain_text(catalogue.RED_FLAG_ADVICE["thoughts_of_self_harm"])
    expect(card).to_contain_text("help right now")
    line = card.get_by_role("link", name="0800 555 0100")
    expect(line).to_have_attribute("href", "tel:08005550100")
    expect(card).to_contain_text("Test Crisis Line (Testshire)")
    expect(card).not_to_contain_text("Samaritans")  # no number of its own: the deployment's only
    expect(card).to_contain_text(str(catalogue.NOT_WATCHED))

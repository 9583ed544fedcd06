"""The "N entries not yet sent" banner: offline, two entries wait on the phone and the banner
says so on every screen; back online they are sent and it goes away."""

import pytest
from playwright.sync_api import expect

from diary.models import Entry
from tests.e2e.conftest import log_pain, open_screen, sign_in, sync_state, wait_for_service_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_banner_counts_unsent_entries_offline_and_clears_after_sync(live_server, device, patient):
    page = device()
    sign_in(page, live_server.url)
    wait_for_service_worker(page)  # offline, other screens' code comes from its cache
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    banner = page.locator("#outbox-banner")
    expect(banner).to_have_count(0)

    page.context.set_offline(True)
    log_pain(page, 4)
    expect(banner).to_contain_text("1 entry not yet sent")
    log_pain(page, 6)
    expect(banner).to_contain_text("2 entries not yet sent")
    # On every signed-in screen, with the way to Sync.
    open_screen(page, "History")
    expect(banner).to_contain_text("2 entries not yet sent")
    expect(banner.get_by_role("link", name="Go to Sync")).to_have_attribute("href", "#/sync")
    # Announced politely: the banner sits in a status region.
    assert page.locator("[role=status]").filter(has=banner).count() == 1
    assert not Entry.objects.filter(patient=patient).exists()

    page.context.set_offline(False)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    expect(banner).to_have_count(0)
    assert sorted(Entry.objects.filter(patient=patient).values_list("pain_now", flat=True)) == [4, 6]

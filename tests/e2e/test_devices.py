"""Two phones of one patient: both edit offline, both converge; a clash is resolvable."""

import pytest
from playwright.sync_api import expect

from diary.models import Conflict, Entry
from tests.e2e.conftest import (
    device_entries,
    log_pain,
    open_screen,
    sign_in,
    sync_now,
    sync_state,
    wait_for_service_worker,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def edit_only_entry(page, pain: int) -> None:
    open_screen(page, "History")
    page.get_by_role("button", name="Edit").first.click()
    page.get_by_role("radiogroup", name="Pain now").get_by_role("radio", name=str(pain), exact=True).check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("radiogroup", name="Pain now")).to_have_count(0)


def test_two_devices_converge_and_a_clash_is_resolved(live_server, device, patient):
    phone, tablet = device(), device()
    for page in (phone, tablet):
        sign_in(page, live_server.url)
        wait_for_service_worker(page)

    log_pain(phone, 5)
    expect(sync_state(phone)).to_have_text("Synced", timeout=15_000)
    shared = Entry.objects.get(patient=patient)
    sync_now(tablet)
    expect(sync_state(tablet)).to_have_text("Synced", timeout=15_000)
    assert device_entries(tablet) == {str(shared.pk): 5}

    # Both offline: each edits the shared entry (a clash) and logs one of its own.
    for page in (phone, tablet):
        page.context.set_offline(True)
    edit_only_entry(phone, 7)
    edit_only_entry(tablet, 2)
    for page, pain in ((phone, 4), (tablet, 8)):
        open_screen(page, "Today")
        log_pain(page, pain)
        expect(sync_state(page)).to_have_text("Saved on this device")

    phone.context.set_offline(False)
    expect(sync_state(phone)).to_have_text("Synced", timeout=15_000)
    tablet.context.set_offline(False)
    expect(sync_state(tablet)).to_have_text("Needs attention", timeout=15_000)
    assert Entry.objects.get(pk=shared.pk).pain_now == 7  # the first to arrive stays; the other is kept
    assert Conflict.objects.filter(patient=patient, record_id=shared.pk).count() == 1

    # The tablet shows the clash, server vs device, and the patient keeps the tablet's value.
    open_screen(tablet, "Sync")
    row = tablet.get_by_role("row", name="pain now")
    expect(row).to_contain_text("7")
    expect(row).to_contain_text("2")
    tablet.get_by_role("button", name="Keep this device's version").click()
    expect(sync_state(tablet)).to_have_text("Synced", timeout=15_000)
    expect(tablet.get_by_text("No conflicts.")).to_be_visible()

    sync_now(phone)
    expect(sync_state(phone)).to_have_text("Synced", timeout=15_000)
    server = {str(e.pk): e.pain_now for e in Entry.objects.filter(patient=patient)}
    assert server[str(shared.pk)] == 2
    assert sorted(server.values()) == [2, 4, 8]
    assert device_entries(phone) == server
    assert device_entries(tablet) == server

"""Nothing a patient saved on the phone is lost: not while the server fails, not behind a
change the server refuses, not by signing out or another account signing in without asking."""

import re
import time
from itertools import pairwise
from pathlib import Path

import pytest
from playwright.sync_api import expect

from diary.models import Entry
from tests.e2e.conftest import (
    PATIENT_PASSWORD,
    device_entries,
    log_pain,
    open_screen,
    sign_in,
    sync_state,
    wait_for_service_worker,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts"
PUSH = "**/api/v1/sync/push"
PASSWORD_B = "another-correct-horse"

READ_OUTBOX = """
new Promise((resolve, reject) => {
  const open = indexedDB.open("paindiary");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains("outbox")) return resolve([]);
    const request = db.transaction("outbox").objectStore("outbox").getAll();
    request.onsuccess = () => resolve(request.result.map((row) => [row.mid, row.data?.pain_now ?? null]));
  };
})
"""


def outbox(page) -> list[list]:
    """The device's queued mutations, in mid order: [[mid, pain_now], …]."""
    return page.evaluate(READ_OUTBOX)


def server_pains(patient) -> list[int]:
    return sorted(Entry.objects.filter(patient=patient).values_list("pain_now", flat=True))


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def wait_until(page, condition, timeout_ms: int = 30_000) -> None:
    """Polls a Python condition while Playwright keeps dispatching (route handlers run meanwhile)."""
    for _ in range(timeout_ms // 100):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("timed out")


def test_entries_saved_while_the_server_fails_reach_it_once_it_recovers(live_server, device, patient):
    page = device()
    sign_in(page, live_server.url)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)

    failing = True
    attempts: list[float] = []

    def push(route):
        if not failing:
            return route.continue_()
        attempts.append(time.monotonic() * 1000)
        status = 503 if len(attempts) % 2 == 0 else 500
        route.fulfill(status=status, content_type="text/html", body=f"<h1>Server Error ({status})</h1>")

    page.context.route(PUSH, push)
    log_pain(page, 4)
    log_pain(page, 7)

    retry = page.locator("#sync-retry")
    expect(retry).to_have_text(re.compile(r"^Couldn't reach the server — retrying (in \d+ s|now)$"))
    expect(sync_state(page)).to_have_text("Saved on this device")
    expect(page.get_by_text("Server Error")).to_have_count(0)
    wait_until(page, lambda: len(attempts) >= 4)
    assert [pain for _mid, pain in outbox(page)] == [4, 7]  # nothing dropped, nothing reordered
    assert server_pains(patient) == []

    # The waits between attempts grow (1 s doubling, jittered within the upper half of each step).
    # (Measured when Playwright hands over each request: allow it some lateness.)
    gaps = [b - a for a, b in pairwise(attempts)][:3]
    print(f"\nwaits between failed pushes: {[round(g) for g in gaps]} ms")
    assert gaps[0] >= 300 and gaps[1] >= 700 and gaps[2] >= 1500
    assert gaps[2] > gaps[0]
    assert max(gaps) < 10_000  # the backoff, not the 60 s tick

    expect(retry).to_contain_text("retrying in")
    screenshot(page, "sync-retrying.png")
    open_screen(page, "Sync")
    expect(page.locator("#sync-problem")).to_contain_text("Couldn't reach the server — retrying")
    expect(page.locator("#sync-problem")).to_contain_text("Your changes stay on this device.")
    expect(page.get_by_text("2 changes saved on this device, waiting to be sent.")).to_be_visible()

    failing = False  # the server recovers; the next scheduled attempt gets through
    expect(sync_state(page)).to_have_text("Synced", timeout=60_000)
    assert server_pains(patient) == [4, 7]
    assert outbox(page) == []
    expect(retry).to_have_count(0)


def test_a_note_the_server_refuses_does_not_hold_back_the_next_entry(live_server, device, patient):
    page = device()
    sign_in(page, live_server.url)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)

    page.get_by_role("radiogroup", name="Pain now").get_by_role("radio", name="5", exact=True).check()
    page.get_by_role("button", name="More details").click()
    page.get_by_role("button", name="Notes").click()
    page.get_by_label("Notes").fill("Pasted from another app:\x00 sharp pain")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("status").filter(has_text="Entry saved: pain 5 ").wait_for()
    log_pain(page, 3)

    expect(sync_state(page)).to_have_text("Needs attention", timeout=15_000)
    wait_until(page, lambda: outbox(page) == [])  # both results are back: the refusal held nothing up
    assert server_pains(patient) == [3]
    open_screen(page, "Sync")
    expect(page.get_by_role("heading", name="Changes not accepted (1)")).to_be_visible()
    card = page.get_by_role("listitem").filter(has_text="A change to a diary entry was not accepted")
    expect(card).to_contain_text(re.compile("notes", re.IGNORECASE))
    expect(page.get_by_text("Server Error")).to_have_count(0)

    # Fixing it: the editor holds what was typed, the character the server refused shown as �.
    card.get_by_role("button", name="Fix and save again").click()
    notes = card.get_by_label("Notes")
    expect(notes).to_have_value("Pasted from another app:\ufffd sharp pain")
    notes.fill("Pasted from another app: sharp pain")
    card.get_by_role("button", name="Save", exact=True).click()
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    assert server_pains(patient) == [3, 5]
    assert Entry.objects.get(patient=patient, pain_now=5).notes == "Pasted from another app: sharp pain"
    expect(page.get_by_role("heading", name="Changes not accepted (0)")).to_be_visible()


def test_sign_out_with_unsent_changes_asks_first(live_server, device, patient):
    page = device()
    sign_in(page, live_server.url)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    wait_for_service_worker(page)  # the Sync screen's chunk then opens offline

    page.context.set_offline(True)
    log_pain(page, 8)
    open_screen(page, "Sync")
    sign_out = page.get_by_role("button", name="Sign out", exact=True)
    sign_out.click()

    dialog = page.get_by_role("alertdialog", name="Sign out with unsent changes?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("1 change on this device has not been sent to the server yet.")
    expect(dialog).to_contain_text("If you sign out now, it will be lost")
    expect(dialog).to_contain_text("You are offline.")
    expect(dialog.get_by_role("button", name="Sync first")).to_be_disabled()
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    screenshot(page, "sign-out-unsent.png")

    # Cancelling (Escape, then the button) keeps everything, and focus goes back to "Sign out".
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(sign_out).to_be_focused()
    sign_out.press("Enter")
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_have_count(0)
    assert [pain for _mid, pain in outbox(page)] == [8]
    expect(sync_state(page)).to_be_visible()

    # Back online, but the server is down for maintenance: the change stays queued, and the
    # app waits as long as the server's Retry-After asks...
    unavailable = {"status": 503, "headers": {"Retry-After": "120"}, "body": "Service Unavailable"}
    page.context.route(PUSH, lambda route: route.fulfill(**unavailable))
    page.context.set_offline(False)
    expect(page.locator("#sync-problem")).to_contain_text("Couldn't reach the server — retrying in 2 min")
    page.context.unroute(PUSH)
    sign_out.click()
    expect(dialog).to_contain_text("Couldn't reach the server — retrying in 2 min")
    # ..."Sync first" does not wait for that retry: it sends now.
    dialog.get_by_role("button", name="Sync first").click()
    done = page.get_by_role("alertdialog", name="Sign out?")
    expect(done).to_contain_text("Every change has been sent.")
    assert server_pains(patient) == [8]
    assert outbox(page) == []
    expect(done.get_by_role("button", name="Stay signed in")).to_be_focused()
    done.get_by_role("button", name="Stay signed in").click()

    # A change the server never got, and "Sign out anyway": the device's copy is cleared.
    page.context.route(PUSH, lambda route: route.fulfill(status=500, body="Server Error (500)"))
    open_screen(page, "Today")
    log_pain(page, 2)
    open_screen(page, "Sync")
    sign_out.click()
    expect(dialog).to_contain_text("1 change on this device has not been sent")
    dialog.get_by_role("button", name="Sign out anyway").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    assert outbox(page) == []
    assert device_entries(page) == {}
    assert server_pains(patient) == [8]  # as the dialog warned, the unsent change is gone


def test_sign_out_without_unsent_changes_is_as_before(live_server, device, patient):
    page = device()
    sign_in(page, live_server.url)
    log_pain(page, 3)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    open_screen(page, "Sync")
    page.get_by_role("button", name="Sign out", exact=True).click()
    dialog = page.get_by_role("alertdialog", name="Sign out?")
    expect(dialog).to_contain_text("Every change has been sent.")
    expect(dialog.get_by_role("button", name="Sync first")).to_have_count(0)
    dialog.get_by_role("button", name="Sign out and clear this device").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    assert outbox(page) == []
    assert server_pains(patient) == [3]


def test_another_account_signing_in_does_not_take_the_unsent_changes(live_server, device, patient):
    from accounts.services import user_create

    user_create(email="sam@example.com", password=PASSWORD_B, role="patient", display_name="Sam")
    page = device()
    sign_in(page, live_server.url)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    wait_for_service_worker(page)
    page.context.set_offline(True)
    log_pain(page, 6)
    page.context.clear_cookies(name="sessionid")  # Pat's session ends (expired, or signed out elsewhere)
    page.context.set_offline(False)
    expect(sync_state(page)).to_have_text("Needs attention", timeout=15_000)

    # Someone else signs in on this phone: refused while Pat's change is unsent.
    page.goto(live_server.url + "/#/sign-in")
    page.get_by_label("Email").fill("sam@example.com")
    page.get_by_label("Password").fill(PASSWORD_B)
    page.get_by_role("button", name="Sign in", exact=True).click()
    notice = page.get_by_role("alert").filter(has_text="not been sent yet")
    expect(notice).to_contain_text("1 change by pat@example.com on this device has not been sent yet.")
    assert [pain for _mid, pain in outbox(page)] == [6]

    # Pat signs in again instead: the change reaches the server.
    page.get_by_label("Email").fill("pat@example.com")
    page.get_by_label("Password").fill(PATIENT_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    assert server_pains(patient) == [6]

"""Storage that survives: the browser is asked to keep the diary's storage once, after the first
saved entry; the install guide explains "Add to Home Screen" to an iPhone, and uses the
browser's own install prompt where there is one; Today offers it after a few entries."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_pain, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
COUNT_PERSIST = """
window.__persistCalls = 0;
if (navigator.storage) {
  navigator.storage.persist = () => { window.__persistCalls += 1; return Promise.resolve(true); };
}
"""
READ_META = """
(key) => new Promise((resolve, reject) => {
  const open = indexedDB.open("paindiary");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const request = open.result.transaction("meta").objectStore("meta").get(key);
    request.onsuccess = () => resolve(request.result ? request.result.value : null);
  };
})
"""


def _until(page, expression: str, value) -> object:
    """Polls an expression until it gives `value` (or gives up after 5 s); returns the last result."""
    result = None
    for _ in range(50):
        result = page.evaluate(expression)
        if result == value:
            break
        page.wait_for_timeout(100)
    return result


def test_persist_is_asked_once_after_the_first_saved_entry(live_server, device, patient):
    page = device()
    page.add_init_script(COUNT_PERSIST)
    sign_in(page, live_server.url)
    assert page.evaluate("window.__persistCalls") == 0  # not before anything is saved

    log_pain(page, 5)
    assert _until(page, "window.__persistCalls", 1) == 1
    answer = _until(page, f"({READ_META})('storage_persist').then((a) => a && a.granted)", True)
    assert answer is True
    log_pain(page, 6)
    assert page.evaluate("window.__persistCalls") == 1

    page.reload()  # a new visit: the answer is remembered, the browser is not asked again
    page.get_by_role("radiogroup", name="Pain now").wait_for()
    log_pain(page, 4)
    page.get_by_role("status").filter(has_text="Entry saved: pain 4 ").wait_for()
    assert page.evaluate("window.__persistCalls") == 0


def test_the_install_guide_shows_add_to_home_screen_on_an_iphone(live_server, device, patient):
    page = device(user_agent=IPHONE_SAFARI, is_mobile=True, has_touch=True)
    sign_in(page, live_server.url)
    page.evaluate("location.hash = '#/install'")
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Install the app", level=2)).to_be_visible()
    expect(main.get_by_text("Steps for your iPhone or iPad.")).to_be_visible()
    steps = main.locator("ol > li")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text("Tap the Share button")
    expect(steps.nth(1)).to_contain_text("Add to Home Screen")
    expect(main).to_contain_text("Reminders work on iPhone only when installed.")
    expect(main).to_contain_text("Safari deletes it after 7 days without a visit")
    expect(main.get_by_role("button", name="Install the app")).to_have_count(0)  # iOS has no prompt
    page.screenshot(path="var/artifacts/design-install-iphone.png", full_page=True)


def test_the_install_guide_uses_the_browsers_prompt_and_today_offers_it(live_server, device, patient):
    page = device()
    sign_in(page, live_server.url)
    offer = page.get_by_role("complementary", name="Keep your diary safe: install the app")
    for pain in (3, 4):
        log_pain(page, pain)
    expect(offer).to_have_count(0)  # not before the third entry
    log_pain(page, 5)
    expect(offer).to_be_visible()

    # The browser offers installing (Chromium's beforeinstallprompt): the guide's button opens it.
    page.evaluate(
        """() => {
          const event = new Event("beforeinstallprompt", { cancelable: true });
          window.__prompted = 0;
          event.prompt = () => { window.__prompted += 1; return Promise.resolve(); };
          event.userChoice = Promise.resolve({ outcome: "accepted" });
          window.dispatchEvent(event);
        }"""
    )
    offer.get_by_role("link", name="How to install").click()
    main = page.locator("main")
    expect(main.get_by_text("Steps for your computer.")).to_be_visible()
    main.get_by_role("button", name="Install the app").click()
    expect(main.get_by_role("status")).to_have_text("Installed.")
    assert page.evaluate("window.__prompted") == 1

    # "Not now" on Today is remembered on the device.
    page.evaluate("location.hash = '#/today'")
    expect(offer).to_be_visible()
    offer.get_by_role("button", name="Not now").click()
    expect(offer).to_have_count(0)
    page.reload()
    page.get_by_role("radiogroup", name="Pain now").wait_for()
    expect(page.get_by_role("heading", name="Logged today")).to_be_visible()
    expect(offer).to_have_count(0)

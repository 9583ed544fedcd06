"""Playwright (Python) driving Debian's Chromium: Playwright cannot download browsers here.

The PWA must be built first (`make test` does it; else `npm --prefix frontend run build`).
"""

import threading
import time
from collections.abc import Callable

import pytest

from tests.browser import CHROMIUM_ARGS, chromium_path  # noqa: F401  (the `browser` fixture lives there too)

PATIENT_EMAIL = "pat@example.com"
PATIENT_PASSWORD = "correct-horse-battery"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _live_server_idle_before_flush(request):
    """After a browser test, wait (at most 5 s) until the live server has no request in flight
    before the database is emptied: a request the closing page had sent, still in a server
    thread, holds SQLite's in-memory tables and the flush fails ("database table is locked")."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so emptied after this waits
    yield
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(
        "process_request_thread" in thread.name for thread in threading.enumerate()
    ):
        time.sleep(0.05)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def patient(db):
    from accounts.services import user_create

    return user_create(email=PATIENT_EMAIL, password=PATIENT_PASSWORD, role="patient", display_name="Pat")


@pytest.fixture
def device(browser) -> Callable:
    """`device(**context_options)`: a new page in its own browser context (one phone each)."""
    contexts = []

    def make(**options):
        context = browser.new_context(**{"viewport": PHONE, **options})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(page, base_url: str, email: str = PATIENT_EMAIL, password: str = PATIENT_PASSWORD) -> None:
    """Opens the app, signs in through the form, and waits for the Today screen."""
    page.goto(base_url + "/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("radiogroup", name="Pain now").wait_for()


def sign_in_es(page, base_url: str) -> None:
    """Signs in through the Spanish form (a browser asking for Spanish) and waits for Today."""
    page.goto(base_url + "/")
    page.get_by_role("heading", name="Iniciar sesión").wait_for()
    page.get_by_label("Correo electrónico").fill(PATIENT_EMAIL)
    page.get_by_label("Contraseña").fill(PATIENT_PASSWORD)
    page.get_by_role("button", name="Iniciar sesión", exact=True).click()
    page.get_by_role("radiogroup", name="Dolor ahora").wait_for()


def wait_for_service_worker(page) -> None:
    """Until a service worker controls the page (so the app shell is precached)."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def sync_state(page):
    return page.locator("#sync-label")


def log_pain(page, value: int) -> None:
    page.get_by_role("radiogroup", name="Pain now").get_by_role("radio", name=str(value), exact=True).check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("status").filter(has_text=f"Entry saved: pain {value} ").wait_for()


READ_ENTRIES = """
new Promise((resolve, reject) => {
  const open = indexedDB.open("paindiary");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const request = open.result.transaction("entries").objectStore("entries").getAll();
    request.onsuccess = () => resolve(Object.fromEntries(request.result.map((e) => [e.id, e.pain_now])));
  };
})
"""


def device_entries(page) -> dict[str, int]:
    """The entries a device shows: {id: pain_now}, read from its IndexedDB."""
    return page.evaluate(READ_ENTRIES)


def open_screen(page, name: str) -> None:
    import re

    tabs = page.get_by_role("navigation", name="Screens")
    tabs.get_by_role("link", name=re.compile(rf"^{name}\b")).click()  # "Sync" may carry a count
    page.get_by_role("heading", level=2).first.wait_for()


def sync_now(page) -> None:
    from playwright.sync_api import expect

    open_screen(page, "Sync")
    summary = page.locator("#sync-summary")
    before = summary.get_attribute("data-synced-at")
    page.get_by_role("button", name="Sync now").click()
    expect(summary).not_to_have_attribute("data-synced-at", before or "", timeout=15_000)

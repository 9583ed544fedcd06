"""A new service worker waits until the patient accepts the update prompt.

A second registration of the worker under another script URL stands in for a new build
(the live server's files cannot change under it): the browser installs it beside the
active one, and it waits, because only the prompt's "Update now" tells it to take over.
"""

import time

import pytest
from playwright.sync_api import Error, expect

from tests.e2e.conftest import sign_in, wait_for_service_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_waiting_worker_is_offered_and_takes_over_on_request(live_server, device, patient):
    page = device()
    sign_in(page, live_server.url)
    wait_for_service_worker(page)
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")

    page.evaluate("navigator.serviceWorker.register('/sw.js?build=2', {scope: '/'})")
    prompt = page.get_by_role("alert").filter(has_text="A new version of the app is ready.")
    expect(prompt).to_be_visible(timeout=15_000)
    assert page.evaluate("navigator.serviceWorker.getRegistration().then((r) => !!r.waiting)")

    page.get_by_role("button", name="Update now").click()
    assert eventually(page, "navigator.serviceWorker.controller?.scriptURL.endsWith('build=2') ?? false")
    expect(prompt).to_have_count(0)


def eventually(page, expression: str, timeout: float = 15.0) -> bool:
    """Poll from Python: the page reloads when the new worker takes over, which would abort
    an in-page wait (and a CSP without 'unsafe-eval' forbids Playwright's polling there)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if page.evaluate(expression):
                return True
        except Error:  # the execution context went away with the reload: look again
            pass
        time.sleep(0.1)
    return False

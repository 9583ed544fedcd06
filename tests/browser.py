"""The session's Chromium for every test that drives a browser (tests/e2e, the portal's and
the PDF's screenshots in tests/care), a pytest plugin registered in tests/conftest.py.

One fixture for the whole session: Playwright's sync API runs an event loop in the test
thread, and a second `sync_playwright()` while the first still runs fails every later test
("using Playwright Sync API inside the asyncio loop"). Debian's Chromium is driven
(Playwright cannot download browsers here).
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls tests make
# beside it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()

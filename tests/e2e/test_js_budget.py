"""The PWA's JavaScript budget (DESIGN.md: initial JS ≤ 100 KB gzipped), and the split that
keeps it: the sign-in screen loads none of the signed-in app's code, Today none of sign-in's.

The budget counts what index.html makes the browser download before any interaction (its
module script, modulepreloads and every chunk they import statically), gzipped at level 9,
as bench/pwa_save.py reports it. It reads the build, so it runs in both CI passes.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.e2e.bundle import initial_js
from tests.e2e.conftest import sign_in

BUDGET_KB = 100
# Chunks only the signed-in app needs (the sync engine, Today and its entry form) …
SIGNED_IN_ONLY = {"Today", "loop", "EntryForm"}
# … and the sign-in screen's own.
SIGN_IN_ONLY = {"SignIn"}


def built() -> None:
    if not (settings.FRONTEND_DIST / "index.html").is_file():
        pytest.skip("the PWA is not built: npm --prefix frontend run build")  # a failure under CI


def test_initial_javascript_is_within_budget():
    built()
    scripts = initial_js(settings.FRONTEND_DIST)
    assert scripts, "index.html loads no script"
    total_kb = sum(gz for _, _, gz in scripts) / 1024
    listing = ", ".join(f"{path} {gz / 1024:.1f} KB" for path, _, gz in scripts)
    print(f"\ninitial JavaScript: {total_kb:.1f} KB gzipped ({listing})")
    assert total_kb <= BUDGET_KB, f"initial JavaScript {total_kb:.1f} KB gzipped > {BUDGET_KB} KB: {listing}"
    # The lazy screens stay lazy: none of them is part of the first download.
    names = {chunk_name(path) for path, _, _ in scripts}
    assert not names & (SIGNED_IN_ONLY | SIGN_IN_ONLY | {"Charts", "History", "Sync"}), names


def chunk_name(path: str) -> str:
    """`/assets/EntryForm-DDB1yf_H.js` → `EntryForm` (Vite appends `-` and an 8-character hash)."""
    return path.rsplit("/", 1)[-1][: -len("-12345678.js")]


def loaded_chunks(page) -> set[str]:
    urls = page.evaluate("performance.getEntriesByType('resource').map((e) => e.name)")
    return {chunk_name(url) for url in urls if "/assets/" in url and url.endswith(".js")}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sign_in_screen_loads_none_of_the_signed_in_app(live_server, page):
    built()
    page.goto(live_server.url + "/")
    page.get_by_role("heading", name="Sign in").wait_for()
    page.wait_for_load_state("networkidle")
    chunks = loaded_chunks(page)
    assert chunks >= SIGN_IN_ONLY, chunks
    assert not chunks & SIGNED_IN_ONLY, chunks


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_today_loads_none_of_the_sign_in_screen(live_server, page, patient):
    built()
    sign_in(page, live_server.url)
    page.reload()  # a signed-in patient opening the app
    page.get_by_role("radiogroup", name="Pain now").wait_for()
    page.wait_for_load_state("networkidle")
    chunks = loaded_chunks(page)
    assert chunks >= SIGNED_IN_ONLY, chunks
    assert not chunks & SIGN_IN_ONLY, chunks

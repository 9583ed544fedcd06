"""Lighthouse on the built app, sign-in page and signed-in Today: the deterministic parts of
the audit. Accessibility scores 100, text is sent compressed, and static resources carry a
long cache policy. The performance score is a timing estimate: bench/lighthouse.py prints
it, no test asserts it.

Lighthouse launches its own headless Chromium (frontend/scripts/lighthouse.mjs), mobile
profile, against the live server (DEBUG off, WhiteNoise serving the pre-compressed build).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.e2e import lighthouse

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def audit(url: str, cookie: str | None = None) -> dict:
    if not (settings.FRONTEND_DIST / "index.html").is_file():
        pytest.skip("the PWA is not built: npm --prefix frontend run build")  # a failure under CI
    if why := lighthouse.available():
        pytest.skip(why)
    return lighthouse.figures(lighthouse.run(url, cookie=cookie))


def assert_deterministic_parts(result: dict) -> None:
    assert result["scores"]["accessibility"] == 100, result["accessibility_failures"]
    for name in lighthouse.AUDITS:
        assert lighthouse.passed(result["audits"][name]), (name, result["audits"][name])


def scripts(result: dict) -> set[str]:
    return {p.rsplit("/", 1)[-1].split("-")[0] for p in result["requests"] if p.startswith("/assets/")}


def test_sign_in_page_passes_lighthouse(live_server):
    result = audit(live_server.url + "/")
    assert "SignIn" in scripts(result)  # the sign-in screen is what was audited
    assert_deterministic_parts(result)


def test_today_screen_passes_lighthouse(live_server, patient):
    client = Client()
    client.force_login(patient)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    result = audit(live_server.url + "/", cookie=cookie)
    assert "Today" in scripts(result) and "SignIn" not in scripts(result)  # signed in: Today
    assert "/api/v1/sync/pull" in result["requests"]
    assert_deterministic_parts(result)

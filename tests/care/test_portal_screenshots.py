"""The triage queue and the cohort dashboard with the demo data, for a person to look at.

The demo data (patientdata.demo and demo_cohort: six patients, three open red flags) is
created and its summaries computed; the demo clinician signs in in Chromium and each page is
saved as a full-page PNG at desktop (1280 px) and phone (390 px) width:
var/artifacts/dashboard-desktop.png, dashboard-phone.png, triage-desktop.png, triage-phone.png
(CI keeps var/artifacts). Each must show what it is for, and nothing may be wider than the
phone's screen.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from patientdata.demo import DEMO_CLINICIAN, demo_data_create

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def overflowing(page) -> int:
    """How far the page is wider than the window (0: nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_dashboard_and_triage_queue_with_the_demo_data(live_server, browser, device):
    demo_data_create()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        viewport=WIDTHS[device],
        is_mobile=device == "phone",
        device_scale_factor=2 if device == "phone" else 1,
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/?next=/care/")
        page.get_by_label("Email").fill(DEMO_CLINICIAN.email)
        page.get_by_label("Password").fill(DEMO_CLINICIAN.password)
        page.get_by_role("button", name="Sign In", exact=True).click()
        page.get_by_role("heading", name="Patients").wait_for()

        main = page.locator("main")
        assert main.get_by_role("link", name="Needs attention (4)").is_visible()
        assert main.locator("tbody tr").count() == 6
        assert main.locator("tbody tr.attention").count() == 4
        assert page.locator("header .count").inner_text() == "3"
        text = main.inner_text()
        for words in (
            "Leo (demo)",
            "no entry for 3 days or more",
            "Worse",
            "Substantial",
            "in progress until",
        ):
            assert words in text, words
        assert overflowing(page) <= 0
        page.screenshot(path=str(ARTIFACTS / f"dashboard-{device}.png"), full_page=True)

        page.get_by_role("link", name="Red flags").first.click()
        page.get_by_role("heading", name="Open red flags").wait_for()
        assert main.locator("tbody tr").count() == 3
        text = main.inner_text()
        for words in (
            "Chest pain, moderate",
            "BP 184/102 mmHg",
            "Heart rate 124/min",
            "Crisis lines",
            "Samaritans",
        ):
            assert words in text, words
        assert main.get_by_role("button", name="Acknowledge").count() == 3
        assert overflowing(page) <= 0
        page.screenshot(path=str(ARTIFACTS / f"triage-{device}.png"), full_page=True)
    finally:
        context.close()

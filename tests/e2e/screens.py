"""Every screen of the PWA, with the demo patient's 90 days: one walk shared by the screenshot
test (test_screenshots.py) and the axe test (test_accessibility.py).

The demo data (patientdata.demo) is created and its two summaries computed here and now (the
worker's job), so "My treatment" has figures. The browser runs in the demo patient's time zone.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import expect

from care import services as care_services
from care.models import Summary
from patientdata.demo import DEMO_PATIENT, demo_data_create
from patientdata.demo_diary import DEMO_TIMEZONE
from tests.e2e.conftest import open_screen, sign_in

TIMEZONE = DEMO_TIMEZONE


def demo_patient_with_summaries():
    patient, _clinician = demo_data_create()
    pending = list(Summary.objects.filter(patient=patient).values_list("pk", flat=True))
    care_services.summaries_compute(summary_ids=pending)
    return patient


def _settle(page) -> None:
    """Until nothing on the screen says it is loading (a screenshot of a spinner shows nothing)."""
    expect(page.locator('[aria-busy="true"]')).to_have_count(0, timeout=15_000)


def _hash(page, route: str, heading: str) -> None:
    page.evaluate(f"location.hash = {route!r}")
    page.get_by_role("heading", name=heading, level=2).wait_for()


def walk(page, base_url: str, visit: Callable[[str], None]) -> list[str]:
    """Signs in as the demo patient and calls `visit(name)` on every screen; returns the names."""
    seen: list[str] = []

    def at(name: str) -> None:
        _settle(page)
        visit(name)
        seen.append(name)

    page.goto(base_url + "/")
    page.get_by_role("heading", name="Sign in").wait_for()
    at("sign-in")

    sign_in(page, base_url, DEMO_PATIENT.email, DEMO_PATIENT.password)
    expect(page.locator("#sync-label")).to_have_text("Synced", timeout=30_000)
    expect(page.locator("#today-status")).to_contain_text("this week")
    at("today")

    page.get_by_role("button", name="More details").click()
    at("entry-details")

    open_screen(page, "Treatment")
    at("treatment")

    open_screen(page, "History")
    at("history")

    page.get_by_role("button", name="Show charts").click()
    page.locator(".uplot").first.wait_for()
    page.locator("#charts-title").scroll_into_view_if_needed()
    at("charts")

    open_screen(page, "My treatment")
    expect(page.locator("main").get_by_text("Result:").first).to_be_visible(timeout=15_000)
    at("outcome")

    open_screen(page, "Share")
    page.get_by_role("heading", name="Summaries").wait_for()
    at("share")

    open_screen(page, "Sync")
    at("sync")

    _hash(page, "#/reminders", "Reminders")
    at("reminders")

    _hash(page, "#/red-flags", "My red flags")
    at("red-flags")

    _hash(page, "#/assessment?instrument=peg", "PEG: pain, enjoyment of life and general activity")
    at("assessment")

    _hash(page, "#/install", "Install the app")
    at("install")
    return seen

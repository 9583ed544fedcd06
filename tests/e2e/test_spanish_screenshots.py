"""The PWA's main screens in Spanish (es-ES), with the demo patient's 90 days, at a phone's
width (360 × 740), light, saved as var/artifacts/screens-es/<screen>.png (full page) for a
person to look at (decision 123).

Each screen is also checked as the journey checks it (tests/e2e/catalogue_text.py): the Spanish
of a few of its messages is shown and no English msgid of any catalogue is visible. The
patient's own words (titles and notes, written in English by the demo data) are left out of
the check: they stay in the language they were written in. The walk finds its way by routes,
ids and structure, not by English names, so one run reports every screen.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from diary.models import Administration, Entry, Episode, MedicationIntake
from patientdata.demo import DEMO_PATIENT
from tests.e2e.catalogue_text import SpanishProof
from tests.e2e.screens import TIMEZONE, demo_patient_with_summaries

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "var" / "artifacts" / "screens-es"
WIDTH, HEIGHT = 360, 740
# Each screen and a few of the PWA's messages it shows (their Spanish must be on it).
EVERY_SCREEN = {
    "sign-in": ["Sign in", "Password"],
    "today": ["How is your pain now?", "Pain now"],
    "entry-details": ["How I feel", "Side effects", "Where it hurts"],
    "treatment": ["Treatment", "Medicines taken"],
    "history": ["History", "Show charts"],
    "charts": ["Charts", "Hide charts"],
    "outcome": ["My treatment"],
    "share": ["Share with your care team", "Summaries"],
    "sync": ["Sync now"],
    "reminders": ["Reminders"],
    "red-flags": ["My red flags"],
    "assessment": ["Next"],
}


def own_words(patient) -> list[str]:
    """The patient's own texts: titles, treatment names and notes of their records."""
    words = []
    for episode in Episode.objects.filter(patient=patient):
        words += [episode.title, episode.treatment_name, episode.notes]
    for model in (Administration, Entry, MedicationIntake):
        words += list(model.objects.filter(patient=patient).values_list("notes", flat=True))
    return [w for w in words if w]


def settle(page) -> None:
    """Until nothing on the screen says it is loading (a screenshot of a spinner shows nothing)."""
    expect(page.locator('[aria-busy="true"]')).to_have_count(0, timeout=15_000)


def tab(page, route: str) -> None:
    page.locator(f'nav.tabs a[href="#/{route}"]').click()
    page.locator("main h2").first.wait_for()


def go(page, hash_: str) -> None:
    page.evaluate(f"location.hash = {hash_!r}")
    page.locator("main h2").first.wait_for()


def walk(page, base_url: str, at) -> list[str]:
    """Signs in as the demo patient and calls `at(name)` on every screen; returns the names."""
    seen = []

    def visit(name: str) -> None:
        settle(page)
        at(name)
        seen.append(name)

    page.goto(base_url + "/")
    page.locator("#signin-title").wait_for()
    visit("sign-in")

    page.locator("#email").fill(DEMO_PATIENT.email)
    page.locator("#password").fill(DEMO_PATIENT.password)
    page.locator("form button[type=submit]").click()
    page.locator("form.entry-form .pain-options").wait_for()
    expect(page.locator("#sync-state")).to_have_class(re.compile(r"\bbadge-synced\b"), timeout=30_000)
    expect(page.locator("#today-status")).not_to_be_empty()
    visit("today")

    page.locator("form.entry-form .actions > button[aria-controls]").click()
    visit("entry-details")

    tab(page, "treatment")
    visit("treatment")

    tab(page, "history")
    visit("history")

    page.locator("#history-title ~ button[aria-expanded]").first.click()
    page.locator(".uplot").first.wait_for()
    page.locator("#charts-title").scroll_into_view_if_needed()
    visit("charts")

    tab(page, "outcome")
    expect(page.locator("main .outcome-rating").first).to_be_visible(timeout=15_000)
    visit("outcome")

    tab(page, "share")
    page.locator("#summaries-title").wait_for()
    visit("share")

    tab(page, "sync")
    visit("sync")

    go(page, "#/reminders")
    visit("reminders")

    go(page, "#/red-flags")
    visit("red-flags")

    go(page, "#/assessment?instrument=phq9")
    visit("assessment")
    return seen


def test_the_main_screens_in_spanish(live_server, browser):
    patient = demo_patient_with_summaries()
    SCREENS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT},
        color_scheme="light",
        timezone_id=TIMEZONE,
        reduced_motion="reduce",
        locale="es-ES",
    )
    try:
        page = context.new_page()
        proof = SpanishProof(page, own_words=own_words(patient))

        def shoot(name: str) -> None:
            # The whole page in one window as tall as it, so the fixed tab bar is drawn at its foot.
            tall = page.evaluate("document.documentElement.scrollHeight")
            page.set_viewport_size({"width": WIDTH, "height": max(HEIGHT, tall)})
            page.screenshot(path=str(SCREENS / f"{name}.png"))
            page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
            proof.screen(name, EVERY_SCREEN[name])
            # The language switch lives on Sync, each language by its own name.
            if name == "sync" and "Español" not in page.locator("main").text_content():
                proof.problems.append("sync: no language switch offering “Español”")

        assert walk(page, live_server.url, shoot) == list(EVERY_SCREEN)
        assert page.evaluate("document.documentElement.lang") == "es"
    finally:
        context.close()
    for name in EVERY_SCREEN:
        assert (SCREENS / f"{name}.png").stat().st_size > 0
    proof.assert_clean()

"""axe-core finds no violations on the main screens (light and dark colour schemes).

axe is injected from frontend/node_modules; the page's CSP would refuse an injected inline
script, so these contexts bypass the CSP (only here: the other tests run under it).
"""

import uuid
from pathlib import Path

import pytest

from diary.sync.push import sync_push
from tests.e2e.conftest import PHONE, log_pain, open_screen, sign_in, sync_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
ENTRY = {"recorded_at": "2026-05-01T08:00:00+01:00", "pain_now": 6, "mood": 5}


def violations(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["html"][:160] for n in v["nodes"][:3]]}
        for v in result["violations"]
    ]


def a_conflict_and_a_rejection(patient) -> None:
    """Another device's edits, pushed directly: one clashes, one is invalid."""
    entry_id, other, this = str(uuid.uuid4()), uuid.uuid4(), uuid.uuid4()

    def push(client, mid, data, base=None, record=entry_id):
        m = {"mid": mid, "entity": "entry", "op": "upsert", "id": record, "base_version": base, "data": data}
        return sync_push(patient_id=patient.pk, client_id=client, mutations=[m]).results[0]

    first = push(other, 1, ENTRY)
    push(other, 2, {"pain_now": 7}, base=first["version"])
    assert push(this, 1, {"pain_now": 2}, base=first["version"])["status"] == "conflict"
    assert push(this, 2, {**ENTRY, "pain_now": 11}, record=str(uuid.uuid4()))["status"] == "rejected"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_main_screens_have_no_axe_violations(live_server, browser, patient, scheme):
    assert AXE.exists(), "npm --prefix frontend install first (axe-core is a devDependency)"
    context = browser.new_context(viewport=PHONE, bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    found: dict[str, list] = {}
    try:
        page.goto(live_server.url + "/")
        page.get_by_role("heading", name="Sign in").wait_for()
        found["Sign in"] = violations(page)

        a_conflict_and_a_rejection(patient)
        sign_in(page, live_server.url)
        page.get_by_role("button", name="More details").click()
        page.get_by_role("button", name="Side effects").click()
        page.get_by_label("Thoughts of suicide or self-harm").check()
        page.get_by_role("alert").filter(has_text="help right now").wait_for()
        found["Today"] = violations(page)

        open_screen(page, "Treatment")
        page.get_by_role("button", name="Add an episode").click()
        found["Treatment"] = violations(page)

        open_screen(page, "History")
        page.get_by_role("button", name="Show charts").click()
        page.locator(".uplot").first.wait_for()
        found["History"] = violations(page)

        open_screen(page, "Share")
        page.get_by_role("heading", name="Summaries").wait_for()
        found["Share"] = violations(page)

        sync_now(page)
        page.get_by_role("button", name="Keep this device's version").wait_for()
        page.get_by_role("button", name="Fix and save again").click()
        found["Sync"] = violations(page)

        # The server fails: the retry note under the header, and sign-out's warning dialog.
        page.context.route("**/api/v1/sync/push", lambda route: route.fulfill(status=503, body=""))
        open_screen(page, "Today")
        log_pain(page, 4)
        page.locator("#sync-retry").wait_for()
        open_screen(page, "Sync")
        page.get_by_role("button", name="Sign out", exact=True).click()
        page.get_by_role("alertdialog", name="Sign out with unsent changes?").wait_for()
        found["Sign-out dialog"] = violations(page)
    finally:
        context.close()
    assert {screen: v for screen, v in found.items() if v} == {}


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_screen_with_the_demo_data_has_no_axe_violations(live_server, browser, scheme):
    """Every screen of test_screenshots.py (the demo patient's 90 days), by the system's scheme."""
    from tests.e2e.screens import TIMEZONE, demo_patient_with_summaries, walk
    from tests.e2e.test_screenshots import EVERY_SCREEN

    assert AXE.exists(), "npm --prefix frontend install first (axe-core is a devDependency)"
    demo_patient_with_summaries()
    context = browser.new_context(viewport=PHONE, bypass_csp=True, color_scheme=scheme, timezone_id=TIMEZONE)
    found: dict[str, list] = {}
    try:
        page = context.new_page()
        seen = walk(page, live_server.url, lambda name: found.update({name: violations(page)}))
        assert seen == EVERY_SCREEN
    finally:
        context.close()
    assert {screen: v for screen, v in found.items() if v} == {}


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_theme_chosen_on_sync_applies_without_axe_violations(live_server, browser, patient, theme):
    """The patient's own choice overrides the system's scheme (here the opposite one) and is kept."""
    other = "dark" if theme == "light" else "light"
    context = browser.new_context(viewport=PHONE, bypass_csp=True, color_scheme=other)
    try:
        page = context.new_page()
        sign_in(page, live_server.url)
        background = "getComputedStyle(document.body).backgroundColor"
        system = page.evaluate(background)
        open_screen(page, "Sync")
        page.get_by_role("radio", name=theme.capitalize()).check()
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        assert page.evaluate(background) != system
        found = {"Sync": violations(page)}
        page.reload()
        page.get_by_role("heading", name="Sync", level=2).wait_for()
        assert page.evaluate("document.documentElement.dataset.theme") == theme  # kept on the device
        open_screen(page, "Today")
        found["Today"] = violations(page)
        open_screen(page, "Sync")
        page.get_by_role("radio", name="System").check()
        assert page.evaluate(background) == system
    finally:
        context.close()
    assert {screen: v for screen, v in found.items() if v} == {}

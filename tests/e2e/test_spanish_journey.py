"""The Spanish proof (decision 123): a person whose phone speaks Spanish (es-ES) signs up in the
PWA, logs an entry with side effects and where it hurts on the body map, picks a red flag and
reads its advice, and opens "Mi tratamiento", in Spanish all the way.

At every screen: the Spanish of the screen's own messages is shown (looked up in the es
catalogues, so the test follows the translators' words), and no English msgid of any catalogue
is visible (tests/e2e/catalogue_text.py). The steps find their controls by structure (ids,
roles, codes), not by English names, so one run reports every screen. The entry reaches the
server with the catalogue's codes. Screenshots: var/artifacts/journey-es/.
"""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import expect

from accounts.models import User
from diary import catalogue
from diary.models import Entry
from tests.e2e.catalogue_text import SpanishProof

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts" / "journey-es"
EMAIL = "ana@example.com"
PASSWORD = "una-contraseña-bastante-larga"
SPANISH_PHONE = {"locale": "es-ES", "timezone_id": "Europe/Madrid"}


def english(read) -> str:
    """A catalogue's text in English (the msgid): `read` reads it, in the active language."""
    with translation.override("en"):
        return str(read())


def server_text(read) -> tuple[str, str]:
    """(English, Spanish) of a server catalogue's text, as the server translates it. `read` reads
    the text (`lambda: catalogue.X[code]`): the catalogue's tables give `str` in the language
    active when they are read (decision 100)."""
    with translation.override("es"):
        return english(read), str(read())


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def settle(page) -> None:
    expect(page.locator('[aria-busy="true"]')).to_have_count(0, timeout=15_000)


def test_a_spanish_phone_signs_up_logs_a_red_flag_and_reads_it_all_in_spanish(live_server, device):
    page = device(**SPANISH_PHONE)
    proof = SpanishProof(page)

    # Sign in, then "create an account" (the link below the form): no English on either.
    page.goto(live_server.url + "/")
    page.locator("#signin-title").wait_for()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    shot(page, "1-sign-in")
    proof.screen("sign-in", ["Sign in", "Email", "Password", "Create an account"])
    page.locator("section.card button.link").click()
    page.locator("#password-hint").wait_for()
    proof.screen("sign-up", ["Create your account", "Create account", "At least 12 characters."])
    page.locator("#email").fill(EMAIL)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()

    page.locator("#verify-code").wait_for()
    proof.screen("confirm-email", ["Confirm your email", "Code from the email", "Confirm"])
    code = re.search(r"^([A-Z0-9]{4}-?[A-Z0-9]{4})$", mail.outbox[-1].body, re.MULTILINE).group(1)
    page.locator("#verify-code").fill(code)
    page.locator("form button[type=submit]").click()

    # Today: pain 7, then the details.
    form = page.locator("form.entry-form")
    form.locator(".pain-options").wait_for()
    settle(page)
    shot(page, "2-today")
    proof.screen("today", ["How is your pain now?", "Pain now", "Save", "More details"])
    form.locator('.pain-options input[value="7"]').check()
    form.locator(".actions > button[aria-controls]").click()

    # Side effects: nausea, and chest pain (a red flag whatever its severity).
    form.locator('button[aria-controls$="-effects-body"]').click()
    chest = form.locator('input[id$="-se-chest_pain"]')
    chest.wait_for()  # the catalogue has arrived
    form.locator('input[id$="-se-nausea"]').check()
    chest.check()
    shot(page, "3-side-effects")
    labels = [
        server_text(lambda code=code: catalogue.SIDE_EFFECTS[code].label) for code in ("nausea", "chest_pain")
    ]
    proof.screen("side effects", ["Side effects"], server=labels)

    # Where it hurts: the left knee on the front, the lower back on the back.
    form.locator('button[aria-controls$="-where-body"]').click()
    figure = form.locator("svg.bm-figure")
    knee = figure.locator('g[data-code="left_knee"]')
    knee.click()
    expect(knee).to_have_attribute("aria-checked", "true")
    form.locator(".bm-views button").nth(1).click()
    back = figure.locator('g[data-code="lower_back"]')
    back.click()
    expect(back).to_have_attribute("aria-checked", "true")
    shot(page, "4-body-map")
    regions = [
        server_text(lambda code=code: catalogue.BODY_REGIONS[code]) for code in ("left_knee", "lower_back")
    ]
    proof.screen("body map", ["Where it hurts"], server=regions)

    # Save: the red flag's advice at once, in Spanish, above the form.
    form.locator(".actions > button[type=submit]").first.click()
    card = page.locator(".red-flag-card")
    expect(card).to_be_visible()
    expect(card.locator(".red-flag-advice li")).to_have_count(1)
    shot(page, "5-red-flag-advice")
    advice = server_text(lambda: catalogue.RED_FLAG_ADVICE["chest_pain"])
    not_watched = server_text(lambda: catalogue.NOT_WATCHED)
    proof.screen("red-flag advice", ["Saved. Please act on this now"], server=[advice, not_watched])
    expect(card.locator(".red-flag-advice")).to_contain_text(advice[1])
    card.locator("button.secondary").click()
    expect(card).to_have_count(0)

    # The entry reaches the server with the catalogue's codes.
    expect(page.locator("#sync-state")).to_have_class(re.compile(r"\bbadge-synced\b"), timeout=15_000)
    patient = User.objects.get(email=EMAIL)
    entry = Entry.objects.get(patient=patient)
    assert entry.pain_now == 7
    assert sorted(effect["code"] for effect in entry.side_effects) == ["chest_pain", "nausea"]
    assert entry.locations == ["left_knee", "lower_back"]
    proof.screen("today, synced", ["Synced"])

    # My treatment ("Mi tratamiento"): the tab, named in Spanish, and its screen.
    tab = page.locator('nav.tabs a[href="#/outcome"]')
    proof.screen("tabs", ["Today", "Treatment", "History", "My treatment", "Share"])
    tab.click()
    page.locator("main h2").first.wait_for()
    settle(page)
    shot(page, "6-my-treatment")
    proof.screen("my treatment", ["My treatment"])

    proof.assert_clean()

"""The entry form, the body map and the red-flag card in Spanish (a phone set to es-ES, 320 px).

Every section opened in turn, a red flag that needs urgent help ticked at severity 3: the
advice card and the urgent-help guidance show, and no English message of the PWA's catalogue
is on the screen (frontend/src/locales/en/messages.po; the catalogue's labels and advice are
the server's, checked by the server's own tests). Nothing scrolls sideways at 320 px.
Screenshots for a person to look at: var/artifacts/es-entry-*.png.
"""

import re
from pathlib import Path

import polib
import pytest
from playwright.sync_api import expect

from diary import catalogue
from tests.e2e.conftest import PATIENT_EMAIL, PATIENT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "var" / "artifacts"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|<\/?\d+>")


def english_phrases() -> tuple[set[str], set[str]]:
    """The PWA's English messages as the screen would show them: the literal runs of several
    words between placeholders, and the one-word messages (looked for as a whole button,
    heading or legend only: a catalogue label such as "Other" may be that word too)."""
    phrases: set[str] = set()
    words: set[str] = set()
    server_words = {catalogue.NOT_WATCHED}  # the catalogue's, in the request's language
    for entry in polib.pofile(str(ROOT / "frontend/src/locales/en/messages.po")):
        if "plural," in entry.msgid or entry.msgid in server_words:
            continue
        for run in PLACEHOLDER.split(entry.msgid):
            run = run.strip(" :.,;()–")
            if " " in run and len(run) >= 8:
                phrases.add(run)
            elif run == entry.msgid.strip(" :.,;()–") and re.fullmatch(r"[A-Za-z]{3,}", run):
                words.add(run)
    return phrases, words


# What the screens checked here draw (the rest of the page is other modules'), less `skip`.
READ_SCOPE = """([root, skip]) => {
  const copy = document.querySelector(root).cloneNode(true);
  if (skip) copy.querySelectorAll(skip).forEach((el) => el.remove());
  const named = [...copy.querySelectorAll("button, h2, h3, h4, legend, th, option, [aria-label]")];
  return {
    text: copy.textContent,
    names: named.flatMap((el) => [el.textContent.trim(), el.getAttribute("aria-label")]).filter(Boolean),
  };
}"""


def assert_no_english(page, root: str = "form.entry-form", skip: str = "") -> None:
    """No English message of the PWA inside `root`, and nothing on the page scrolls sideways."""
    phrases, words = english_phrases()
    scope = page.evaluate(READ_SCOPE, [root, skip])
    found = [p for p in phrases if p in scope["text"] or any(p in name for name in scope["names"])]
    assert not found, f"English on the Spanish screen: {found}"
    assert not [w for w in scope["names"] if w in words], "English word on a control or heading"
    wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wider <= 0, f"the page scrolls sideways by {wider} px"


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"es-entry-{name}.png"), full_page=True)


def test_entry_form_body_map_and_red_flag_card_in_spanish(live_server, device, patient, settings):
    settings.CRISIS_LINES = [{"name": "Línea de prueba", "number": "024", "region": "España"}]
    page = device(locale="es-ES", viewport={"width": 320, "height": 720})
    page.goto(live_server.url + "/")
    page.locator("#email").fill(PATIENT_EMAIL)
    page.locator("#password").fill(PATIENT_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.get_by_role("radiogroup", name="Dolor ahora").wait_for()
    expect(page.locator("html")).to_have_attribute("lang", "es")

    page.get_by_role("button", name="Más detalles").click()
    sections = {
        "Cómo me siento": "feel",
        "Efectos secundarios": "effects",
        "Dónde le duele": "where",
        "Tratamiento": "treatment",
        "Notas": "notes",
    }
    for section, shot in sections.items():
        page.get_by_role("button", name=section, exact=True).click()
        title = page.get_by_role("button", name=section, exact=True)
        expect(title).to_have_attribute("aria-expanded", "true")
        if section == "Efectos secundarios":
            page.locator('input[id$="-se-thoughts_of_self_harm"]').wait_for()  # the catalogue has arrived
        if section == "Dónde le duele":
            page.get_by_role("group", name="Cuerpo, vista frontal: elija dónde le duele").wait_for()
            page.locator('[data-code="left_knee"]').click()
            expect(page.locator(".bm-selection")).to_contain_text("Selección: ")
        assert_no_english(page)
        shoot(page, shot)

    # A red flag that needs urgent help, at severity 3: its advice and the crisis lines at once.
    page.get_by_role("button", name="Efectos secundarios", exact=True).click()
    page.locator('input[id$="-se-thoughts_of_self_harm"]').check()
    page.locator('fieldset[id$="-se-thoughts_of_self_harm-severity"] input[value="3"]').check()
    card = page.get_by_role("alert").filter(has_text="Siga estas indicaciones, por favor")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Usted merece ayuda ahora mismo")
    expect(card.get_by_role("link", name="024")).to_have_attribute("href", "tel:024")
    expect(page.get_by_text("señal de alarma", exact=True).first).to_be_visible()
    assert_no_english(page)
    shoot(page, "red-flag")

    # Saved: the card stays, says so, and leads to "Mis señales de alarma".
    page.get_by_role("radiogroup", name="Dolor ahora").get_by_role("radio", name="6", exact=True).check()
    page.get_by_role("button", name="Guardar", exact=True).click()
    saved = page.get_by_role("alert").filter(has_text="Guardado. Siga estas indicaciones ahora, por favor")
    expect(saved).to_be_visible()
    expect(saved.get_by_role("link", name="Mis señales de alarma")).to_be_visible()
    shoot(page, "saved")
    saved.get_by_role("link", name="Mis señales de alarma").click()
    expect(page.get_by_role("heading", name="Mis señales de alarma")).to_be_visible()
    not_seen = page.get_by_text("Su equipo de atención aún no la ha visto.")
    expect(page.get_by_text("Aún sin enviar").or_(not_seen).first).to_be_visible()
    # A sent flag's own words are outcomes.redFlagText's (My treatment's), not this screen's.
    assert_no_english(page, "section[aria-labelledby=red-flags-title]", skip="li[data-flag-id] > .flag-what")
    shoot(page, "my-red-flags")

    # "Something worrying?" from Today: every red flag, the advice and urgent help at once.
    page.goto(live_server.url + "/#/today")
    page.get_by_role("button", name="¿Algo le preocupa?").click()
    dialog = page.get_by_role("dialog", name="¿Algo le preocupa?")
    dialog.locator("#worry-thoughts_of_self_harm").check()
    expect(dialog).to_contain_text("Usted merece ayuda ahora mismo")
    expect(dialog).to_contain_text("Marque lo que le ocurre. Lo que debe hacer aparece al instante.")
    assert_no_english(page, "dialog.worrying-dialog")
    shoot(page, "worrying")
    dialog.get_by_role("button", name="Cancelar").click()

    # Where it hurt (History): the counts in words, plural-aware.
    page.goto(live_server.url + "/#/history")
    table = page.locator("section.wih table")
    expect(table.get_by_role("columnheader", name="Zona")).to_be_visible()
    expect(table).to_contain_text("1 de 1 registro")
    # The title is History's (its month); the rest is this component's.
    assert_no_english(page, "section.wih", skip="h3, caption")
    shoot(page, "where-it-hurt")

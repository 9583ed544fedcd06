"""My treatment, Share, Reminders and a PHQ-9 in Spanish (a phone whose browser asks for es-ES):
the app's own words on these screens are Spanish, and none of their English messages (the
PWA's catalogue, src/locales/en) is left on screen. The server's words (catalogue labels,
the instrument's text, the episode's title) are the server's business and are not checked here.

An instrument without a Spanish text (the catalogue's `language` "en") shows the app's line
saying so above its items, and its text carries lang="en".

Screenshots: var/artifacts/es-*.png.
"""

import json
import re
from pathlib import Path

import polib
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in_es, wait_for_service_worker
from tests.e2e.test_my_treatment import _diary, _summary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "var" / "artifacts"
SCREENS = (
    "screens/MyTreatment.tsx",
    "screens/Share.tsx",
    "screens/Reminders.tsx",
    "outcomes.ts",
    "assessments/",
    "webpush.ts",
)
SERIES_SENTENCE = (
    "Su dolor en la semana siguiente a su última infusión de inducción fue un 57,1 % más bajo "
    "que antes del ciclo de tratamiento (de 7,0 a 3,0 sobre 10, 4,0 puntos menos)."
)


def _english_fragments() -> list[str]:
    """The English words of these screens' messages: each run of 3+ words between placeholders."""
    catalogue = polib.pofile(str(ROOT / "frontend" / "src" / "locales" / "en" / "messages.po"))
    fragments = set()
    for entry in catalogue:
        if not any(any(s in path for s in SCREENS) for path, _ in entry.occurrences):
            continue
        for part in re.split(r"\{[^{}]*\}|<\/?\d>|[{}#]|\b(?:one|other)\b", entry.msgid):
            part = part.strip(" ,.:;()")
            if len(part.split()) >= 3:
                fragments.add(part)
    return sorted(fragments)


def _no_english(page, where: str) -> None:
    text = page.locator("main").inner_text()
    left = [fragment for fragment in _english_fragments() if fragment in text]
    assert left == [], f"English left on {where}: {left}"


def _gad7_in_english(route) -> None:
    """The catalogue as a server answers it when GAD-7 has no Spanish text (no note of its own)."""
    response = route.fetch()
    catalogue = response.json()
    for instrument in catalogue.get("instruments", []):
        if instrument["code"] == "gad7":
            instrument["language"], instrument["language_note"] = "en", None
        else:
            instrument.setdefault("language", "es")
    route.fulfill(response=response, body=json.dumps(catalogue))


def test_my_treatment_share_reminders_and_a_phq9_in_spanish(live_server, device, patient):
    _diary(patient)
    _summary(patient)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = device(timezone_id="UTC", locale="es-ES")
    page.route("**/api/v1/catalog/", _gad7_in_english)
    # No language chosen: the app speaks the browser's, Spanish, from the sign-in form on.
    sign_in_es(page, live_server.url)
    wait_for_service_worker(page)
    main = page.locator("main")

    page.goto(live_server.url + "/#/outcome")
    expect(main.get_by_role("heading", name="Mi tratamiento", level=2)).to_be_visible()
    expect(main.get_by_text(SERIES_SENTENCE)).to_be_visible(timeout=15_000)
    expect(
        main.get_by_text(
            "Basado en 6 de 7 días registrados antes del ciclo de tratamiento y 6 de 7 días después."
        )
    ).to_be_visible()
    expect(main.get_by_text("El alivio continúa tras 14 días", exact=False)).to_be_visible()
    expect(main.get_by_text("Registró 19 de 30 días.", exact=False)).to_be_visible()
    _no_english(page, "My treatment")
    page.screenshot(path=str(ARTIFACTS / "es-my-treatment.png"), full_page=True)

    page.goto(live_server.url + "/#/share")
    expect(main.get_by_role("heading", name="Compartir con su equipo de atención")).to_be_visible()
    expect(main.get_by_role("link", name=re.compile("^Abrir PDF"))).to_be_visible(timeout=15_000)
    page.get_by_label("Correo electrónico del profesional sanitario").fill("dra.garcia@example.com")
    main.get_by_role("button", name="Compartir", exact=True).click()
    expect(main.get_by_text("Compartido con dra.garcia@example.com.")).to_be_visible()
    expect(main.locator("li", has_text="dra.garcia@example.com")).to_contain_text("Solo el resumen")
    _no_english(page, "Share")
    page.screenshot(path=str(ARTIFACTS / "es-share.png"), full_page=True)

    page.goto(live_server.url + "/#/reminders")
    expect(main.get_by_role("heading", name="Recordatorios", level=2)).to_be_visible()
    expect(main.get_by_role("heading", name="Recordatorio diario")).to_be_visible(timeout=15_000)
    expect(main.get_by_role("group", name="Por defecto, preguntarme después de")).to_contain_text(
        "1 hora (efectos secundarios)"
    )
    _no_english(page, "Reminders")
    page.screenshot(path=str(ARTIFACTS / "es-reminders.png"), full_page=True)

    page.goto(live_server.url + "/#/assessment?instrument=phq9")
    expect(main.get_by_text("Pregunta 1 de 9")).to_be_visible()
    expect(main.locator(".language-note")).to_have_count(0)  # its text is in Spanish (the catalogue says so)
    _no_english(page, "the PHQ-9")
    page.screenshot(path=str(ARTIFACTS / "es-phq9.png"), full_page=True)
    for number in range(1, 10):
        expect(main.get_by_text(f"Pregunta {number} de 9")).to_be_visible()
        main.get_by_role("radiogroup").get_by_role("radio").first.check()
        main.get_by_role("button", name="Guardar respuestas" if number == 9 else "Siguiente").click()
    expect(main.locator(".assessment-score")).to_have_text(re.compile(r"^Su puntuación de PHQ-9: 0 de 27"))
    _no_english(page, "the PHQ-9's result")

    page.goto(live_server.url + "/#/assessment?instrument=gad7")
    note = main.locator(".language-note")
    expect(note).to_have_text("Este cuestionario se muestra en inglés: no tiene traducción publicada.")
    expect(main.get_by_role("heading", level=2)).to_have_attribute("lang", "en")
    expect(main.get_by_role("radiogroup").locator("legend")).to_have_attribute("lang", "en")
    page.screenshot(path=str(ARTIFACTS / "es-gad7-english-note.png"), full_page=True)

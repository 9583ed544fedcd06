"""The care-team portal in Spanish, for a person to look at: var/artifacts/portal-es/.

With the demo data (patientdata.demo: six patients, open red flags, summaries computed), the
demo clinician signs in in Chromium, switches the header to Español (the choice is stored
on their account), and each page is saved as a full-page PNG: the patient list, the triage
queue, a patient's summary (desktop 1280 px and phone 390 px), and the first page of that
summary's PDF (pdftoppm). No phrase of the portal's own catalogues may be left in English,
and nothing may be wider than the phone's screen.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from accounts.models import User
from patientdata.demo import DEMO_CLINICIAN, DEMO_PATIENT, demo_data_create
from tests.care.test_portal_language import english_fragments

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts" / "portal-es"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def overflowing(page) -> int:
    """How far the page is wider than the window (0: nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def english_left(text: str) -> list[str]:
    text = " ".join(text.split())
    return sorted(fragment for fragment in english_fragments() if fragment in text)


def pdf_first_page(content: bytes, target: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm is not installed (apt-get install poppler-utils)")
    source = target.with_suffix(".pdf")
    source.write_bytes(content)
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            "90",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(target.with_suffix("")),
        ],
        check=True,
    )
    source.unlink()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_portal_in_spanish(live_server, browser, device):
    demo_data_create()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        viewport=WIDTHS[device],
        is_mobile=device == "phone",
        device_scale_factor=2 if device == "phone" else 1,
        locale="en-GB",  # the browser says English: the clinician's choice wins
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/?next=/care/")
        page.get_by_label("Email").fill(DEMO_CLINICIAN.email)
        page.get_by_label("Password").fill(DEMO_CLINICIAN.password)
        page.get_by_role("button", name="Sign In", exact=True).click()
        page.get_by_role("heading", name="Patients").wait_for()

        page.get_by_role("button", name="Español").click()
        page.get_by_role("heading", name="Pacientes").wait_for()
        assert User.objects.get(email=DEMO_CLINICIAN.email).language == "es"
        assert page.locator("html").get_attribute("lang") == "es"
        main = page.locator("main")
        assert main.get_by_role("link", name="Requieren atención (4)").is_visible()
        assert main.locator("tbody tr").count() == 6
        assert english_left(page.locator("body").inner_text()) == []
        assert overflowing(page) <= 0
        page.screenshot(path=str(ARTIFACTS / f"home-{device}.png"), full_page=True)

        page.get_by_role("link", name="Señales de alarma").first.click()
        page.get_by_role("heading", name="Señales de alarma abiertas").wait_for()
        assert main.get_by_role("button", name="Marcar como revisada").count() == 3
        text = page.locator("body").inner_text()
        assert "Líneas de crisis" in text and "Notificaciones del navegador" in text
        assert english_left(text) == []
        assert overflowing(page) <= 0
        page.screenshot(path=str(ARTIFACTS / f"triage-{device}.png"), full_page=True)

        page.get_by_role("link", name="Pacientes", exact=True).click()
        page.get_by_role("link", name=DEMO_PATIENT.display_name).click()
        page.get_by_role("heading", name=DEMO_PATIENT.display_name).wait_for()
        text = page.locator("body").inner_text()
        for words in ("Serie de inducción", "Cómo leer estas cifras", "Dolor durante el periodo", "Opioides"):
            assert words in text, words
        assert english_left(text) == []
        assert overflowing(page) <= 0
        page.screenshot(path=str(ARTIFACTS / f"summary-{device}.png"), full_page=True)

        if device == "desktop":
            href = page.get_by_role("link", name="Descargar PDF").get_attribute("href")
            response = page.request.get(f"{live_server.url}{href}")
            assert response.status == 200 and response.headers["content-type"] == "application/pdf"
            pdf_first_page(response.body(), ARTIFACTS / "summary-pdf-page1.png")
            assert (ARTIFACTS / "summary-pdf-page1.png").stat().st_size > 10_000
    finally:
        context.close()

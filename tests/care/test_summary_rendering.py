"""The demo patient's summary as a clinician sees it: the portal page in Chromium and the PDF.

The demo data (patientdata.demo) is created, a summary of its whole 90 days is asked for
through the patient API (so the induction series is inside the period) and computed; the
demo clinician signs in and opens the patient. The page is saved as a full-page PNG
(var/artifacts/portal-summary.png) and the PDF as one PNG per page
(var/artifacts/summary-pdf-<page>.png, pdftoppm at 80 dpi) for a person to look at; both
must say the series line, the counts behind every mean and the legend.

pdftoppm and pdftotext come from poppler-utils (scripts/system-packages test installs it).
Without them, or without Chromium, the test skips, and under CI=true a skip is a failure
(tests/conftest.py).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from diary import catalogue
from patientdata.demo import DEMO_CLINICIAN, demo_data_create
from patientdata.demo_diary import DAYS, DEMO_TIMEZONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts"
DESKTOP = {"width": 1280, "height": 900}
SERIES_LINE = re.compile(
    r"Induction series: \d+ infusions, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d, total dose [\d.]+ mg"
)
OUTCOME_LINE = re.compile(
    r"Before treatment \d+\.\d \(\d of 7 days logged\) → now \d+\.\d \(\d of 7 days logged\)"
)


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (apt-get install poppler-utils; scripts/system-packages test)")
    return path


def whole_period_summary(patient) -> dict:
    """The demo diary's 90 days, asked for and computed through the patient API."""
    today = timezone.localdate(timezone=ZoneInfo(DEMO_TIMEZONE))
    period = {"period_start": str(today - timedelta(days=DAYS)), "period_end": str(today - timedelta(days=1))}
    client = APIClient()
    client.force_login(patient)
    asked = client.post("/api/v1/summaries/", period, format="json")  # computed on commit (eager tasks)
    assert asked.status_code == 202, asked.content
    summary = client.get(f"/api/v1/summaries/{asked.json()['id']}/").json()
    assert summary["status"] == "ready", summary
    assert summary["figures"]["figures_version"] == 2
    return summary


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_says_how_figures_are_shown(text: str, where: str) -> None:
    assert SERIES_LINE.search(text), f"{where}: no series line"
    assert OUTCOME_LINE.search(text), f"{where}: no episode outcome"
    assert "of 7 days logged" in text, where
    missing = [line for line in catalogue.LEGEND.values() if line not in text]
    assert not missing, f"{where}: legend lines missing: {missing}"
    assert (
        text.index("Red flags") < SERIES_LINE.search(text).start() < text.index("How to read these figures")
    )


def test_the_demo_summary_on_the_portal_page_and_in_the_pdf(live_server, browser):
    pdftoppm, pdftotext = poppler("pdftoppm"), poppler("pdftotext")
    patient, _clinician = demo_data_create()
    summary = whole_period_summary(patient)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/?next=/care/patients/{patient.pk}/")
        page.get_by_label("Email").fill(DEMO_CLINICIAN.email)
        page.get_by_label("Password").fill(DEMO_CLINICIAN.password)
        page.get_by_role("button", name="Sign In", exact=True).click()
        page.get_by_role("heading", name="Red flags").wait_for()

        page_text = flat(page.locator("main").inner_text())
        assert f"Summary of {summary['period_start']} to {summary['period_end']}" in page_text
        assert_says_how_figures_are_shown(page_text, "portal page")
        page.screenshot(path=str(ARTIFACTS / "portal-summary.png"), full_page=True)

        response = page.request.get(
            f"{live_server.url}/care/patients/{patient.pk}/summaries/{summary['id']}/pdf"
        )
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        pdf = response.body()
    finally:
        context.close()

    (ARTIFACTS / "summary.pdf").write_bytes(pdf)
    for old in ARTIFACTS.glob("summary-pdf-*.png"):
        old.unlink()
    subprocess.run([pdftoppm, "-png", "-r", "80", "summary.pdf", "summary-pdf"], cwd=ARTIFACTS, check=True)
    assert sorted(ARTIFACTS.glob("summary-pdf-*.png"))
    pdf_text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", "summary.pdf", "-"], cwd=ARTIFACTS, capture_output=True, check=True
    ).stdout.decode()
    assert_says_how_figures_are_shown(flat(pdf_text), "PDF")

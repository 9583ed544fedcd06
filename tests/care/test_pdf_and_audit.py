"""Summary PDFs for patients and clinicians, and the audit of every clinician read.

The PDF says what the portal page says (its text read back with pdftotext, from
poppler-utils: scripts/system-packages installs it; without it the test skips, which CI
counts as a failure).

The patient sees each share's `last_accessed_at`; superusers (only) see the log in the
admin, read-only.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.test import Client
from django.utils.dateparse import parse_datetime

from accounts.models import User
from care.models import AccessLog, Summary
from diary import catalogue
from tests.care.conftest import share_for
from tests.care.figures_v2 import ready_summary

pytestmark = pytest.mark.django_db


def test_the_patient_downloads_the_summary_as_pdf(alice, alice_summary, client_for):
    response = client_for(alice).get(
        f"/api/v1/summaries/{alice_summary['id']}/pdf", HTTP_ACCEPT="application/pdf"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")
    assert not AccessLog.objects.exists()  # patients reading their own data are not audited


def test_the_clinician_pdf_is_a_pdf_and_is_audited(alice, carol, alice_summary, client_for):
    share = share_for(alice, carol)
    url = f"/api/v1/clinician/patients/{alice.pk}/summaries/{alice_summary['id']}/pdf"

    response = client_for(carol).get(url)

    assert response.content.startswith(b"%PDF")
    log = AccessLog.objects.get()
    assert (log.clinician, log.patient, log.share, log.action, log.path) == (
        carol,
        alice,
        share,
        "summary_pdf",
        url,
    )


def pdf_text(content: bytes) -> str:
    """The PDF's text, whitespace collapsed (lines wrap where the page width says)."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    done = subprocess.run(
        [pdftotext, "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())


def test_the_pdf_shows_the_figures_in_the_pages_order_with_their_counts_and_the_legend(alice, client_for):
    summary = ready_summary(alice)

    response = client_for(alice).get(f"/api/v1/summaries/{summary.pk}/pdf")

    text = pdf_text(response.content)
    order = [
        "Red flags",
        "PHQ-9 item 9 answered 1 (thoughts of being better off dead or of self",  # may break at "self-"
        "Heart rate 124/min",
        "Induction series: 5 infusions, 2026-10-26 to 2026-11-04, total dose 142.8 mg",
        "Before 6.8 (7 of 7 days logged)",
        "After 3.5 (4 of 4 days logged)",
        "Change 3.3 points (48.5 %) lower",
        "Episode outcome: Before treatment 6.8 (7 of 7 days logged) → now 4.3 (6 of 7 days logged): "
        "2.6 points (37.5 %) lower, moderate",
        "Maintenance and single doses",
        "in progress until 2026-11-25",
        "Induction infusions",
        "How to read these figures",
        *catalogue.LEGEND.values(),
        "Questionnaires",
        "PEG",
        "7.3 on 2026-10-22",
        "4.0 on 2026-11-19",
        "3.3 points lower",
        "12 (moderate) on 2026-10-24",
        "8 (mild) on 2026-11-13",
        "only one in the period",
        "Side effects",
        "Opioids",
        "Much improved (2), 2026-11-20",
    ]
    missing = [line for line in order if line not in text]
    assert not missing
    positions = [text.index(line) for line in order]
    assert positions == sorted(positions)


def test_a_pending_summary_has_no_pdf_yet(alice, client_for):
    summary = Summary.objects.create(patient=alice, period_start="2026-03-01", period_end="2026-03-21")
    response = client_for(alice).get(f"/api/v1/summaries/{summary.pk}/pdf")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "summary_not_ready"


def test_every_clinician_api_read_is_audited_and_shown_to_the_patient(
    alice, carol, alice_summary, client_for
):
    share = share_for(alice, carol, scope="full")
    base = f"/api/v1/clinician/patients/{alice.pk}/"
    client = client_for(carol)
    reads = [
        (f"{base}summaries/", "summary_list"),
        (f"{base}summaries/{alice_summary['id']}/", "summary_read"),
        (f"{base}entries/", "entry_list"),
        (f"{base}administrations/", "administration_list"),
        (f"{base}medications/", "medication_list"),
        (f"{base}episodes/", "episode_list"),
    ]
    for url, _ in reads:
        assert client.get(url).status_code == 200

    logged = list(AccessLog.objects.order_by("at", "pk").values_list("path", "action"))
    assert logged == reads
    assert set(AccessLog.objects.values_list("clinician_email", "share", "patient")) == {
        ("carol@clinic.example.com", share.pk, alice.pk)
    }
    shown = client_for(alice).get("/api/v1/shares/").json()["results"][0]
    assert parse_datetime(shown["last_accessed_at"]) == AccessLog.objects.latest("at").at


def test_the_clinicians_listing_of_shares_is_not_a_read_and_patients_is_audited_as_the_dashboard(
    alice, carol, client_for
):
    share = share_for(alice, carol)
    client_for(carol).get("/api/v1/clinician/shares/")
    assert not AccessLog.objects.exists()
    # patients/ carries the dashboard's figures (open flags, last entry, adherence, pain): a
    # read of each listed patient's diary, one row each (issue 14).
    client_for(carol).get("/api/v1/clinician/patients/")
    assert list(AccessLog.objects.values_list("action", "patient", "share")) == [
        ("dashboard", alice.pk, share.pk)
    ]


def test_the_clinicians_filtered_entries_match_the_patients_own_filter(alice, carol, alice_diary, client_for):
    share_for(alice, carol, scope="full")
    query = "?diary_date_after=2026-03-20&diary_date_before=2026-03-21"

    mine = client_for(alice).get(f"/api/v1/entries/{query}").json()["results"]
    theirs = client_for(carol).get(f"/api/v1/clinician/patients/{alice.pk}/entries/{query}").json()["results"]

    assert theirs == mine
    assert len(theirs) == 2


# --- the admin ------------------------------------------------------------------------------


@pytest.fixture
def logged(alice, carol) -> AccessLog:
    share = share_for(alice, carol)
    return AccessLog.objects.create(
        clinician=carol,
        clinician_email=carol.email,
        patient=alice,
        share=share,
        action="summary_read",
        path="/x",
    )


def admin_client(*, superuser: bool) -> Client:
    user = User.objects.create_user(
        "admin@example.com", "pw-admin-12345", is_staff=True, is_superuser=superuser
    )
    client = Client()
    client.force_login(user)
    return client


def test_superusers_read_the_audit_log_in_the_admin(logged):
    client = admin_client(superuser=True)

    listing = client.get("/admin/care/accesslog/")
    detail = client.get(f"/admin/care/accesslog/{logged.pk}/change/")

    assert listing.status_code == 200 and "carol@clinic.example.com" in listing.content.decode()
    assert detail.status_code == 200
    assert 'name="action"' not in detail.content.decode()  # read-only: no form inputs
    assert client.get("/admin/care/accesslog/add/").status_code == 403
    assert client.post(f"/admin/care/accesslog/{logged.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccessLog.objects.filter(pk=logged.pk).exists()


def test_staff_who_are_not_superusers_cannot_see_it(logged):
    client = admin_client(superuser=False)
    assert client.get("/admin/care/accesslog/").status_code == 403
    assert "accesslog" not in client.get("/admin/").content.decode().lower()

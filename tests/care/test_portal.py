"""The clinician portal under /care/: sign-in required, clinicians only, shares decide the rest.

The patient page shows the latest summary with red flags first, an SVG chart with the
administrations marked and a table equivalent, and (scope full) the entries behind it.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from care.models import AccessLog, Share, Summary
from tests.care.conftest import share_for

pytestmark = pytest.mark.django_db


def browser(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_sign_in():
    response = browser().get("/care/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/care/")


def test_patients_are_refused(alice):
    assert browser(alice).get("/care/").status_code == 403
    assert browser(alice).get(f"/care/patients/{alice.pk}/").status_code == 403


def test_home_lists_pending_shares_to_accept_and_patients(alice, bob, carol):
    share_for(alice, carol, state="pending")
    share_for(bob, carol, state="active")

    page = browser(carol).get("/care/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "alice@example.com" in html and "Accept" in html
    assert f"/care/patients/{bob.pk}/" in html
    assert "no-store" in page["Cache-Control"]


def test_accepting_from_the_portal_opens_the_patient(alice, carol):
    pending = share_for(alice, carol, state="pending")

    response = browser(carol).post(f"/care/shares/{pending.pk}/accept")

    assert response.status_code == 302
    assert response["Location"] == f"/care/patients/{alice.pk}/"
    pending.refresh_from_db()
    assert pending.clinician == carol


def test_the_patient_page_shows_red_flags_first_then_the_chart_and_tables(
    alice, carol, alice_summary, alice_diary
):
    share_for(alice, carol, scope="summary")

    page = browser(carol).get(f"/care/patients/{alice.pk}/")

    assert page.status_code == 200
    html = page.content.decode()
    red_flags, chart, admins = html.index("Red flags"), html.index("<svg"), html.index("IMMPACT category")
    assert red_flags < chart < admins
    assert "Bladder pain, mild" in html and "BP 185/95 mmHg" in html
    svg = html[chart : html.index("</svg>")]
    assert svg.count('class="admin-line"') == 2  # A1 and A2; A3 is after the period
    assert svg.count('class="pain-point"') == 18  # one per logged day
    assert "<polyline" in svg
    assert "Table equivalent of the chart" in html
    for text in (
        "moderate",
        "substantial",
        "ongoing, 7 days observed",
        "5 days",
        "Minimally improved",
        "85.7 %",
    ):
        assert text in html, text
    assert "Diary entries in this period" not in html  # scope summary
    assert AccessLog.objects.filter(clinician=carol, patient=alice, action="portal_patient").count() == 1


def test_the_page_style_carries_the_csp_nonce(alice, carol, alice_summary):
    share_for(alice, carol)

    page = browser(carol).get(f"/care/patients/{alice.pk}/")

    nonce = re.search(r"'nonce-([^']+)'", page["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in page.content.decode()
    assert "style=" not in page.content.decode()  # no inline style attributes (CSP would drop them)
    assert "@media print" in page.content.decode()


def test_scope_full_shows_the_entries_behind_the_summary(alice, carol, alice_summary):
    share_for(alice, carol, scope="full")

    html = browser(carol).get(f"/care/patients/{alice.pk}/").content.decode()

    assert "Diary entries in this period" in html
    assert "2026-03-12 00:30+01:00" in html  # shown in the device's own offset
    assert "Hallucinations (severe)" in html


@pytest.mark.parametrize("state", ["none", "pending", "expired", "revoked"])
def test_without_an_active_share_the_patient_is_404(state, alice, carol, alice_summary):
    if state != "none":
        share_for(alice, carol, state=state)
    client = browser(carol)

    assert client.get(f"/care/patients/{alice.pk}/").status_code == 404
    assert client.get(f"/care/patients/{alice.pk}/summaries/{alice_summary['id']}/pdf").status_code == 404
    assert client.post(f"/care/patients/{alice.pk}/summaries/").status_code == 404
    assert not AccessLog.objects.exists()


def test_the_portal_pdf_is_a_pdf_and_is_audited(alice, carol, alice_summary):
    share = share_for(alice, carol)

    response = browser(carol).get(f"/care/patients/{alice.pk}/summaries/{alice_summary['id']}/pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLog.objects.get(share=share).action == "summary_pdf"


def test_a_clinician_asks_for_a_fresh_summary_from_the_portal(alice, carol, on_commit):
    share_for(alice, carol)

    response = on_commit(lambda: browser(carol).post(f"/care/patients/{alice.pk}/summaries/"))

    assert response.status_code == 302
    summary = Summary.objects.get(patient=alice)
    assert summary.requested_by == carol and summary.status == "ready"
    assert (summary.period_end - summary.period_start).days == 29
    assert (
        "No summary is ready yet." not in browser(carol).get(f"/care/patients/{alice.pk}/").content.decode()
    )


def test_the_page_without_a_summary_says_so(alice, carol):
    share_for(alice, carol)
    assert "No summary is ready yet." in browser(carol).get(f"/care/patients/{alice.pk}/").content.decode()


def test_get_on_post_only_portal_actions_is_405(alice, carol):
    share = share_for(alice, carol, state="pending")
    assert browser(carol).get(f"/care/shares/{share.pk}/accept").status_code == 405
    assert Share.objects.get(pk=share.pk).accepted_at is None

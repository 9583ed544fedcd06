"""The clinician portal under /care/: sign-in required, clinicians only, shares decide the rest.

The patient page shows the latest summary as DOMAIN.md § How figures are shown says: red
flags first, then the induction series and the episode outcome, maintenance doses, the
induction infusions without figures of their own, a legend; then the SVG chart with the
administrations marked, side effects, opioids, mood and PGIC, a table equivalent of the
chart, and (scope full) the entries behind it. The figures are tests/care/figures_v2.py's.
"""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils.html import escape

from care import report
from care.models import AccessLog, Share, Summary
from diary import catalogue
from tests.care.conftest import share_for
from tests.care.figures_v2 import PERIOD_END, PERIOD_START, ready_summary

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


def test_the_patient_page_shows_red_flags_first_then_treatment_then_the_rest(alice, carol):
    share_for(alice, carol, scope="summary")
    ready_summary(alice)

    page = browser(carol).get(f"/care/patients/{alice.pk}/")

    assert page.status_code == 200
    html = page.content.decode()
    order = [
        "Red flags",
        "Induction series: 5 infusions, 2026-10-26 to 2026-11-04, total dose 142.8 mg",
        "Episode outcome:",
        "Maintenance and single doses",
        "Induction infusions",
        "How to read these figures",
        "<svg",
        "Questionnaires",
        "Side effects",
        "Opioids",
        "Mood–pain correlation",
        "Latest PGIC",
        "Table equivalent of the chart",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    for text in (
        "Heart rate 124/min",  # a red flag of kind heart_rate
        "BP 182/98 mmHg",
        "6.8 (7 of 7 days logged)",
        "3.5 (4 of 4 days logged)",  # the series' week after ends before the next dose
        "3.3 points (48.5 %) lower",
        "Before treatment 6.8 (7 of 7 days logged) → now 4.3 (6 of 7 days logged): "
        "2.6 points (37.5 %) lower, moderate",
        "4 days, not ended (until the next dose)",
        "No category: pain before was below 4 of 10, too low to judge a reduction",
        "in progress until 2026-11-25",
        "part of the induction series",
        "30.0 (5 of 7 days with intakes)",
        "incomplete: an opioid without an MME factor",
        "60.0 on 2026-10-24",
        "r = -0.8 (22 days with both mood and pain)",
        "Much improved (2), 2026-11-20",
        "PHQ-9 item 9 answered 1 (thoughts of being better off dead or of self-harm)",  # a red flag
        "7.3 on 2026-10-22",  # PEG first → latest, the change and its n
        "4.0 on 2026-11-19",
        "3.3 points lower",
        "5 in the period",
        "12 (moderate) on 2026-10-24",
        "8 (mild) on 2026-11-13",
        "only one in the period",  # the GAD-7
    ):
        assert text in html, text
    for line in catalogue.LEGEND.values():
        assert escape(line) in html, line
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count('class="admin-line"') == 7  # 5 induction infusions and 2 maintenance doses
    assert svg.count('class="pain-point"') == 26  # one per logged day
    assert "Diary entries in this period" not in html  # scope summary
    assert AccessLog.objects.filter(clinician=carol, patient=alice, action="portal_patient").count() == 1


def test_no_mean_is_shown_without_its_count(alice, carol):
    share_for(alice, carol)
    ready_summary(alice)

    html = browser(carol).get(f"/care/patients/{alice.pk}/").content.decode()

    treatment = html[html.index('id="h-treatment"') : html.index("How to read these figures")]
    means = re.findall(r"(\d+\.\d) \(([^)]*)\)", treatment)
    assert len(means) == 7  # series 2, outcome 2, 9 Nov 2, 18 Nov 1 (its week after has no mean yet)
    assert all(re.fullmatch(r"\d+ of \d+ days? logged( so far)?", n) for _, n in means), means


def test_figures_of_an_earlier_version_are_shown_as_being_recomputed():
    summary = Summary(
        period_start=PERIOD_START,
        period_end=PERIOD_END,
        status="ready",
        figures={"days": 30, "pain_mean": 4.4, "administrations": []},  # version 1
    )

    html = render_to_string("care/_summary.html", report.summary_context(summary=summary))

    assert "being recomputed" in html
    assert "Red flags" not in html and "<svg" not in html


def test_the_page_style_carries_the_csp_nonce(alice, carol):
    share_for(alice, carol)
    ready_summary(alice)

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
    assert "Much improved (2)" in html  # PGIC: the label first, then its code


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

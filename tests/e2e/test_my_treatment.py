"""My treatment: the patient reads their latest summary in plain language, online, and again
offline from the copy kept on the phone.

The diary (dates relative to A, the as-of date: yesterday, UTC for the patient and the phone):
  induction infusions on A−20 (F), A−17 and A−14 (L); no later administration;
  pain 7 on F−7 … F−2 (6 of the 7 days before the course; F−1 not logged);
  pain 3 on L+1 … L+7 except L+4 (6 of the 7 days after), and on every day A−6 … A.
Series (DOMAIN.md figure 9): baseline = 42 / 6 = 7.0, response = 18 / 6 = 3.0 over L+1 … L+7
(complete: L+7 = A−7 ≤ A); change 7 − 3 = 4.0 points; reduction 4 / 7 × 100 = 57.142… → 57.1 %:
substantial, a responder. Relief (figure 8): U = min(D+90, A) = A; no T(d) of pain 3 is above
70 % of 7 (4.9), so relief is ongoing; the last logged date is A = L+14: "still going after
14 days", bound as_of ("so far").
"""

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from care import selectors, services
from care.models import Summary
from diary.services import record_create
from tests.e2e.conftest import PHONE, open_screen, sign_in, wait_for_service_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts"
SERIES_SENTENCE = (
    "Your pain in the week after your last induction infusion was 57.1 % lower than before the course "
    "(from 7.0 to 3.0 out of 10, 4.0 points lower)."
)
SERIES_BASIS = "Based on 6 of 7 days you logged before the course and 6 of 7 days after."


def _at(day, hour: int = 9) -> str:
    return datetime.combine(day, time(hour), tzinfo=UTC).isoformat()


def _diary(patient) -> None:
    """The records of the module docstring, written as the server writes any record."""
    as_of = selectors.summary_as_of(timezone_name="UTC")
    first, last = as_of - timedelta(days=20), as_of - timedelta(days=14)
    episode = record_create(
        patient_id=patient.pk,
        entity="episode",
        data={
            "title": "Ketamine infusions for CRPS",
            "treatment": "ketamine",
            "condition": "crps",
            "started_on": first.isoformat(),
        },
    )
    for day in (first, as_of - timedelta(days=17), last):
        record_create(
            patient_id=patient.pk,
            entity="administration",
            data={
                "episode": str(episode.pk),
                "administered_at": _at(day, 10),
                "route": "iv_infusion",
                "phase": "induction",
                "dose_mg": "35",
                "duration_minutes": 40,
            },
        )
    pains = {first - timedelta(days=k): 7 for k in range(2, 8)}
    pains |= {last + timedelta(days=k): 3 for k in range(1, 15) if k != 4}
    for day, pain in pains.items():
        data = {"recorded_at": _at(day, 20), "diary_date": day.isoformat(), "pain_now": pain}
        record_create(patient_id=patient.pk, entity="entry", data=data)


def _summary(patient) -> Summary:
    """Today's default summary, computed here and now (what the nightly job or a request does)."""
    start, end = selectors.summary_default_period(timezone_name=patient.timezone)
    summary = services.summary_request(
        patient=patient, requested_by=patient, period_start=start, period_end=end
    )
    services.summaries_compute(summary_ids=[summary.pk])
    summary.refresh_from_db()
    return summary


def test_my_treatment_reads_the_course_outcome_online_and_offline(live_server, device, patient):
    _diary(patient)
    summary = _summary(patient)
    assert summary.figures["series"][0]["reduction_percent"] == 57.1  # the server's own figure
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    page = device(timezone_id="UTC")
    sign_in(page, live_server.url)
    wait_for_service_worker(page)

    open_screen(page, "My treatment")
    main = page.locator("main")
    expect(main.get_by_role("heading", name="My treatment", level=2)).to_be_visible()
    expect(main.get_by_role("heading", name="Ketamine infusions for CRPS")).to_be_visible()
    expect(main.get_by_text(SERIES_SENTENCE)).to_be_visible(timeout=15_000)
    expect(main.get_by_text(SERIES_BASIS)).to_be_visible()
    expect(main.get_by_text("Result: Substantial.").first).to_be_visible()
    expect(main.get_by_text("Relief is still going after 14 days (so far).")).to_be_visible()
    # The last 7 days (all pain 3) against before treatment (7.0): the same 57.1 % lower.
    episode_outcome = "was 57.1 % lower than before treatment (from 7.0 to 3.0 out of 10, 4.0 points lower)"
    expect(main.get_by_text(episode_outcome)).to_be_visible()
    # Logged dates in the 30 days: 6 before the course + 6 after it + 7 in the last week = 19.
    expect(main.get_by_text("You logged 19 of 30 days.", exact=False)).to_be_visible()
    expect(main.get_by_text("saved on this device")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "my-treatment-online.png"), full_page=True)
    assert Summary.objects.filter(patient=patient).count() == 1  # today's was there: none asked for

    open_screen(page, "Today")
    page.context.set_offline(True)
    page.reload()
    page.get_by_role("radiogroup", name="Pain now").wait_for()  # the shell came from the service worker
    open_screen(page, "My treatment")
    expect(main.get_by_text(SERIES_SENTENCE)).to_be_visible()
    expect(main.get_by_role("status")).to_contain_text("You are offline.")
    expect(main.get_by_text("saved on this device")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "my-treatment-offline.png"), full_page=True)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_my_treatment_with_a_red_flag_has_no_axe_violations(live_server, browser, patient, scheme):
    from tests.e2e.test_accessibility import AXE, violations

    assert AXE.exists(), "npm --prefix frontend install first (axe-core is a devDependency)"
    _diary(patient)
    as_of = selectors.summary_as_of(timezone_name="UTC")
    data = {
        "recorded_at": _at(as_of, 21),
        "diary_date": as_of.isoformat(),
        "pain_now": 3,
        "side_effects": [{"code": "bladder_pain", "severity": 2}],
    }
    record_create(patient_id=patient.pk, entity="entry", data=data)
    _summary(patient)

    context = browser.new_context(viewport=PHONE, bypass_csp=True, color_scheme=scheme, timezone_id="UTC")
    page = context.new_page()
    try:
        sign_in(page, live_server.url)
        open_screen(page, "My treatment")
        main = page.locator("main")
        flags = main.get_by_role("region", name="Red flags to act on")
        expect(flags).to_contain_text("you logged bladder pain, moderate.")
        expect(flags).to_contain_text("ketamine can inflame the bladder")  # the catalogue's advice
        expect(flags).to_contain_text("not watched in real time")
        main.get_by_text("What the words mean").click()
        expect(main.get_by_text("Responder: a substantial or moderate reduction.")).to_be_visible()
        assert violations(page) == []
        if scheme == "light":
            page.screenshot(path=str(ARTIFACTS / "my-treatment-red-flag.png"), full_page=True)
    finally:
        context.close()

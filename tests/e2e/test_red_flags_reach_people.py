"""A red flag reaches people (DOMAIN.md § Red flags reach people), in two browsers.

The patient (a phone), offline, logs chest pain through "Something worrying?" on Today: the
advice shows at once, with the sentence that the diary is not watched in real time. Back
online the entry syncs; the server makes the red flag and emails the clinician who has an
accepted share (the Celery task runs eagerly in the live server's thread, as every test's
tasks do: tests/conftest.py). The email holds no side-effect code and no diary text. The
clinician (a desktop browser) finds the flag in the portal's triage queue and acknowledges
it; the patient's "My red flags" then says "Seen by <clinician> at <time>".

Screenshots for a person to look at: var/artifacts/red-flags-*.png.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from care.models import Scope, Share
from diary import catalogue
from diary.models import Entry, RedFlag
from diary.services import record_create
from tests.conftest import make_user
from tests.e2e.conftest import PATIENT_PASSWORD, PHONE, sign_in, sync_state, wait_for_service_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts"
DESKTOP = {"width": 1280, "height": 900}
CLINICIAN_EMAIL = "carol@clinic.example.com"
CLINICIAN_NAME = "Dr Carol Okafor"
DIARY_TEXT = "Knee worse after the stairs at my sister's"
CLINICIAN_NOTE = "Phoned her: seen at A&E, ECG normal"


def open_worrying(page):
    page.get_by_role("button", name="Something worrying?").click()
    dialog = page.get_by_role("dialog", name="Something worrying?")
    expect(dialog).to_be_visible()
    return dialog


def test_chest_pain_logged_offline_reaches_the_clinician_and_the_patient_sees_it_seen(
    live_server, device, browser, patient
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    clinician = make_user(CLINICIAN_EMAIL, role="clinician", display_name=CLINICIAN_NAME)
    Share.objects.create(
        patient=patient,
        clinician_email=CLINICIAN_EMAIL,
        clinician=clinician,
        scope=Scope.SUMMARY,
        accepted_at=timezone.now(),
    )
    # Some diary text the email must never carry (an entry of yesterday, with notes).
    record_create(
        patient_id=patient.pk,
        entity="entry",
        data={
            "recorded_at": (timezone.now() - timedelta(days=1)).isoformat(),
            "pain_now": 5,
            "notes": DIARY_TEXT,
        },
    )
    mail.outbox.clear()

    # The patient: signed in while online (the catalogue is stored), then offline.
    phone = device()
    sign_in(phone, live_server.url)
    wait_for_service_worker(phone)
    dialog = open_worrying(phone)
    expect(dialog.get_by_label("Chest pain", exact=True)).to_be_visible()  # the catalogue is here
    dialog.get_by_role("button", name="Cancel").click()
    phone.context.set_offline(True)
    phone.reload()
    phone.get_by_role("radiogroup", name="Pain now").wait_for()  # the shell from the service worker

    # One tap opens the red flags; ticking chest pain shows its advice at once, offline.
    dialog = open_worrying(phone)
    expect(dialog).to_contain_text(str(catalogue.NOT_WATCHED))
    dialog.get_by_label("Chest pain", exact=True).check()
    expect(dialog.get_by_role("alert").filter(has_text="Chest pain:")).to_contain_text(
        catalogue.RED_FLAG_ADVICE["chest_pain"]
    )
    dialog.get_by_role("radio", name="7", exact=True).check()
    phone.screenshot(path=str(ARTIFACTS / "red-flags-worrying.png"))
    dialog.get_by_role("button", name="Save", exact=True).click()

    card = dialog.get_by_role("alert").filter(has_text="Saved. Please act on this now")
    expect(card).to_contain_text(f"Chest pain: {catalogue.RED_FLAG_ADVICE['chest_pain']}")
    expect(card).to_contain_text(str(catalogue.NOT_WATCHED))
    # The advice comes first: nothing but the dialog's title before the card.
    expect(dialog.locator("> *").nth(1)).to_have_class("urgent red-flag-card")
    phone.screenshot(path=str(ARTIFACTS / "red-flags-advice.png"))
    expect(sync_state(phone)).to_have_text("Saved on this device")
    assert not Entry.objects.filter(patient=patient, pain_now=7).exists()

    card.get_by_role("button", name="I have read this").click()
    expect(dialog).to_have_count(0)
    phone.get_by_role("link", name="My red flags").first.click()
    main = phone.locator("main")
    expect(main.get_by_role("heading", name="My red flags", level=2)).to_be_visible()
    unsent = main.get_by_role("region", name="Not sent yet")
    expect(unsent).to_contain_text("you logged chest pain.")
    phone.screenshot(path=str(ARTIFACTS / "red-flags-unsent.png"), full_page=True)

    # Online: the entry syncs, the server makes the flag and emails the clinician once.
    phone.context.set_offline(False)
    expect(sync_state(phone)).to_have_text("Synced", timeout=15_000)
    entry = Entry.objects.get(patient=patient, pain_now=7)
    assert entry.side_effects == [{"code": "chest_pain", "severity": 1}]
    flag = RedFlag.objects.get(patient=patient)
    assert (flag.source_id, flag.kind, flag.code) == (entry.pk, "side_effect", "chest_pain")
    expect(main.get_by_text("Not seen yet by your care team.")).to_be_visible(timeout=15_000)
    assert [m.to for m in mail.outbox] == [[CLINICIAN_EMAIL]]
    message = mail.outbox[0]
    html = [alternative[0] for alternative in getattr(message, "alternatives", [])]
    text = " ".join([message.subject, message.body, *html])
    for secret in ("chest_pain", "chest pain", DIARY_TEXT, catalogue.RED_FLAG_ADVICE["chest_pain"]):
        assert secret.lower() not in text.lower(), secret
    assert "/care/" in text

    # The clinician: the triage queue shows the flag; they acknowledge it.
    desk = browser.new_context(viewport=DESKTOP)
    try:
        portal = desk.new_page()
        portal.goto(f"{live_server.url}/accounts/login/?next=/care/red-flags/")
        portal.get_by_label("Email").fill(CLINICIAN_EMAIL)
        portal.get_by_label("Password").fill(PATIENT_PASSWORD)
        portal.get_by_role("button", name="Sign In", exact=True).click()
        portal.get_by_role("heading", name="Open red flags").wait_for()
        expect(portal.get_by_role("link", name="Red flags 1 open")).to_be_visible()  # the header's count
        row = portal.get_by_role("row").filter(has_text="Chest pain")
        expect(row).to_have_count(1)
        expect(row.get_by_role("rowheader")).to_have_text("Pat")
        portal.screenshot(path=str(ARTIFACTS / "red-flags-triage.png"), full_page=True)
        row.get_by_role("textbox").fill(CLINICIAN_NOTE)
        row.get_by_role("button", name="Acknowledge").click()
        expect(portal.get_by_role("status").filter(has_text="Acknowledged.")).to_be_visible()
        expect(portal.get_by_role("row").filter(has_text="Chest pain")).to_have_count(0)
        portal.get_by_role("link", name="Acknowledged by you").click()
        expect(portal.get_by_role("row").filter(has_text="Chest pain")).to_contain_text(CLINICIAN_NOTE)
        portal.screenshot(path=str(ARTIFACTS / "red-flags-acknowledged.png"), full_page=True)
    finally:
        desk.close()

    # The patient's app: seen by the clinician, at a time.
    phone.reload()
    expect(main.get_by_role("heading", name="My red flags", level=2)).to_be_visible()
    seen = main.get_by_role("listitem").filter(has_text="you logged chest pain")
    expect(seen).to_contain_text(f"Seen by {CLINICIAN_NAME} at ", timeout=15_000)
    expect(main.get_by_role("region", name="Not sent yet")).to_have_count(0)
    expect(main).not_to_contain_text(CLINICIAN_NOTE)  # the clinician's note is for the care team
    phone.screenshot(path=str(ARTIFACTS / "red-flags-seen.png"), full_page=True)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_something_worrying_and_my_red_flags_have_no_axe_violations(
    live_server, browser, patient, settings, scheme
):
    from care.red_flags import red_flag_acknowledge
    from tests.e2e.test_accessibility import AXE, violations

    assert AXE.exists(), "npm --prefix frontend install first (axe-core is a devDependency)"
    clinician = make_user(CLINICIAN_EMAIL, role="clinician", display_name=CLINICIAN_NAME)
    Share.objects.create(
        patient=patient,
        clinician_email=CLINICIAN_EMAIL,
        clinician=clinician,
        scope=Scope.FULL,
        accepted_at=timezone.now(),
    )
    yesterday = timezone.now() - timedelta(days=1)
    for hours, code in ((0, "bladder_pain"), (2, "craving")):
        data = {
            "recorded_at": (yesterday + timedelta(hours=hours)).isoformat(),
            "pain_now": 4,
            "side_effects": [{"code": code, "severity": 2}],
        }
        record_create(patient_id=patient.pk, entity="entry", data=data)
    bladder = RedFlag.objects.get(patient=patient, code="bladder_pain")
    red_flag_acknowledge(clinician=clinician, red_flag_id=bladder.pk)

    context = browser.new_context(viewport=PHONE, bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    try:
        sign_in(page, live_server.url)
        dialog = open_worrying(page)
        dialog.get_by_label("Thoughts of suicide or self-harm").check()
        dialog.get_by_label("Chest pain", exact=True).check()
        expect(dialog.get_by_role("link", name=settings.CRISIS_LINES[0]["number"])).to_be_visible()
        assert violations(page) == []
        dialog.get_by_role("button", name="Cancel").click()

        page.get_by_role("link", name="My red flags").click()
        main = page.locator("main")
        flags = main.get_by_role("listitem").filter(has_text="you logged")
        expect(flags).to_have_count(2)
        expect(flags.first).to_contain_text("craving for ketamine")  # newest first
        expect(flags.first).to_contain_text("Not seen yet by your care team.")
        expect(flags.nth(1)).to_contain_text(f"Seen by {CLINICIAN_NAME} at ")
        assert violations(page) == []
        if scheme == "light":
            page.screenshot(path=str(ARTIFACTS / "red-flags-my-list.png"), full_page=True)
    finally:
        context.close()

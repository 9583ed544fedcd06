"""My usual medicines: logged in one tap offline, then synced; a second dose within minutes
asks first (one tap and the form); a patch is logged when applied, with its wear time."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from diary.models import MedicationIntake
from tests.e2e.conftest import open_screen, sign_in, sync_state, wait_for_service_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts"
SMALL_PHONE = {"width": 360, "height": 740}


@pytest.fixture
def small_page(browser):
    """A 360 × 740 phone (the screenshots' size)."""
    context = browser.new_context(viewport=SMALL_PHONE)
    yield context.new_page()
    context.close()


def live_intakes(patient):
    return MedicationIntake.objects.filter(patient=patient, deleted_at__isnull=True)


def test_a_usual_medicine_is_logged_in_one_tap_offline_then_synced(live_server, small_page, patient):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = small_page
    sign_in(page, live_server.url)
    wait_for_service_worker(page)
    open_screen(page, "Treatment")

    usual = page.get_by_role("region", name="My usual medicines")
    usual.get_by_role("button", name="Add a usual medicine").click()
    page.get_by_label("Usual medicine", exact=True).select_option("oxycodone")
    page.get_by_label("Usual dose", exact=True).fill("10")
    page.get_by_label("Usual times", exact=True).fill("20:00, 8:00")
    page.get_by_role("button", name="Save usual medicine").click()
    item = usual.get_by_role("listitem").filter(has_text="Oxycodone 10 mg")
    expect(item).to_contain_text("usually at 08:00, 20:00")

    page.context.set_offline(True)
    item.get_by_role("button", name="Took it now").click()
    expect(usual.get_by_role("status")).to_have_text(re.compile(r"^Logged Oxycodone 10 mg at "))
    expect(sync_state(page)).to_have_text("Saved on this device")
    today = page.locator("details.day-group").first
    expect(today).to_contain_text("1 dose: Oxycodone 10 mg")
    expect(today.locator(".tag")).to_have_text("not synced yet")

    # Tapped again minutes later: asked first; "Don't log it" logs nothing.
    item.get_by_role("button", name="Took it now").click()
    expect(item.get_by_role("alert")).to_have_text(
        re.compile(r"^You logged Oxycodone 10 mg at .+\. Log another dose\?$")
    )
    expect(item.get_by_role("button", name="Log another dose")).to_be_focused()
    page.screenshot(path=str(ARTIFACTS / "medicines-usual-duplicate.png"), full_page=True)
    item.get_by_role("button", name="Don’t log it").click()
    expect(item.get_by_role("alert")).to_have_count(0)
    expect(item.get_by_role("button", name="Took it now")).to_be_focused()  # the keyboard's place is kept
    expect(today).to_contain_text("1 dose: Oxycodone 10 mg")

    # Confirmed, it is logged; undo takes that second dose back.
    item.get_by_role("button", name="Took it now").click()
    item.get_by_role("button", name="Log another dose").click()
    expect(today).to_contain_text("2 doses: Oxycodone 10 mg ×2")
    usual.get_by_role("button", name="Undo").click()
    expect(usual.get_by_role("status")).to_have_text(re.compile(r"^Removed: Oxycodone 10 mg at "))
    expect(today).to_contain_text("1 dose: Oxycodone 10 mg")
    page.screenshot(path=str(ARTIFACTS / "medicines-usual-offline.png"), full_page=True)

    page.context.set_offline(False)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    [intake] = live_intakes(patient)
    assert (intake.drug, intake.dose, intake.unit, intake.wear_hours) == (
        "oxycodone",
        Decimal("10"),
        "mg",
        None,
    )
    assert intake.mme == Decimal("15")
    expect(today.locator(".tag")).to_have_count(0)


def test_today_offers_the_usual_medicines_once_there_are_some(live_server, small_page, patient):
    page = small_page
    sign_in(page, live_server.url)
    wait_for_service_worker(page)
    expect(page.get_by_role("region", name="My usual medicines")).to_have_count(0)  # none saved yet

    open_screen(page, "Treatment")
    page.get_by_role("region", name="My usual medicines").get_by_role(
        "button", name="Add a usual medicine"
    ).click()
    page.get_by_label("Usual medicine", exact=True).select_option("paracetamol")
    page.get_by_label("Usual dose", exact=True).fill("1000")
    page.get_by_role("button", name="Save usual medicine").click()

    open_screen(page, "Today")
    usual = page.get_by_role("region", name="My usual medicines")
    page.context.set_offline(True)
    usual.get_by_role("listitem").filter(has_text="Paracetamol").get_by_role(
        "button", name="Took it now"
    ).click()
    expect(usual.get_by_role("status")).to_have_text(re.compile(r"^Logged Paracetamol 1,?000 mg at "))
    page.context.set_offline(False)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    [intake] = live_intakes(patient)
    assert (intake.drug, intake.dose, intake.unit) == ("paracetamol", Decimal("1000"), "mg")


def test_a_patch_is_logged_with_its_wear_time_and_a_second_one_asks_first(live_server, small_page, patient):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = small_page
    sign_in(page, live_server.url)
    open_screen(page, "Treatment")

    page.get_by_role("button", name="Add a medicine").click()
    page.get_by_label("Medicine", exact=True).select_option("fentanyl")
    expect(page.get_by_label("Unit", exact=True)).to_have_value("mcg_per_h")
    page.get_by_label("Applied at").fill("2026-03-02T08:00")  # a Monday
    page.get_by_label("Dose", exact=True).fill("12")
    expect(page.get_by_label("Hours the patch is worn")).to_have_value("72")
    page.get_by_label("Hours the patch is worn").fill("48")
    expect(page.get_by_text(re.compile(r"Comes off Wed 0?8:00"))).to_be_visible()
    page.get_by_role("button", name="Save medicine").click()

    day = page.locator("details.day-group").first
    expect(day).to_contain_text("1 dose: Fentanyl (transdermal patch) 12 mcg/h")
    day.locator("summary").click()
    expect(day.get_by_role("listitem")).to_have_text(
        re.compile(r"Patch 12 mcg/h, applied Mon 0?8:00.*, 48 h \(until Wed 0?8:00.*\)")
    )
    page.screenshot(path=str(ARTIFACTS / "medicines-patch.png"), full_page=True)

    # Another patch ten minutes later asks first; not logged when the patient says so.
    page.get_by_role("button", name="Add a medicine").click()
    page.get_by_label("Medicine", exact=True).select_option("fentanyl")
    page.get_by_label("Applied at").fill("2026-03-02T08:10")
    page.get_by_label("Dose", exact=True).fill("12")
    page.get_by_role("button", name="Save medicine").click()
    question = page.get_by_role("alert").filter(has_text="Log another dose?")
    expect(question).to_have_text(
        re.compile(r"^You logged Fentanyl \(transdermal patch\) 12 mcg/h at 0?8:00")
    )
    page.get_by_role("button", name="Don’t log it").click()
    expect(page.get_by_role("button", name="Add a medicine")).to_be_visible()

    # Forty minutes later is another dose: saved without a question.
    page.get_by_role("button", name="Add a medicine").click()
    page.get_by_label("Medicine", exact=True).select_option("oxycodone")
    page.get_by_label("Taken at").fill("2026-03-02T08:40")
    page.get_by_label("Dose", exact=True).fill("5")
    page.get_by_role("button", name="Save medicine").click()
    expect(day).to_contain_text("2 doses: Fentanyl (transdermal patch) 12 mcg/h, Oxycodone 5 mg")

    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    patch = live_intakes(patient).get(drug="fentanyl")
    assert (patch.dose, patch.unit, patch.wear_hours) == (Decimal("12"), "mcg_per_h", 48)
    assert live_intakes(patient).count() == 2

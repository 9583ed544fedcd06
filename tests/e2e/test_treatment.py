"""Treatment records logged offline reach the server; quick-log links the latest infusion;
a rejected change is fixed in the editor; deleting an entry reaches the server."""

import uuid
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from diary.models import Administration, Entry, Episode, MedicationIntake, Rejection
from diary.sync.push import sync_push
from tests.e2e.conftest import log_pain, open_screen, sign_in, sync_now, sync_state, wait_for_service_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_treatment_offline_then_quick_log_after_the_infusion(live_server, page, patient):
    sign_in(page, live_server.url)
    wait_for_service_worker(page)
    page.context.set_offline(True)

    open_screen(page, "Treatment")
    page.get_by_role("button", name="Add an episode").click()
    page.get_by_label("Title").fill("Ketamine infusions, spring")
    page.get_by_role("button", name="Save episode").click()
    expect(page.get_by_text("Ketamine infusions, spring")).to_be_visible()

    page.get_by_role("button", name="Add a dose or infusion").click()
    page.get_by_label("mg/kg").check()
    page.get_by_label("Dose (mg/kg)").fill("12")  # implausible: refused, never clamped
    page.get_by_role("button", name="Save dose").click()
    expect(page.get_by_text("Enter a value from 0 to 10.")).to_be_visible()
    page.get_by_label("Dose (mg/kg)").fill("0.3")
    page.get_by_role("button", name="Save dose").click()
    expect(page.get_by_text("A dose in mg/kg needs the weight in kg.")).to_be_visible()
    page.get_by_label("Weight (kg)").fill("70")
    page.get_by_label("Duration (minutes)").fill("40")
    page.get_by_label("Highest blood pressure, systolic (mmHg)").fill("150")
    page.get_by_role("button", name="Save dose").click()
    expect(page.get_by_text("0.3 mg/kg over 40 min")).to_be_visible()

    page.get_by_role("button", name="Add a medicine").click()
    page.get_by_label("Medicine", exact=True).select_option("oxycodone")
    page.get_by_label("Dose", exact=True).fill("10")
    expect(page.get_by_text("About 15 morphine milligram equivalents")).to_be_visible()
    page.get_by_role("button", name="Save medicine").click()

    page.get_by_role("button", name="Log how I feel after this").click()
    expect(page.get_by_text("About the intravenous infusion")).to_be_visible()
    log_pain(page, 3)
    expect(sync_state(page)).to_have_text("Saved on this device")

    page.context.set_offline(False)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    episode = Episode.objects.get(patient=patient)
    administration = Administration.objects.get(patient=patient)
    assert administration.episode_id == episode.pk
    assert administration.dose_mg_per_kg == Decimal("0.3") and administration.weight_kg == Decimal("70")
    assert MedicationIntake.objects.get(patient=patient).mme == Decimal("15")
    entry = Entry.objects.get(patient=patient)
    assert (entry.pain_now, entry.administration_id, entry.episode_id) == (3, administration.pk, episode.pk)


def test_a_rejected_entry_is_fixed_and_a_deleted_one_leaves_the_server(live_server, page, patient):
    record = str(uuid.uuid4())
    bad = {"recorded_at": "2026-05-01T08:00:00+01:00", "pain_now": 11, "notes": "typed on the old app"}
    mutation = {"mid": 1, "entity": "entry", "op": "upsert", "id": record, "base_version": None, "data": bad}
    sync_push(patient_id=patient.pk, client_id=uuid.uuid4(), mutations=[mutation])

    sign_in(page, live_server.url)
    expect(sync_state(page)).to_have_text("Needs attention", timeout=15_000)
    open_screen(page, "Sync")
    expect(page.get_by_text("Ensure this value is less than or equal to 10.")).to_be_visible()
    page.get_by_role("button", name="Fix and save again").click()
    page.get_by_role("radiogroup", name="Pain now").get_by_role("radio", name="9", exact=True).check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("None.")).to_be_visible()
    sync_now(page)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    fixed = Entry.objects.get(pk=record)
    assert (fixed.pain_now, fixed.notes) == (9, "typed on the old app")
    assert Rejection.objects.filter(patient=patient).count() == 1  # kept on the server, dismissed here

    open_screen(page, "History")
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("button", name="Delete entry").click()
    expect(page.get_by_text("No entries yet.")).to_be_visible()
    sync_now(page)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    assert Entry.objects.get(pk=record).deleted_at is not None  # deletes are soft

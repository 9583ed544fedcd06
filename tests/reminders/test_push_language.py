"""Push reminders arrive in the patient's language (accounts.User.language), decrypted as a
phone would: Spanish for a patient who chose "es", English for one who chose nothing, both
planned by the same beat, whatever language the beat itself runs in."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.utils import translation

from reminders import services, tasks
from reminders.assessment_reminders import assessment_payload
from tests.api.conftest import create
from tests.conftest import make_user
from tests.reminders.conftest import at, subscribe

pytestmark = pytest.mark.django_db


def beat(when: str) -> None:
    tasks.send_due.delay(at(when).isoformat())


def choose(patient, language: str):
    patient.language = language
    patient.save(update_fields=["language"])
    return patient


def received(push_service, browser) -> list[dict]:
    return [browser.decrypt(message) for message in push_service.to(browser)]


@pytest.fixture
def maria(db):
    return choose(make_user("maria@example.com", display_name="María", timezone="Europe/London"), "es")


def test_the_daily_reminder_is_in_each_patients_language(alice, maria, push_service):
    alice_phone, maria_phone = push_service.browser("alice"), push_service.browser("maria")
    for patient, phone in ((alice, alice_phone), (maria, maria_phone)):
        subscribe(patient, phone)
        services.reminder_settings_update(patient=patient, daily_enabled=True, daily_time=time(8, 0))

    with translation.override("es"):  # the beat's own language does not matter
        beat("2026-03-28T08:00:00+00:00")

    [english] = received(push_service, alice_phone)
    [spanish] = received(push_service, maria_phone)
    assert (english["title"], english["body"]) == (
        "Pain diary",
        "How is your pain today? Two taps to log it.",
    )
    assert (spanish["title"], spanish["body"]) == (
        "Diario del dolor",
        "¿Cómo está su dolor hoy? Regístrelo con dos toques.",
    )
    assert english["url"] == spanish["url"] == "/#/today"  # only the words change


def test_check_ins_are_in_spanish_with_the_right_plural(maria, push_service):
    phone = push_service.browser("maria")
    subscribe(maria, phone)
    episode = create(maria, "episode")
    create(maria, "administration", episode=episode.pk, administered_at="2026-03-28T10:00:00+00:00")

    beat("2026-03-28T11:00:00+00:00")  # 1 h
    beat("2026-03-31T09:00:00+00:00")  # 3 d (10:00 BST)

    one_hour, three_days = received(push_service, phone)
    assert one_hour["title"] == "Diario del dolor: seguimiento"
    assert one_hour["body"] == (
        "Ha pasado 1 hora desde su tratamiento. ¿Cómo se encuentra? ¿Ha notado algún efecto secundario?"
    )
    assert three_days["body"] == "Han pasado 3 días desde su tratamiento. ¿Cómo está su dolor?"


def test_a_patient_who_chose_no_language_gets_english(alice, push_service):
    phone = push_service.browser("alice")
    subscribe(alice, phone)
    assert alice.language == ""
    episode = create(alice, "episode")
    create(alice, "administration", episode=episode.pk, administered_at="2026-03-28T10:00:00+00:00")

    with translation.override("es"):
        beat("2026-03-28T11:00:00+00:00")

    [payload] = received(push_service, phone)
    assert payload["title"] == "Pain diary check-in"
    assert (
        payload["body"] == "It has been 1 hour since your treatment. How are you feeling? Any side effects?"
    )


def test_the_questionnaire_reminder_is_in_spanish(maria, push_service):
    phone = push_service.browser("maria")
    subscribe(maria, phone)
    services.reminder_settings_update(patient=maria, assessments_enabled=True, daily_time=time(19, 0))

    beat("2026-03-02T19:00:00+00:00")

    [payload] = received(push_service, phone)
    assert payload["title"] == "Diario del dolor"
    assert (
        payload["body"] == "Tiene 3 cuestionarios breves pendientes. Cada uno le llevará uno o dos minutos."
    )
    assert payload["url"] == "/#/today"


def test_one_questionnaire_due_in_spanish():
    with translation.override("es"):
        payload = assessment_payload(date(2026, 3, 2), ["phq9"])

    assert payload["body"] == "Tiene pendiente un cuestionario breve. Le llevará uno o dos minutos."
    assert payload["url"] == "/#/assessment?instrument=phq9"

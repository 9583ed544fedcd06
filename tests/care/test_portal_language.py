"""The care team reads the portal, the PDF and their notifications in their own language.

Two clinicians share the same patient: Dr Carol chose Spanish, Dr Dan English. Each gets
the portal home, the triage queue, the patient's summary page and its PDF in their language
at the same time, whatever the patient's; the header's switch stores a clinician's choice
(one of settings.LANGUAGES, else 400); a clinician who chose nothing reads the browser's
language; the red-flag email and Web Push reach each clinician in theirs (decision 105).
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext

from care import notifications
from diary.models import RedFlag
from diary.trends.flags import detail_shown
from tests.care.conftest import share_for
from tests.care.figures_v2 import ready_summary
from tests.care.test_pdf_and_audit import pdf_text
from tests.care.test_red_flag_notifications import log_chest_pain, push_service  # noqa: F401
from tests.care.test_triage_portal import chest_pain

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = [ROOT / "portal/locale/es/LC_MESSAGES/django.po", ROOT / "care/locale/es/LC_MESSAGES/django.po"]

# What each page says in each language (a sample; the catalogue check below covers the rest).
HOME = {
    "es": ["Pacientes", "Señales de alarma", "Ordenar por", "Requieren atención (1)", "Último registro"],
    "en": ["Patients", "Red flags", "Sort by", "Needs attention (1)", "Last entry"],
}
TRIAGE = {
    "es": ["Señales de alarma abiertas", "Marcar como revisada", "Líneas de crisis", "Efecto secundario"],
    "en": ["Open red flags", "Acknowledge", "Crisis lines", "Side effect"],
}
SUMMARY = {
    "es": [
        "Serie de inducción: 5 infusiones, del 2026-10-26 al 2026-11-04, dosis total 142,8 mg",
        "Resultado del ciclo:",
        "6,8 (7 de 7 días registrados)",
        "3,3 puntos (48,5 %) menos",
        "Cómo leer estas cifras",
        "Cuestionarios",
        "Efectos secundarios",
        "Correlación estado de ánimo–dolor",
        "r = -0,8 (22 días con estado de ánimo y dolor)",
        "Descargar PDF",
        "PA 182/98 mmHg",  # red flags' details, rebuilt in the reader's language
        "Frecuencia cardiaca 124/min",
        "PHQ-9, ítem 9 respondido con 1",
    ],
    "en": [
        "Induction series: 5 infusions, 2026-10-26 to 2026-11-04, total dose 142.8 mg",
        "Episode outcome:",
        "6.8 (7 of 7 days logged)",
        "3.3 points (48.5 %) lower",
        "How to read these figures",
        "Questionnaires",
        "Side effects",
        "Mood–pain correlation",
        "r = -0.8 (22 days with both mood and pain)",
        "Download PDF",
        "BP 182/98 mmHg",
        "Heart rate 124/min",
        "PHQ-9 item 9 answered 1",
    ],
}
PDF = {
    "es": ["Resumen del", "Serie de inducción: 5 infusiones", "Dolor durante el periodo", "página 1 de"],
    "en": ["Summary of", "Induction series: 5 infusions", "Pain over the period", "page 1 of"],
}


def browser(user, **headers) -> Client:
    client = Client(**headers)
    client.force_login(user)
    return client


def visible_text(html: str) -> str:
    """What a reader sees: no scripts, styles or tags, whitespace collapsed, entities as typed."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    text = re.sub(r"<[^>]+>", " ", html)
    text = text.replace("&amp;", "&").replace("&#x27;", "'").replace("&quot;", '"')
    return " ".join(text.split())


def english_fragments() -> set[str]:
    """The English words of this app's catalogues that Spanish must not show: each msgid's
    text between its placeholders, when it is a phrase (two words or more) and its Spanish differs."""
    fragments = set()
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            spanish = entry.msgstr or " ".join(entry.msgstr_plural.values())
            for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
                for part in re.split(r"%\(\w+\)[sd]|%%|\n", msgid):
                    part = part.strip(" .,:;()·–→")
                    if len(part) >= 12 and " " in part and part not in spanish:
                        fragments.add(part)
    return fragments


def test_no_other_catalogue_overrides_these_translations():
    """Django merges the apps' catalogues, the earlier app winning: a msgid that another app
    (Django's admin: "Change" is "Modificar" there) translates otherwise needs a context here."""
    overridden = []
    with translation.override("es"):
        for path in CATALOGUES:
            for e in polib.pofile(str(path)):
                if e.msgid_plural:
                    args = (e.msgid, e.msgid_plural, 1)
                    got = npgettext(e.msgctxt, *args) if e.msgctxt else ngettext(*args)
                    want = e.msgstr_plural[0]
                else:
                    got = pgettext(e.msgctxt, e.msgid) if e.msgctxt else gettext(e.msgid)
                    want = e.msgstr
                if got != want:
                    overridden.append((e.msgid, got, want))
    assert not overridden


def assert_spanish(text: str) -> None:
    leftovers = sorted(fragment for fragment in english_fragments() if fragment in text)
    assert not leftovers, leftovers


@pytest.fixture
def team(alice, carol, dan):
    """alice shares with carol (Spanish) and dan (English); she has a ready summary and an open
    red flag; another patient of carol's, bob, shares nothing with dan."""
    carol.language, dan.language = "es", "en"
    carol.save(update_fields=["language"])
    dan.save(update_fields=["language"])
    share_for(alice, carol, scope="full")
    share_for(alice, dan, scope="full")
    summary = ready_summary(alice)
    chest_pain(alice)
    return {"es": carol, "en": dan, "summary": summary}


def pages(client: Client, alice, summary) -> dict[str, str]:
    home = client.get("/care/")
    triage = client.get("/care/red-flags/")
    patient = client.get(f"/care/patients/{alice.pk}/")
    for response in (home, triage, patient):
        assert response.status_code == 200
    return {
        "home": home.content.decode(),
        "triage": triage.content.decode(),
        "patient": patient.content.decode(),
        "language": home["Content-Language"],
    }


def test_each_clinician_reads_the_same_patient_in_their_own_language(alice, team):
    spanish = pages(browser(team["es"]), alice, team["summary"])
    english = pages(browser(team["en"]), alice, team["summary"])

    assert spanish["language"] == "es" and english["language"] == "en"
    for language, shown in (("es", spanish), ("en", english)):
        assert f'<html lang="{language}">' in shown["home"]
        for page, expected in (("home", HOME), ("triage", TRIAGE), ("patient", SUMMARY)):
            text = visible_text(shown[page])
            for words in expected[language]:
                assert words in text, (language, page, words)
            other = "en" if language == "es" else "es"
            for words in expected[other]:
                if words not in expected[language]:
                    assert words not in text, (language, page, words)
    for page in ("home", "triage", "patient"):
        assert_spanish(visible_text(spanish[page]))


def test_the_chart_keeps_its_coordinates_when_numbers_are_spanish(alice, team):
    html = browser(team["es"]).get(f"/care/patients/{alice.pk}/").content.decode()

    svg = html[html.index("<svg") : html.index("</svg>")]
    assert not re.search(r'(x|y|x1|x2|y1|y2|cx|cy)="\d+,\d', svg)  # "12,5" would break the SVG
    assert "dolor" in svg  # the points' titles are Spanish


def test_each_clinician_prints_the_pdf_in_their_language(alice, team):
    for language, other in (("es", "en"), ("en", "es")):
        response = browser(team[language]).get(
            f"/care/patients/{alice.pk}/summaries/{team['summary'].pk}/pdf"
        )
        assert response.status_code == 200
        text = pdf_text(response.content)
        for words in PDF[language]:
            assert words in text, (language, words)
        for words in PDF[other]:
            assert words not in text, (language, words)
        if language == "es":
            assert_spanish(text)


def test_a_clinician_who_chose_nothing_reads_the_browser_language(alice, carol):
    share_for(alice, carol)

    spanish = browser(carol, HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9").get("/care/")
    english = browser(carol, HTTP_ACCEPT_LANGUAGE="en-GB").get("/care/")

    assert "Pacientes" in visible_text(spanish.content.decode())
    assert "Pacientes" not in visible_text(english.content.decode())


def test_the_choice_outlives_the_browser_language(alice, team):
    page = browser(team["es"], HTTP_ACCEPT_LANGUAGE="en-GB").get("/care/")

    assert "Pacientes" in visible_text(page.content.decode())


def test_the_switch_stores_the_choice_and_goes_back(carol):
    client = browser(carol)

    response = client.post("/care/language", {"language": "es", "next": "/care/red-flags/"})

    assert response.status_code == 302 and response["Location"] == "/care/red-flags/"
    carol.refresh_from_db()
    assert carol.language == "es"
    assert "Señales de alarma abiertas" in client.get("/care/red-flags/").content.decode()
    response = client.post("/care/language", {"language": "en", "next": "/care/"})
    carol.refresh_from_db()
    assert carol.language == "en"
    assert "Open red flags" in client.get("/care/red-flags/").content.decode()


@pytest.mark.parametrize("code", ["fr", "", "es-ES", "<script>", "x" * 50])
def test_the_switch_refuses_a_language_it_does_not_speak(carol, code):
    response = browser(carol).post("/care/language", {"language": code, "next": "/care/"})

    assert response.status_code == 400
    carol.refresh_from_db()
    assert carol.language == ""


@pytest.mark.parametrize("target", ["https://evil.example/care/", "//evil.example/", "javascript:alert(1)"])
def test_the_switch_never_leaves_the_site(carol, target):
    response = browser(carol).post("/care/language", {"language": "es", "next": target})

    assert response.status_code == 302 and response["Location"] == "/care/"


def test_the_switch_is_for_signed_in_clinicians_and_posts_only(alice, carol):
    anonymous = Client().post("/care/language", {"language": "es"})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert browser(alice).post("/care/language", {"language": "es"}).status_code == 403
    assert browser(carol).get("/care/language").status_code == 405
    alice.refresh_from_db()
    assert alice.language == ""


def test_the_header_offers_each_language_named_in_itself(carol):
    html = browser(carol).get("/care/").content.decode()

    assert 'action="/care/language"' in html
    assert re.search(r'<button[^>]*value="es" lang="es"[^>]*>Español</button>', html)
    assert re.search(r'<button[^>]*value="en" lang="en"[^>]*aria-pressed="true"[^>]*>English</button>', html)


def test_red_flag_email_and_push_reach_each_clinician_in_their_language(
    alice,
    team,
    client_for,
    on_commit,
    push_service,  # noqa: F811
):
    laptop = push_service.browser("carol-laptop")
    notifications.clinician_push_subscribe(team["es"], laptop.subscription_json())
    desk = push_service.browser("dan-desk")
    notifications.clinician_push_subscribe(team["en"], desk.subscription_json())
    RedFlag.objects.all().delete()  # the team fixture's flag was never notified: start afresh

    log_chest_pain(client_for(alice), on_commit)

    emails = {message.to[0]: message for message in mail.outbox}
    spanish, english = emails[team["es"].email], emails[team["en"].email]
    assert "Un paciente requiere atención" in spanish.subject
    assert "Inicie sesión en el portal del equipo de atención" in spanish.body
    assert "A patient needs attention" in english.subject
    assert "Sign in to the care-team portal" in english.body
    [to_carol] = push_service.to(laptop)
    [to_dan] = push_service.to(desk)
    assert laptop.decrypt(to_carol)["body"].startswith("Un paciente que comparte su diario")
    assert laptop.decrypt(to_carol)["title"] == "Diario del dolor"
    assert desk.decrypt(to_dan)["body"] == str(notifications.MESSAGE)
    assert desk.decrypt(to_dan)["title"] == "Pain diary"


@pytest.mark.parametrize(
    "kind, code, stored, spanish",
    [
        ("blood_pressure", "", "BP 185/– mmHg", "PA 185/– mmHg"),
        ("heart_rate", "", "Heart rate 120/min", "Frecuencia cardiaca 120/min"),
        (
            "assessment",
            "phq9_item9",
            "PHQ-9 item 9 answered 2 (thoughts of being better off dead or of self-harm)",
            "PHQ-9, ítem 9 respondido con 2 (pensamientos de que estaría mejor muerto o de hacerse daño "
            "de alguna manera)",
        ),
        ("side_effect", "chest_pain", "Something unreadable", "Something unreadable"),  # shown as stored
    ],
)
def test_a_red_flag_detail_is_rebuilt_in_the_reader_language(kind, code, stored, spanish):
    with translation.override("es"):
        assert detail_shown(kind, code, stored) == spanish
    with translation.override("en"):
        assert detail_shown(kind, code, stored) == stored

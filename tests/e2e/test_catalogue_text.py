"""catalogue_text finds the English msgids a translated page still shows, and only those."""

import pytest

from tests.e2e.catalogue_text import (
    EnglishCatalogue,
    english_catalogue,
    english_on_page,
    literal_fragments,
    without_own_words,
)

PWA = "frontend/src/locales/en/messages.po"
SERVER = "diary/locale/es/LC_MESSAGES/django.po"

CATALOGUE = EnglishCatalogue(
    [
        ("Save", "Guardar", PWA),
        ("Total", "Total", PWA),  # the same in Spanish: never English on the page
        ("OK", "Vale", PWA),  # too short to tell
        ("Entry saved: pain {pain} at {time}.", "Registro guardado: dolor {pain} a las {time}.", PWA),
        (
            "{count, plural, one {# entry not yet sent} other {# entries not yet sent}}",
            "{count, plural, one {# registro aún sin enviar} other {# registros aún sin enviar}}",
            PWA,
        ),
        ("Pain {n}", "Dolor {n}", PWA),  # its only fragment is one word: not looked for
        ("Sync status:", None, PWA),  # untranslated: looked for all the same
        ("Chest pain", "Dolor torácico", SERVER),
        ("Seen by %(name)s on %(date)s", "Visto por %(name)s el %(date)s", SERVER),
        ("Region", "Región", PWA),
        ("Typical IV infusions: {low}–{high} mg/kg", "Infusiones IV habituales: {low}–{high} mg/kg", PWA),
    ],
    python_format=[SERVER],
)


def found(text: str) -> list[str]:
    return [f.text for f in CATALOGUE.find(text)]


def test_literal_fragments_split_at_arguments_tags_and_plural_counts():
    assert literal_fragments("Entry saved: pain {pain} at {time}.") == ["Entry saved: pain ", " at ", "."]
    assert literal_fragments("{n, plural, one {# entry} other {# entries}} on this device") == [
        " entry",
        " entries",
        "",
        " on this device",
    ]
    assert literal_fragments("Read <0>the guide</0> first") == ["Read ", "the guide", " first"]
    assert literal_fragments("It''s {n}") == ["It's "]


def test_a_translated_page_has_nothing_to_report():
    page = "Guardar · Total · Vale · Registro guardado: dolor 7 a las 10:00. 3 registros aún sin enviar"
    assert found(page) == []


def test_english_msgids_and_their_fragments_are_found():
    assert found("Save") == ["Save"]
    assert found("Registro guardado. Entry saved: pain 7 at 10:00.") == ["Entry saved: pain"]
    assert found("3 entries not yet sent") == ["entries not yet sent"]
    assert found("Dolor torácico, Chest pain") == ["Chest pain"]
    assert found("Seen by Dr Ruiz on 3 May") == ["Seen by"]
    assert found("Sync status: Sincronizado") == ["Sync status"]


def test_word_boundaries_and_case_are_respected_and_short_or_same_words_ignored():
    assert found("Saved, save, Saves, saveAll") == []
    assert found("Regional, Regiones") == []
    assert found("Total OK Pain 7") == []  # the same in Spanish; too short; a one-word fragment
    assert found("0,5 mg/kg en 60 min") == []  # a fragment the translation keeps
    assert found("Typical IV infusions: 0.5–1 mg/kg") == ["Typical IV infusions"]
    assert found("Chest\n pain") == ["Chest pain"]  # across a line break


def test_a_phrase_inside_a_longer_one_found_is_not_reported_twice():
    catalogue = EnglishCatalogue([("Delete", "Eliminar", PWA), ("Delete entry", "Eliminar registro", PWA)])
    assert [f.text for f in catalogue.find("Delete entry")] == ["Delete entry"]
    assert [f.text for f in catalogue.find("Delete entry · Delete")] == ["Delete entry", "Delete"]


def test_the_findings_name_their_msgid_catalogue_and_context():
    (finding,) = CATALOGUE.find("Hoy: Entry saved: pain 7 at 10:00.")
    assert finding.msgid == "Entry saved: pain {pain} at {time}."
    assert finding.source == PWA
    assert "Hoy: Entry saved: pain 7" in str(finding)


def test_the_patients_own_words_are_left_out_whole_or_cut_short():
    note = "Heart was racing during the infusion; they paused it and it settled."
    assert without_own_words(f"Notas: “{note}” · Guardar", note) == "Notas: “\n” · Guardar"
    assert without_own_words(f"Notas: “{note[:40]}” · Guardar", note) == "Notas: “\n” · Guardar"
    assert without_own_words("Notas: “Heart was”", note) == "Notas: “Heart was”"  # too short to tell


def test_the_real_catalogues_load():
    catalogue = english_catalogue()
    assert "Synced" in catalogue  # the sync badge's word (translated or not, it is English)


HTML = """<!doctype html><html lang="es"><body>
<h2>Hoy</h2>
<button type="button">Guardar</button>
<button type="button" aria-label="Save">💾</button>
<p style="display:none">Chest pain</p>
<p hidden>Save</p>
<span style="position:absolute;clip:rect(0 0 0 0);width:1px;height:1px;overflow:hidden">Sync status:</span>
<div lang="en"><p>Entry saved: pain 5 at 09:00.</p><button aria-label="Save">x</button></div>
<input placeholder="Region">
<div class="notes">Chest pain since Monday</div>
<div style="display:none"><button title="Chest pain">y</button></div>
</body></html>"""


@pytest.mark.browser
def test_on_a_page_visible_text_and_names_count_hidden_and_other_language_text_does_not(page):
    page.set_content(HTML)

    findings = english_on_page(page, catalogue=CATALOGUE)

    # Visible: the button's aria-label, the visually hidden status words, the placeholder, and
    # the patient's note. Not: display:none, hidden, the lang="en" part, a hidden title.
    assert sorted(f.text for f in findings) == ["Chest pain", "Region", "Save", "Sync status"]
    assert [f.text for f in english_on_page(page, catalogue=CATALOGUE, ignore=[".notes"])].count(
        "Chest pain"
    ) == 0
    own = english_on_page(page, catalogue=CATALOGUE, own_words=["Chest pain since Monday"])
    assert "Chest pain" not in [f.text for f in own]

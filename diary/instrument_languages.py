"""The instruments in other languages: only published translations, word for word (decision 101).

A validated questionnaire is not ours to translate: a translation changes what it measures
unless it was itself validated. So an instrument is shown in a language only when its makers
published it in that language; otherwise in English, with a one-line note in the reader's
language (LANGUAGE_NOTE). Bands are our words about a score, not the instrument's, and are
translated through the catalogues like every label (diary.catalogue).

- PHQ-9 and GAD-7, Spanish: "Spanish for USA" versions from the PHQ screeners (Pfizer;
  phqscreeners.com; "No permission required to reproduce, translate, display or distribute").
  The items, the stem and the answers are the published text; title and recall are ours.
- PEG: no published Spanish translation (Krebs et al. 2009 is English only): English.

tests/diary/instrument_wording_es.json was typed separately from the published forms.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from diary.catalogue import Instrument

SOURCE_LANGUAGE = "en"  # the language of diary.catalogue.INSTRUMENTS' wording

LANGUAGE_NOTE = _("This questionnaire is shown in English: no validated published translation exists.")


@dataclass(frozen=True)
class Wording:
    """An instrument's published text in one language: what replaces the English."""

    title: str
    citation: str
    recall: str
    stem: str
    items: tuple[str, ...]
    answers: tuple[tuple[int, str], ...]


_FRECUENCIA = (
    (0, "Ningún día"),
    (1, "Varios días"),
    (2, "Más de la mitad de los días"),
    (3, "Casi todos los días"),
)
_PFIZER_ES = (
    "Elaborado por los doctores Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke y colegas, "
    "mediante una subvención educativa otorgada por Pfizer Inc. No se requiere permiso para "
    "reproducir, traducir, presentar o distribuir."
)
_STEM_ES = (
    "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?"
)

PUBLISHED: dict[str, dict[str, Wording]] = {
    "phq9": {
        "es": Wording(
            title="PHQ-9: Cuestionario sobre la salud del paciente (depresión)",
            citation=_PFIZER_ES,
            recall="las últimas 2 semanas",
            stem=_STEM_ES,
            items=(
                "Poco interés o placer en hacer cosas",
                "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
                "Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado",
                "Se ha sentido cansado(a) o con poca energía",
                "Sin apetito o ha comido en exceso",
                "Se ha sentido mal con usted mismo(a) – o que es un fracaso o que ha quedado mal con "
                "usted mismo(a) o con su familia",
                "Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el "
                "periódico o ver la televisión",
                "¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo "
                "contrario – muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal",
                "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera",
            ),
            answers=_FRECUENCIA,
        ),
    },
    "gad7": {
        "es": Wording(
            title="GAD-7: Escala del trastorno de ansiedad generalizada",
            citation=_PFIZER_ES,
            recall="las últimas 2 semanas",
            stem=_STEM_ES,
            items=(
                "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta",
                "No ha sido capaz de parar o controlar su preocupación",
                "Se ha preocupado demasiado por motivos diferentes",
                "Ha tenido dificultad para relajarse",
                "Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)",
                "Se ha molestado o irritado fácilmente",
                "Ha tenido miedo de que algo terrible fuera a pasar",
            ),
            answers=_FRECUENCIA,
        ),
    },
}


def base_language(language: str | None) -> str:
    """ "es-ES", "es_es", "ES" → "es": the catalogues are per language, not per region."""
    return (language or SOURCE_LANGUAGE).replace("_", "-").split("-")[0].lower()


def text_language(instrument: Instrument, language: str) -> str:
    """The language the instrument is shown in for a reader of `language`: theirs if published."""
    language = base_language(language)
    return language if language in PUBLISHED.get(instrument.code, {}) else SOURCE_LANGUAGE


def instrument_in(instrument: Instrument, language: str) -> Instrument:
    """The instrument worded in `language` when published in it, else as it is (English).

    Only the words change: codes, ranges, scoring, bands and schedule are the instrument's.
    """
    wording = PUBLISHED.get(instrument.code, {}).get(base_language(language))
    if wording is None:
        return instrument
    items = tuple(
        dataclasses.replace(item, text=text, answers=wording.answers if item.answers else ())
        for item, text in zip(instrument.items, wording.items, strict=True)
    )
    return dataclasses.replace(
        instrument,
        title=wording.title,
        citation=wording.citation,
        recall=wording.recall,
        stem=wording.stem,
        items=items,
    )


def language_note(instrument: Instrument, language: str) -> str | None:
    """One line in the reader's language when the instrument is not shown in it; else None."""
    language = base_language(language)
    if language == SOURCE_LANGUAGE or text_language(instrument, language) == language:
        return None
    return str(LANGUAGE_NOTE)

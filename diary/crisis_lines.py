"""Which crisis lines a reader is shown: per language by default, the deployment's when set.

settings.CRISIS_LINE_DEFAULTS holds a list per language (decision 102); settings.CRISIS_LINES
is the deployment's own list when the environment sets it, else the English default. So:
- CRISIS_LINES differs from the English default: it was set, and every language gets it
  (a deployment knows its own country's numbers better than any default);
- else the reader's language's defaults, or the English ones for a language without any.
catalog/ serves the request language's lines; the portal shows the clinician's.
"""

from __future__ import annotations

from django.conf import settings

from diary.instrument_languages import base_language

FIELDS = ("name", "number", "region")


def _copy(lines: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{field: line[field] for field in FIELDS} for line in lines]


def crisis_lines_for(language: str) -> list[dict[str, str]]:
    """The crisis lines to show a reader of `language` ("es", "es-ES", "en"…): fresh dicts."""
    defaults: dict[str, list[dict[str, str]]] = settings.CRISIS_LINE_DEFAULTS
    english = defaults["en"]
    if english != settings.CRISIS_LINES:
        return _copy(settings.CRISIS_LINES)
    return _copy(defaults.get(base_language(language), english))

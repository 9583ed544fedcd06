"""The crisis lines the portal shows beside a self-harm red flag, for the language the page is in
(diary.crisis_lines: each language's defaults, or the deployment's CRISIS_LINES setting)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from diary.crisis_lines import crisis_lines_for


def crisis_lines() -> list[dict[str, str]]:
    """The crisis lines for the active language: [{"name", "number", "region"}, …]."""
    return crisis_lines_for(translation.get_language() or settings.LANGUAGE_CODE)

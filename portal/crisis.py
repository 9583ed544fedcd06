"""The crisis lines the portal shows beside a self-harm red flag, for the language the page is in.

diary.crisis_lines (S2, decision on crisis lines per locale) gives each language's default
lines, overridable by setting; until that module is in, the deployment's settings.CRISIS_LINES.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

try:  # diary.crisis_lines arrives with the catalogue's translations (another branch)
    from diary.crisis_lines import crisis_lines_for
except ImportError:  # pragma: no cover - removed once both branches are merged
    crisis_lines_for = None


def crisis_lines() -> list[dict[str, str]]:
    """The crisis lines for the active language: [{"name", "number", "region"}, …]."""
    if crisis_lines_for is None:
        return list(settings.CRISIS_LINES)
    return crisis_lines_for(translation.get_language() or settings.LANGUAGE_CODE)

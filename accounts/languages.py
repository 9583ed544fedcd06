"""Which language to write to a person in (docs/translating.md)."""

from __future__ import annotations

from django.conf import settings


def supported(code: str | None) -> str | None:
    """The code if it is one of settings.LANGUAGES, else None."""
    return code if code and code in dict(settings.LANGUAGES) else None


def language_for(user: object) -> str:
    """The language for what reaches someone away from the screen (push, email): their choice,
    else the deployment's default."""
    return supported(getattr(user, "language", "")) or settings.LANGUAGE_CODE

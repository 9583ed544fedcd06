"""`{% load portal_header %}{% open_red_flags_count %}`: the signed-in clinician's open red
flags, for the header of every portal page (one query); `{% portal_languages %}`: the
language switch's choices."""

from __future__ import annotations

from django import template

from care import red_flags
from portal import language

register = template.Library()


@register.simple_tag(takes_context=True)
def open_red_flags_count(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_clinician:
        return 0
    return red_flags.red_flag_open_count(clinician=user)


@register.simple_tag
def portal_languages() -> list[dict[str, str]]:
    """The header's language buttons, each language named in itself."""
    return language.language_choices()

"""The portal's language: the clinician's own choice (accounts.User.language), else the browser's.

A clinician reads the portal, the PDF and the care team's emails in their language, whatever
their patients' (decision 105). `in_clinician_language` wraps a portal view so that it renders
in the language the clinician chose, when they chose one; otherwise LocaleMiddleware's
(Accept-Language) stands. `switch` is the header's English / Español form: it stores the
choice and goes back to the page it was posted from.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.languages import supported


def in_clinician_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Render the view in the signed-in clinician's chosen language, if any (Content-Language too)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        chosen = supported(getattr(request.user, "language", ""))
        if not chosen:
            return view(request, *args, **kwargs)
        with translation.override(chosen):
            request.LANGUAGE_CODE = chosen
            response = view(request, *args, **kwargs)
        response.headers["Content-Language"] = chosen
        return response

    return wrapper


def language_choices() -> list[dict[str, str]]:
    """The header's buttons: each language named in itself ("English", "Español")."""
    return [{"code": code, "name": name} for code, name in settings.LANGUAGES]


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` posted with the form if it is a path on this site, else `default`."""
    target = request.POST.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith("/") else default


def switch(request: HttpRequest) -> HttpResponse:
    """Store the clinician's language (one of settings.LANGUAGES, else 400) and go back."""
    code = request.POST.get("language", "")
    if supported(code) is None:
        raise BadRequest(_("language: not one of the languages this service speaks."))
    user = request.user
    if user.language != code:
        user.language = code
        user.save(update_fields=["language"])
    return redirect(safe_next(request, default="/care/"))

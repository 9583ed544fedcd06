"""The language a request is answered in (docs/translating.md, decision 95).

- API requests (`/api/`, `/_allauth/`): the language Accept-Language names first among
  settings.LANGUAGES, else the signed-in user's choice (`User.language`), else LANGUAGE_CODE.
  The PWA sends the language it shows on every call, so what it shows and what the API
  answers agree even before the choice reaches the server.
- Pages (the portal, the admin, the PWA shell): the signed-in user's choice, else
  Accept-Language, else LANGUAGE_CODE. A clinician who chose Spanish reads the portal in
  Spanish on any browser.

Django's `django_language` cookie and language prefixes in URLs are not used.
config.middleware.RequestLanguageMiddleware applies the rule; an app's `X-Session-Token` is
only known once DRF authenticates it, so api.authentication applies the user's choice then
(`token_user_language`), with no query of its own.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import trans_real

from accounts.languages import supported

API_PREFIXES = ("/api/", "/_allauth/")
VARY_ATTR = "_language_vary"  # the request headers the language was read from, for `Vary`


def from_header(request: HttpRequest) -> str | None:
    """The first supported language of Accept-Language, by preference ("es-ES" is "es")."""
    header = request.headers.get("Accept-Language", "")
    if len(header) > 255:  # Django's own limit: a longer header is ignored
        return None
    for code, _quality in trans_real.parse_accept_lang_header(header):
        if code == "*":
            continue
        try:
            return trans_real.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIXES)


def _use(request: HttpRequest, language: str, vary: tuple[str, ...]) -> str:
    translation.activate(language)
    request.LANGUAGE_CODE = language
    setattr(request, VARY_ATTR, vary)
    return language


def _chosen(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    return supported(user.language) if user is not None and user.is_authenticated else None


def request_language_activate(request: HttpRequest) -> str:
    """Choose the request's language by the rule above, activate it, and return it.

    The signed-in user is the browser session's (`request.user`, from the sign-in cache); an
    API request naming a language we offer does not even look.
    """
    header = from_header(request)
    if is_api(request) and header:
        return _use(request, header, ("Accept-Language",))
    chosen = _chosen(request)
    if chosen:
        return _use(request, chosen, ("Accept-Language", "Cookie"))
    return _use(request, header or settings.LANGUAGE_CODE, ("Accept-Language", "Cookie"))


def token_user_language(request: HttpRequest, user) -> None:
    """An API request signed in by `X-Session-Token` without a supported Accept-Language:
    answered in the user's choice, if any."""
    if from_header(request):
        return
    chosen = supported(getattr(user, "language", ""))
    if chosen:
        _use(request, chosen, ("Accept-Language", "X-Session-Token"))

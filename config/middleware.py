"""Cross-cutting request and response handling: permissions policy, no-store, body size, session
timeouts, the request's language, MFA.

Each class is small and says what it defends; docs/security.md lists them with the threat.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, logout
from django.contrib.sessions.backends.base import UpdateError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_vary_headers

from accounts import sessions
from accounts.backends import LEGACY_BACKENDS
from accounts.request_language import VARY_ATTR, request_language_activate
from accounts.services import mfa_required_but_missing
from accounts.token_strategy import TOKEN_SESSION_ATTR
from accounts.user_cache import user_by_id

PRIVATE_PREFIXES = ("/api/v1/", "/_allauth/", "/care/", "/accounts/", "/admin/")


def error_response(status: int, code: str, detail: str) -> JsonResponse:
    """The API's error shape (drf-standardized-errors) for answers given before any view."""
    body = {"type": "client_error", "errors": [{"code": code, "detail": detail, "attr": None}]}
    return JsonResponse(body, status=status)


class PermissionsPolicyMiddleware:
    """`Permissions-Policy` on every response (settings.PERMISSIONS_POLICY): the browser features
    the app never uses (camera, microphone, location, payment, USB…) are off for it and for
    anything it might embed, so an injected script cannot ask for them either.

    Outermost, so API answers, pages, static and PWA files and errors all carry it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})" for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class NoStoreMiddleware:
    """Health data is never cached: `Cache-Control: no-store` on every private response.

    A view that sets its own Cache-Control (the public catalogue) keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(PRIVATE_PREFIXES) and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


class BodySizeLimitMiddleware:
    """A body larger than its path's limit is refused with 413 before anything reads it.

    settings.REQUEST_MAX_BYTES, or a path's larger limit (settings.REQUEST_BODY_LIMITS),
    checked against Content-Length for every request; without Content-Length (chunked)
    Django reads no body at all. Django's DATA_UPLOAD_MAX_MEMORY_SIZE (one size, a 400) is off.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.REQUEST_BODY_LIMITS.get(request.path, settings.REQUEST_MAX_BYTES)
        if length > limit:
            return error_response(413, "payload_too_large", f"The request body may be at most {limit} bytes.")
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """Ends sessions that were idle or alive too long (accounts.sessions), cookie or token.

    Runs after SessionMiddleware and before AuthenticationMiddleware reads the user, so an
    expired session is simply not signed in: the API answers 401, pages ask to sign in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.store = import_module(settings.SESSION_ENGINE).SessionStore

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request.headers.get("X-Session-Token")
        if token and len(token) <= 64:
            session = self.store(session_key=token)
            if self.check_token(session):  # allauth's lookup reuses it (accounts.token_strategy)
                setattr(request, TOKEN_SESSION_ATTR, session)
        if sessions.is_signed_in(request.session) and not self.check(request.session):
            logout(request)
        return self.get_response(request)

    def check(self, session) -> bool:
        """True if the session may go on (stamped and touched); False if it has expired.

        Writes nothing on most requests: the last-use stamp at most once a minute
        (sessions.TOUCH_EVERY), a session of a retired backend path once.
        """
        if sessions.STARTED not in session:
            user = user_by_id(session[SESSION_KEY])
            if user is None:
                return True  # Django's own check signs it out
            sessions.session_stamp(session, user)
        if sessions.session_expired(session):
            return False
        sessions.session_touch(session)
        backend = session.get(BACKEND_SESSION_KEY)
        if backend in LEGACY_BACKENDS:
            session[BACKEND_SESSION_KEY] = LEGACY_BACKENDS[backend]
        return True

    def check_token(self, session) -> bool:
        """False if the token's session was ended (expired, or ended while it was saved)."""
        if not sessions.is_signed_in(session):
            return True
        if not self.check(session):
            session.delete()
            return False
        if session.modified:
            try:
                session.save()
            except UpdateError:  # ended by another request meanwhile: it stays ended
                return False
        return True


class RequireMfaMiddleware:
    """With REQUIRE_MFA_FOR_STAFF, staff and clinicians without a second factor are sent to set one up.

    Covers the admin and the care-team portal; the clinician API refuses them in
    api.permissions.IsClinician. Recovery codes alone do not count.
    """

    PATHS = ("/admin/", "/care/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.REQUIRE_MFA_FOR_STAFF
            and request.path.startswith(self.PATHS)
            and mfa_required_but_missing(user=request.user)
        ):
            return redirect(settings.MFA_SETUP_URL)
        return self.get_response(request)


class RequestLanguageMiddleware:
    """Answers each request in its language (accounts.request_language, docs/translating.md).

    After AuthenticationMiddleware, so a browser session's choice is known (an app token's is
    applied when DRF authenticates it). Sets `request.LANGUAGE_CODE`, `Content-Language`,
    and `Vary` on the headers the choice read.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_language_activate(request)
        response = self.get_response(request)
        patch_vary_headers(response, getattr(request, VARY_ATTR))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        if not response.streaming:  # a streamed body is written later, in this language
            translation.deactivate()
        return response

"""allauth's session tokens (HEADLESS_TOKEN_STRATEGY), looked up once per request.

allauth's own strategy asks the store whether the token exists, then loads it (two reads);
config.middleware.SessionTimeoutMiddleware has already loaded it to check its timeouts. This
strategy takes that copy when the request has one (`TOKEN_SESSION_ATTR`), else loads it once.
"""

from __future__ import annotations

from allauth.core import context
from allauth.headless.internal import sessionkit
from allauth.headless.tokens.strategies.sessions import SessionTokenStrategy as AllauthStrategy
from django.contrib.sessions.backends.base import SessionBase

TOKEN_SESSION_ATTR = "_x_session_token_store"


class SessionTokenStrategy(AllauthStrategy):
    def lookup_session(self, session_token: str) -> SessionBase | None:
        loaded = getattr(context.request, TOKEN_SESSION_ATTR, None)
        if loaded is not None and loaded.session_key == session_token:
            return loaded
        return sessionkit.lookup_session(session_token)

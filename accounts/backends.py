"""Authentication backends that read the signed-in user from the sign-in cache (accounts.user_cache).

They sign in exactly as Django's ModelBackend and allauth's backend do; only `get_user`, which
every request of a signed-in session calls, differs. Sessions started under the old backends'
paths are moved to these by config.middleware.SessionTimeoutMiddleware (`LEGACY_BACKENDS`).
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from accounts.user_cache import user_by_id

LEGACY_BACKENDS = {
    "django.contrib.auth.backends.ModelBackend": "accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": "accounts.backends.AuthenticationBackend",
}


class CachedUserMixin:
    def get_user(self, user_id):
        user = user_by_id(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(CachedUserMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(CachedUserMixin, AllauthBackend):
    pass

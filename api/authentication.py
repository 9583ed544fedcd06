"""allauth's `X-Session-Token` for app clients, answering 401 (not 403) when it is missing.

A request it signs in is answered in the user's chosen language when Accept-Language names
none we offer (accounts.request_language: the middleware cannot see a token's user).
"""

from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from accounts.request_language import token_user_language


class SessionTokenAuthentication(XSessionTokenAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            token_user_language(request._request, result[0])
        return result

    def authenticate_header(self, request) -> str:
        return 'X-Session-Token realm="api"'


class SessionTokenScheme(OpenApiAuthenticationExtension):
    """Describes the `X-Session-Token` header in the OpenAPI schema."""

    target_class = "api.authentication.SessionTokenAuthentication"
    name = "sessionToken"

    def get_security_definition(self, auto_schema) -> dict:
        return {"type": "apiKey", "in": "header", "name": "X-Session-Token"}

"""Cross-cutting response headers."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PRIVATE_PREFIXES = ("/api/v1/", "/_allauth/", "/care/", "/accounts/", "/admin/")


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

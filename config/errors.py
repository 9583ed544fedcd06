"""Error pages: JSON in the API's error shape under /api/, Django's HTML pages elsewhere.

A path the API's URL patterns do not match (a malformed id, a typo) is still an API answer:
a 404 a client can parse, never an HTML page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from config.middleware import error_response


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception) -> HttpResponse:
    if _is_api(request):
        return error_response(400, "bad_request", "The request could not be understood.")
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception) -> HttpResponse:
    if _is_api(request):
        return error_response(403, "permission_denied", "You do not have permission to do this.")
    return defaults.permission_denied(request, exception)


def not_found(request: HttpRequest, exception) -> HttpResponse:
    if _is_api(request):
        return error_response(404, "not_found", "Not found.")
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        body = {
            "type": "server_error",
            "errors": [{"code": "error", "detail": "A server error occurred.", "attr": None}],
        }
        return JsonResponse(body, status=500)
    return defaults.server_error(request)

"""Serves the built PWA (frontend/dist) at `/`; its hashed assets are served by WhiteNoise."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET


@require_GET
@ensure_csrf_cookie  # the PWA reads `csrftoken` to call allauth's browser API
def app_shell(request: HttpRequest) -> HttpResponse:
    index = settings.FRONTEND_DIST / "index.html"
    if index.exists():
        response = FileResponse(index.open("rb"), content_type="text/html; charset=utf-8")
        response["Cache-Control"] = "no-cache"
        return response
    return render(request, "frontend_missing.html", status=200)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    worker = settings.FRONTEND_DIST / "sw.js"
    if not worker.exists():
        raise Http404("The PWA has not been built.")
    response = FileResponse(worker.open("rb"), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response

"""Serves the built PWA (frontend/dist) at `/`; its hashed assets are served by WhiteNoise.

The shell (`index.html`) and the service worker (`sw.js`) come through these views. The
build writes a brotli and a gzip copy beside each (frontend/scripts/compress.mjs); the view
sends the smallest one the browser accepts, as WhiteNoise does for the other files.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

# Preferred first: brotli is the smaller of the two.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


def accepted_encodings(header: str) -> set[str]:
    """The content codings an Accept-Encoding header accepts (q=0 refuses one)."""
    accepted = set()
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if coding and quality > 0:
            accepted.add(coding.strip().lower())
    return accepted


def file_response(request: HttpRequest, path: Path, content_type: str) -> FileResponse:
    """`path`, or its pre-compressed copy when the browser accepts it; varies on Accept-Encoding."""
    accepted = accepted_encodings(request.headers.get("Accept-Encoding", ""))
    chosen, encoding = path, None
    for coding, suffix in ENCODINGS:
        variant = path.with_name(path.name + suffix)
        if (coding in accepted or "*" in accepted) and variant.is_file():
            chosen, encoding = variant, coding
            break
    response = FileResponse(chosen.open("rb"), content_type=content_type)
    if encoding:
        response["Content-Encoding"] = encoding
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


@require_GET
@ensure_csrf_cookie  # the PWA reads `csrftoken` to call allauth's browser API
def app_shell(request: HttpRequest) -> HttpResponse:
    index = settings.FRONTEND_DIST / "index.html"
    if index.exists():
        response = file_response(request, index, "text/html; charset=utf-8")
        response["Cache-Control"] = settings.FRONTEND_REVALIDATE
        return response
    return render(request, "frontend_missing.html", status=200)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    worker = settings.FRONTEND_DIST / "sw.js"
    if not worker.exists():
        raise Http404("The PWA has not been built.")
    response = file_response(request, worker, "text/javascript")
    response["Cache-Control"] = settings.FRONTEND_REVALIDATE
    response["Service-Worker-Allowed"] = "/"
    return response

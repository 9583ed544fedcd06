"""Helpers for responses that carry health data: never cached, and binary downloads (PDF, ZIP)."""

from __future__ import annotations

from django.http import HttpResponse
from rest_framework.negotiation import BaseContentNegotiation

from care.report import SummaryPdf


class NoStoreMixin:
    """`Cache-Control: no-store` on every response of the view, errors included."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response


class DownloadNegotiation(BaseContentNegotiation):
    """For views that return files: ignore `Accept` and `?format=` (errors are still JSON).

    DRF would otherwise answer `Accept: application/pdf` with 406 and read `?format=csv`
    as a renderer name.
    """

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def pdf_response(pdf: SummaryPdf) -> HttpResponse:
    """A summary's PDF, shown inline under its own file name, never cached."""
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.filename}"'
    response["Cache-Control"] = "no-store"
    return response

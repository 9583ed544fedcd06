"""What the portal page and the PDF show of a summary: figures in words, the chart, the entries.

One context builder and one template partial (care/_summary.html) serve both, so the PDF
is the page, printed; the words come from care.figures_display. No HTTP here: a front end
turns a `SummaryPdf` into its response.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from care import figures_display
from care.charts import pain_chart
from care.errors import SummaryNotReady
from care.models import Summary, SummaryStatus
from diary import catalogue


def _side_effect_label(code: str | None) -> str:
    effect = catalogue.SIDE_EFFECTS.get(code or "")
    return effect.label if effect else (code or "")


def summary_context(*, summary: Summary) -> dict:
    """Template context for a ready summary (care/_summary.html).

    `display` is the figures in words (care.figures_display), or None for figures of an
    older version, which the page shows as being recomputed instead of half-converted.
    """
    figures = summary.figures or {}
    current = figures_display.is_current(figures)
    return {
        "summary": summary,
        "figures": figures,
        "display": figures_display.summary_display(figures, period_end=summary.period_end)
        if current
        else None,
        "chart": pain_chart(figures=figures, period_start=summary.period_start, period_end=summary.period_end)
        if current
        else None,
    }


def _in_own_offset(instant: dt.datetime, offset_minutes: int) -> str:
    """The time the patient saw on their device, e.g. 2026-03-12 00:30+01:00."""
    local = instant.astimezone(dt.timezone(dt.timedelta(minutes=offset_minutes or 0)))
    return local.isoformat(sep=" ", timespec="minutes")


def entry_rows(*, entries) -> list[dict]:
    """Entries (model instances) as table rows for the full-diary view."""
    return [
        {
            "entry": e,
            "recorded": _in_own_offset(e.recorded_at, e.recorded_offset),
            "side_effects": ", ".join(
                f"{_side_effect_label(s['code'])} ({catalogue.SEVERITIES.get(s['severity'], s['severity'])})"
                for s in e.side_effects
            ),
            "locations": ", ".join(catalogue.BODY_REGIONS.get(code, code) for code in e.locations),
            "pgic_label": catalogue.PGIC.get(e.pgic) if e.pgic else "",
        }
        for e in entries
    ]


def _no_fetch(url: str, *args, **kwargs):
    """WeasyPrint may load nothing from outside the document (no SSRF, no file reads)."""
    if url.startswith("data:"):
        from weasyprint import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"external resource refused: {url[:80]}")


@dataclass(frozen=True)
class SummaryPdf:
    filename: str
    content: bytes


def summary_pdf(*, summary: Summary, patient) -> SummaryPdf:
    """A ready summary as a PDF (SummaryNotReady otherwise): the portal's template, charts as inline SVG."""
    if summary.status != SummaryStatus.READY:
        raise SummaryNotReady()
    from weasyprint import HTML  # loads Pango: only when a PDF is asked for

    context = {**summary_context(summary=summary), "patient": patient, "printed_at": timezone.now()}
    html = render_to_string("care/summary_pdf.html", context)
    content = HTML(string=html, url_fetcher=_no_fetch, base_url=None).write_pdf()
    filename = f"pain-diary-summary-{summary.period_start:%Y%m%d}-{summary.period_end:%Y%m%d}.pdf"
    return SummaryPdf(filename=filename, content=content)

"""The pain chart of a summary as SVG geometry, drawn by a template (portal and PDF alike).

Pure: from the `daily` series and the administrations of `figures` to coordinates. A date
without an entry has no point, and the line breaks there (missing is never 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from care.figures_display import one_decimal
from diary import catalogue

WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 30, 12, 14, 30
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Marker:
    x: float
    label: str


@dataclass
class PainChart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    top: int = TOP
    bottom_edge: int = HEIGHT - BOTTOM
    gridlines: list[tuple[float, int]] = field(default_factory=list)  # (y, pain)
    date_labels: list[tuple[float, str, str]] = field(default_factory=list)  # (x, "1 Mar", anchor)
    lines: list[str] = field(default_factory=list)  # polyline "x,y x,y …" per run of days
    points: list[Point] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)  # administrations


def _short(d: date) -> str:
    """ "3 Mar": the month in the active language."""
    return formats.date_format(d, "j M")


def pain_chart(*, figures: dict, period_start: date, period_end: date) -> PainChart:
    days = max((period_end - period_start).days, 1)

    def x_of(d: date) -> float:
        return round(LEFT + PLOT_W * (d - period_start).days / days, 1)

    def y_of(pain: float) -> float:
        return round(TOP + PLOT_H * (10 - pain) / 10, 1)

    chart = PainChart()
    chart.gridlines = [(y_of(v), v) for v in range(0, 11, 2)]
    middle = period_start + (period_end - period_start) / 2
    anchors = {period_start: "start", period_end: "end"}
    chart.date_labels = [
        (x_of(d), _short(d), anchors.get(d, "middle")) for d in sorted({period_start, middle, period_end})
    ]
    run: list[str] = []
    previous: date | None = None
    for item in figures.get("daily", []):
        day = date.fromisoformat(item["date"])
        label = _("%(date)s: pain %(pain)s") % {"date": _short(day), "pain": one_decimal(item["pain"])}
        point = Point(x_of(day), y_of(item["pain"]), label)
        chart.points.append(point)
        if previous is not None and (day - previous).days != 1:
            chart.lines.extend([" ".join(run)] if len(run) > 1 else [])
            run = []
        run.append(f"{point.x},{point.y}")
        previous = day
    chart.lines.extend([" ".join(run)] if len(run) > 1 else [])
    for admin in figures.get("administrations", []):
        day = date.fromisoformat(admin["date"])
        phase = catalogue.PHASES.get(admin.get("phase") or "", _("Administration"))
        route = catalogue.ROUTES.get(admin.get("route") or "", admin.get("route") or "")
        chart.markers.append(Marker(x_of(day), f"{phase} {_short(day)} ({route})"))
    return chart

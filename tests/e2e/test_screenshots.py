"""Every screen of the PWA with the demo patient's 90 days, at a phone (360x740) and a tablet
(768x1024) size (and the narrowest phone, 320x640), light and dark, saved as
var/artifacts/screens/<screen>-<w>x<h>-<theme>.png (full page; CI keeps var/artifacts) for a
person to look at. Each screen must fit its width: nothing scrolls sideways.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.screens import TIMEZONE, demo_patient_with_summaries, walk

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "var" / "artifacts" / "screens"
SIZES = [(360, 740), (768, 1024), (320, 640)]  # the last: the narrowest phone, for the width check
EVERY_SCREEN = [
    "sign-in",
    "today",
    "entry-details",
    "treatment",
    "history",
    "charts",
    "outcome",
    "share",
    "sync",
    "reminders",
    "red-flags",
    "assessment",
    "install",
]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_screen_at_two_sizes(live_server, browser, theme):
    demo_patient_with_summaries()
    SCREENS.mkdir(parents=True, exist_ok=True)
    overflowing: dict[str, int] = {}
    for width, height in SIZES:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=theme,
            timezone_id=TIMEZONE,
            reduced_motion="reduce",
        )
        try:
            page = context.new_page()

            def shoot(name: str, page=page, width=width, height=height) -> None:
                wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if wider > 0:
                    overflowing[f"{name}-{width}"] = wider
                # The whole page in one window as tall as it, so the fixed tab bar is drawn at its foot.
                tall = page.evaluate("document.documentElement.scrollHeight")
                page.set_viewport_size({"width": width, "height": max(height, tall)})
                page.screenshot(path=str(SCREENS / f"{name}-{width}x{height}-{theme}.png"))
                if name == "charts":  # the charts alone too (they end a long History page)
                    page.locator("section.charts").screenshot(
                        path=str(SCREENS / f"charts-only-{width}x{height}-{theme}.png")
                    )
                page.set_viewport_size({"width": width, "height": height})

            assert walk(page, live_server.url, shoot) == EVERY_SCREEN
        finally:
            context.close()
    assert overflowing == {}
    for width, height in SIZES:
        for name in EVERY_SCREEN:
            assert (SCREENS / f"{name}-{width}x{height}-{theme}.png").stat().st_size > 0

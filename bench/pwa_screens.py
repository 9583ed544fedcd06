"""Measure the script time the PWA spends rendering History and Treatment with two years of
diary on the device (issue 16: under 1 s), against the Today screen in the same browser.

Needs the built PWA (`npm --prefix frontend run build`) and Chromium. Starts a live server on
a throwaway test database, pushes two years of records for a patient through the sync engine
(tests/e2e/two_years.py: ~1,100 entries, ~100 infusions, ~1,700 intakes), signs in with
Playwright and waits for the first sync to bring them to IndexedDB. Then, several times, it
switches screens with the tab bar and reads Chromium's ScriptDuration (CDP
Performance.getMetrics) before the tap and once the screen has finished rendering (its
content is shown and the main thread is idle): the JavaScript run to show that screen,
Dexie's reads included. The first visit of a screen also loads its chunk; it is reported
apart, and the median is of the later visits.

    .venv/bin/python bench/pwa_screens.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.pwa_save import DIST, start_server  # noqa: E402

GOAL_MS = 1000
EMAIL, PASSWORD = "bench-screens@example.com", "bench-password-1"

# What each screen shows once rendered (its final state, after Dexie's reads).
READY = {
    "Today": "document.querySelector('[role=radiogroup]') !== null",
    "History": "!!document.querySelector('#history-month-title') && !!document.querySelector('section.day')",
    "Treatment": "!!document.querySelector('details.day-group') && !!document.querySelector('.adm-card')",
}
IDLE = "new Promise((resolve) => requestIdleCallback(() => resolve(true), { timeout: 2000 }))"


def script_ms(cdp) -> float:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return metrics["ScriptDuration"] * 1000


def visit(page, cdp, screen: str) -> tuple[float, int]:
    """Script time (ms) to show `screen` from another one, and how many elements it rendered."""
    from tests.e2e.conftest import open_screen

    page.evaluate(IDLE)
    before = script_ms(cdp)
    open_screen(page, screen)
    page.wait_for_function(READY[screen], timeout=30_000)
    page.evaluate(IDLE)
    page.wait_for_timeout(150)  # a liveQuery's second answer (the month's rows after its bounds)
    page.evaluate(IDLE)
    elapsed = script_ms(cdp) - before
    return elapsed, page.evaluate("document.querySelectorAll('#main *').length")


def measure(url: str, runs: int) -> dict[str, tuple[float, list[float], int]]:
    from playwright.sync_api import expect, sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, PHONE, sign_in, sync_state

    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context(
            viewport=PHONE, bypass_csp=True
        ).new_page()  # wait_for_function evaluates text
        sign_in(page, url, EMAIL, PASSWORD)
        expect(sync_state(page)).to_have_text("Synced", timeout=120_000)
        held = page.evaluate(
            "new Promise((ok) => { const o = indexedDB.open('paindiary'); o.onsuccess = () => {"
            " const t = o.result.transaction(['entries', 'medications', 'administrations']);"
            " Promise.all(['entries', 'medications', 'administrations'].map((s) => new Promise((r) => {"
            " const q = t.objectStore(s).count(); q.onsuccess = () => r(q.result); }))).then(ok); }; })"
        )
        print(f"on the device: {held[0]} entries, {held[1]} intakes, {held[2]} doses and infusions")
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        results: dict[str, tuple[float, list[float], int]] = {}
        first: dict[str, float] = {}
        samples: dict[str, list[float]] = {name: [] for name in READY}
        elements: dict[str, int] = {}
        for run in range(runs + 1):
            for screen in ("History", "Today", "Treatment", "Today"):
                ms, count = visit(page, cdp, screen)
                if screen not in first:
                    first[screen] = ms
                elif not (screen == "Today" and run == 0):
                    samples[screen].append(ms)
                elements[screen] = count
        for screen in READY:
            results[screen] = (first[screen], samples[screen], elements[screen])
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not (DIST / "index.html").exists():
        sys.exit("Build the PWA first: npm --prefix frontend run build")

    from accounts.services import user_create
    from tests.e2e.two_years import seed_two_years

    setup_test_environment()
    connection = connections["default"]
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    server = start_server()
    try:
        patient = user_create(email=EMAIL, password=PASSWORD, role="patient")
        counts = seed_two_years(patient.pk)
        print("pushed: " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())))
        results = measure(f"http://localhost:{server.port}", args.runs)
    finally:
        server.terminate()
        connection.creation.destroy_test_db(old_name, verbosity=0)

    today = statistics.median(results["Today"][1])
    print(f"script time to render a screen (Chromium ScriptDuration), median of {args.runs} visits:")
    for screen, (cold, warm, count) in results.items():
        median = statistics.median(warm)
        verdict = (
            ""
            if screen == "Today"
            else f"  goal < {GOAL_MS} ms {'OK' if max(cold, median) < GOAL_MS else 'OVER'}"
        )
        print(
            f"  {screen:10} {median:7.1f} ms (max {max(warm):6.1f}, first visit {cold:6.1f})  "
            f"{median / today:5.1f}× Today  {count:5} elements{verdict}"
        )


if __name__ == "__main__":
    main()

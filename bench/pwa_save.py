"""Measure the PWA budgets of DESIGN.md: initial JavaScript ≤ 100 KB gzipped, saving an
entry offline ≤ 50 ms, the app shell loads offline.

Needs the built PWA (`npm --prefix frontend run build`) and Chromium. Starts a live server
on a throwaway test database, signs a patient in with Playwright, goes offline, reloads,
logs entries, and reads the `entry-save` measure the app records around each save (from the
tap on Save to the committed IndexedDB transaction holding the entry and its outbox row).

    .venv/bin/python bench/pwa_save.py [--saves 30]
"""

from __future__ import annotations

import argparse
import gzip
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
from django.test.testcases import LiveServerThread  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tests.e2e.bundle import initial_js  # noqa: E402  (the JS budget test counts the same way)

DIST = ROOT / "frontend" / "dist"
JS_BUDGET_KB = 100
SAVE_BUDGET_MS = 50


def start_server() -> LiveServerThread:
    shared = {}
    for conn in connections.all():
        if conn.vendor == "sqlite" and conn.is_in_memory_db():
            conn.inc_thread_sharing()
            shared[conn.alias] = conn
    thread = LiveServerThread("localhost", lambda app: app, connections_override=shared, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    return thread


def loaded_js(page) -> list[str]:
    """Paths of the scripts the page has loaded so far."""
    names = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    names = [n for n in names if n.endswith(".js")]
    return sorted({"/" + n.split("/", 3)[3] for n in names if "/assets/" in n})


def measure_saves(url: str, saves: int) -> tuple[list[float], bool, list[str]]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, PHONE, log_pain, sign_in, wait_for_service_worker

    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport=PHONE).new_page()
        sign_in(page, url, "bench-pwa@example.com", "bench-password-1")
        wait_for_service_worker(page)
        page.reload()
        page.get_by_role("radiogroup", name="Pain now").wait_for()
        page.wait_for_timeout(500)
        at_start = [f"/{p}" if not p.startswith("/") else p for p in loaded_js(page)]
        page.context.set_offline(True)
        page.reload()
        page.get_by_role("radiogroup", name="Pain now").wait_for()
        shell_offline = True
        for i in range(saves):
            log_pain(page, i % 11)
        durations = page.evaluate("performance.getEntriesByName('entry-save').map(e => e.duration)")
        browser.close()
    return durations, shell_offline, at_start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=30)
    args = parser.parse_args()
    if not (DIST / "index.html").exists():
        sys.exit("Build the PWA first: npm --prefix frontend run build")

    scripts = initial_js(DIST)
    total = sum(gz for _, _, gz in scripts) / 1024
    print("initial JavaScript (gzip -9):")
    for path, raw, gz in scripts:
        print(f"  {path}: {raw / 1024:.1f} KB, {gz / 1024:.1f} KB gzipped")
    verdict = "OK" if total <= JS_BUDGET_KB else "OVER"
    print(f"  total {total:.1f} KB gzipped (budget {JS_BUDGET_KB} KB) {verdict}")

    from accounts.services import user_create

    setup_test_environment()
    connection = connections["default"]
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    server = start_server()
    try:
        user_create(email="bench-pwa@example.com", password="bench-password-1", role="patient")
        durations, shell_offline, at_start = measure_saves(f"http://localhost:{server.port}", args.saves)
    finally:
        server.terminate()
        connection.creation.destroy_test_db(old_name, verbosity=0)

    started = sum(len(gzip.compress((DIST / p.lstrip("/")).read_bytes(), compresslevel=9)) for p in at_start)
    print(f"JavaScript loaded to show Today: {started / 1024:.1f} KB gzipped ({', '.join(at_start)})")
    durations.sort()
    median = statistics.median(durations)
    p95 = durations[max(0, int(len(durations) * 0.95) - 1)]
    print(f"app shell loaded offline: {'yes' if shell_offline else 'NO'}")
    print(
        f"saving an entry offline, {len(durations)} saves: median {median:.1f} ms, p95 {p95:.1f} ms, "
        f"max {durations[-1]:.1f} ms (budget {SAVE_BUDGET_MS} ms) {'OK' if p95 <= SAVE_BUDGET_MS else 'OVER'}"
    )


if __name__ == "__main__":
    main()

"""Lighthouse on the built PWA, served as in production: Django with DEBUG off, WhiteNoise
sending the pre-compressed files. Prints, for the sign-in page and for the Today screen
(signed in with a session cookie): the performance, accessibility and best-practices scores,
the text-compression and cache-policy audits, and the metrics behind the performance score.

Goals (issue 15): performance ≥ 95, accessibility 100, both audits passing. The
performance score is a simulated-throttling estimate and moves a few points between runs:
it is printed as the median of `--runs` runs, never asserted in a test.

Needs the built PWA (`npm --prefix frontend run build`) and Chromium.

    .venv/bin/python bench/lighthouse.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tests.e2e import lighthouse  # noqa: E402

DIST = ROOT / "frontend" / "dist"


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


def session_cookie() -> str:
    """A signed-in patient's session, as the Cookie header a browser would send."""
    from accounts.services import user_create

    user = user_create(email="bench-lighthouse@example.com", password="bench-password-1", role="patient")
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def report(name: str, runs: list[dict]) -> None:
    last = runs[-1]
    print(f"\n{name} ({last['url']}), {len(runs)} run{'s' if len(runs) > 1 else ''}:")
    for category in lighthouse.CATEGORIES:
        values = [r["scores"][category] for r in runs]
        shown = f"median {statistics.median(values):g} ({', '.join(map(str, values))})"
        print(f"  {category}: {shown}")
    print(f"  largest contentful paint: {last['lcp_element']!r}")
    print("  metrics (last run): " + ", ".join(f"{m} {v}" for m, v in last["metrics"].items()))
    for audit in lighthouse.AUDITS:
        result = last["audits"][audit]
        verdict = "pass" if lighthouse.passed(result) else "FAIL"
        listed = f", lists {result['items']}" if result["items"] else ""
        print(f"  {audit}: {verdict} (score {result['score']}{listed})")
    assets = [p for p in last["requests"] if p.startswith("/assets/") and p.endswith(".js")]
    scripts = [p.rsplit("/", 1)[-1] for p in assets]
    print(f"  scripts: {', '.join(scripts)}")
    print(f"  API calls: {', '.join(p for p in last['requests'] if p.startswith(('/api/', '/_allauth/')))}")
    if last["accessibility_failures"]:
        print(f"  accessibility audits failing: {', '.join(last['accessibility_failures'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not (DIST / "index.html").exists():
        sys.exit("Build the PWA first: npm --prefix frontend run build")
    if why := lighthouse.available():
        sys.exit(why)
    print(f"DEBUG={settings.DEBUG}; Lighthouse 12.8, mobile profile, simulated throttling")

    setup_test_environment()
    connection = connections["default"]
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    server = start_server()
    try:
        url = f"http://localhost:{server.port}/"
        cookie = session_cookie()
        sign_in = [lighthouse.figures(lighthouse.run(url)) for _ in range(args.runs)]
        today = [lighthouse.figures(lighthouse.run(url, cookie=cookie)) for _ in range(args.runs)]
    finally:
        server.terminate()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    report("sign-in", sign_in)
    report("Today (signed in)", today)


if __name__ == "__main__":
    main()

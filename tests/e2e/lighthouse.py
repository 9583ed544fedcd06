"""Runs Lighthouse (frontend/node_modules, 12.8) on a page of a running server and reads the
figures we track. Shared by bench/lighthouse.py (which prints them all) and
tests/e2e/test_lighthouse.py (which asserts the deterministic ones).

frontend/scripts/lighthouse.mjs launches a headless Chromium (Debian's, CHROME_PATH) and
runs Lighthouse with the mobile profile and simulated throttling, its defaults. A signed-in
page is audited with the session cookie in the browser's jar.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from tests.browser import chromium_path

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "frontend" / "node_modules" / "lighthouse"
SCRIPT = ROOT / "frontend" / "scripts" / "lighthouse.mjs"
CATEGORIES = ("performance", "accessibility", "best-practices")
AUDITS = ("uses-text-compression", "uses-long-cache-ttl")
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "speed-index",
    "total-blocking-time",
    "cumulative-layout-shift",
)


def available() -> str | None:
    """Why Lighthouse cannot run here, or None."""
    if not LIGHTHOUSE.exists():
        return "Lighthouse is not installed (frontend/node_modules/lighthouse)"
    if not chromium_path():
        return "Chromium is not installed"
    return None


# Lighthouse's own "run it again" errors: its trace of the page load came back incomplete
# (seen on a loaded machine), which says nothing about the page.
RUN_AGAIN = ("NO_NAVSTART", "NO_FCP", "NO_TRACING_STARTED")


def run(url: str, cookie: str | None = None, timeout: int = 300, attempts: int = 3) -> dict:
    """Lighthouse's JSON report (LHR) of `url`; `cookie` ("name=value"): put in the browser's jar.
    A run whose trace Lighthouse itself calls broken is run again, up to `attempts` times."""
    for attempt in range(1, attempts + 1):
        try:
            return _run_once(url, cookie, timeout)
        except RuntimeError as error:
            if attempt == attempts or not any(code in str(error) for code in RUN_AGAIN):
                raise
    raise AssertionError("unreachable")


def _run_once(url: str, cookie: str | None, timeout: int) -> dict:
    command = ["node", str(SCRIPT), url] + (["--cookie", cookie] if cookie else [])
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH") or chromium_path() or ""}
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, env=env, check=False, cwd=ROOT / "frontend"
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"lighthouse failed ({done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {report['runtimeError']}")
    return report


def figures(report: dict) -> dict:
    """Scores (0–100), the two audits (score, and the resources they name) and the metrics."""
    audits = report["audits"]
    out: dict = {
        "url": report["finalDisplayedUrl"],
        "scores": {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES},
        "audits": {},
        "metrics": {m: audits[m]["displayValue"] for m in METRICS},
    }
    for name in AUDITS:
        audit = audits[name]
        items = (audit.get("details") or {}).get("items") or []
        out["audits"][name] = {"score": audit["score"], "items": [item.get("url") for item in items]}
    failing_a11y = [
        ref["id"]
        for ref in report["categories"]["accessibility"]["auditRefs"]
        if ref["weight"] and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    ]
    out["accessibility_failures"] = failing_a11y
    # What the page fetched (paths): shows which screen was audited (sign-in or the signed-in app).
    requests = (audits["network-requests"].get("details") or {}).get("items") or []
    out["requests"] = [urlsplit(item["url"]).path for item in requests]
    lcp = (audits.get("largest-contentful-paint-element", {}).get("details") or {}).get("items") or []
    nodes = [row.get("node", {}) for table in lcp for row in table.get("items", [])]
    out["lcp_element"] = next((n.get("nodeLabel") for n in nodes if n.get("nodeLabel")), None)
    return out


def passed(audit: dict) -> bool:
    """Lighthouse shows an audit as passed at a score of 0.9 or more; these two score 1 when
    nothing is listed."""
    return audit["score"] is not None and audit["score"] >= 0.9 and not audit["items"]

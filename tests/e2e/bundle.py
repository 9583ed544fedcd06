"""What the built PWA makes a browser download before it can run: the scripts index.html
names (module scripts and modulepreloads) and, transitively, every chunk they import
statically. Chunks loaded by `import()` (the lazy screens) are left out: they are fetched
when a screen first needs them. Shared by the JS budget test and bench/pwa_save.py.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from pathlib import Path

SCRIPT = re.compile(r'<script[^>]+src="([^"]+\.js)"')
MODULEPRELOAD = re.compile(r'<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"')
# `import{a as b}from"./x.js"` or `import"./x.js"`; never `import("./x.js")` (lazy).
STATIC_IMPORT = re.compile(r'\bimport\s*(?:[\w*${}\s,]+?\s*from\s*)?["\'](\.{1,2}/[^"\']+\.js)["\']')


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def initial_scripts(dist: Path) -> list[str]:
    """URL paths (/assets/…) of the scripts loaded before any interaction, in load order."""
    html = (dist / "index.html").read_text()
    pending = list(dict.fromkeys(SCRIPT.findall(html) + MODULEPRELOAD.findall(html)))
    seen: list[str] = []
    while pending:
        path = pending.pop(0)
        if path in seen:
            continue
        seen.append(path)
        code = (dist / path.lstrip("/")).read_text()
        folder = path.rsplit("/", 1)[0]
        pending += [posixpath.normpath(posixpath.join(folder, r)) for r in STATIC_IMPORT.findall(code)]
    return seen


def initial_js(dist: Path) -> list[tuple[str, int, int]]:
    """(path, bytes, gzipped bytes) of each initial script."""
    out = []
    for path in initial_scripts(dist):
        data = (dist / path.lstrip("/")).read_bytes()
        out.append((path, len(data), gzipped_size(data)))
    return out

"""The PWA's API types (frontend/src/api/schema.gen.ts) are what the server's schema generates now.

The app is type-checked against that file, so a schema change the file does not have would let
the app and the server drift apart unnoticed. Regenerating it is one command (in the message).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
COMMITTED = FRONTEND / "src" / "api" / "schema.gen.ts"
GENERATOR = FRONTEND / "scripts" / "api-types.mjs"


def test_committed_api_types_match_the_schema(tmp_path):
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    if not (FRONTEND / "node_modules" / "openapi-typescript").exists():
        pytest.skip("frontend packages are not installed (make install)")
    fresh = tmp_path / "schema.gen.ts"

    done = subprocess.run(
        [node, str(GENERATOR), str(fresh)],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert fresh.read_text() == COMMITTED.read_text(), (
        "frontend/src/api/schema.gen.ts is not what the API's schema generates now: "
        "run `npm --prefix frontend run api-types` and commit the file (and fix what `tsc` then finds)."
    )

"""The PWA's Vitest unit tests (sync queue, outbox, series) run as part of the Python suite."""

import shutil
import subprocess
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"


def test_frontend_unit_tests_pass():
    npm = shutil.which("npm")
    if not npm:
        pytest.skip("npm is not installed")
    if not (FRONTEND / "node_modules" / ".bin" / "vitest").exists():
        pytest.skip("frontend packages are not installed (make install)")
    done = subprocess.run(
        [npm, "--prefix", str(FRONTEND), "test"], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]

"""import-linter keeps the apps layered (pyproject.toml [tool.importlinter], run by `make lint`).

The clean tree keeps every contract; a module of `diary` that imports `api` (a layer above
it) breaks the layers contract, and lint-imports names it and fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports() -> subprocess.CompletedProcess:
    return subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)


def contract_name(kind: str) -> str:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return next(c["name"] for c in config["contracts"] if c["type"] == kind)


def test_the_tree_keeps_every_contract():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken" in result.stdout


def test_diary_importing_api_breaks_the_layers():
    scratch = ROOT / "diary" / f"_layers_scratch_{os.getpid()}.py"
    scratch.write_text("import api.urls  # noqa: F401  (a layer above diary: must fail)\n")
    try:
        result = lint_imports()
    finally:
        scratch.unlink()
    assert result.returncode != 0
    assert f"{contract_name('layers')} BROKEN" in result.stdout
    assert "diary is not allowed to import api" in result.stdout
    assert f"diary.{scratch.stem} -> api.urls" in result.stdout

"""A fresh machine: `make test` installs Chromium (and the PDF libraries) or fails in one line.

`scripts/system-packages` runs with stand-ins for `id`, `dpkg` and `apt-get` on an otherwise
empty PATH, so each case sees the machine it describes whatever this one has installed.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "system-packages"
PDF_LIBS = ["fonts-dejavu-core", "libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"]
TEST_TOOLS = [*PDF_LIBS, "poppler-utils", "gettext"]  # `test` also reads PDFs back and checks catalogues


def stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/bash\n{body}\n")
    path.chmod(0o755)


@pytest.fixture
def machine(tmp_path):
    """`machine(uid=, installed=, chromium=)`: run the script on a described machine."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    apt_log = tmp_path / "apt.log"

    def run(purpose: str, *, uid: int, installed: list[str], chromium: bool) -> subprocess.CompletedProcess:
        stub(bin_dir, "id", f'[ "$1" = -u ] && echo {uid}')
        known = " ".join(installed) or "none"
        stub(bin_dir, "dpkg", f'for p in {known}; do [ "$2" = "$p" ] && exit 0; done; exit 1')
        # apt-get "installs" chromium by putting a binary on PATH, as Debian's package does.
        stub(
            bin_dir,
            "apt-get",
            f'echo "$@" >> {apt_log}; for a; do [ "$a" = chromium ] && '
            f'printf "#!/bin/bash\\n" > {bin_dir}/chromium && /bin/chmod +x {bin_dir}/chromium; done; true',
        )
        if chromium:
            stub(bin_dir, "chromium", "true")
        env = {"PATH": str(bin_dir), "HOME": str(tmp_path)}
        return subprocess.run(
            ["/bin/bash", str(SCRIPT), purpose], env=env, capture_output=True, text=True, check=False
        )

    run.apt_calls = lambda: apt_log.read_text().splitlines() if apt_log.exists() else []
    run.bin_dir = bin_dir
    return run


def test_root_without_chromium_installs_it(machine):
    result = machine("test", uid=0, installed=TEST_TOOLS, chromium=False)

    assert result.returncode == 0, result.stderr
    assert "update -qq" in machine.apt_calls()[0]
    assert machine.apt_calls()[1].split()[-1:] == ["chromium"]
    assert (machine.bin_dir / "chromium").exists()


def test_root_installs_only_what_is_missing(machine):
    result = machine("test", uid=0, installed=["fonts-dejavu-core"], chromium=True)

    assert result.returncode == 0
    install = machine.apt_calls()[1].split()
    assert "chromium" not in install
    assert {*PDF_LIBS[1:], "poppler-utils", "gettext"} <= set(install)


def test_not_root_fails_with_one_line_saying_what_to_run(machine):
    result = machine("test", uid=1000, installed=PDF_LIBS, chromium=False)

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "sudo apt-get install chromium" in lines[0]
    assert machine.apt_calls() == []


def test_nothing_to_do_when_everything_is_there(machine):
    result = machine("test", uid=0, installed=TEST_TOOLS, chromium=True)

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert machine.apt_calls() == []


def test_make_run_only_warns_about_pdf_libraries(machine):
    result = machine("run", uid=1000, installed=[], chromium=False)

    assert result.returncode == 0
    assert "chromium" not in result.stderr
    assert "PDFs will not render" in result.stderr


def test_make_test_checks_system_packages_before_pytest():
    plan = subprocess.run(
        ["make", "-n", "--no-print-directory", "test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "MAKEFLAGS": ""},
    ).stdout.splitlines()
    packages = next(i for i, line in enumerate(plan) if "scripts/system-packages test" in line)
    pytest_run = next(i for i, line in enumerate(plan) if "-m pytest" in line)
    assert packages < pytest_run

"""`make run` stops whole: Ctrl-C, or a SIGTERM to its process group, ends web, worker and beat.

A process manager (or `kill -- -PGID`) signals every process of the group at once. Celery's
pool children then got the SIGTERM before their parent could stop them, and the worker hung
in warm shutdown for ever. Each case here starts the real `make run` on its own SQLite file
and broker folder, waits until all three services are up, signals the group as a terminal or
a process manager would, and requires that no process of the run is left after 10 seconds.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.blackbox.server import free_port

ROOT = Path(__file__).resolve().parents[2]
STOP_BUDGET_SECONDS = 10
pytestmark = pytest.mark.slow


def processes_with(marker: str) -> dict[int, str]:
    """Every live process whose environment carries `marker`, with its command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() not in (entry / "environ").read_bytes():
                continue
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = next(
                line for line in (entry / "status").read_text().splitlines() if line.startswith("State:")
            )
        except (OSError, StopIteration):
            continue
        if "zombie" not in state:
            found[int(entry.name)] = cmdline
    return found


@pytest.fixture(scope="module")
def migrated_db(tmp_path_factory) -> Path:
    """A migrated SQLite file with the demo data, made once: each run copies it."""
    folder = tmp_path_factory.mktemp("run-template")
    db = folder / "db.sqlite3"
    env = {**embedded_env(folder, db), "DJANGO_DEBUG": "true"}
    for command in (["migrate", "--no-input"], ["demo_data", "--if-empty"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    return db


def embedded_env(folder: Path, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    return env | {
        "DJANGO_ENV": "development",
        "DATABASE_URL": f"sqlite:///{db}",
        "CELERY_FILESYSTEM_DIR": str(folder / "celery"),
        "RUN_DIR": str(folder / "run"),
    }


def _as_in_a_terminal() -> None:
    """Ctrl-C reaches `make run` as it does in a terminal, however the suite was started: a
    suite run as a background job (`cmd &` in a script, nohup) ignores SIGINT, its children
    inherit that, and a shell that starts with SIGINT ignored cannot trap it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_make_run(tmp_path: Path, template: Path) -> tuple[subprocess.Popen, str, str]:
    db = tmp_path / "db.sqlite3"
    shutil.copy(template, db)
    marker = f"RUN_SIGNAL_TEST={uuid.uuid4().hex}"
    port = free_port()
    env = embedded_env(tmp_path, db) | {"PORT": str(port), marker.split("=")[0]: marker.split("=")[1]}
    # Output to a file, not a pipe nobody reads: once a pipe's 64 KiB fill up (runserver logs
    # every /healthz poll), every writer blocks, run-dev's "Stopping…" echo too, and the run
    # could never stop. A terminal is always read.
    output = (tmp_path / "make-run.log").open("wb")  # the child keeps its own descriptor
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # make leads a process group of its own, as in a terminal
        preexec_fn=_as_in_a_terminal,
    )
    output.close()
    return proc, marker, f"http://127.0.0.1:{port}"


def wait_until_running(proc: subprocess.Popen, marker: str, base: str, output: Path) -> dict[int, str]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, output.read_text(errors="replace")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                web_up = response.status == 200
        except OSError:
            web_up = False
        running = processes_with(marker)
        beat_up = any("beat" in cmd for cmd in running.values())
        worker_up = len([cmd for cmd in running.values() if " worker " in cmd]) >= 3  # main + pool
        told = b"Press Ctrl-C to stop." in output.read_bytes()  # what the person at the terminal waits for
        if web_up and worker_up and beat_up and told:
            return running
        time.sleep(0.5)
    raise AssertionError(f"make run did not come up: {processes_with(marker)}")


@pytest.mark.parametrize(
    ("how", "sig"), [("Ctrl-C", signal.SIGINT), ("SIGTERM to the process group", signal.SIGTERM)]
)
def test_make_run_stops_every_process_within_ten_seconds(how, sig, tmp_path, migrated_db):
    proc, marker, base = start_make_run(tmp_path, migrated_db)
    try:
        running = wait_until_running(proc, marker, base, tmp_path / "make-run.log")
        time.sleep(2)  # the pool children have finished starting
        commands = " | ".join(running.values())
        assert "runserver" in commands
        assert "worker" in commands
        assert "beat" in commands
        workers = [cmd for cmd in running.values() if " worker " in f"{cmd} "]
        assert len(workers) >= 3, f"the worker and its two pool children: {workers}"

        os.killpg(proc.pid, sig)
        started = time.monotonic()
        while processes_with(marker) and time.monotonic() - started < STOP_BUDGET_SECONDS:
            time.sleep(0.1)
        left = processes_with(marker)
        log = (tmp_path / "make-run.log").read_text(errors="replace")[-3000:]
        assert not left, f"{how}: still running after {STOP_BUDGET_SECONDS} s: {left}\n{log}"
    finally:
        for pid in processes_with(marker):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        proc.wait(timeout=10)

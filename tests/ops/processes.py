"""Real processes for the task tests: Django snippets, Celery workers, and killing them whole.

Each process gets its environment from `django_env`: the real settings module (config.settings,
DJANGO_ENV=test), a database every process can reach and a broker of the test's choosing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PRELUDE = "import django\ndjango.setup()\n"


def django_env(database_url: str, **extra: str | None) -> dict[str, str]:
    """This process's environment with the real settings, `database_url`, and `extra` (None: unset)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_ENV": "test"}
    env["DATABASE_URL"] = database_url
    for name, value in extra.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_python(env: dict[str, str], code: str, *, timeout: float = 120) -> str:
    """Run `code` in a new Python process with Django set up; its stdout (stripped)."""
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"python exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip()


def migrated_sqlite(path: Path) -> str:
    """A migrated SQLite database file at `path`; its DATABASE_URL."""
    url = f"sqlite:///{path}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0", "--no-input"],
        cwd=ROOT,
        env=django_env(url, REDIS_URL="", CELERY_FILESYSTEM_DIR=str(path.parent / "migrate-celery")),
        check=True,
        timeout=300,
    )
    return url


def copy_sqlite(source_url: str, path: Path) -> str:
    """Another database with the same schema (a copy of the file); its DATABASE_URL."""
    shutil.copyfile(source_url.removeprefix("sqlite:///"), path)
    return f"sqlite:///{path}"


def shared_database_url() -> str:
    """The URL of the PostgreSQL database the tests run on (worker processes share it)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def celery_worker(env: dict[str, str], log: Path, *, command: tuple[str, ...] = ("celery",)) -> Iterator:
    """A Celery worker (prefork, one child) leading its own process group; stopped at the end.

    `command` is what follows `python -m` (tests.ops.stalling_worker for one that stalls).
    """
    with log.open("ab") as output:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                *command,
                *(["-A", "config", "worker"] if command == ("celery",) else []),
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"{log.stem}-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield proc
    finally:
        stop(proc)


def kill_whole(proc: subprocess.Popen) -> None:
    """SIGKILL the worker's whole process group: main process and pool children at once."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)


def wait_for(
    condition: Callable[[], bool], *, timeout: float, what: str, logs: tuple[Path, ...] = ()
) -> float:
    """Poll `condition` until true; the seconds it took. Fails naming `what`, with the logs."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            output = "\n".join(f"--- {p}\n{p.read_text(errors='replace')}" for p in logs if p.exists())
            raise AssertionError(f"timed out after {timeout} s waiting for {what}\n{output}")
        time.sleep(0.5)
    return time.monotonic() - start


# --- summaries, as the worker's database holds them ----------------------------------------


def request_summary(env: dict[str, str], email: str) -> str:
    """A patient with three days of diary asks for the summary of March 2026; its id.

    Goes through care.tasks.summary_request, as the API does: the computation is queued on
    the configured broker once the request commits.
    """
    return run_python(
        env,
        f"""
from datetime import date
from django.db import transaction
from accounts.services import user_create
from care import tasks
from tests.api.conftest import create

patient = user_create(email={email!r}, password="correct-horse-battery", role="patient")
for day, pain in ((2, 8), (3, 6), (4, 3)):
    create(patient, "entry", recorded_at=f"2026-03-{{day:02d}}T09:00:00+00:00", pain_now=pain)
with transaction.atomic():
    summary = tasks.summary_request(
        patient=patient, requested_by=patient, period_start=date(2026, 3, 1), period_end=date(2026, 3, 21)
    )
print(summary.pk)
""",
    )


def summary_state(env: dict[str, str], summary_id: str) -> tuple[str, int | None]:
    """(status, logged days) of a summary, read by a new process."""
    out = run_python(
        env,
        f"""
from care.models import Summary
summary = Summary.objects.get(pk={summary_id!r})
print(summary.status, (summary.figures or {{}}).get("logged_days"))
""",
    )
    status, days = out.split()
    return status, None if days == "None" else int(days)

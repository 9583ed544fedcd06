"""A Redis outage against real processes: the app keeps working, then catches up when Redis is back.

gunicorn runs with REDIS_URL at a loopback port nobody listens on (Redis is the cache, the rate
limits' store and the Celery broker). A patient signs in, syncs, reads and asks for a summary;
sign-in limits still bite; /readyz names what is down. Then a redis-server starts on that port
with a Celery worker and beat, and the summary asked for during the outage becomes ready.

The database is a migrated SQLite file, or in the PostgreSQL pass the test database itself
(committed, emptied afterwards). No Redis of CI's is used, so this runs in
both passes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from tests.blackbox.redis_process import closed_port, redis_server
from tests.blackbox.server import ROOT, running_server

# Transactional: on PostgreSQL the processes share the test database, so what they write commits.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-enough-password"
SUMMARY_READY_WITHIN = 150.0  # the sweep runs at each minute's start: one beat, plus the work


def call(method: str, url: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["X-Session-Token"] = token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        check=True,
        capture_output=True,
    )


@pytest.fixture
def database_url(tmp_path) -> Iterator[str]:
    """A database the server and the worker share with each other (and, on PostgreSQL, with us)."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        yield f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
        DatabaseCache("cache", {}).clear()  # the outage's rate-limit counts, kept out of later tests
        return
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    manage({"DATABASE_URL": url, "REDIS_URL": ""}, "migrate", "--no-input", "-v0")
    yield url


@contextmanager
def celery(env: dict[str, str], *args: str) -> Iterator[None]:
    """`celery -A config <args>` on `env`'s broker; stopped (killed if need be) afterwards."""
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", *args, "--loglevel=INFO"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield
    except BaseException:
        log.seek(0)
        sys.stderr.write(f"celery {args[0]} output:\n" + log.read().decode(errors="replace")[-20000:])
        raise
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def worker_and_beat(stack: ExitStack, env: dict[str, str], folder: Path) -> None:
    """A worker and, as in production (docs/deploy.md), a beat process of its own."""
    name = f"redis-down-{os.getpid()}@%h"
    quiet = ("--without-gossip", "--without-mingle", "--without-heartbeat")
    stack.enter_context(celery(env, "worker", "--pool=solo", *quiet, "-n", name))
    stack.enter_context(celery(env, "beat", "--schedule", str(folder / "celerybeat-schedule")))


def test_the_app_works_through_a_redis_outage_and_catches_up_after(database_url, tmp_path):
    port = closed_port()
    env = {
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "CELERY_FILESYSTEM_DIR": str(tmp_path / "celery"),
    }
    manage(
        env,
        "shell",
        "-c",
        "from accounts.services import user_create; "
        f"user_create(email='pat@example.com', password='{PASSWORD}', role='patient')",
    )

    with ExitStack() as stack:
        base = stack.enter_context(running_server(env))

        def login(password: str) -> tuple[int, dict]:
            body = {"email": "pat@example.com", "password": password}
            return call("POST", f"{base}/_allauth/app/v1/auth/login", body)

        # --- Redis down: everything a patient does still works -----------------------------
        status, body = login(PASSWORD)
        assert status == 200, body
        token = body["meta"]["session_token"]

        entry_id = str(uuid.uuid4())
        mutation = {
            "mid": 1,
            "entity": "entry",
            "op": "upsert",
            "id": entry_id,
            "base_version": None,
            "data": {"recorded_at": "2026-05-01T08:00:00+01:00", "pain_now": 6},
        }
        push = {"client_id": str(uuid.uuid4()), "mutations": [mutation]}
        status, body = call("POST", f"{base}/api/v1/sync/push", push, token)
        assert status == 200, body
        assert body["results"][0]["status"] == "applied"

        status, body = call("GET", f"{base}/api/v1/sync/pull", token=token)
        assert status == 200, body
        assert entry_id in {change["id"] for change in body["changes"]}

        status, body = call("GET", f"{base}/api/v1/entries/", token=token)
        assert status == 200, body
        assert [entry["id"] for entry in body["results"]] == [entry_id]

        status, summary = call("POST", f"{base}/api/v1/summaries/", {}, token)
        assert status == 202, summary
        assert summary["status"] == "pending"

        status, body = call("GET", f"{base}/readyz")
        assert status == 503
        assert {"cache", "broker"} <= set(body["down"])
        assert "database" not in body["down"]

        # --- sign-in limits fail closed: they count in the database -----------------------
        failures = [login("not-the-password-1") for _ in range(6)]
        assert [status for status, _ in failures] == [400] * 6
        assert [e["code"] for e in failures[0][1]["errors"]] == ["email_password_mismatch"]
        assert [e["code"] for e in failures[5][1]["errors"]] == ["too_many_login_attempts"]
        # every attempt from this IP counts (30 a minute, settings.ACCOUNT_RATE_LIMITS["login"])
        statuses = [login("not-the-password-2")[0] for _ in range(30 - 7 + 3)]
        assert 500 not in statuses
        assert statuses[-3:] == [429, 429, 429]
        assert login(PASSWORD)[0] == 429

        # --- Redis back: the summary asked for during the outage is computed ---------------
        stack.enter_context(redis_server(port))
        worker_and_beat(stack, env, tmp_path)
        deadline = time.monotonic() + SUMMARY_READY_WITHIN
        while True:
            status, body = call("GET", f"{base}/api/v1/summaries/{summary['id']}/", token=token)
            assert status == 200, body
            if body["status"] != "pending" or time.monotonic() > deadline:
                break
            time.sleep(2)
        assert body["status"] == "ready", body

        status, body = call("GET", f"{base}/readyz")
        assert (status, body) == (200, {"status": "ok"})
        status, body = call("GET", f"{base}/api/v1/sync/pull", token=token)
        assert status == 200, body

"""Requests per second through gunicorn: a mix of the PWA's requests against /healthz's rate.

Starts gunicorn (4 workers, `config.wsgi`, 127.0.0.1 only) on a throwaway database it fills (a
patient with 90 days of diary, pushed through the sync engine), signs the patient in through
allauth's app flow (an X-Session-Token), then a bounded asyncio load generator (aiohttp, a
fixed number of requests in flight) runs two phases, under a minute in all:

1. `/healthz` alone: what the server, gunicorn and the network stack cost with no work;
2. the mix: up-to-date pulls (half), pushes of 1 to 3 new entries (a quarter), a page of the
   entry list (a quarter), each client with its own install id, mids and pull cursor.

It prints requests/s, p50/p99 latency and the error count of each phase, and the ratio of the
mix's rate to /healthz's (the figure to compare across machines). gunicorn is always stopped
(its process group), whatever happens.

    .venv/bin/python bench/http_load.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/requests_load REDIS_URL=redis://127.0.0.1:6379/2 \\
        .venv/bin/python bench/http_load.py

The PostgreSQL database named is dropped and created again; the Redis database is flushed.
Without DATABASE_URL a SQLite file in a temporary folder is used (the embedded default).
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
WORKERS = 4
CONCURRENCY = 16
WARMUP_SECONDS = 3
HEALTHZ_SECONDS = 15
MIX_SECONDS = 30
EMAIL, PASSWORD = "load@example.com", "a-long-load-test-passphrase"
DAYS = 90

FILL = f"""
import uuid
from datetime import date, timedelta
from accounts.services import user_create
from diary.sync.push import sync_push
user = user_create(email={EMAIL!r}, password={PASSWORD!r}, role="patient", timezone="Europe/London")
episode = uuid.uuid4()
mutations = [{{"mid": 1, "entity": "episode", "op": "upsert", "id": str(episode), "base_version": None,
    "data": {{"treatment": "ketamine", "condition": "crps", "title": "Course", "started_on": "2026-01-01"}}}}]
start = date(2026, 1, 1)
for day in range({DAYS}):
    for hour in (8, 20):
        mutations.append({{"mid": len(mutations) + 1, "entity": "entry", "op": "upsert",
            "id": str(uuid.uuid4()), "base_version": None,
            "data": {{"recorded_at": f"{{start + timedelta(days=day)}}T{{hour:02d}}:00:00+00:00",
                "pain_now": (day + hour) % 11, "episode": str(episode)}}}})
for first in range(0, len(mutations), 400):
    sync_push(patient_id=user.pk, client_id=uuid.UUID(int=1), mutations=mutations[first:first + 400])
print(len(mutations))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_env() -> tuple[dict[str, str], str, tempfile.TemporaryDirectory]:
    """The server's environment on a fresh database, and what it is called in the output."""
    folder = tempfile.TemporaryDirectory(prefix="http-load-")
    url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    env = {
        **os.environ,
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CELERY_FILESYSTEM_DIR": os.environ.get("CELERY_FILESYSTEM_DIR", f"{folder.name}/celery"),
        "THROTTLE_USER": "1000000/min",  # the limits still run (their cache reads), never refuse
        "THROTTLE_SYNC": "1000000/min",
        "EMAIL_URL": "consolemail://",
    }
    if url.startswith("postgres"):
        import psycopg

        parsed = urlparse(url)
        name = parsed.path.lstrip("/")
        admin = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        label = f"PostgreSQL ({parsed.hostname}/{name})"
    else:
        url = f"sqlite:///{folder.name}/db.sqlite3"
        label = "SQLite (the embedded default)"
    env["DATABASE_URL"] = url
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        label += f" + Redis ({urlparse(redis_url).path or '/0'})"
    else:
        env.pop("REDIS_URL", None)
        label += ", no Redis"
    return env, label, folder


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def kinds(self) -> str:
        return "   ".join(
            f"{kind} {len(xs)} p50 {statistics.median(xs) * 1000:.0f} ms"
            for kind, xs in sorted(self.by_kind.items())
        )

    def line(self) -> str:
        ms = sorted(x * 1000 for x in self.latencies) or [0.0]
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        return (
            f"{self.name:<10} {len(self.latencies):>6} requests in {self.seconds:4.1f} s = {self.rate:7.1f}/s"
            f"   p50 {statistics.median(ms):6.1f} ms   p99 {p99:6.1f} ms   errors {self.errors}"
        )


class Client:
    """One device of the patient: its own install id, mids and pull cursor."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.headers = base, {"X-Session-Token": token}
        self.client_id, self.next_mid, self.cursor = str(uuid.uuid4()), 1, None

    async def pull(self, session: aiohttp.ClientSession) -> int:
        params = {"cursor": self.cursor} if self.cursor else {"limit": 1000}
        async with session.get(f"{self.base}/api/v1/sync/pull", params=params, headers=self.headers) as r:
            body = await r.json() if r.status == 200 else None
            if body is not None and not body["has_more"]:
                self.cursor = body["cursor"]
            return r.status

    async def push(self, session: aiohttp.ClientSession) -> int:
        mutations = []
        for _ in range(random.randint(1, 3)):
            when = date(2026, 1, 1) + timedelta(days=random.randrange(DAYS))
            mutations.append(
                {
                    "mid": self.next_mid,
                    "entity": "entry",
                    "op": "upsert",
                    "id": str(uuid.uuid4()),
                    "base_version": None,
                    "data": {"recorded_at": f"{when}T12:00:00+00:00", "pain_now": random.randrange(11)},
                }
            )
            self.next_mid += 1
        body = {"client_id": self.client_id, "mutations": mutations}
        async with session.post(f"{self.base}/api/v1/sync/push", json=body, headers=self.headers) as r:
            await r.read()
            return r.status

    async def entries(self, session: aiohttp.ClientSession) -> int:
        url, page = f"{self.base}/api/v1/entries/", {"page_size": 50}
        async with session.get(url, params=page, headers=self.headers) as r:
            await r.read()
            return r.status


async def load(phase: Phase, seconds: float, request) -> None:
    """CONCURRENCY loops, each sending its next request when the last one is answered."""
    deadline = time.monotonic() + seconds
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:

        async def loop(n: int) -> None:
            while time.monotonic() < deadline:
                started = time.monotonic()
                try:
                    status = await request(session, n)
                except (aiohttp.ClientError, TimeoutError):
                    status = 0
                if isinstance(status, tuple):
                    kind, status = status
                    phase.by_kind.setdefault(kind, []).append(time.monotonic() - started)
                if 200 <= status < 300:
                    phase.latencies.append(time.monotonic() - started)
                else:
                    phase.errors += 1

        started = time.monotonic()
        await asyncio.gather(*(loop(n) for n in range(CONCURRENCY)))
        phase.seconds = time.monotonic() - started


async def measure(base: str) -> tuple[Phase, Phase]:
    async with aiohttp.ClientSession() as session:
        login = {"email": EMAIL, "password": PASSWORD}
        async with session.post(f"{base}/_allauth/app/v1/auth/login", json=login) as r:
            assert r.status == 200, await r.text()
            token = (await r.json())["meta"]["session_token"]
    clients = [Client(base, token) for _ in range(CONCURRENCY)]
    choices = ["pull", "pull", "push", "entries"]

    async def healthz(session: aiohttp.ClientSession, n: int) -> int:
        async with session.get(f"{base}/healthz") as r:
            await r.read()
            return r.status

    async def mixed(session: aiohttp.ClientSession, n: int) -> int:
        client = clients[n]
        kind = "pull" if client.cursor is None else random.choice(choices)
        return kind, await getattr(client, kind)(session)

    await load(Phase("warm-up"), WARMUP_SECONDS, mixed)  # first pulls, the workers' caches
    health, mix = Phase("/healthz"), Phase("mix")
    await load(health, HEALTHZ_SECONDS, healthz)
    await load(mix, MIX_SECONDS, mixed)
    return health, mix


def main() -> None:
    env, label, folder = database_env()
    with folder:
        run(env, PYTHON, "manage.py", "migrate", "--no-input", "-v", "0")
        filled = run(env, PYTHON, "manage.py", "shell", "-c", FILL).strip().splitlines()[-1]
        port = free_port()
        server = subprocess.Popen(
            [GUNICORN, "config.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--log-level=warning"],
            cwd=ROOT,
            env=env,
            start_new_session=True,  # its own process group: stopped with every worker below
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                        break
                except OSError:
                    time.sleep(0.2)
            health, mix = asyncio.run(measure(base))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    print(f"database: {label}; gunicorn {WORKERS} workers; {CONCURRENCY} requests in flight")
    print(f"filled: one patient, {DAYS} days ({filled} records)")
    print("mix: 1/2 up-to-date pulls, 1/4 pushes of 1-3 entries, 1/4 entry pages of 50")
    print(health.line())
    print(mix.line())
    print(f"{'':<10} {mix.kinds()}")
    print(f"mix / healthz: {mix.rate / health.rate:.0%}" if health.rate else "mix / healthz: n/a")
    if health.errors or mix.errors:
        sys.exit(1)


if __name__ == "__main__":
    main()

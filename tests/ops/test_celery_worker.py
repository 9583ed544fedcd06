"""A task round-trips through a real Celery worker on the configured broker.

On the embedded default that is kombu's filesystem transport; with REDIS_URL (CI's second
pass) it is Redis. The worker is a separate process started with the test settings.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from config.celery_app import app, ping

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker():
    app.conf.task_always_eager = False
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield proc
    proc.terminate()
    proc.wait(timeout=20)


def test_ping_round_trips_through_a_real_worker(worker):
    result = ping.delay()
    try:
        assert result.get(timeout=60) == "pong"
    except Exception:
        worker.terminate()
        output = worker.communicate(timeout=20)[0].decode()
        raise AssertionError(f"worker output:\n{output}") from None
    expected = "redis" if settings.REDIS_URL else "filesystem"
    assert app.connection_for_write().transport_cls == expected


@pytest.mark.redis
def test_broker_is_redis_when_configured():
    assert app.conf.broker_url.startswith("redis://")
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")

"""A worker SIGKILLed whole in the middle of a summary does not leave it pending (docs/tasks.md).

Real processes: a patient asks for a summary (the computation goes to the broker once the
request commits), a worker starts computing it and stalls (tests.ops.stalling_worker), its
whole process group is SIGKILLed, and a new worker is started. On the embedded broker the
message is gone with the worker, and the sweep sends it again; on Redis the unacknowledged
message goes back to the queue after the visibility timeout (5 s here, 6 minutes by default).
The database is one every process reaches: the PostgreSQL test database, or a SQLite file.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from care.services import RESEND_AFTER
from tests.ops.processes import (
    celery_worker,
    copy_sqlite,
    django_env,
    kill_whole,
    migrated_sqlite,
    request_summary,
    run_python,
    shared_database_url,
    summary_state,
    wait_for,
)

# transaction=True: on PostgreSQL the workers share the test database, so rows are committed.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
STALLING = ("tests.ops.stalling_worker",)


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory) -> str:
    return migrated_sqlite(tmp_path_factory.mktemp("template") / "db.sqlite3")


@pytest.fixture
def database_url(request, tmp_path) -> str:
    """The test database if PostgreSQL (rows committed, emptied afterwards), else a SQLite file."""
    if connection.vendor == "postgresql":
        return shared_database_url()
    return copy_sqlite(request.getfixturevalue("sqlite_template"), tmp_path / "db.sqlite3")


def start_and_kill_mid_computation(env: dict[str, str], marker: Path, log: Path) -> None:
    with celery_worker(env, log, command=STALLING) as dying:
        wait_for(marker.exists, timeout=120, what="the worker to start computing", logs=(log,))
        kill_whole(dying)


def test_on_the_embedded_broker_the_sweep_sends_again_what_a_killed_worker_took(database_url, tmp_path):
    marker = tmp_path / "computing"
    env = django_env(
        database_url, REDIS_URL="", CELERY_FILESYSTEM_DIR=str(tmp_path / "celery"), STALL_MARKER=str(marker)
    )
    summary_id = request_summary(env, "embedded@example.com")

    start_and_kill_mid_computation(env, marker, tmp_path / "killed.log")
    assert summary_state(env, summary_id) == ("pending", None)

    log = tmp_path / "worker.log"
    with celery_worker(env, log):
        # The new worker answers a ping: the queue has nothing left of the killed worker's task.
        ping = "from config.celery_app import ping\nprint(ping.delay().get(timeout=120))"
        assert run_python(env, ping) == "pong"
        assert summary_state(env, summary_id) == ("pending", None)
        # The beat's sweep, RESEND_AFTER after the request was queued, sends it again.
        later = (timezone.now() + RESEND_AFTER + timedelta(seconds=1)).isoformat()
        run_python(env, f"from care.tasks import summaries_sweep\nsummaries_sweep.delay({later!r})")
        wait_for(
            lambda: summary_state(env, summary_id)[0] != "pending",
            timeout=120,
            what="the summary to be computed again",
            logs=(log,),
        )

    assert summary_state(env, summary_id) == ("ready", 3)


@pytest.mark.redis
def test_on_redis_a_killed_workers_task_is_delivered_again_after_the_visibility_timeout(
    database_url, tmp_path
):
    marker = tmp_path / "computing"
    env = django_env(
        database_url, REDIS_URL=settings.REDIS_URL, CELERY_VISIBILITY_TIMEOUT="5", STALL_MARKER=str(marker)
    )
    summary_id = request_summary(env, "redis@example.com")

    start_and_kill_mid_computation(env, marker, tmp_path / "killed.log")
    assert summary_state(env, summary_id) == ("pending", None)

    log = tmp_path / "worker.log"
    with celery_worker(env, log):
        # No sweep here: Redis gives the unacknowledged message back after 5 s, and a worker
        # looks for such messages every 10 s.
        took = wait_for(
            lambda: summary_state(env, summary_id)[0] != "pending",
            timeout=120,
            what="Redis to deliver the task again",
            logs=(log,),
        )

    assert summary_state(env, summary_id) == ("ready", 3)
    assert took < 5 + 10 + 60  # the visibility timeout, the restore interval, a worker's start

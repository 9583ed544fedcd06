"""Two instances in one checkout, each with its own database, on the embedded broker: neither
worker takes the other's tasks (config.broker_folder, docs/tasks.md).

Real processes with the real settings (config.settings) and no CELERY_FILESYSTEM_DIR, so each
instance gets the default folder of its database under var/celery/ (removed afterwards).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ops.processes import (
    ROOT,
    celery_worker,
    copy_sqlite,
    django_env,
    migrated_sqlite,
    request_summary,
    run_python,
    summary_state,
    wait_for,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory) -> str:
    return migrated_sqlite(tmp_path_factory.mktemp("template") / "db.sqlite3")


@pytest.fixture
def two_instances(sqlite_template, tmp_path):
    """The environments of two instances of this checkout, each with its own database."""
    envs = [
        django_env(
            copy_sqlite(sqlite_template, tmp_path / f"{name}.sqlite3"),
            REDIS_URL="",
            CELERY_FILESYSTEM_DIR=None,
        )
        for name in ("a", "b")
    ]
    folders = [
        Path(run_python(env, "from django.conf import settings\nprint(settings.CELERY_FILESYSTEM_DIR)"))
        for env in envs
    ]
    yield envs, folders
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def queued_files(folder: Path) -> list[Path]:
    return sorted((folder / "queue").glob("*"))


def test_each_database_has_its_own_task_folder_and_its_worker_takes_only_its_tasks(two_instances, tmp_path):
    (env_a, env_b), (folder_a, folder_b) = two_instances
    assert folder_a != folder_b
    assert folder_a.parent == folder_b.parent == ROOT / "var" / "celery"

    # B's task is queued first: a worker reading one shared folder would take it before A's.
    summary_b = request_summary(env_b, "b@example.com")
    summary_a = request_summary(env_a, "a@example.com")
    assert len(queued_files(folder_b)) == 1

    log_a = tmp_path / "worker-a.log"
    with celery_worker(env_a, log_a):
        wait_for(
            lambda: summary_state(env_a, summary_a)[0] == "ready",
            timeout=120,
            what="A's summary",
            logs=(log_a,),
        )

    assert summary_state(env_b, summary_b) == ("pending", None)
    assert len(queued_files(folder_b)) == 1  # untouched, still waiting for B's worker

    log_b = tmp_path / "worker-b.log"
    with celery_worker(env_b, log_b):
        wait_for(
            lambda: summary_state(env_b, summary_b)[0] == "ready",
            timeout=120,
            what="B's summary",
            logs=(log_b,),
        )
    assert summary_state(env_b, summary_b) == ("ready", 3)


def test_a_worker_refuses_a_folder_another_database_has_claimed(two_instances, tmp_path):
    (env_a, env_b), _ = two_instances
    shared = str(tmp_path / "shared")
    env_a, env_b = {**env_a, "CELERY_FILESYSTEM_DIR": shared}, {**env_b, "CELERY_FILESYSTEM_DIR": shared}
    summary_a = request_summary(env_a, "a@example.com")

    log_a = tmp_path / "worker-a.log"
    with celery_worker(env_a, log_a):  # the folder's first worker claims it for database A
        wait_for(
            lambda: summary_state(env_a, summary_a)[0] == "ready",
            timeout=120,
            what="A's summary",
            logs=(log_a,),
        )
        summary_a2 = request_summary(env_a, "a2@example.com")

        refused = subprocess.run(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=WARNING"],
            cwd=ROOT,
            env=env_b,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        wait_for(
            lambda: summary_state(env_a, summary_a2)[0] == "ready",
            timeout=120,
            what="A's second summary",
            logs=(log_a,),
        )

    assert refused.returncode == 78
    assert f"Refusing to start: The task folder {shared} belongs to the database" in refused.stderr
    assert "a.sqlite3" in refused.stderr and "b.sqlite3" in refused.stderr

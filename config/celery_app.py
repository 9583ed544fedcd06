"""The Celery app: configured from Django settings (CELERY_*), tasks found in each app.

Every task's `delay_on_commit` waits for the transaction and never raises for a broker that
is down (the request that queued it has committed and must still answer): it logs, and what
needs the task is sent again later (docs/tasks.md).
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from pathlib import Path

from celery import Celery, signals
from celery.contrib.django.task import DjangoTask
from django.db import transaction
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
logger = logging.getLogger(__name__)


class Task(DjangoTask):
    """Base of every task here: queueing never fails the caller because of the broker."""

    def delay_on_commit(self, *args, **kwargs) -> None:
        """`delay` once the transaction commits (at once outside one); see `send_or_log`."""
        transaction.on_commit(functools.partial(self.send_or_log, *args, **kwargs))

    def send_or_log(self, *args, **kwargs) -> bool:
        """`delay` now; if the broker cannot take the message, log a warning and return False.

        The publish gives up within seconds (CELERY_TASK_PUBLISH_RETRY_POLICY and the broker's
        connection timeouts).
        """
        try:
            self.delay(*args, **kwargs)
        except OperationalError as exc:
            logger.warning("%s not queued, the broker is unavailable: %s", self.name, exc)
            return False
        return True


app = Celery("paindiary", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="ops.ping", ignore_result=False, soft_time_limit=5, time_limit=10)
def ping() -> str:
    """Round-trip probe for the broker and workers: idempotent, touches nothing."""
    return "pong"


@signals.worker_init.connect
def claim_broker_folder(**_) -> None:
    """A worker on the embedded broker takes only its own database's folder (config.broker_folder)."""
    from django.conf import settings

    from config.broker_folder import FolderOfAnotherDatabase, claim, database_identity

    if not app.conf.broker_url.startswith("filesystem://"):
        return
    try:
        claim(Path(settings.CELERY_FILESYSTEM_DIR), database_identity(settings.DATABASES["default"]))
    except FolderOfAnotherDatabase as exc:
        print(f"Refusing to start: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(78) from None  # EX_CONFIG

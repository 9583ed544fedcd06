"""The Celery app: configured from Django settings (CELERY_*), tasks found in each app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("paindiary")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="ops.ping", ignore_result=False, soft_time_limit=5, time_limit=10)
def ping() -> str:
    """Round-trip probe for the broker and workers: idempotent, touches nothing."""
    return "pong"

"""Celery tasks of reminders: thin (a service call), idempotent, json arguments.

This module queues reminders' work; the services only write.
"""

from __future__ import annotations

from datetime import datetime
from itertools import batched

from celery import shared_task
from django.utils.dateparse import parse_datetime

from reminders import services


@shared_task(name="reminders.send_due", ignore_result=True, soft_time_limit=50, time_limit=55)
def send_due(now: str | None = None) -> int:
    """Beat, every minute: plan the reminders due now and queue their sending.

    `now` (ISO 8601 with offset) is for tests and catching up by hand; the beat passes none.
    """
    return reminders_send_due(now=parse_datetime(now) if now else None)


@shared_task(name="reminders.deliver", ignore_result=True)
def deliver(delivery_ids: list[int]) -> dict[str, int]:
    """Send one chunk of planned deliveries (a second run of the same chunk sends nothing)."""
    return services.deliveries_send(delivery_ids=delivery_ids)


@shared_task(name="reminders.purge_deliveries", ignore_result=True)
def purge_deliveries() -> int:
    """Beat, nightly: drop the record of deliveries older than 90 days."""
    return services.deliveries_purge()


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Plan what is due and queue its sending in chunks; the number of deliveries planned.

    The plan has committed by then, so each chunk is queued at once. A chunk the broker
    refuses is logged and skipped: its rows stay pending and a later beat queues them again
    (`services.deliveries_stuck`).
    """
    planned, to_send = services.deliveries_due(now=now)
    for chunk in batched(to_send, services.SEND_CHUNK):
        deliver.send_or_log(list(chunk))
    return len(planned)

"""Celery tasks of reminders: thin (a service call), idempotent, json arguments."""

from __future__ import annotations

from celery import shared_task
from django.utils.dateparse import parse_datetime

from reminders import services


@shared_task(name="reminders.send_due", ignore_result=True, soft_time_limit=50, time_limit=55)
def send_due(now: str | None = None) -> int:
    """Beat, every minute: plan the reminders due now and queue their sending.

    `now` (ISO 8601 with offset) is for tests and catching up by hand; the beat passes none.
    """
    return services.reminders_send_due(now=parse_datetime(now) if now else None)


@shared_task(name="reminders.deliver", ignore_result=True)
def deliver(delivery_ids: list[int]) -> dict[str, int]:
    """Send one chunk of planned deliveries (a second run of the same chunk sends nothing)."""
    return services.deliveries_send(delivery_ids=delivery_ids)


@shared_task(name="reminders.purge_deliveries", ignore_result=True)
def purge_deliveries() -> int:
    """Beat, nightly: drop the record of deliveries older than 90 days."""
    return services.deliveries_purge()

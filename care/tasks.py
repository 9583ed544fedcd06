"""Celery tasks of the care app: thin (ids in, a service call), idempotent, json arguments.

This module is where care's work is queued: the services only write, and whatever queues a
computation does so once the write commits, without ever failing the request that asked for
it when the broker is down (config.celery_app.Task.delay_on_commit). The sweep, every minute,
sends again what a broker refused or a dead worker lost, and gives up on what stays pending.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, datetime
from itertools import batched

from celery import shared_task
from django.db import transaction
from django.utils.dateparse import parse_datetime

from accounts.models import User
from care import notifications, selectors, services
from care.models import Summary

CHUNK_SIZE = 100  # summaries (or patients, nightly) per task


# `now` (ISO 8601 with offset), where a task takes it, is for tests and catching up by hand:
# the clock the figures are computed at (their as-of date is the day before, in each
# patient's time zone). The beat and the views pass none.


def _when(now: str | None) -> datetime | None:
    return parse_datetime(now) if now else None


@shared_task(name="care.summary_compute", ignore_result=True)
def summary_compute(summary_id: str, now: str | None = None) -> int:
    """Compute one summary asked for on demand (does nothing if it is no longer pending)."""
    return services.summaries_compute(summary_ids=[summary_id], now=_when(now))


@shared_task(name="care.summaries_compute", ignore_result=True)
def summaries_compute(summary_ids: list[str], now: str | None = None) -> int:
    """Compute a chunk of summaries (the sweep's); those no longer pending are left alone."""
    return services.summaries_compute(summary_ids=summary_ids, now=_when(now))


@shared_task(name="care.summaries_nightly", ignore_result=True)
def summaries_nightly(now: str | None = None) -> int:
    """Beat: queue the default-period summaries of every patient with an active share, and the
    refresh of every ready summary whose figures are still in progress, in chunks."""
    return summaries_nightly_dispatch(now=now)


@shared_task(name="care.summaries_nightly_chunk", ignore_result=True)
def summaries_nightly_chunk(patient_ids: list[str], now: str | None = None) -> int:
    """One chunk of the nightly job (safe to run twice: one summary per patient and period)."""
    return services.summaries_nightly_chunk(patient_ids=patient_ids, now=_when(now))


@shared_task(name="care.summaries_refresh", ignore_result=True)
def summaries_refresh(summary_ids: list[str], now: str | None = None) -> int:
    """One chunk of the nightly refresh: recompute those still ready and in progress."""
    return services.summaries_refresh(summary_ids=summary_ids, now=_when(now))


@shared_task(name="care.summaries_sweep", ignore_result=True, soft_time_limit=50, time_limit=55)
def summaries_sweep(now: str | None = None) -> int:
    """Beat, every minute: fail what stayed pending too long, send again what was lost.

    `now` (ISO 8601 with offset) is for tests and catching up by hand; the beat passes none.
    Returns the number of summaries sent again.
    """
    ids = services.summaries_sweep(now=_when(now))
    compute_on_commit([str(pk) for pk in ids])
    return len(ids)


# --- queueing ----------------------------------------------------------------------------


def summary_request(*, patient: User, requested_by: User, period_start: date, period_end: date) -> Summary:
    """`services.summary_request`, then the summary's computation queued once it commits."""
    summary = services.summary_request(
        patient=patient, requested_by=requested_by, period_start=period_start, period_end=period_end
    )
    compute_on_commit([str(summary.pk)])
    return summary


def compute_on_commit(summary_ids: Iterable[str]) -> None:
    """Queue the computation of these summaries, in chunks, once the transaction commits.

    Never raises for a broker that is down: the refused summaries lose their `queued_at`,
    so the next sweep sends them as soon as the broker is back.
    """
    for chunk in batched(summary_ids, CHUNK_SIZE):
        transaction.on_commit(functools.partial(_send_compute, list(chunk)))


def _send_compute(summary_ids: list[str]) -> None:
    if len(summary_ids) == 1:
        sent = summary_compute.send_or_log(summary_ids[0])
    else:
        sent = summaries_compute.send_or_log(summary_ids)
    if not sent:
        services.summaries_unqueued(summary_ids=summary_ids)


def summaries_nightly_dispatch(*, chunk_size: int = CHUNK_SIZE, now: str | None = None) -> int:
    """Queue the nightly work in chunks of `chunk_size`; return the number of chunks.

    One chunk task per `chunk_size` patients with an active share (their default-period
    summary), then one per `chunk_size` ready summaries whose figures are still in progress
    (`Summary.in_progress`, found with one query: recomputed as of tonight). A chunk the
    broker refuses is logged and skipped: its patients get their summary the next night, or
    on demand; its summaries are refreshed the next night.
    """
    chunks = 0
    for chunk in batched(selectors.patient_ids_with_active_share(), chunk_size):
        summaries_nightly_chunk.delay_on_commit([str(pk) for pk in chunk], now)
        chunks += 1
    for chunk in batched(selectors.summary_ids_in_progress(), chunk_size):
        summaries_refresh.delay_on_commit([str(pk) for pk in chunk], now)
        chunks += 1
    return chunks


def summaries_recompute_outdated(summaries: Iterable[Summary]) -> None:
    """Of the summaries a front end is about to show, ask again for those whose figures are of
    an older version (shown as pending meanwhile, care.selectors.summary_shown), and queue
    their computation once that commits. No query when there is none."""
    ids = [str(s.pk) for s in summaries if s.outdated or s.figures_outdated]
    if ids and services.summaries_recompute_outdated(summary_ids=ids):
        compute_on_commit(ids)


# --- red flags: the care team is told (care.notifications) --------------------------------


@shared_task(name="care.red_flags_notify", ignore_result=True, soft_time_limit=120, time_limit=150)
def red_flags_notify(red_flag_ids: list[str]) -> dict[str, int]:
    """Email (and push to) every clinician with an active share about these red flags: at most
    once per flag, clinician and channel however often it runs (care.notifications)."""
    return notifications.red_flags_notify(red_flag_ids=red_flag_ids)


@shared_task(name="care.red_flags_sweep", ignore_result=True, soft_time_limit=50, time_limit=55)
def red_flags_sweep(now: str | None = None) -> int:
    """Queue the notification of red flags a clinician was never told about (the broker was
    down, a worker died, a send failed); beat runs it every minute (config.settings)."""
    ids = notifications.red_flags_unnotified(now=_when(now))
    red_flags_notify_queue(red_flag_ids=[str(pk) for pk in ids])
    return len(ids)


def red_flags_notify_queue(*, red_flag_ids: list[str]) -> None:
    """Queue the notification of these red flags once the transaction commits (at once outside
    one), in chunks. A broker that is down is logged; the sweep sends them later."""
    for chunk in batched(red_flag_ids, CHUNK_SIZE):
        red_flags_notify.delay_on_commit(list(chunk))

"""Celery tasks of the care app: thin (ids in, a service call), idempotent, json arguments."""

from __future__ import annotations

from celery import shared_task

from care import services


@shared_task(name="care.summary_compute", ignore_result=True)
def summary_compute(summary_id: str) -> int:
    """Compute one summary asked for on demand (does nothing if it is no longer pending)."""
    return services.summaries_compute(summary_ids=[summary_id])


@shared_task(name="care.summaries_nightly", ignore_result=True)
def summaries_nightly() -> int:
    """Beat: queue the default-period summaries of every patient with an active share, in chunks."""
    return services.summaries_nightly_dispatch()


@shared_task(name="care.summaries_nightly_chunk", ignore_result=True)
def summaries_nightly_chunk(patient_ids: list[str]) -> int:
    """One chunk of the nightly job (safe to run twice: one summary per patient and period)."""
    return services.summaries_nightly_chunk(patient_ids=patient_ids)

"""Liveness and readiness probes: /healthz says the process runs, /readyz that its services answer."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery_app import app as celery_app

BROKER_TIMEOUT_SECONDS = 2.0


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    """The shared cache itself: Redis when configured, even while the database stands in for it."""
    store = getattr(cache, "primary", cache)  # config.cache.FallbackRedisCache → its Redis
    key = f"readyz:{uuid.uuid4().hex}"
    store.set(key, "1", timeout=5)
    if store.get(key) != "1":
        raise RuntimeError("cache did not return what was written")
    store.delete(key)


def _check_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)


CHECKS = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    down = []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # noqa: BLE001 - any failure means "not ready", and names the service
            down.append(name)
    if down:
        return JsonResponse({"status": "unavailable", "down": down}, status=503)
    return JsonResponse({"status": "ok"})

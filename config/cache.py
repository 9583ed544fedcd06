"""The shared cache: Redis, and the database's cache table while Redis does not answer.

The cache holds the rate limits (allauth's sign-in limits, DRF's throttles) and allauth's
record of used TOTP codes. Those must keep counting when Redis is down, or an outage would
either answer 500 to everyone (the old behaviour) or switch the sign-in limits off. So every
operation goes to Redis unless Redis has failed within the last `RETRY_SECONDS` (a circuit
breaker, one per Redis location and process); then, and for the operation that failed, it goes
to Django's DatabaseCache instead. Small socket timeouts bound what a failed attempt costs.

Invariants:
- An operation never raises because Redis is unreachable: it is served by the database.
- While the breaker is open no connection to Redis is attempted, so an outage costs one
  failed attempt per process per `RETRY_SECONDS`, not one per request.
- The two stores are not merged: counts made in the database during an outage are not
  carried back to Redis on recovery (a rate window restarts, at most once per outage).
- Errors that are not about reaching Redis (a bad value, a command error) are raised as is.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import redis.exceptions
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)

# Reaching Redis failed: the network, a refused or dropped connection, a timeout, a restarting
# server still loading its data. Command errors (ResponseError, DataError) are not among them.
UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

DEFAULT_RETRY_SECONDS = 10.0
DEFAULT_REDIS_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}


class Breaker:
    """Open for `retry_seconds` after a failure: meanwhile Redis is not tried."""

    def __init__(self, retry_seconds: float) -> None:
        self.retry_seconds = retry_seconds
        self._open_until = 0.0
        self._lock = threading.Lock()

    def allows(self) -> bool:
        return time.monotonic() >= self._open_until

    def trip(self) -> bool:
        """Open the breaker; True if it was closed (the first failure of an outage, worth a log line)."""
        with self._lock:
            was_closed = self.allows()
            self._open_until = time.monotonic() + self.retry_seconds
            return was_closed

    def reset(self) -> None:
        with self._lock:
            self._open_until = 0.0


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(location: str, retry_seconds: float) -> Breaker:
    """One breaker per Redis location per process, shared by the per-thread cache instances."""
    with _breakers_lock:
        breaker = _breakers.get(location)
        if breaker is None:
            breaker = _breakers[location] = Breaker(retry_seconds)
        breaker.retry_seconds = retry_seconds
        return breaker


class FallbackRedisCache(BaseCache):
    """Django's Redis cache, falling back to the DatabaseCache table `FALLBACK_TABLE` on an outage.

    OPTIONS: `FALLBACK_TABLE` (default "cache", created by `migrate`), `RETRY_SECONDS` (how long
    the breaker stays open), `REDIS` (options for redis-py's connection pool; defaults to short
    socket timeouts). KEY_PREFIX, VERSION and TIMEOUT apply to both stores.
    """

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        fallback_table = options.pop("FALLBACK_TABLE", "cache")
        retry_seconds = float(options.pop("RETRY_SECONDS", DEFAULT_RETRY_SECONDS))
        redis_options = {**DEFAULT_REDIS_OPTIONS, **options.pop("REDIS", {})}
        super().__init__({**params, "OPTIONS": options})
        self.location = location
        self.primary = RedisCache(location, {**params, "OPTIONS": redis_options})
        self.fallback = DatabaseCache(fallback_table, {**params, "OPTIONS": options})
        self.breaker = breaker_for(location, retry_seconds)

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if self.breaker.allows():
            try:
                return getattr(self.primary, method)(*args, **kwargs)
            except UNREACHABLE as error:
                if self.breaker.trip():
                    log.warning(
                        "Redis cache unreachable (%s); using the database cache for the next %.0f s",
                        type(error).__name__,
                        self.breaker.retry_seconds,
                    )
        return getattr(self.fallback, method)(*args, **kwargs)

    @property
    def serving_from_redis(self) -> bool:
        """False while the breaker is open: operations go to the database."""
        return self.breaker.allows()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def clear(self):
        return self._call("clear")

    def close(self, **kwargs):
        self.primary.close(**kwargs)
        self.fallback.close(**kwargs)

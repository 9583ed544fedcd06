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
import os
import tempfile
import threading
import time
from typing import Any

import redis.exceptions
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

log = logging.getLogger(__name__)

# Reaching Redis failed: the network, a refused or dropped connection, a timeout, a restarting
# server still loading its data. Command errors (ResponseError, DataError) are not among them.
UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

DEFAULT_RETRY_SECONDS = 10.0
DEFAULT_REDIS_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}


class _ReusedRedisClient(RedisCacheClient):
    """Django's Redis client makes a new `redis.Redis` for every call (two per request with the
    rate limiter and the sign-in cache), and building one costs more than the call itself under
    load. One per connection pool is enough: a `redis.Redis` is thread-safe and its pool
    reconnects after a fork."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class _RedisCache(RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusedRedisClient


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
        self.primary = _RedisCache(location, {**params, "OPTIONS": redis_options})
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


# --- the sign-in cache: sessions and users (accounts.session_store, accounts.user_cache) -------
#
# What is cached there must be dropped the moment it is revoked (sign-out everywhere, a
# deactivated account, a changed password), on every process. So, unlike the cache above, it
# never falls back to another store: a value written to the database table during an outage
# would leave Redis's copy behind, and Redis's stale copy would be served once it is back.
# Instead, while Redis does not answer, every read is a miss (callers read the database) and
# writes are dropped; a process that dropped a write raises the store's epoch when Redis
# answers again, which retires every value written before (each value carries the epoch it was
# written in). A process that dies owing the raise leaves the values' own TTL as the bound.


class _Epoch:
    """Per Redis location and process: whether a write was dropped since the epoch was raised."""

    def __init__(self) -> None:
        self.owed = False


_epochs: dict[str, _Epoch] = {}


class SignInCache(BaseCache):
    """Redis only, each value tagged with the store's epoch (see above). One round trip per read.

    OPTIONS: `RETRY_SECONDS` (the breaker, shared with the default cache's for the same
    location) and `REDIS` (redis-py's options; short socket timeouts by default).
    """

    EPOCH_KEY = "epoch"

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        retry_seconds = float(options.pop("RETRY_SECONDS", DEFAULT_RETRY_SECONDS))
        redis_options = {**DEFAULT_REDIS_OPTIONS, **options.pop("REDIS", {})}
        super().__init__({**params, "OPTIONS": options})
        self.primary = _RedisCache(location, {**params, "OPTIONS": redis_options})
        self.breaker = breaker_for(location, retry_seconds)
        with _breakers_lock:
            self.epoch = _epochs.setdefault(location, _Epoch())

    def _reachable(self) -> bool:
        """The breaker is closed, and an epoch owed since an outage has been raised."""
        if not self.breaker.allows():
            return False
        if self.epoch.owed:
            try:
                self.primary.add(self.EPOCH_KEY, 0, timeout=None)
                self.primary.incr(self.EPOCH_KEY)
            except UNREACHABLE:
                self.breaker.trip()
                return False
            self.epoch.owed = False
            log.warning("Redis answers again: the sign-in cache's epoch was raised (its values were retired)")
        return True

    def _failed(self, *, wrote: bool) -> None:
        if wrote:
            self.epoch.owed = True
        if self.breaker.trip():
            log.warning(
                "Redis unreachable: the sign-in cache reads the database for %.0f s",
                self.breaker.retry_seconds,
            )

    def get(self, key, default=None, version=None):
        if not self._reachable():
            return default
        try:
            found = self.primary.get_many([self.EPOCH_KEY, key], version=version)
        except UNREACHABLE:
            self._failed(wrote=False)
            return default
        tagged = found.get(key)
        if not isinstance(tagged, tuple) or tagged[0] != found.get(self.EPOCH_KEY, 0):
            return default
        return tagged[1]

    def _write(self, method: str, key, value, timeout, version) -> bool:
        if not self._reachable():
            self.epoch.owed = True
            return False
        try:
            epoch = self.primary.get(self.EPOCH_KEY, 0)
            return bool(getattr(self.primary, method)(key, (epoch, value), timeout, version=version))
        except UNREACHABLE:
            self._failed(wrote=True)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Only if absent, or written in an earlier epoch (retired): one atomic check-and-set."""
        if not self._reachable():
            self.epoch.owed = True
            return False
        made = self.primary.make_and_validate_key(key, version=version)
        epoch_key = self.primary.make_and_validate_key(self.EPOCH_KEY, version=version)
        client = self.primary._cache.get_client(made, write=True)
        serializer = self.primary._cache._serializer
        seconds = self.primary.get_backend_timeout(timeout)
        try:
            with client.pipeline() as pipe:
                pipe.watch(made, epoch_key)
                raw_epoch, raw = pipe.get(epoch_key), pipe.get(made)
                epoch = serializer.loads(raw_epoch) if raw_epoch is not None else 0
                if raw is not None:
                    tagged = serializer.loads(raw)
                    if isinstance(tagged, tuple) and tagged[0] == epoch:
                        return False
                pipe.multi()
                pipe.set(made, serializer.dumps((epoch, value)), ex=seconds)
                pipe.execute()
                return True
        except redis.exceptions.WatchError:  # written (or the epoch raised) meanwhile: theirs stands
            return False
        except UNREACHABLE:
            self._failed(wrote=True)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._write("set", key, value, timeout, version)

    def delete(self, key, version=None):
        if not self._reachable():
            self.epoch.owed = True
            return False
        try:
            return self.primary.delete(key, version=version)
        except UNREACHABLE:
            self._failed(wrote=True)
            return False

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return False

    def has_key(self, key, version=None):
        return self.get(key, version=version) is not None

    def clear(self):
        if self._reachable():
            try:
                self.primary.clear()
            except UNREACHABLE:
                self._failed(wrote=True)

    def close(self, **kwargs):
        self.primary.close(**kwargs)


class HostFileCache(FileBasedCache):
    """Django's file cache in a folder of this host, with an `add` that is atomic across processes.

    The sign-in cache of the embedded default: SQLite's file is on this host, so every process
    of the site (web workers, Celery) is too, and a folder they share is as shared as Redis.
    `add` links the written file into place (a link fails if the name exists), so it never
    replaces a value another process wrote in between, which is what keeps a revocation marker
    from being overwritten by a stale read. Culling removes expired files only (never a live
    revocation marker), at most once an hour per process.
    """

    CULL_EVERY = 3600.0

    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        self._culled_at = time.monotonic()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.has_key(key, version):  # also removes the file of an expired value
            return False
        self._createdir()
        fname = self._key_to_file(key, version)
        fd, tmp_path = tempfile.mkstemp(dir=self._dir)
        try:
            with open(fd, "wb") as f:
                self._write_content(f, timeout, value)
            os.link(tmp_path, fname)
            return True
        except FileExistsError:
            return False
        finally:
            os.remove(tmp_path)

    def _cull(self) -> None:
        if time.monotonic() - self._culled_at < self.CULL_EVERY:
            return
        self._culled_at = time.monotonic()
        for fname in self._list_cache_files():
            try:
                with open(fname, "rb") as f:
                    self._is_expired(f)  # removes it if expired
            except FileNotFoundError:
                pass

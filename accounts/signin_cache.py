"""The sign-in cache: the store that spares each request its session and user queries.

`settings.SIGNIN_CACHE` names a cache alias (Redis, or a folder of this host for the
embedded SQLite default: config.cache); without it (PostgreSQL without Redis) nothing is
cached and sessions and users are read from the database, as Django does.

Three rules keep a revocation immediate on every process (docs/performance.md § Requests):
- a value read from the database is put back with `add`, never `set`, so it cannot replace
  what a revocation wrote meanwhile;
- a change writes its new state (or `GONE`) with `set`, after its transaction commits;
- `GONE` marks a deleted session or user for `GONE_SECONDS`, far longer than any request
  takes between its database read and its `add`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import BaseCache, caches

GONE = "gone"  # a deleted session or user: refused without asking the database
GONE_SECONDS = 300


def signin_cache() -> BaseCache | None:
    alias = getattr(settings, "SIGNIN_CACHE", None)
    return caches[alias] if alias and alias in settings.CACHES else None

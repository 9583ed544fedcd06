"""The session engine (SESSION_ENGINE): database sessions, read through the sign-in cache.

Browser cookies and the app's `X-Session-Token` are both keys of this store. The database
is the record; the cache (accounts.signin_cache) answers most reads. Unlike Django's
cached_db engine, a read never puts back a session that was ended meanwhile:
- a session read from the database is cached with `add`;
- ending a session (sign-out, sign-out everywhere, an admin's force sign-out, expiry) writes
  `GONE` over it, so every process refuses the key at once, without asking the database;
- saving writes the cache after the database, then checks the row still exists, so a save
  racing an end cannot leave the ended session cached (one query; saves are rare: sign-in,
  and the last-use stamp at most once a minute, accounts.sessions.TOUCH_EVERY).
Without a sign-in cache it is Django's database engine.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

from accounts.signin_cache import GONE, GONE_SECONDS, signin_cache

PREFIX = "session:"


class SessionStore(DatabaseStore):
    def __init__(self, session_key=None) -> None:
        self._cache = signin_cache()
        super().__init__(session_key)

    def load(self) -> dict:
        if self._cache is None or self.session_key is None:
            return super().load()
        key = PREFIX + self.session_key
        hit = self._cache.get(key)
        if hit == GONE:
            self._session_key = None
            return {}
        if isinstance(hit, dict):
            return hit
        row = self._get_session_from_db()  # forgets the key if there is no such session
        if row is None:
            return {}
        data = self.decode(row.session_data)
        self._cache.add(key, data, self.get_expiry_age(expiry=row.expire_date))
        return data

    def exists(self, session_key) -> bool:
        cached = self._cache.get(PREFIX + session_key) if self._cache is not None and session_key else None
        if isinstance(cached, dict):
            return True
        return super().exists(session_key)

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:  # a new session: create() saves it again with must_create
            return self.create()
        super().save(must_create)
        if self._cache is None:
            return
        key = PREFIX + self.session_key
        self._cache.set(key, self._session, self.get_expiry_age())
        if not must_create and not super().exists(self.session_key):  # ended while we saved
            self._cache.set(key, GONE, GONE_SECONDS)

    def delete(self, session_key=None) -> None:
        super().delete(session_key)
        session_key = session_key or self.session_key
        if self._cache is not None and session_key:
            self._cache.set(PREFIX + session_key, GONE, GONE_SECONDS)

"""Session lifetimes: an idle timeout and an absolute timeout for every signed-in session.

A session (browser cookie or app `X-Session-Token`, which is a session key) is stamped at
sign-in with its start, its last use and its two limits; staff and clinicians get the
shorter ones (settings.SESSION_TIMEOUTS). config.middleware.SessionTimeoutMiddleware checks
each request's sessions and ends the expired ones before anything reads the user.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.base import SessionBase
from django.dispatch import receiver

STARTED, SEEN, IDLE, ABSOLUTE = "auth_started_at", "auth_seen_at", "auth_idle_s", "auth_absolute_s"
TOUCH_EVERY = 60  # seconds: the last-use stamp is written at most once a minute


def limits_for(user) -> tuple[int, int]:
    """(idle, absolute) seconds for this user: staff and clinicians get the privileged pair."""
    privileged = bool(user.is_staff or user.is_superuser or getattr(user, "is_clinician", False))
    timeouts = settings.SESSION_TIMEOUTS["privileged" if privileged else "patient"]
    return timeouts["idle"], timeouts["absolute"]


def session_stamp(session: SessionBase, user, *, now: float | None = None) -> None:
    now = int(now if now is not None else time.time())
    idle, absolute = limits_for(user)
    session.update({STARTED: now, SEEN: now, IDLE: idle, ABSOLUTE: absolute})


def session_expired(session: SessionBase, *, now: float | None = None) -> bool:
    """True if a signed-in session has been idle or alive too long (unstamped: not expired)."""
    if STARTED not in session:
        return False
    now = now if now is not None else time.time()
    return now - session[SEEN] > session[IDLE] or now - session[STARTED] > session[ABSOLUTE]


def session_touch(session: SessionBase, *, now: float | None = None) -> bool:
    """Record a use (at most once a minute); True if the session changed and needs saving."""
    now = int(now if now is not None else time.time())
    if now - session.get(SEEN, 0) < TOUCH_EVERY:
        return False
    session[SEEN] = now
    return True


def is_signed_in(session: SessionBase) -> bool:
    return SESSION_KEY in session


@receiver(user_logged_in, dispatch_uid="accounts.sessions.stamp_on_login")
def _stamp_on_login(sender, request, user, **kwargs) -> None:
    """Every sign-in (allauth browser and app flows, the admin, the portal) starts the clocks."""
    if request is not None and hasattr(request, "session"):
        session_stamp(request.session, user)

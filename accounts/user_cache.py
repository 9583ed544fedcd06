"""The signed-in user's row, from the sign-in cache, written anew the moment it changes.

Every request of a signed-in user needs their row (is it active, its password hash and session
salt for the session hash check, its role). It is cached under the user's id for `TTL`
seconds. Every save or delete of a user writes the committed row (or `GONE`) to the cache
after the transaction commits (the signal receivers below); code that changes users with a
queryset `update()` calls `user_cache_refresh` itself (accounts.services, accounts.credentials).
The TTL bounds what a change made some other way (a raw SQL fix) leaves cached.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import User
from accounts.signin_cache import GONE, GONE_SECONDS, signin_cache

TTL = 300  # seconds
CHANGED = "changed"  # a change is being committed: read the database, cache nothing
CHANGED_SECONDS = 60


def _key(user_id) -> str | None:
    try:
        return f"user:{uuid.UUID(str(user_id))}"
    except ValueError:
        return None


def user_by_id(user_id) -> User | None:
    """The user with this id (active or not), from the cache when it holds them; None if none."""
    cache, key = signin_cache(), _key(user_id)
    if key is None:
        return None
    if cache is None:
        return User._default_manager.filter(pk=user_id).first()
    hit = cache.get(key)
    if hit == GONE:
        return None
    if isinstance(hit, User):
        return hit
    user = User._default_manager.filter(pk=user_id).first()
    if hit != CHANGED:
        cache.add(key, user if user is not None else GONE, TTL if user is not None else GONE_SECONDS)
    return user


def user_cache_refresh(user_id) -> None:
    """The cached row is retired now, and replaced by the committed row once the transaction commits.

    Until then (and for `CHANGED_SECONDS` if it rolls back) requests read the database and
    cache nothing: they cannot see the change yet, and must not keep what they saw.
    """
    cache, key = signin_cache(), _key(user_id)
    if cache is None or key is None:
        return
    cache.set(key, CHANGED, CHANGED_SECONDS)

    def write() -> None:
        user = User._default_manager.filter(pk=user_id).first()
        if user is None:
            cache.set(key, GONE, GONE_SECONDS)
        else:
            cache.set(key, user, TTL)

    transaction.on_commit(write)


# Saved at every sign-in; no request decides anything on it (the admin reads the database).
NOT_CACHED_FIELDS = frozenset({"last_login"})


@receiver(post_save, sender=User, dispatch_uid="accounts.user_cache.saved")
def _saved(sender, instance: User, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= NOT_CACHED_FIELDS:
        return
    user_cache_refresh(instance.pk)


@receiver(post_delete, sender=User, dispatch_uid="accounts.user_cache.deleted")
def _deleted(sender, instance: User, **kwargs) -> None:
    user_cache_refresh(instance.pk)

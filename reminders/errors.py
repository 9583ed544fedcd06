"""The reminders app's errors, mapped by the API to the standard error shape."""

from rest_framework.exceptions import NotFound as _NotFound


class NotFound(_NotFound):
    """404: no such thing, or not the caller's (CONTRACT.md: never reveal which)."""

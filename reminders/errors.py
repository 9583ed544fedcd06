"""The reminders app's errors, in the domain's words (core.errors); api.errors maps them."""

from core import errors


class NotFound(errors.NotFound):
    """No such thing, or not the caller's (CONTRACT.md: never reveal which)."""

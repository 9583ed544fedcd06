"""The application's errors: what went wrong in the domain's words, with no HTTP in them.

Domain code (accounts, diary, care, reminders and the apps above them) raises these, or
Django's `ValidationError` for invalid input. Each front end maps them once: `api.errors` to
the JSON error shape of CONTRACT.md, the portal to its 404 and 403 pages.

Every error has a stable `code` (clients branch on it), a human `message`, and the `field` it
is about, if any. The subclasses say what kind of failure it is; a front end chooses the status.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy


class ApplicationError(Exception):
    """Base class: a failure the caller can act on, as opposed to a bug."""

    code = "error"
    message = gettext_lazy("The request could not be completed.")

    def __init__(self, message: str | None = None, *, code: str | None = None, field: str | None = None):
        self.message = message or type(self).message
        self.code = code or type(self).code
        self.field = field
        super().__init__(self.message)


class NotFound(ApplicationError):
    """No such thing, or not the caller's: the two are never told apart (CONTRACT.md)."""

    code = "not_found"
    message = gettext_lazy("Not found.")


class PermissionDenied(ApplicationError):
    """The caller is known and the thing exists, but this is not theirs to do."""

    code = "permission_denied"
    message = gettext_lazy("You do not have permission to perform this action.")


class Conflict(ApplicationError):
    """The request clashes with the current state (an id in use, a summary not ready yet)."""

    code = "conflict"
    message = gettext_lazy("This clashes with the current state.")


class PreconditionFailed(ApplicationError):
    """A condition the caller set (If-Match) no longer holds."""

    code = "precondition_failed"
    message = gettext_lazy("The record has changed since that version; fetch it again.")


class TooLarge(ApplicationError):
    """More than the operation takes at once."""

    code = "payload_too_large"
    message = gettext_lazy("Too much at once.")

"""Errors of care-team reads and writes, in the domain's words (core.errors).

The API answers them in its error shape (api.errors), the portal with its 404 and 403
pages (portal.errors). A share that does not exist, is not the caller's or no longer gives
access is one and the same "Not found.": nothing about it is revealed.
"""

from django.utils.translation import gettext_lazy

from core import errors


class ShareNotFound(errors.NotFound):
    """No such share, or not yours, or no longer usable (revoked, expired, already taken)."""

    message = gettext_lazy("Not found.")


class NoActiveShare(errors.NotFound):
    """The clinician has no active share with this patient: nothing about them is revealed."""

    message = gettext_lazy("Not found.")


class ScopeTooNarrow(errors.PermissionDenied):
    """The full diary (entries, administrations …) needs a share of scope `full`."""

    message = gettext_lazy("This patient shares summaries only, not the full diary.")


class SummaryNotReady(errors.Conflict):
    """A summary's PDF exists only once the summary is ready."""

    code = "summary_not_ready"
    message = gettext_lazy("This summary is not ready: see its status.")

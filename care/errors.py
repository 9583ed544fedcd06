"""Errors of care-team reads and writes; DRF exceptions, so the API answers them in the standard shape.

The portal (plain Django views) turns them into 404 / 403 pages (care.views).
"""

from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied


class ShareNotFound(NotFound):
    """No such share, or not yours, or no longer usable (revoked, expired, already taken)."""

    default_detail = "Not found."


class NoActiveShare(NotFound):
    """The clinician has no active share with this patient: nothing about them is revealed."""

    default_detail = "Not found."


class ScopeTooNarrow(PermissionDenied):
    default_detail = "This patient shares summaries only, not the full diary."
    default_code = "permission_denied"


class SummaryNotReady(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This summary is not ready: see its status."
    default_code = "summary_not_ready"

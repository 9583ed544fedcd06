"""Errors of diary writes and reads, in the domain's words (core.errors); api.errors maps them to HTTP."""

from django.utils.translation import gettext_lazy

from core import errors


class RecordNotFound(errors.NotFound):
    """No such live record of the patient's: missing, deleted or another's are never told apart."""


class VersionMismatch(errors.PreconditionFailed):
    """If-Match named a version the record no longer has."""

    message = gettext_lazy("The record has changed since that version; fetch it again.")


class IdTaken(errors.Conflict):
    """The client chose an id a record already has (its own, or another patient's)."""

    message = gettext_lazy("A record with this id already exists.")

"""Errors of diary writes; they are DRF exceptions, so the API answers them in the standard shape."""

from rest_framework import status
from rest_framework.exceptions import APIException, NotFound


class RecordNotFound(NotFound):
    default_detail = "Not found."


class VersionMismatch(APIException):
    """If-Match named a version the record no longer has."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record has changed since that version; fetch it again."
    default_code = "precondition_failed"


class IdTaken(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "A record with this id already exists."
    default_code = "conflict"

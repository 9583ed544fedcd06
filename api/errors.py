"""The one place application errors become HTTP answers in the API's error shape.

The domain raises `core.errors` and Django's `ValidationError` (see core/errors.py); DRF's
exception handling is extended here to turn them into the DRF exceptions whose bodies
drf-standardized-errors writes (CONTRACT.md § Errors):
`{"type", "errors": [{"code", "detail", "attr"}]}`.

Field names in a Django `ValidationError` may be paths (`side_effects.0.code`): they reach
`attr` as they are, the same as DRF's own nested errors after flattening.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_standardized_errors.handler import ExceptionHandler
from rest_framework import exceptions, status
from rest_framework.settings import api_settings

from core import errors

STATUS = {
    errors.NotFound: status.HTTP_404_NOT_FOUND,
    errors.PermissionDenied: status.HTTP_403_FORBIDDEN,
    errors.Conflict: status.HTTP_409_CONFLICT,
    errors.PreconditionFailed: status.HTTP_412_PRECONDITION_FAILED,
    errors.TooLarge: status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
}


class ApplicationErrorResponse(exceptions.APIException):
    """An application error with the status its kind maps to."""

    def __init__(self, error: errors.ApplicationError, status_code: int) -> None:
        super().__init__(detail=error.message, code=error.code)
        self.status_code = status_code


def validation_detail(exc: DjangoValidationError) -> dict | list:
    """Django's ValidationError as DRF's detail: every message with its code, by field."""
    if hasattr(exc, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): [
                exceptions.ErrorDetail(message, code=error.code or "invalid")
                for error in field_errors
                for message in error.messages
            ]
            for field, field_errors in exc.error_dict.items()
        }
    return {
        api_settings.NON_FIELD_ERRORS_KEY: [
            exceptions.ErrorDetail(message, code=error.code or "invalid")
            for error in exc.error_list
            for message in error.messages
        ]
    }


def to_api_exception(exc: Exception) -> Exception:
    """The DRF exception for an application error; anything else is returned unchanged."""
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(validation_detail(exc))
    if isinstance(exc, errors.ApplicationError):
        for kind, status_code in STATUS.items():
            if isinstance(exc, kind):
                return ApplicationErrorResponse(exc, status_code)
        detail = {
            exc.field or api_settings.NON_FIELD_ERRORS_KEY: [exceptions.ErrorDetail(exc.message, exc.code)]
        }
        return exceptions.ValidationError(detail)
    return exc


class ApiExceptionHandler(ExceptionHandler):
    """drf-standardized-errors' handler, which also knows the application's errors."""

    def convert_known_exceptions(self, exc: Exception) -> Exception:
        return super().convert_known_exceptions(to_api_exception(exc))

"""api.errors: application errors and Django's ValidationError become the API's error shape.

The domain raises `core.errors` and Django's `ValidationError`; a view that lets one through
answers with the status its kind maps to and the body CONTRACT.md § Errors fixes.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import path
from rest_framework.views import APIView

from core import errors

RAISED = {
    "not-found": errors.NotFound(),
    "denied": errors.PermissionDenied("This patient shares summaries only."),
    "conflict": errors.Conflict("This summary is not ready.", code="summary_not_ready"),
    "precondition": errors.PreconditionFailed(),
    "too-large": errors.TooLarge("At most 500 mutations per push.", code="payload_too_large"),
    "field": errors.ApplicationError('Use "server" or "client".', code="invalid", field="data.keep"),
    "fields": ValidationError(
        {
            "side_effects.0.code": ValidationError("Not a known side effect.", code="invalid_choice"),
            "__all__": ValidationError("The least pain cannot exceed the worst.", code="invalid"),
        }
    ),
    "plain": ValidationError("At most 10000 records per import.", code="too_many"),
}


class Raises(APIView):
    permission_classes = []
    authentication_classes = []
    throttle_classes = []

    def get(self, request, kind):
        raise RAISED[kind]


urlpatterns = [path("raises/<str:kind>", Raises.as_view())]


def error(code: str, detail: str, attr: str | None = None) -> dict:
    return {"code": code, "detail": detail, "attr": attr}


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("kind", "status", "body"),
    [
        ("not-found", 404, {"type": "client_error", "errors": [error("not_found", "Not found.")]}),
        (
            "denied",
            403,
            {
                "type": "client_error",
                "errors": [error("permission_denied", "This patient shares summaries only.")],
            },
        ),
        (
            "conflict",
            409,
            {"type": "client_error", "errors": [error("summary_not_ready", "This summary is not ready.")]},
        ),
        (
            "precondition",
            412,
            {
                "type": "client_error",
                "errors": [
                    error("precondition_failed", "The record has changed since that version; fetch it again.")
                ],
            },
        ),
        (
            "too-large",
            413,
            {
                "type": "client_error",
                "errors": [error("payload_too_large", "At most 500 mutations per push.")],
            },
        ),
        (
            "field",
            400,
            {
                "type": "validation_error",
                "errors": [error("invalid", 'Use "server" or "client".', "data.keep")],
            },
        ),
        (
            "fields",
            400,
            {
                "type": "validation_error",
                "errors": [
                    error("invalid_choice", "Not a known side effect.", "side_effects.0.code"),
                    error("invalid", "The least pain cannot exceed the worst.", "non_field_errors"),
                ],
            },
        ),
        (
            "plain",
            400,
            {
                "type": "validation_error",
                "errors": [error("too_many", "At most 10000 records per import.", "non_field_errors")],
            },
        ),
    ],
)
def test_an_application_error_answers_in_the_error_shape(client, kind, status, body):
    response = client.get(f"/raises/{kind}")

    assert response.status_code == status
    assert response.json() == body

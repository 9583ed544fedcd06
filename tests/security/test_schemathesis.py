"""schemathesis against `/api/schema/`, signed in as a patient, with every check: zero failures.

Two runs over the WSGI app, inside the test database:
- every operation on its own (schemathesis' examples, coverage and fuzzing phases), with
  valid and invalid input, checking server errors, status codes, content types, response
  bodies and headers against the schema, that invalid input is refused and that auth is
  enforced;
- a stateful run that chains operations through the links schemathesis infers (create →
  read → change → delete), which is what `use_after_free` and
  `ensure_resource_availability` need.

Rate limits are raised for the run (they are tested in test_limits.py): a throttled 429 is
a valid answer but would hide everything behind it. Nothing is excluded.
"""

from __future__ import annotations

import os
from importlib import import_module

import hypothesis
import pytest
import schemathesis
from django.conf import settings
from django.db import connections
from hypothesis import HealthCheck
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import checks

from api.summaries import SummaryRequestThrottle
from config.wsgi import application
from tests.conftest import PASSWORD

CHECKS = [
    not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
    checks.negative_data_rejection,
    checks.use_after_free,
    checks.ensure_resource_availability,
    checks.ignored_auth,
]
# Per operation; CI keeps it small (~40 s for the whole file). For a deeper run locally:
# SCHEMATHESIS_MAX_EXAMPLES=200 SCHEMATHESIS_RANDOM=1 pytest tests/security/test_schemathesis.py
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15"))
DETERMINISTIC = not os.environ.get("SCHEMATHESIS_RANDOM")
HYPOTHESIS = hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=DETERMINISTIC,  # the same cases on every run: CI is reproducible, and so is a failure
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],  # report the first failure, unshrunk
)
CONFIG = schemathesis.Config.from_dict(
    {"generation": {"max-examples": MAX_EXAMPLES, "deterministic": DETERMINISTIC}}
)
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


class PatientSession:
    """alice's `X-Session-Token`, signed in again whenever a case ended it (sign-out-everywhere)."""

    def __init__(self, user) -> None:
        self.user = user
        self.token = ""

    def headers(self) -> dict[str, str]:
        if not self.token or not SessionStore().exists(self.token):
            body = {"email": self.user.email, "password": PASSWORD}
            response = APIClient().post("/_allauth/app/v1/auth/login", body, format="json")
            assert response.status_code == 200, response.content
            self.token = response.json()["meta"]["session_token"]
        return {"X-Session-Token": self.token}


@pytest.fixture
def patient(alice, monkeypatch, settings) -> PatientSession:
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {
            **SimpleRateThrottle.THROTTLE_RATES,
            "user": "100000/min",
            "anon": "100000/min",
            "sync": "100000/min",
        },
    )
    monkeypatch.setattr(SummaryRequestThrottle, "rate", "100000/hour")
    # every sign-out-everywhere case means a fresh sign-in for the next one
    limits = {"reauthenticate": "100000/m/user", "login": "100000/m/ip"}
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, **limits}
    return PatientSession(alice)


@pytest.fixture
def keep_the_test_connection(monkeypatch):
    """The WSGI handler closes "old" connections after each request, which on PostgreSQL would
    end the test's transaction (Django's test client avoids it the same way, per request)."""
    monkeypatch.setattr(type(connections["default"]), "close_if_unusable_or_obsolete", lambda self: None)


@pytest.fixture
def api_schema(db, keep_the_test_connection):
    return schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@HYPOTHESIS
def test_every_operation(case, patient):
    case.call_and_validate(headers=patient.headers(), checks=CHECKS)


@pytest.mark.django_db
def test_stateful_links(api_schema, patient):
    class Workflow(api_schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": patient.headers()}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                checks=CHECKS,
                headers=kwargs.get("headers"),
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    Workflow.run(
        settings=hypothesis.settings(HYPOTHESIS, max_examples=2 * MAX_EXAMPLES, stateful_step_count=8)
    )

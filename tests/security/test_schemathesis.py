"""schemathesis on `/api/schema/` with every check it has, as a patient and as a clinician: no failure.

Each pass runs over the WSGI app, inside the test database, on the world of
tests/security/conftest.py (alice's diary, shared in full with carol, a ready summary):
- every operation on its own (schemathesis' examples, coverage and fuzzing phases), with
  valid and invalid input;
- a stateful run that chains operations through the links schemathesis infers (create →
  read → change → delete), which is what `use_after_free` and
  `ensure_resource_availability` need.

Every check schemathesis has runs (ALL_CHECKS, the `--checks all` of its command line):
server errors, status codes, content types, response bodies and headers against the schema,
invalid input refused (`negative_data_rejection`), *valid input accepted*
(`positive_data_acceptance`: the schema promises no less than the server enforces),
required headers, unsupported methods and their `Allow` header, auth enforced, deleted things
gone, created things there. `object_level_authorization` needs several identities from a
Web Fuzzing Commons auth file and does nothing here: tests/security/test_authz_matrix.py
tries every caller on every route instead.

The clinician pass sends carol's session and names alice (`patient_id`) and her summary
(`summary_id`) in the clinician paths, so those operations reach data instead of 404s.

Where a check is wrong for a case, and only there, this file says why:
- 412 Precondition Failed is a right answer to a well-formed `If-Match` naming a version
  the record has left (RFC 9110 § 13.1.1), and a refusal; schemathesis' defaults for
  accepting valid input and refusing invalid input do not list it (CHECK_STATUSES).
- Some rules cannot be written in JSON Schema; the schema states them in words (each
  field's description) and the server answers 400 naming the field. A schema-valid request
  refused *only* for such rules passes (RULES_IN_WORDS, each with its reason); any other
  400 to a schema-valid request fails as schemathesis would fail it.

Rate limits are raised for the run (they are tested in test_limits.py): a throttled 429 is
a valid answer but would hide everything behind it. Nothing else is excluded.
"""

from __future__ import annotations

import os
import re
from importlib import import_module

import hypothesis
import pytest
import schemathesis
from django.conf import settings
from django.db import connections, transaction
from hypothesis import HealthCheck
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config._checks import (
    NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES,
    POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES,
)
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application
from diary import formats
from tests.conftest import PASSWORD

# Per operation; CI keeps it small. For a deeper run locally:
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
CHECK_STATUSES = {
    "positive_data_acceptance": {"expected-statuses": [*POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES, "412"]},
    "negative_data_rejection": {"expected-statuses": [*NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES, "412"]},
}
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore

# --- Rules the schema states in words --------------------------------------------------------
# (field, the server's message): a 400 to a schema-valid request passes when every error in
# it is one of these. `field` also matches inside an import (`administrations.0.episode`).
RULES_IN_WORDS = [
    # Links name the patient's own records: which ids exist is data, not schema.
    ("episode", "No episode with this id in your diary."),
    ("administration", "No administration with this id in your diary."),
    ("administration", "This administration belongs to a different episode."),
    # One field's rule depends on another's value, or (PATCH) on the stored record's:
    # JSON Schema in OpenAPI 3.0 compares no two values.
    ("treatment_name", "Name the treatment when it is 'other'."),
    ("ended_on", "An episode cannot end before it starts."),
    ("weight_kg", "A dose in mg/kg needs the weight in kg."),
    ("unit", "A fentanyl patch is logged in mcg_per_h."),
    ("unit", "mcg_per_h is only for patches; use mg or mcg."),
    ("side_effects", "A side effect appears more than once; give it one severity."),
    ("diary_date", formats.DIARY_DATE_AFTER),
    ("diary_date", formats.DIARY_DATE_BEFORE),
    ("pain_average", formats.AVERAGE_BELOW_LEAST),
    ("pain_worst", formats.WORST_BELOW_AVERAGE),
    ("pain_worst", formats.WORST_BELOW_LEAST),
    ("wear_hours", formats.WEAR_HOURS_NOT_A_PATCH),
    # One maximum per unit: the unit is another field of the same request.
    *(("dose", message) for message in formats.DOSE_ABOVE_MAX.values()),
    ("period_end", "The period cannot end before it starts."),
    ("period_end", "A summary covers at most 366 days."),
    ("mutations", "The mids of a batch must be consecutive and ascending."),
    # Relative to today, which a schema cannot name.
    ("expires_on", "The last day of access cannot be in the past."),
    ("recorded_at", formats.RECORDED_AHEAD),
    # An assessment's answers: how many and in which range depend on its instrument.
    *formats.ASSESSMENT_RULES_IN_WORDS,
    # Who is asking: one schema serves patients and clinicians alike.
    ("reminders", "Reminders are for patient accounts."),
    # Values only the server can make or know: a signed cursor it issued, a point on the
    # P-256 curve (any 65 bytes match the pattern; few are on the curve), the account's password.
    ("cursor", "This cursor is not valid; pull again without one."),
    ("keys.p256dh", "Not a P-256 public key (base64url, 65 bytes)."),
    ("password", "The password is not correct."),
]


def rule_in_words(error: dict) -> bool:
    attr = re.sub(r"^[a-z_]+\.[0-9]+\.", "", error.get("attr") or "")  # an import's section.index.
    return (attr, error.get("detail")) in RULES_IN_WORDS


def schema_valid_request_accepted(ctx, response, case):
    """`positive_data_acceptance`, except a 400 whose every error is a rule in words."""
    if response.status_code == 400:
        try:
            errors = response.json()["errors"]
        except (ValueError, KeyError, TypeError):
            errors = []
        if errors and all(rule_in_words(error) for error in errors):
            return None
    return positive_data_acceptance(ctx, response, case)


load_all_checks()
ALL_CHECKS = [
    *(check for check in CHECKS.get_all() if check is not positive_data_acceptance),
    schema_valid_request_accepted,
]


# --- Sessions, limits, the schema ------------------------------------------------------------


class Session:
    """A user's `X-Session-Token`, signed in again whenever a case ended it (sign-out-everywhere)."""

    def __init__(self, user) -> None:
        self.user = user
        self.token = ""

    def headers(self) -> dict[str, str]:
        if not self.token or not SessionStore().exists(self.token):
            body = {"email": self.user.email, "password": PASSWORD}
            response = APIClient().post("/_allauth/app/v1/auth/login", body, format="json")
            assert response.status_code == 200, response.content
            self.token = response.json()["meta"]["session_token"]
        # Schemathesis's WSGI calls ask for gzip, and reads the body undecoded: bodies as sent
        # to a client that takes them plain (tests/ops/test_asset_headers.py checks the gzip).
        # English answers, matched against RULES_IN_WORDS: a generated `PATCH me/` may choose
        # Spanish for the account, and the API takes the header first (docs/translating.md).
        return {"X-Session-Token": self.token, "Accept-Encoding": "identity", "Accept-Language": "en"}


@pytest.fixture
def unlimited(monkeypatch, settings) -> None:
    """Rate limits out of the way: every throttle of the API, and allauth's sign-in limits."""
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)
    # every sign-out-everywhere case means a fresh sign-in for the next one
    limits = {"reauthenticate": "100000/m/user", "login": "100000/m/ip"}
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, **limits}


@pytest.fixture
def keep_the_test_connection(monkeypatch):
    """The WSGI handler closes "old" connections after each request, which on PostgreSQL would
    end the test's transaction (Django's test client avoids it the same way, per request)."""
    monkeypatch.setattr(type(connections["default"]), "close_if_unusable_or_obsolete", lambda self: None)


def load_schema(world) -> schemathesis.schemas.BaseSchema:
    config = schemathesis.Config.from_dict(
        {
            "generation": {"max-examples": MAX_EXAMPLES, "deterministic": DETERMINISTIC},
            "checks": CHECK_STATUSES,
            "parameters": {"path.patient_id": str(world.alice.pk), "path.summary_id": str(world.summary.pk)},
        }
    )
    return schemathesis.openapi.from_wsgi("/api/schema/", application, config=config)


@pytest.fixture
def api_schema(world, unlimited, keep_the_test_connection):
    return load_schema(world)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def as_patient(world) -> Session:
    """alice, whose diary it is."""
    return Session(world.alice)


@pytest.fixture
def as_clinician(world) -> Session:
    """carol, with whom alice shares her whole diary."""
    return Session(world.carol)


@schema.parametrize()
@HYPOTHESIS
def test_every_operation_as_patient(case, as_patient):
    case.call_and_validate(headers=as_patient.headers(), checks=ALL_CHECKS)


@schema.parametrize()
@HYPOTHESIS
def test_every_operation_as_clinician(case, as_clinician):
    case.call_and_validate(headers=as_clinician.headers(), checks=ALL_CHECKS)


@pytest.mark.parametrize("role", ["patient", "clinician"])
def test_stateful_links(role, world, unlimited, keep_the_test_connection):
    session = Session(world.alice if role == "patient" else world.carol)

    class Workflow(load_schema(world).as_state_machine()):
        """Each scenario starts from the same world (a savepoint rolled back after it): what one
        deleted, the next still finds, so a derandomized run draws the same steps every time."""

        def setup(self):
            self.savepoint = transaction.savepoint_create()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)
            super().teardown()

        def get_call_kwargs(self, case):
            return {"headers": session.headers()}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                checks=ALL_CHECKS,
                headers=kwargs.get("headers"),
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    Workflow.run(
        settings=hypothesis.settings(HYPOTHESIS, max_examples=2 * MAX_EXAMPLES, stateful_step_count=8)
    )


def test_every_check_schemathesis_has_runs():
    """A check a newer schemathesis adds is run too (ALL_CHECKS), and none is left out."""
    names = {check.__name__ for check in ALL_CHECKS}
    assert names == (set(CHECKS.get_all_names()) - {"positive_data_acceptance"}) | {
        "schema_valid_request_accepted"
    }
    assert len(names) >= 14

"""Every URL pattern of the API and the portal has an authorization case for every caller.

The route list comes from the URL resolver, so a new endpoint without a row in
tests/security/authz.MATRIX fails `test_every_route_has_a_case_for_every_caller`; each case
then runs over HTTP for the owner, another patient, a clinician with and without a share,
a clinician whose share was revoked, and an anonymous caller, checking the status, that
nothing of alice's leaks to those who may not see it (her red flag's id included), and that
refused callers change nothing (her acknowledgements included).
"""

from __future__ import annotations

import pytest

from care.models import Share, ShareStatus
from tests.security.authz import MATRIX, ROLES, extras, matrix_gaps, routes, run_case, users

CASES = sorted((route, method) for route, methods in MATRIX.items() for method in methods)


def test_every_route_has_a_case_for_every_caller():
    found = routes()
    assert len(found) >= 35  # the walker sees the whole API and portal
    assert matrix_gaps(found) == []


def test_the_table_names_no_route_that_does_not_exist():
    assert set(MATRIX) - set(routes()) == set()


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method"), CASES, ids=[f"{m} {r}" for r, m in CASES])
def test_case(route, method, world):
    assert run_case(route, method, world) == []


@pytest.mark.django_db
def test_the_sixth_caller_is_a_clinician_whose_share_from_alice_was_revoked(world):
    erin = users(world)["clinician_revoked"]
    assert set(users(world)) == set(ROLES) and ROLES[-1] == "owner"
    assert erin.is_clinician
    assert [s.status for s in Share.objects.filter(clinician=erin)] == [ShareStatus.REVOKED]
    assert extras(world).red_flag.patient_id == world.alice.pk


# --- the matrix catches an unprotected view ----------------------------------------------

LEAK = "api/v1/leak/<uuid:patient_id>/entries/"


def test_a_new_route_without_a_case_is_reported():
    gaps = matrix_gaps(routes("tests.security.leaky_urls"))
    assert gaps == [f"{LEAK}: no case"]


@pytest.mark.django_db
@pytest.mark.urls("tests.security.leaky_urls")
def test_an_unprotected_view_fails_its_case(world):
    """Given the row every clinician read has, the leaky view fails for each caller it lets in."""
    table = {**MATRIX, LEAK: MATRIX["api/v1/clinician/patients/<uuid:patient_id>/entries/"]}
    assert matrix_gaps(routes(), table) == []

    failures = run_case(LEAK, "GET", world, table)

    assert f"GET /{LEAK} as anonymous: 200, expected 401" in failures
    assert f"GET /{LEAK} as other_patient: 200, expected 403" in failures
    assert any("as anonymous: response shows alice's data" in f for f in failures)

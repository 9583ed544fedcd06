"""The new list endpoints run a constant number of queries, whatever the number of rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from care import services
from care.models import Summary
from tests.care.conftest import share_for
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(alice, carol, n: int) -> None:
    """n more shares (each accepted by its own clinician, each read once) and n more summaries."""
    for i in range(n):
        clinician = make_user(f"doc{i}-{n}@clinic.example.com", role=Role.CLINICIAN)
        share = share_for(alice, clinician, state="active")
        services.access_log_write(clinician=clinician, share=share, action="summary_read", path="/")
        patient = make_user(f"p{i}-{n}@example.com")
        share_for(patient, carol, state="active")
        share_for(make_user(f"q{i}-{n}@example.com"), carol, state="pending")
        Summary.objects.create(
            patient=alice,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 1, 1) + timedelta(days=i + 10 * n),
        )


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("alice", "/api/v1/shares/"),
        ("alice", "/api/v1/summaries/"),
        ("carol", "/api/v1/clinician/shares/"),
        ("carol", "/api/v1/clinician/patients/"),
    ],
)
def test_lists_do_not_grow_with_their_rows(who, url, alice, carol, client_for):
    client = client_for({"alice": alice, "carol": carol}[who])
    grow(alice, carol, 1)
    small = queries(client, url)
    grow(alice, carol, 2)
    grow(alice, carol, 3)
    large = queries(client, url)

    assert small == large

"""Who may read a patient's data through `/api/v1/clinician/patients/{id}/…`, one line per case.

Only a clinician with an active share gets in; without one (none, pending, expired,
revoked) the patient does not exist for them (404). Scope `summary` reads summaries but
not the diary (403). Patients get 403, strangers 401. Refused reads leave no audit row.
"""

from __future__ import annotations

import pytest

from care.models import AccessLog, Summary
from tests.care.conftest import share_for

pytestmark = pytest.mark.django_db

RECORDS = ["entries", "administrations", "medications", "episodes"]

# state of carol's share with alice, scope, expected status for summaries / for records
CASES = [
    ("none", "summary", 404, 404),
    ("pending", "full", 404, 404),
    ("expired", "full", 404, 404),
    ("revoked", "full", 404, 404),
    ("active", "summary", 200, 403),
    ("active", "full", 200, 200),
]


@pytest.fixture
def summary(alice) -> Summary:
    return Summary.objects.create(
        patient=alice, period_start="2026-03-01", period_end="2026-03-21", status="ready", figures={}
    )


def paths(patient_id, summary_id) -> dict[str, list[str]]:
    base = f"/api/v1/clinician/patients/{patient_id}/"
    return {
        "summaries": [f"{base}summaries/", f"{base}summaries/{summary_id}/"],
        "records": [f"{base}{name}/" for name in RECORDS],
    }


@pytest.mark.parametrize(("state", "scope", "summaries", "records"), CASES, ids=lambda v: str(v))
def test_clinician_reads(state, scope, summaries, records, alice, carol, client_for, summary, make_records):
    if state != "none":
        share_for(alice, carol, state=state, scope=scope)
    make_records(alice)
    client = client_for(carol)
    urls = paths(alice.pk, summary.pk)

    for url in urls["summaries"]:
        response = client.get(url)
        assert response.status_code == summaries, (url, response.content)
        assert response["Cache-Control"] == "no-store"
    for url in urls["records"]:
        response = client.get(url)
        assert response.status_code == records, (url, response.content)
        if records == 200:
            assert len(response.json()["results"]) == 1
        else:
            assert response.json()["type"] == "client_error"
    audited = AccessLog.objects.filter(clinician=carol, patient=alice).count()
    assert audited == (summaries == 200) * 2 + (records == 200) * len(RECORDS)


@pytest.mark.parametrize(("state", "scope", "expected", "_"), CASES, ids=lambda v: str(v))
def test_clinician_asks_for_a_summary(state, scope, expected, _, alice, carol, client_for, on_commit):
    if state != "none":
        share_for(alice, carol, state=state, scope=scope)

    response = on_commit(lambda: client_for(carol).post(f"/api/v1/clinician/patients/{alice.pk}/summaries/"))

    assert response.status_code == (202 if expected == 200 else 404)
    assert Summary.objects.filter(patient=alice).count() == (1 if expected == 200 else 0)
    if expected == 200:
        made = Summary.objects.get(patient=alice)
        assert made.requested_by == carol
        assert made.status == "ready"


def test_a_summary_of_another_patient_is_404_even_with_a_share(alice, bob, carol, client_for):
    share_for(alice, carol, scope="full")
    bobs = Summary.objects.create(patient=bob, period_start="2026-03-01", period_end="2026-03-21")

    base = f"/api/v1/clinician/patients/{alice.pk}/summaries/{bobs.pk}/"
    assert client_for(carol).get(base).status_code == 404
    assert client_for(carol).get(f"{base}pdf").status_code == 404
    assert (
        client_for(carol).get(f"/api/v1/clinician/patients/{bob.pk}/summaries/{bobs.pk}/").status_code == 404
    )


def test_another_clinicians_patients_are_invisible(alice, bob, carol, dan, client_for, summary):
    share_for(alice, carol, scope="full")
    share_for(bob, dan, scope="full")

    assert [p["id"] for p in client_for(dan).get("/api/v1/clinician/patients/").json()["results"]] == [
        str(bob.pk)
    ]
    for url in [*paths(alice.pk, summary.pk)["summaries"], *paths(alice.pk, summary.pk)["records"]]:
        assert client_for(dan).get(url).status_code == 404, url


def test_revoking_ends_access_at_once(alice, carol, client_for, summary):
    share = share_for(alice, carol, scope="full")
    url = f"/api/v1/clinician/patients/{alice.pk}/summaries/{summary.pk}/"
    assert client_for(carol).get(url).status_code == 200

    client_for(alice).post(f"/api/v1/shares/{share.pk}/revoke")

    assert client_for(carol).get(url).status_code == 404


@pytest.mark.parametrize("who", ["patient", "other_patient", "anonymous"])
def test_patients_get_403_and_strangers_401_on_clinician_paths(who, alice, bob, client_for, summary):
    user = {"patient": alice, "other_patient": bob, "anonymous": None}[who]
    expected = 401 if user is None else 403
    client = client_for(user)
    urls = [
        "/api/v1/clinician/shares/",
        "/api/v1/clinician/patients/",
        *paths(alice.pk, summary.pk)["summaries"],
        *paths(alice.pk, summary.pk)["records"],
        f"/api/v1/clinician/patients/{alice.pk}/summaries/{summary.pk}/pdf",
    ]
    for url in urls:
        assert client.get(url).status_code == expected, url
    assert client.post(f"/api/v1/clinician/patients/{alice.pk}/summaries/").status_code == expected


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/summaries/"),
        ("post", "/api/v1/summaries/"),
        ("get", "/api/v1/shares/"),
        ("post", "/api/v1/shares/"),
        ("get", "/api/v1/export/"),
    ],
)
def test_clinicians_get_403_on_patient_paths(method, url, carol, client_for):
    assert getattr(client_for(carol), method)(url).status_code == 403

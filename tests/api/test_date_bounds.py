"""Every date and date-time the API reads lies in 1900..2100: else a 400 naming the field, nothing written.

A date far out (`period_end` 0001-01-01, `period_start` 9999-12-01) once answered 500, or
was queued and broke the worker on an overflow. One bound (diary.fields) holds for every date
input, and the schema states it.
"""

from __future__ import annotations

import uuid

import pytest

from care.models import Scope, Share, Summary, SummaryStatus
from diary.fields import DATE_MAX, DATE_MIN
from tests.api.conftest import (
    administration_data,
    create,
    entry_data,
    episode_data,
    error_attrs,
    medication_data,
    table_state,
)
from tests.care.conftest import share_for

pytestmark = pytest.mark.django_db

EDGES = ["0001-01-01", "9999-12-01", "1899-12-31", "2101-01-01"]  # the calendar's ends; each side of ours
BOUND = f"Dates run from {DATE_MIN} to {DATE_MAX}."


def assert_refused_naming(response, attr: str) -> None:
    assert response.status_code == 400, response.content
    assert error_attrs(response) == [attr]
    assert "1900-01-01" in response.json()["errors"][0]["detail"]
    assert "2100-12-31" in response.json()["errors"][0]["detail"]


# --- summary periods, for the patient and for the clinician -------------------------------------


@pytest.fixture
def summaries_url(alice, carol, client_for):
    """`summaries_url(who)`: (client, URL) of the patient's or the clinician's summary requests."""
    share_for(alice, carol, scope=Scope.FULL)
    urls = {
        "patient": (client_for(alice), "/api/v1/summaries/"),
        "clinician": (client_for(carol), f"/api/v1/clinician/patients/{alice.pk}/summaries/"),
    }
    return urls.__getitem__


@pytest.mark.parametrize("value", EDGES)
@pytest.mark.parametrize("field", ["period_start", "period_end"])
@pytest.mark.parametrize("who", ["patient", "clinician"])
def test_summary_period_beyond_the_bound_is_400_naming_it_and_queues_nothing(
    who, field, value, summaries_url, on_commit
):
    client, url = summaries_url(who)

    response = on_commit(lambda: client.post(url, {field: value}))

    assert_refused_naming(response, field)
    assert response.json()["errors"][0]["detail"] == BOUND
    assert not Summary.objects.exists()


@pytest.mark.parametrize(
    "period", [("1900-01-01", "1900-01-31"), ("2100-12-01", "2100-12-31"), ("2100-12-31", None)]
)
@pytest.mark.parametrize("who", ["patient", "clinician"])
def test_summary_periods_at_the_bounds_are_computed(who, period, summaries_url, on_commit):
    client, url = summaries_url(who)
    start, end = period
    body = {"period_start": start, **({"period_end": end} if end else {})}

    response = on_commit(lambda: client.post(url, body))

    assert response.status_code == 202, response.content
    summary = Summary.objects.get(pk=response.json()["id"])
    assert summary.status == SummaryStatus.READY, summary.error
    assert str(summary.period_start) == start


# --- every other date input ------------------------------------------------------------------
# name: (value → (alice → (method, path, body)), the field the 400 names); the request's
# prerequisites (a record to change, a parent to link) are made before the tables are counted.


def at(day: str) -> str:
    return f"{day}T12:00:00+00:00"


def administration(value: str):
    return lambda alice: (
        "post",
        "/api/v1/administrations/",
        administration_data(create(alice, "episode").pk, administered_at=at(value)),
    )


def entry_patch(value: str):
    return lambda alice: ("patch", f"/api/v1/entries/{create(alice, 'entry').pk}/", {"diary_date": value})


def send(method: str, path: str, body: dict | None = None):
    return lambda alice: (method, path.format(patient=alice.pk), body)


SHARE = {"clinician_email": "carol@clinic.example.com", "scope": "full"}
CLINICIAN_ENTRIES = "/api/v1/clinician/patients/{patient}/entries/"
DATE_INPUTS = {
    "episode started_on": (
        lambda v: send("post", "/api/v1/episodes/", episode_data(started_on=v)),
        "started_on",
    ),
    "episode ended_on": (
        lambda v: send("post", "/api/v1/episodes/", episode_data(started_on="1900-01-01", ended_on=v)),
        "ended_on",
    ),
    "entry diary_date": (lambda v: send("post", "/api/v1/entries/", entry_data(diary_date=v)), "diary_date"),
    "entry diary_date (PATCH)": (entry_patch, "diary_date"),
    "entry recorded_at": (
        lambda v: send("post", "/api/v1/entries/", entry_data(recorded_at=at(v))),
        "recorded_at",
    ),
    "administration administered_at": (administration, "administered_at"),
    "medication taken_at": (
        lambda v: send("post", "/api/v1/medications/", medication_data(taken_at=at(v))),
        "taken_at",
    ),
    "share expires_on": (lambda v: send("post", "/api/v1/shares/", {**SHARE, "expires_on": v}), "expires_on"),
    "import entries.0.diary_date": (
        lambda v: send("post", "/api/v1/import/", {"entries": [entry_data(diary_date=v)]}),
        "entries.0.diary_date",
    ),
    "entries ?diary_date_after": (
        lambda v: send("get", "/api/v1/entries/", {"diary_date_after": v}),
        "diary_date_after",
    ),
    "entries ?diary_date_before": (
        lambda v: send("get", "/api/v1/entries/", {"diary_date_before": v}),
        "diary_date_before",
    ),
    "clinician entries ?diary_date_after": (
        lambda v: send("get", CLINICIAN_ENTRIES, {"diary_date_after": v}),
        "diary_date_after",
    ),
}


@pytest.mark.parametrize("value", EDGES)
@pytest.mark.parametrize("name", DATE_INPUTS)
def test_every_date_input_beyond_the_bound_is_400_naming_it(name, value, alice, carol, client_for):
    share_for(alice, carol, scope=Scope.FULL)
    request, attr = DATE_INPUTS[name]
    client = client_for(carol if name.startswith("clinician") else alice)
    method, path, body = request(value)(alice)
    before, shares = table_state(alice), Share.objects.count()

    response = getattr(client, method)(path, body)

    assert_refused_naming(response, attr)
    assert (table_state(alice), Share.objects.count()) == (before, shares)


def test_a_pushed_change_with_a_date_beyond_the_bound_is_refused_naming_it(alice, client_for):
    """Sync shares the record formats: the mutation is refused on its own, naming the field."""
    mutation = {
        "mid": 1,
        "entity": "entry",
        "op": "upsert",
        "id": str(uuid.uuid4()),
        "base_version": None,
        "data": entry_data(diary_date="2101-01-01"),
    }

    body = {"client_id": str(uuid.uuid4()), "mutations": [mutation]}

    response = client_for(alice).post("/api/v1/sync/push", body)

    assert response.status_code == 200, response.content
    (result,) = response.json()["results"]
    assert result["status"] == "rejected"
    assert [e["attr"] for e in result["errors"]] == ["diary_date"]


@pytest.mark.parametrize(
    "fields",
    [
        {"started_on": "1900-01-01", "ended_on": "2100-12-31"},
        {"started_on": "2000-02-29", "ended_on": None},  # a leap day
    ],
)
def test_dates_at_the_bounds_are_kept(fields, alice, client_for):
    response = client_for(alice).post("/api/v1/episodes/", episode_data(**fields))

    assert response.status_code == 201, response.content
    assert {name: response.json()[name] for name in fields} == fields


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("entries", entry_data(recorded_at="1900-01-01T00:00:00+00:00")),
        ("medications", medication_data(taken_at="1900-01-01T00:00:00+00:00")),
        # An entry's recorded_at is at most 24 h ahead of the server's clock
        # (tests/api/test_logging_entries.py); an intake's taken_at has no such rule.
        ("medications", medication_data(taken_at="2100-12-31T23:59:59.999999-14:00")),
    ],
)
def test_date_times_at_the_bounds_are_kept(path, body, alice, client_for):
    field = "recorded_at" if path == "entries" else "taken_at"

    response = client_for(alice).post(f"/api/v1/{path}/", body)

    assert response.status_code == 201, response.content
    assert response.json()[field] == body[field]


@pytest.mark.parametrize(
    ("value", "detail"),
    [
        ("2026-02-29", "This date does not exist."),
        ("2026-3-1", "Enter a date as YYYY-MM-DD, from 1900-01-01 to 2100-12-31."),
        ("2026-03-01T00:00", "Enter a date as YYYY-MM-DD, from 1900-01-01 to 2100-12-31."),
        ("", "Enter a date as YYYY-MM-DD, from 1900-01-01 to 2100-12-31."),
    ],
)
def test_a_date_that_is_not_yyyy_mm_dd_says_so(value, detail, alice, client_for):
    response = client_for(alice).get("/api/v1/entries/", {"diary_date_after": value})

    assert response.status_code == 400
    assert response.json()["errors"] == [{"code": "invalid", "detail": detail, "attr": "diary_date_after"}]

"""List endpoints: constant query count, filters (and bad filter values), cursor pagination."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import ENTITIES, MODELS, bulk_rows, create, error_attrs, ids, list_url


def _queries_for_list(client, entity: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(list_url(entity), {"page_size": 500})
    assert response.status_code == 200
    return len(captured), len(response.json()["results"])


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ENTITIES)
def test_list_runs_the_same_queries_for_1_and_500_records(entity, alice, client_for):
    episode = create(alice, "episode") if entity == "administration" else None
    client = client_for(alice)
    client.get(list_url(entity))  # warm the session and throttle caches alike for both runs
    bulk_rows(entity, alice, 1, episode=episode, first_version=100)

    one, shown_one = _queries_for_list(client, entity)
    bulk_rows(entity, alice, 499, episode=episode, first_version=200)
    many, shown_many = _queries_for_list(client, entity)

    assert (shown_one, shown_many) == (1, 500)
    assert one == many


# --- filters --------------------------------------------------------------------------------


@pytest.fixture
def dated_entries(alice):
    """Entries on diary dates 1-5 March 2026; the 2nd and 4th belong to an episode."""
    episode = create(alice, "episode")
    made = {}
    for day in range(1, 6):
        linked = {"episode": str(episode.pk)} if day in (2, 4) else {}
        recorded = f"2026-03-0{day}T20:00:00+01:00"  # a diary date is never after its recorded_at
        made[day] = create(alice, "entry", diary_date=f"2026-03-0{day}", recorded_at=recorded, **linked)
    return episode, made


FILTER_CASES = [
    # query,                                                   days expected
    ({"diary_date_after": "2026-03-02"}, {2, 3, 4, 5}),
    ({"diary_date_before": "2026-03-02"}, {1, 2}),
    ({"diary_date_after": "2026-03-02", "diary_date_before": "2026-03-04"}, {2, 3, 4}),
    ({"diary_date_after": "2026-03-03", "diary_date_before": "2026-03-03"}, {3}),
    ({"diary_date_after": "2026-03-05", "diary_date_before": "2026-03-01"}, set()),
    ({"episode": "EPISODE"}, {2, 4}),
    ({"episode": "EPISODE", "diary_date_after": "2026-03-03"}, {4}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "days"), FILTER_CASES)
def test_entry_filters(query, days, alice, client_for, dated_entries):
    episode, made = dated_entries
    params = {k: (str(episode.pk) if v == "EPISODE" else v) for k, v in query.items()}

    response = client_for(alice).get(list_url("entry"), params)

    assert response.status_code == 200
    assert ids(response) == {str(made[d].pk) for d in days}


@pytest.mark.django_db
def test_administration_filter_by_episode(alice, client_for):
    first, second = create(alice, "episode"), create(alice, "episode")
    in_first = {str(create(alice, "administration", episode=first.pk).pk) for _ in range(2)}
    create(alice, "administration", episode=second.pk)

    response = client_for(alice).get(list_url("administration"), {"episode": str(first.pk)})

    assert response.status_code == 200
    assert ids(response) == in_first


BAD_FILTERS = [
    ("entry", "diary_date_after", "yesterday"),
    ("entry", "diary_date_after", "2026-02-30"),
    ("entry", "diary_date_before", "03/04/2026"),  # only YYYY-MM-DD: is it 3 April or 4 March?
    ("entry", "diary_date_after", "2026-03-03T00:00:00"),
    ("entry", "episode", "not-a-uuid"),
    ("administration", "episode", "42x"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("entity", "name", "value"), BAD_FILTERS)
def test_bad_filter_values_are_400_naming_the_filter(entity, name, value, alice, client_for):
    response = client_for(alice).get(list_url(entity), {name: value})

    assert response.status_code == 400
    assert error_attrs(response) == [name]


# --- pagination -----------------------------------------------------------------------------


def walk(client, entity: str, page_size: int) -> list[list[str]]:
    """Every page, following `next` from the first."""
    pages, url, params = [], list_url(entity), {"page_size": page_size}
    while url:
        body = client.get(url, params).json()
        assert set(body) >= {"next", "previous", "results"}
        pages.append([item["id"] for item in body["results"]])
        url, params = body["next"], None
    return pages


@pytest.mark.django_db
def test_page_size_500_returns_500_and_next_follows(alice, client_for):
    rows = bulk_rows("entry", alice, 501)
    client = client_for(alice)

    pages = walk(client, "entry", 500)

    assert [len(page) for page in pages] == [500, 1]
    assert sorted(i for page in pages for i in page) == sorted(str(r.pk) for r in rows)


@pytest.mark.django_db
@pytest.mark.parametrize(("asked", "got"), [(None, 100), (1, 1), (500, 500)])
def test_page_size_defaults_to_100_and_goes_up_to_500(asked, got, alice, client_for):
    bulk_rows("medication", alice, 600)
    params = {"page_size": asked} if asked else {}

    body = client_for(alice).get(list_url("medication"), params).json()

    assert len(body["results"]) == got
    assert body["next"] is not None
    assert body["previous"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("asked", [501, 10_000])
def test_page_size_above_500_is_400_naming_it_as_the_schema_says(asked, alice, client_for):
    response = client_for(alice).get(list_url("medication"), {"page_size": asked})

    assert response.status_code == 400
    assert [e["attr"] for e in response.json()["errors"]] == ["page_size"]


@pytest.mark.django_db
def test_cursor_pages_cover_every_record_once_newest_first(alice, client_for):
    rows = bulk_rows("episode", alice, 250)
    client = client_for(alice)

    pages = walk(client, "episode", 100)

    assert [len(page) for page in pages] == [100, 100, 50]
    listed = [i for page in pages for i in page]
    newest_first = sorted(rows, key=lambda r: r.created_at, reverse=True)
    assert listed == [str(r.pk) for r in newest_first]


@pytest.mark.django_db
def test_cursor_pages_with_equal_created_at_cover_every_record_once(alice, client_for):
    """Records created in one batch (sync, bulk import) share `created_at`; none may be lost."""
    rows = bulk_rows("entry", alice, 250)
    MODELS["entry"].objects.update(created_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    client = client_for(alice)

    pages = walk(client, "entry", 100)

    listed = [i for page in pages for i in page]
    assert len(listed) == len(set(listed)) == 250
    assert set(listed) == {str(r.pk) for r in rows}


@pytest.mark.django_db
def test_previous_link_goes_back(alice, client_for):
    bulk_rows("entry", alice, 30)
    client = client_for(alice)
    first = client.get(list_url("entry"), {"page_size": 10}).json()
    second = client.get(first["next"]).json()

    back = client.get(second["previous"]).json()

    assert [i["id"] for i in back["results"]] == [i["id"] for i in first["results"]]


TAMPERED_CURSORS = [
    "cD1ub3RhZGF0ZQ==",  # p=notadate
    "cD0yMDI2LTEzLTQ1",  # p=2026-13-45
    "cj14",  # r=x
    "bz1hYmM=",  # o=abc
    "cD05OTk5LTEyLTMxVDIzOjU5OjU5Ljk5OTk5OS0xNDowMA==",  # p=9999-12-31T23:59:59.999999-14:00
]


@pytest.mark.django_db
def test_cursor_that_is_not_base64_is_not_a_server_error(alice, client_for):
    bulk_rows("entry", alice, 3)

    response = client_for(alice).get(list_url("entry"), {"cursor": "!!!"})

    assert response.status_code in (200, 404)  # DRF reads it as an empty cursor: the first page


@pytest.mark.django_db
@pytest.mark.parametrize("cursor", TAMPERED_CURSORS)
def test_tampered_cursor_is_a_client_error(cursor, alice, client_for):
    bulk_rows("entry", alice, 3)

    response = client_for(alice).get(list_url("entry"), {"cursor": cursor})

    assert 400 <= response.status_code < 500
    assert response.json()["type"] in {"client_error", "validation_error"}

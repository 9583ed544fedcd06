"""What an entry may say about when it was logged and about its pain (DOMAIN.md § Diary entries).

- `recorded_at` is at most 24 h ahead of the server's clock;
- `diary_date` is never after the local date of `recorded_at` (in its own offset), nor more
  than 366 days before it;
- where two of least, average and worst pain are given, least ≤ average ≤ worst.

Each rule answers a 400 naming the field over REST, and a `rejected` result naming it over
sync push (the two share diary.formats). A PATCH or a pushed change is checked against the
stored values of the fields it does not send. docs/logging.md gives which field is named.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.utils import timezone as django_timezone

from tests.api.conftest import create, detail_url, entry_data, error_attrs, list_url, row, table_state
from tests.sync.conftest import Device

pytestmark = pytest.mark.django_db

PLUS_5 = timezone(timedelta(hours=5))


@pytest.fixture
def clock(monkeypatch) -> datetime:
    """The server's clock stands still at a whole second of the real time (sessions stay valid)."""
    now = datetime.now(UTC).replace(microsecond=0)
    monkeypatch.setattr(django_timezone, "now", lambda: now)
    return now


def post(client, **fields):
    return client.post(list_url("entry"), entry_data(**fields))


def errors_of(response) -> dict[str, str]:
    return {error["attr"]: error["detail"] for error in response.json()["errors"]}


# --- recorded_at: at most 24 h ahead of the server's clock -----------------------------------


@pytest.mark.parametrize(
    ("ahead", "accepted"),
    [
        (timedelta(0), True),
        (timedelta(hours=24), True),  # a drifting device clock, or a time zone far east
        (timedelta(hours=24, minutes=1), False),  # a day is not drift
        (timedelta(days=3), False),
    ],
)
def test_recorded_at_at_most_24_hours_ahead_of_the_server(ahead, accepted, clock, alice, client_for):
    recorded_at = (clock + ahead).astimezone(PLUS_5).isoformat()  # the offset does not matter
    before = table_state(alice)

    response = post(client_for(alice), recorded_at=recorded_at)

    if accepted:
        assert response.status_code == 201, response.content
        assert response.json()["recorded_at"] == recorded_at
    else:
        assert response.status_code == 400, response.content
        assert error_attrs(response) == ["recorded_at"]
        assert "24 hours ahead" in errors_of(response)["recorded_at"]
        assert table_state(alice) == before


# --- diary_date: not after recorded_at's local date, not more than 366 days before it -----------


@pytest.mark.parametrize(
    ("recorded_at", "diary_date", "accepted"),
    [
        ("2026-03-03T08:30:00+01:00", "2026-03-03", True),
        ("2026-03-03T08:30:00+01:00", "2026-03-02", True),  # logging yesterday
        ("2026-03-03T08:30:00+01:00", "2026-03-04", False),  # tomorrow
        # The local date in recorded_at's own offset, not the UTC date:
        ("2026-03-03T00:30:00+01:00", "2026-03-03", True),  # 2 March 23:30 UTC
        ("2026-03-02T23:30:00-05:00", "2026-03-03", False),  # 3 March 04:30 UTC, still the 2nd there
        ("2026-03-02T23:30:00-05:00", "2026-03-02", True),
        # 366 days back: 2026-03-03 − 366 days = 2025-03-02 (2025 has no 29 February)
        ("2026-03-03T08:30:00+01:00", "2025-03-02", True),
        ("2026-03-03T08:30:00+01:00", "2025-03-01", False),  # 367 days
        # Across a leap day: 2024-03-01 − 366 days = 2023-03-01, a year and no more
        ("2024-03-01T12:00:00+00:00", "2023-03-01", True),
        ("2024-03-01T12:00:00+00:00", "2023-02-28", False),  # 367 days
    ],
)
def test_diary_date_lies_within_366_days_up_to_recorded_ats_date(
    recorded_at, diary_date, accepted, alice, client_for
):
    before = table_state(alice)

    response = post(client_for(alice), recorded_at=recorded_at, diary_date=diary_date)

    if accepted:
        assert response.status_code == 201, response.content
        assert response.json()["diary_date"] == diary_date
    else:
        assert response.status_code == 400, response.content
        assert error_attrs(response) == ["diary_date"]
        assert table_state(alice) == before


def test_the_two_diary_date_rules_say_which_one_is_broken(alice, client_for):
    client = client_for(alice)

    after = errors_of(post(client, diary_date="2026-03-04"))["diary_date"]
    too_early = errors_of(post(client, diary_date="2025-03-01"))["diary_date"]

    assert "after" in after
    assert "366 days before" in too_early


def test_a_patch_of_recorded_at_alone_is_checked_against_the_stored_diary_date(alice, client_for):
    """The stored diary_date stays as it is (never silently moved): the PATCH names it."""
    record = create(alice, "entry")  # recorded 2026-03-03 08:30 +01:00, diary_date 2026-03-03
    before = row(record)

    refused = client_for(alice).patch(
        detail_url("entry", record.pk), {"recorded_at": "2026-03-02T21:00:00+01:00"}
    )
    both = client_for(alice).patch(
        detail_url("entry", record.pk),
        {"recorded_at": "2026-03-02T21:00:00+01:00", "diary_date": "2026-03-02"},
    )

    assert refused.status_code == 400, refused.content
    assert error_attrs(refused) == ["diary_date"]
    assert both.status_code == 200, both.content
    assert (both.json()["recorded_at"], both.json()["diary_date"]) == (
        "2026-03-02T21:00:00+01:00",
        "2026-03-02",
    )
    assert before["diary_date"].isoformat() == "2026-03-03"


# --- least ≤ average ≤ worst ---------------------------------------------------------------

PAIN_ORDER = [
    # least, average, worst (None: not given) → the fields named
    ((3, 5, 8), []),
    ((5, 5, 5), []),  # equal is in order
    ((0, None, 10), []),
    ((None, 7, None), []),  # one alone compares with nothing
    ((6, 5, None), ["pain_average"]),  # average below least
    ((None, 5, 4), ["pain_worst"]),  # worst below average
    ((6, None, 5), ["pain_worst"]),  # worst below least, average not given
    ((2, 7, 6), ["pain_worst"]),
    ((6, 5, 8), ["pain_average"]),
    ((5, 3, 4), ["pain_average", "pain_worst"]),  # average below least, worst below least
    ((9, 1, 0), ["pain_average", "pain_worst"]),
]


@pytest.mark.parametrize(("pains", "named"), PAIN_ORDER)
def test_least_average_worst_in_order_else_400_naming_the_higher_field(pains, named, alice, client_for):
    least, average, worst = pains
    fields = {
        k: v
        for k, v in {"pain_least": least, "pain_average": average, "pain_worst": worst}.items()
        if v is not None
    }
    before = table_state(alice)

    response = post(client_for(alice), **fields)

    if not named:
        assert response.status_code == 201, response.content
        assert {k: response.json()[k] for k in fields} == fields
    else:
        assert response.status_code == 400, response.content
        assert sorted(error_attrs(response)) == named
        assert all("least ≤ average ≤ worst" in detail for detail in errors_of(response).values())
        assert table_state(alice) == before


@pytest.mark.parametrize(
    ("change", "named"),
    [
        # stored: least 2, average 5, worst 8
        ({"pain_least": 6}, ["pain_average"]),  # 6 > stored average 5
        ({"pain_worst": 4}, ["pain_worst"]),  # 4 < stored average 5
        ({"pain_average": 9}, ["pain_worst"]),  # stored worst 8 < 9
        ({"pain_average": 1}, ["pain_average"]),  # below stored least 2
        ({"pain_average": None, "pain_least": 6}, []),  # least 6 ≤ worst 8
        ({"pain_least": 5, "pain_average": 6, "pain_worst": 6}, []),
    ],
)
def test_a_patch_is_compared_with_the_stored_pains_it_does_not_send(change, named, alice, client_for):
    record = create(alice, "entry", pain_least=2, pain_average=5, pain_worst=8)
    before = row(record)

    response = client_for(alice).patch(detail_url("entry", record.pk), change)

    if not named:
        assert response.status_code == 200, response.content
        assert {k: response.json()[k] for k in change} == change
    else:
        assert response.status_code == 400, response.content
        assert error_attrs(response) == named
        assert row(record) == before


def test_every_broken_rule_is_named_at_once(clock, alice, client_for):
    recorded_at = (clock + timedelta(days=2)).isoformat()

    response = post(
        client_for(alice), recorded_at=recorded_at, diary_date="2100-01-01", pain_least=4, pain_average=3
    )

    assert response.status_code == 400
    assert sorted(error_attrs(response)) == ["diary_date", "pain_average", "recorded_at"]


# --- the same rules through sync push: a `rejected` result naming the field --------------------


@pytest.fixture
def device(alice, client_for) -> Device:
    return Device(client_for(alice))


@pytest.mark.parametrize(
    ("fields", "attr"),
    [
        ({"pain_least": 6, "pain_average": 5}, "pain_average"),
        ({"pain_average": 5, "pain_worst": 4}, "pain_worst"),
        ({"diary_date": "2026-03-04"}, "diary_date"),  # after 2026-03-03
        ({"diary_date": "2025-03-01"}, "diary_date"),  # 367 days before
    ],
)
def test_a_pushed_entry_breaking_a_rule_is_rejected_naming_the_field(fields, attr, device, alice):
    before = table_state(alice)

    result = device.push_one("entry", "upsert", uuid.uuid4(), None, entry_data(**fields))

    assert result["status"] == "rejected", result
    assert [error["attr"] for error in result["errors"]] == [attr]
    assert table_state(alice)[:4] == before[:4]  # no record written (a Rejection is kept instead)


def test_a_pushed_entry_from_a_clock_days_ahead_is_rejected(clock, device):
    recorded_at = (clock + timedelta(hours=24, minutes=1)).isoformat()

    result = device.push_one("entry", "upsert", uuid.uuid4(), None, entry_data(recorded_at=recorded_at))

    assert result["status"] == "rejected", result
    assert [error["attr"] for error in result["errors"]] == ["recorded_at"]


def test_a_pushed_change_is_compared_with_the_stored_pains(device, alice):
    record_id = uuid.uuid4()
    created = device.push_one(
        "entry", "upsert", record_id, None, entry_data(pain_least=2, pain_average=5, pain_worst=8)
    )

    result = device.push_one("entry", "upsert", record_id, created["version"], {"pain_least": 6})
    fine = device.push_one("entry", "upsert", record_id, created["version"], {"pain_least": 4})

    assert created["status"] == "applied", created
    assert result["status"] == "rejected", result
    assert [error["attr"] for error in result["errors"]] == ["pain_average"]
    assert fine["status"] == "applied", fine


def test_a_pushed_change_of_diary_date_past_recorded_at_is_rejected(device):
    record_id = uuid.uuid4()
    created = device.push_one("entry", "upsert", record_id, None, entry_data())

    result = device.push_one("entry", "upsert", record_id, created["version"], {"diary_date": "2026-03-04"})

    assert result["status"] == "rejected", result
    assert [error["attr"] for error in result["errors"]] == ["diary_date"]

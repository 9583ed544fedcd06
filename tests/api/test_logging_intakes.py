"""What a medication intake may hold (DOMAIN.md § Medication intakes), and the MME the server derives.

- dose > 0; at most 5,000 in mg, 100,000 in mcg, 400 in mcg_per_h (rejected, never clamped);
- a patch (unit mcg_per_h) is worn `wear_hours` 1–168, 72 when not given; `wear_hours` on any
  other unit is a 400 naming it (docs/logging.md);
- `mme` = dose in mg × factor; a patch: mcg/h × 2.4, the MME of each day worn; null for
  buprenorphine and other_opioid (MME incomplete), benzodiazepines and other non-opioids.
"""

from __future__ import annotations

import uuid

import pytest

from tests.api.conftest import create, detail_url, error_attrs, list_url, medication_data, row, table_state
from tests.sync.conftest import Device

pytestmark = pytest.mark.django_db


def post(client, **fields):
    return client.post(list_url("medication"), medication_data(**fields))


DOSES = [
    # drug, unit, dose, accepted
    ("morphine", "mg", 0.001, True),  # the smallest dose above 0 (3 decimal places)
    ("morphine", "mg", 0, False),
    ("morphine", "mg", -1, False),
    ("morphine", "mg", 5000, True),
    ("morphine", "mg", 5000.001, False),
    ("morphine", "mcg", 100000, True),
    ("morphine", "mcg", 100000.001, False),
    ("buprenorphine", "mcg", 5001, True),  # 5001 mcg is 5.001 mg: the mg limit is not the mcg one
    ("fentanyl", "mcg_per_h", 400, True),
    ("fentanyl", "mcg_per_h", 400.001, False),
    ("fentanyl", "mcg_per_h", 401, False),
]


@pytest.mark.parametrize(("drug", "unit", "dose", "accepted"), DOSES)
def test_dose_limits_by_unit_rejected_never_clamped(drug, unit, dose, accepted, alice, client_for):
    before = table_state(alice)

    response = post(client_for(alice), drug=drug, unit=unit, dose=dose)

    if accepted:
        assert response.status_code == 201, response.content
        assert response.json()["dose"] == dose
    else:
        assert response.status_code == 400, response.content
        assert error_attrs(response) == ["dose"]
        assert table_state(alice) == before


@pytest.mark.parametrize(
    ("unit", "dose", "words"),
    [("mg", 5001, "5000"), ("mcg", 100001, "100000"), ("mcg_per_h", 401, "400")],
)
def test_the_dose_error_names_the_units_limit(unit, dose, words, alice, client_for):
    drug = "fentanyl" if unit == "mcg_per_h" else "oxycodone"

    response = post(client_for(alice), drug=drug, unit=unit, dose=dose)

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["attr"] == "dose" and words in error["detail"]


# --- wear_hours -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wear_hours", "accepted"),
    [(1, True), (168, True), (72, True), (0, False), (169, False), (-1, False), (24.5, False)],
)
def test_a_patch_is_worn_1_to_168_hours(wear_hours, accepted, alice, client_for):
    before = table_state(alice)

    response = post(client_for(alice), drug="fentanyl", unit="mcg_per_h", dose=25, wear_hours=wear_hours)

    if accepted:
        assert response.status_code == 201, response.content
        assert response.json()["wear_hours"] == wear_hours
    else:
        assert response.status_code == 400, response.content
        assert error_attrs(response) == ["wear_hours"]
        assert table_state(alice) == before


@pytest.mark.parametrize("sent", [{}, {"wear_hours": None}])
def test_a_patch_logged_without_wear_hours_is_worn_72(sent, alice, client_for):
    response = post(client_for(alice), drug="fentanyl", unit="mcg_per_h", dose=25, **sent)

    assert response.status_code == 201, response.content
    assert response.json()["wear_hours"] == 72


@pytest.mark.parametrize("unit", ["mg", "mcg"])
def test_wear_hours_on_another_unit_is_400_naming_it_never_dropped(unit, alice, client_for):
    before = table_state(alice)

    response = post(client_for(alice), drug="morphine", unit=unit, dose=10, wear_hours=72)

    assert response.status_code == 400, response.content
    assert error_attrs(response) == ["wear_hours"]
    assert table_state(alice) == before


def test_another_unit_keeps_wear_hours_null(alice, client_for):
    response = post(client_for(alice), drug="morphine", unit="mg", dose=10, wear_hours=None)

    assert response.status_code == 201, response.content
    assert response.json()["wear_hours"] is None


def test_a_patch_changed_to_a_tablet_must_drop_its_wear_hours_itself(alice, client_for):
    """The stored wear_hours is compared like any field not sent: the change names it."""
    record = create(alice, "medication", drug="fentanyl", unit="mcg_per_h", dose=25)
    before = row(record)
    url = detail_url("medication", record.pk)

    refused = client_for(alice).patch(url, {"drug": "morphine", "unit": "mg", "dose": 10})
    accepted = client_for(alice).patch(
        url, {"drug": "morphine", "unit": "mg", "dose": 10, "wear_hours": None}
    )

    assert before["wear_hours"] == 72
    assert refused.status_code == 400, refused.content
    assert error_attrs(refused) == ["wear_hours"]
    assert accepted.status_code == 200, accepted.content
    assert (accepted.json()["wear_hours"], accepted.json()["mme"]) == (None, 10.0)  # 10 mg × 1


# --- the MME the server derives ----------------------------------------------------------------

MME = [
    # drug, dose, unit, mme
    ("oxycodone", 10, "mg", 15.0),  # 10 × 1.5
    ("hydromorphone", 500, "mcg", 2.5),  # 0.5 mg × 5
    ("fentanyl", 25, "mcg_per_h", 60.0),  # 25 × 2.4, for each day worn
    ("buprenorphine", 200, "mcg", None),  # no factor: MME incomplete, never 0
    ("buprenorphine", 8, "mg", None),
    ("other_opioid", 10, "mg", None),
    ("diazepam", 5, "mg", None),  # a benzodiazepine: no MME
    ("paracetamol", 1000, "mg", None),
]


@pytest.mark.parametrize(("drug", "dose", "unit", "mme"), MME)
def test_mme_is_derived_by_the_server(drug, dose, unit, mme, alice, client_for):
    response = post(client_for(alice), drug=drug, dose=dose, unit=unit, mme=999)

    assert response.status_code == 201, response.content
    assert response.json()["mme"] == mme


def test_a_patch_worn_a_week_has_the_same_mme_per_day(alice, client_for):
    response = post(client_for(alice), drug="fentanyl", dose=12, unit="mcg_per_h", wear_hours=168)

    assert response.status_code == 201, response.content
    assert (response.json()["mme"], response.json()["wear_hours"]) == (28.8, 168)  # 12 × 2.4 per day


@pytest.mark.parametrize("drug", ["buprenorphine", "other_opioid", "diazepam", "midazolam"])
def test_the_new_drugs_are_no_patches(drug, alice, client_for):
    response = post(client_for(alice), drug=drug, dose=10, unit="mcg_per_h")

    assert response.status_code == 400
    assert error_attrs(response) == ["unit"]


# --- through sync push ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "attr"),
    [
        ({"drug": "fentanyl", "unit": "mcg_per_h", "dose": 401}, "dose"),
        ({"drug": "morphine", "unit": "mg", "dose": 5000.001}, "dose"),
        ({"drug": "fentanyl", "unit": "mcg_per_h", "dose": 25, "wear_hours": 169}, "wear_hours"),
        ({"drug": "morphine", "unit": "mg", "dose": 10, "wear_hours": 72}, "wear_hours"),
    ],
)
def test_a_pushed_intake_breaking_a_limit_is_rejected_naming_the_field(fields, attr, alice, client_for):
    result = Device(client_for(alice)).push_one(
        "medication", "upsert", uuid.uuid4(), None, medication_data(**fields)
    )

    assert result["status"] == "rejected", result
    assert [error["attr"] for error in result["errors"]] == [attr]


def test_a_pushed_patch_gets_72_hours_and_its_mme(alice, client_for):
    device = Device(client_for(alice))
    record_id = uuid.uuid4()

    result = device.push_one(
        "medication", "upsert", record_id, None, medication_data(drug="fentanyl", unit="mcg_per_h", dose=25)
    )

    assert result["status"] == "applied", result
    data = next(c["data"] for c in device.pull_all()[0] if c["id"] == str(record_id))
    assert (data["wear_hours"], data["mme"]) == (72, 60.0)  # 25 × 2.4

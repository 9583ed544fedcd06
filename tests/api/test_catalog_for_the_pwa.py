"""What the PWA takes from `catalog/` instead of copying it agrees with the server's own rules:
red flags by severity, their advice, and the MME of an intake (diary.catalogue)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from diary import catalogue


@pytest.fixture
def catalog(api):
    return api.get("/api/v1/catalog/").json()


@pytest.mark.django_db
def test_red_flag_from_is_where_the_server_starts_counting_a_red_flag(catalog):
    for effect in catalog["side_effects"]:
        rule = catalogue.SIDE_EFFECTS[effect["code"]]
        for severity in catalogue.SEVERITIES:
            shown = effect["red_flag_from"] is not None and severity >= effect["red_flag_from"]
            assert shown == rule.is_red_flag(severity), (effect["code"], severity)


@pytest.mark.django_db
def test_every_red_flag_and_only_a_red_flag_has_advice(catalog):
    advised = {e["code"] for e in catalog["side_effects"] if e["advice"]}
    assert advised == {e["code"] for e in catalog["side_effects"] if e["red_flag"]}


@pytest.mark.django_db
def test_mme_per_unit_gives_the_mme_the_server_stores(catalog):
    for drug in catalog["drugs"]:
        for unit in drug["units"]:
            factor = drug["mme_per_unit"].get(unit)
            stored = catalogue.mme_for(drug["code"], Decimal("250"), unit)
            if stored is None:
                assert factor is None, drug["code"]
            else:
                assert 250 * factor == pytest.approx(float(stored)), (drug["code"], unit)

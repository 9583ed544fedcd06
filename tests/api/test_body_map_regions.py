"""The PWA's body map draws exactly the catalogue's body regions.

frontend/src/components/bodyRegions.fixture.json is the list the map's unit test
(bodyRegions.test.ts) compares the drawn regions with; here it is compared with what the
server serves, so a region added to the catalogue and not drawn fails one of the two.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[2] / "frontend" / "src" / "components" / "bodyRegions.fixture.json"


@pytest.mark.django_db
def test_the_body_maps_region_list_is_the_served_catalogues(api):
    served = {r["code"]: r["label"] for r in api.get("/api/v1/catalog/").json()["body_regions"]}
    assert json.loads(FIXTURE.read_text()) == served

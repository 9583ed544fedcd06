"""Responses with health data are never cached; the public catalogue may be."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/me/", "/api/v1/entries/", "/api/v1/sync/pull", "/api/v1/shares/"])
def test_patient_data_is_no_store(alice, client_for, path):
    response = client_for(alice).get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_errors_are_no_store_too(api):
    assert api.get("/api/v1/entries/")["Cache-Control"] == "no-store"


def test_catalogue_is_public(api):
    assert api.get("/api/v1/catalog/")["Cache-Control"] == "public, max-age=3600"

"""`me/`: read and update one's own profile; the time zone must be an IANA name."""

import pytest


@pytest.mark.django_db
def test_patch_updates_display_name_and_timezone(alice, client_for):
    response = client_for(alice).patch("/api/v1/me/", {"display_name": "Al", "timezone": "America/New_York"})
    assert response.status_code == 200
    assert response.json()["timezone"] == "America/New_York"
    alice.refresh_from_db()
    assert (alice.display_name, alice.timezone) == ("Al", "America/New_York")


@pytest.mark.django_db
def test_patch_rejects_unknown_timezone_naming_the_field(alice, client_for):
    response = client_for(alice).patch("/api/v1/me/", {"timezone": "Europe/Atlantis"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "timezone"
    alice.refresh_from_db()
    assert alice.timezone == "Europe/London"


@pytest.mark.django_db
def test_role_and_email_cannot_be_changed(alice, client_for):
    client_for(alice).patch("/api/v1/me/", {"role": "clinician", "email": "evil@example.com"})
    alice.refresh_from_db()
    assert (alice.role, alice.email) == ("patient", "alice@example.com")


@pytest.mark.django_db
def test_anonymous_gets_401(api):
    assert api.get("/api/v1/me/").status_code == 401

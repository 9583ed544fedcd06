"""allauth as configured: headless for both clients, MFA types, rate limits, CSRF on sessions."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("client_kind", ["browser", "app"])
def test_headless_config_offers_email_login_and_every_mfa_type(client_kind):
    config = APIClient().get(f"/_allauth/{client_kind}/v1/config").json()["data"]
    assert config["account"]["login_methods"] == ["email"]
    assert set(config["mfa"]["supported_types"]) == {"totp", "recovery_codes", "webauthn"}
    assert config["mfa"]["passkey_login_enabled"] is True


def test_signup_requires_email_verification_before_a_session():
    body = {"email": "new@example.com", "password": "a-long-pass-phrase"}
    response = APIClient().post("/_allauth/app/v1/auth/signup", body, format="json")
    assert response.status_code == 401  # signed up, but not in until the emailed code is entered
    flows = {flow["id"]: flow for flow in response.json()["data"]["flows"]}
    assert flows["verify_email"]["is_pending"] is True


def test_repeated_failed_logins_are_rate_limited(alice):
    client = APIClient()

    def login(password: str):
        body = {"email": alice.email, "password": password}
        return client.post("/_allauth/app/v1/auth/login", body, format="json")

    codes = [[e["code"] for e in login("wrong-password").json()["errors"]] for _ in range(6)]
    assert codes[0] == ["email_password_mismatch"]
    assert codes[-1] == ["too_many_login_attempts"]
    locked = login(PASSWORD)  # locked for a while, even with the right password
    assert locked.status_code == 400
    assert [e["code"] for e in locked.json()["errors"]] == ["too_many_login_attempts"]


def test_session_auth_requires_the_csrf_token(alice):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    refused = browser.patch("/api/v1/me/", {"display_name": "X"}, content_type="application/json")
    assert refused.status_code == 403
    browser.get("/")  # sets the csrftoken cookie, readable by the page
    token = browser.cookies["csrftoken"].value
    response = browser.patch(
        "/api/v1/me/", {"display_name": "X"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200

"""`create_user` makes an account that can sign in at once through allauth's app API."""

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from accounts.models import User

LOGIN = "/_allauth/app/v1/auth/login"


def create(**overrides) -> None:
    args = {"email": "pat@example.com", "password": "long-enough-secret", "role": "patient", **overrides}
    call_command("create_user", *[f"--{k}={v}" for k, v in args.items()])


@pytest.mark.django_db
def test_created_user_signs_in_and_token_opens_me():
    create(email="Pat@Example.com")
    client = APIClient()

    response = client.post(
        LOGIN, {"email": "pat@example.com", "password": "long-enough-secret"}, format="json"
    )

    assert response.status_code == 200, response.content
    token = response.json()["meta"]["session_token"]
    me = client.get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token)
    assert me.status_code == 200
    assert me.json()["email"] == "pat@example.com"
    assert me.json()["role"] == "patient"


@pytest.mark.django_db
def test_wrong_password_is_refused_without_a_server_error():
    create()
    response = APIClient().post(
        LOGIN, {"email": "pat@example.com", "password": "wrong-password"}, format="json"
    )
    assert response.status_code in (400, 401)
    assert "session_token" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{}, {"email": "x"}, {"email": 5, "password": None}, []])
def test_malformed_login_is_a_client_error(body):
    response = APIClient().post(LOGIN, body, format="json")
    assert 400 <= response.status_code < 500


@pytest.mark.django_db
def test_token_is_required_for_me():
    assert APIClient().get("/api/v1/me/").status_code == 401
    assert APIClient().get("/api/v1/me/", HTTP_X_SESSION_TOKEN="not-a-token").status_code == 401


@pytest.mark.django_db
def test_clinician_role_is_stored():
    create(email="doc@example.com", role="clinician")
    assert User.objects.get(email="doc@example.com").is_clinician


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"password": "short"}, "password"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
    ],
)
def test_bad_input_fails_with_a_clear_message(overrides, message):
    with pytest.raises(CommandError, match=message):
        create(**overrides)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_existing_email_is_refused_case_insensitively():
    create()
    with pytest.raises(CommandError, match="already exists"):
        create(email="PAT@example.com")
    assert User.objects.count() == 1


def test_bad_role_exits_non_zero_from_the_shell():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "create_user", "--email=a@b.com", "--password=xx", "--role=admin"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "role" in result.stderr

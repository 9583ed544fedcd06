"""Devices signed in through allauth's flows, as the PWA and a browser do."""

from __future__ import annotations

from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import PASSWORD


def app_login(user) -> APIClient:
    """A device signed in through allauth's app flow (X-Session-Token)."""
    response = APIClient().post(
        "/_allauth/app/v1/auth/login", {"email": user.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    client = APIClient()
    client.credentials(HTTP_X_SESSION_TOKEN=response.json()["meta"]["session_token"])
    return client


def browser_login(user) -> Client:
    """A browser signed in through allauth's browser flow (session cookie)."""
    client = Client()
    response = client.post(
        "/_allauth/browser/v1/auth/login",
        {"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return client

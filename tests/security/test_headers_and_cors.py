"""Headers on every response: no-store wherever patient data may be, strict CSP and framing
rules, no CORS at all (the PWA is same-origin), and production's HSTS and secure cookies.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from api.catalog import CatalogApi
from tests.ops.test_settings_and_schema import PRODUCTION_ENV, manage
from tests.security.authz import MATRIX, call

pytestmark = pytest.mark.django_db
# Routes that hold no patient data, with the caching they ask for instead of no-store.
PUBLIC = {
    "api/v1/catalog/": "public, max-age=3600",  # the catalogue, read by every device
    "care/sw.js": "max-age=0, no-cache",  # the portal's service worker: revalidated each time
}


def test_every_api_and_portal_response_is_no_store(world):
    """Every route and method of the matrix, answered to alice, carol and a stranger."""
    seen = 0
    for route, methods in MATRIX.items():
        for method in methods:
            if method == "DELETE" and route == "api/v1/me/":
                continue  # erases the caller: covered by the other methods of the route
            for role in ("anonymous", "clinician_shared", "owner"):
                response = call(route, method, role, world)
                if route in PUBLIC:
                    assert response["Cache-Control"] == PUBLIC[route], (route, role)
                else:
                    assert response["Cache-Control"] == "no-store", (
                        method,
                        route,
                        role,
                        response.status_code,
                    )
                seen += 1
    assert seen > 150


@pytest.mark.parametrize(
    "path",
    ["/api/v1/no-such-thing/", "/api/v1/entries/not-a-uuid/", "/care/nope", "/_allauth/app/v1/auth/session"],
)
def test_errors_and_unknown_paths_are_no_store(api, path):
    response = api.get(path)
    assert response.status_code >= 400
    assert "no-store" in response["Cache-Control"].split(", ")


def test_an_unknown_api_path_answers_json(api):
    response = api.get("/api/v1/entries/not-a-uuid/")
    assert response.status_code == 404
    assert response.json() == {
        "type": "client_error",
        "errors": [{"code": "not_found", "detail": "Not found.", "attr": None}],
    }


@pytest.mark.parametrize(
    "path", ["/api/v1/entries/", "/api/v1/me/", "/_allauth/browser/v1/auth/login", "/care/"]
)
def test_cors_is_closed_preflights_get_no_grant(alice, client_for, path):
    client = client_for(alice)
    preflight = client.options(
        path,
        HTTP_ORIGIN="https://evil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type,x-session-token",
    )
    actual = client.get(path, HTTP_ORIGIN="https://evil.example")
    for response in (preflight, actual):
        assert not [h for h in response.headers if h.lower().startswith("access-control-")], response.headers


def test_pages_carry_a_strict_csp_and_no_framing(carol, client_for):
    response = client_for(carol).get("/care/")
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp and "*" not in csp
    assert "'nonce-" in directives["script-src"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_production_sends_hsts_and_secure_cookies():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, s.DEBUG)"
    )
    result = manage("shell", "-c", code, env=PRODUCTION_ENV)
    hsts, subdomains, *flags, debug = result.stdout.split()[-7:]
    assert int(hsts) >= 31536000 and subdomains == "True", result.stderr
    assert flags == ["True", "True", "True", "True"]
    assert debug == "False"


def test_deploy_check_test_exists():
    """`manage.py check --deploy` on production settings is asserted warning-free in tests/ops."""
    from tests.ops import test_settings_and_schema

    assert callable(test_settings_and_schema.test_check_deploy_has_no_warnings_on_production_settings)


# --- Permissions-Policy -----------------------------------------------------------------------

NEVER_USED = ["camera", "microphone", "geolocation", "payment", "usb", "display-capture", "serial"]


def permissions_policy(response) -> dict[str, str]:
    header = response.headers.get("Permissions-Policy", "")
    return dict(item.strip().split("=", 1) for item in header.split(",") if item.strip())


def assert_features_off(response) -> None:
    policy = permissions_policy(response)
    assert {feature: policy.get(feature) for feature in NEVER_USED} == dict.fromkeys(NEVER_USED, "()"), (
        response.status_code,
        response.headers.get("Permissions-Policy"),
    )
    assert all(allowed == "()" for allowed in policy.values()), policy  # nothing granted to anyone
    # passkeys keep their default (this origin): a second factor and sign-in by passkey need them
    assert not any(feature.startswith("publickey-credentials") for feature in policy)


def test_api_responses_turn_unused_browser_features_off(alice, client_for):
    response = client_for(alice).get("/api/v1/me/")
    assert response.status_code == 200
    assert_features_off(response)


def test_pages_turn_unused_browser_features_off(carol, client_for, api):
    for response in (client_for(carol).get("/care/"), api.get("/accounts/login/")):
        assert response.status_code == 200
        assert_features_off(response)


def test_static_and_pwa_files_turn_unused_browser_features_off(settings, tmp_path):
    """A file WhiteNoise serves (the built PWA's root: manifest, icons, assets) before any view."""
    (tmp_path / "manifest.webmanifest").write_text('{"name": "Pain diary"}')
    settings.WHITENOISE_ROOT = tmp_path
    response = APIClient().get("/manifest.webmanifest")  # a new client: WhiteNoise reads the root anew
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b'{"name": "Pain diary"}'
    assert_features_off(response)


def test_error_responses_turn_unused_browser_features_off(alice, client_for, monkeypatch):
    not_found = client_for(alice).get("/api/v1/no-such-thing/")
    too_large = client_for(alice).post(
        "/api/v1/entries/", "{}", content_type="application/json", CONTENT_LENGTH=str(10 * 1024 * 1024)
    )

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(CatalogApi, "get", broken)
    crashed = APIClient(raise_request_exception=False).get("/api/v1/catalog/")

    assert [r.status_code for r in (not_found, too_large, crashed)] == [404, 413, 500]
    for response in (not_found, too_large, crashed):
        assert_features_off(response)

"""The site's front page loads in a real browser, with its script allowed by the CSP."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_front_page_loads_and_reaches_the_api(live_server, page):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(live_server.url + "/")

    assert page.title() == "Pain diary"
    page.get_by_role("heading", name="Pain diary").wait_for()
    page.get_by_role("heading", name="Sign in").wait_for()  # the app ran: no session yet
    assert not [e for e in errors if "Content Security Policy" in e]


def test_manifest_and_service_worker_are_served(live_server, page):
    manifest = page.request.get(live_server.url + "/manifest.webmanifest")
    assert manifest.ok
    body = manifest.json()
    assert body["start_url"] == "/" and body["scope"] == "/" and body["display"] == "standalone"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in body["icons"]}
    assert any(icon.get("purpose") == "maskable" for icon in body["icons"])
    worker = page.request.get(live_server.url + "/sw.js")
    assert worker.ok and "javascript" in worker.headers["content-type"]
    for icon in body["icons"]:
        assert page.request.get(live_server.url + icon["src"]).ok


def test_admin_sign_in_page_renders(live_server, page):
    page.goto(live_server.url + "/admin/login/")
    assert page.get_by_label("Email address").is_visible()


def test_service_worker_is_revalidated_and_scoped_to_the_site(live_server):
    import urllib.request

    with urllib.request.urlopen(live_server.url + "/sw.js") as response:
        assert response.headers["Cache-Control"] == "no-cache"
        assert response.headers["Service-Worker-Allowed"] == "/"

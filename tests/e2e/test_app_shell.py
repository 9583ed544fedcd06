"""The site's front page loads in a real browser, with its script allowed by the CSP."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_front_page_loads_and_reaches_the_api(live_server, page):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(live_server.url + "/")

    assert page.title() == "Pain diary"
    page.get_by_role("heading", name="Pain diary").wait_for()
    assert not [e for e in errors if "Content Security Policy" in e]


def test_admin_sign_in_page_renders(live_server, page):
    page.goto(live_server.url + "/admin/login/")
    assert page.get_by_label("Email address").is_visible()

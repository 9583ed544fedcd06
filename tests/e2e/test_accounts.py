"""Creating an account in the PWA: sign up, confirm the email with its code, land on Today."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_and_confirm_the_email_code(live_server, page):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Create an account").click()
    page.get_by_label("Email").fill("new@example.com")
    page.get_by_label("Password").fill("a-long-enough-password")
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Confirm your email").wait_for()

    body = mail.outbox[-1].body
    code = re.search(r"^([A-Z0-9]{4}-?[A-Z0-9]{4})$", body, re.MULTILINE).group(1)
    page.get_by_label("Code from the email").fill(code)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("radiogroup", name="Pain now")).to_be_visible()
    assert User.objects.get(email="new@example.com").role == "patient"


def test_a_wrong_password_is_reported(live_server, page, patient):
    page.goto(live_server.url + "/")
    page.get_by_label("Email").fill(patient.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("password")

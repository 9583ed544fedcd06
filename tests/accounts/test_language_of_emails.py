"""Account emails are written in the recipient's language (`me/`'s choice, else English), and the
admin speaks the admin's own language, whatever the other's."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import translation

from accounts import credentials
from tests.accounts.test_admin import act, admin_client

pytestmark = pytest.mark.django_db


def es(msgid: str) -> str:
    with translation.override("es"):
        text = translation.gettext(msgid)
    assert text != msgid, f"not translated: {msgid!r}"
    return text


def test_the_verification_reminder_is_in_the_recipients_language(root, alice, bob):
    alice.language = "es"
    alice.save(update_fields=["language"])
    EmailAddress.objects.filter(user__in=[alice, bob]).update(verified=False)
    mail.outbox.clear()

    act(admin_client(root), "resend_verification", alice, bob)  # root reads the admin in English

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert es("Please confirm your email address") in by_recipient[alice.email].subject
    assert "Una cuenta del diario del dolor usa esta dirección" in by_recipient[alice.email].body
    assert "Please confirm your email address" in by_recipient[bob.email].subject


def test_a_credential_change_is_told_in_the_holders_language(root, alice, on_commit):
    alice.language = "es"
    alice.save(update_fields=["language"])
    mail.outbox.clear()

    alice.set_unusable_password()
    alice.save(update_fields=["password"])
    on_commit(lambda: credentials.password_changed(actor=root, user=alice))

    [message] = mail.outbox
    assert es("An administrator changed your account") in message.subject
    assert es("An administrator turned off signing in with a password.") in message.body
    assert "Your pain diary account" not in message.body


def test_the_admin_tells_an_admin_who_chose_spanish_in_spanish(root, alice):
    root.language = "es"
    root.save(update_fields=["language"])

    page = act(admin_client(root), "reactivate", alice)

    shown = [str(m) for m in page.context["messages"]]
    assert shown == ["1 cuenta reactivada."]

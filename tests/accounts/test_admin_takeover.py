"""Staff cannot become a patient through the admin; superusers can fix credentials, on the record.

A staff member who is not a superuser, holding every permission there is (so every model
permission of accounts, account, mfa, usersessions, sessions, auditlog and auth), tries
each way to take over an account: set its password, change its address, mark an address
verified (which redirects the shares addressed to it), add or read an authenticator, read a
session key. Every admin page, as staff and as a superuser, is searched for the secrets.
Then a superuser makes the same changes: they work, each leaves an audit row and the
account's holder is emailed.
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.usersessions.models import UserSession
from auditlog import get_logentry_model
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import CredentialChange, Role, User
from tests.accounts.signin import app_login
from tests.accounts.test_admin import act, admin_client
from tests.api.conftest import create
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db
TOTP_SECRET = "JBSWY3DPEHPK3PXPTAKEOVERZ2"
PASSKEY_CREDENTIAL = "o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVjEpasskeycredential"
NEW_PASSWORD = "a-new-long-pass-phrase"
What = CredentialChange.What


@pytest.fixture
def staff(staff: User) -> User:
    """Staff, not a superuser, holding every permission there is (tests/accounts/conftest.py)."""
    user = staff
    apps = {"accounts", "account", "mfa", "usersessions", "sessions", "auditlog", "auth", "headless"}
    granted = Permission.objects.filter(content_type__app_label__in=apps)
    assert {p.content_type.app_label for p in granted} == apps - {"headless"}  # headless has no models
    assert User.objects.get(pk=user.pk).has_perms(
        [f"{p.content_type.app_label}.{p.codename}" for p in granted.select_related("content_type")]
    )
    return user


@pytest.fixture
def secrets(alice) -> list[str]:
    """Give alice a signed-in phone, a TOTP, recovery codes and a passkey; return their secrets."""
    phone = app_login(alice)
    session_key = UserSession.objects.get(user=alice).session_key
    assert phone.get("/api/v1/me/").status_code == 200
    TOTP.activate(alice, TOTP_SECRET)
    codes = RecoveryCodes.activate(alice)
    Authenticator.objects.create(
        user=alice,
        type=Authenticator.Type.WEBAUTHN,
        data={"name": "Alice's key", "credential": {"response": {"attestationObject": PASSKEY_CREDENTIAL}}},
    )
    digest = alice.password.rsplit("$", 1)[-1]
    return [
        TOTP_SECRET,
        PASSKEY_CREDENTIAL,
        codes.instance.data["seed"],
        *codes.get_unused_codes(),
        session_key,
        digest,
    ]


@pytest.fixture
def every_kind_of_row(secrets, alice, carol, root) -> None:
    """At least one row for the admins that have no other: a group, an auditlog entry, an audit."""
    Group.objects.create(name="Support")
    get_logentry_model().objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(alice.pk),
        object_repr=str(alice),
        action=1,
        changes={"display_name": ["", "Alice"]},
    )
    CredentialChange.objects.create(actor=root, actor_email=root.email, account=alice, what=What.PASSWORD_SET)
    create(alice, "entry", notes="a private note")


def admin_pages(model) -> list[str]:
    """Changelist and add page of a model, and the change, history and delete pages of each row."""
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    pages = [base, f"{base}add/"]
    for pk in model._default_manager.values_list("pk", flat=True):
        row = f"{base}{quote(pk)}/"
        pages += [f"{row}change/", f"{row}history/", f"{row}delete/"]
        if model is User:
            pages.append(f"{row}password/")
    return pages


def form_data(response, **changes) -> dict:
    """What the browser would post back from an admin form page, with `changes` typed in."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = "on" if value is True else value
    return data


def audit(user: User) -> list[tuple[str, str]]:
    return list(
        CredentialChange.objects.filter(account_id=user.pk).order_by("id").values_list("what", "actor_email")
    )


# --- nothing shows a secret --------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff", "root"])
def test_no_admin_page_shows_a_secret_token_or_hash(every_kind_of_row, secrets, request, who):
    client = admin_client(request.getfixturevalue(who))
    reached = {}
    for model in admin.site._registry:
        for page in admin_pages(model):
            response = client.get(page)
            reached[page] = response.status_code
            leaked = [s for s in secrets if s in response.content.decode()]
            assert not leaked, f"{page} shows {leaked}"
    mfa_pages = [p for p in reached if p.startswith("/admin/mfa/authenticator/") and p.endswith("/change/")]
    assert len(mfa_pages) == 3
    if who == "root":  # the walk did open every row's page
        assert [p for p, status in reached.items() if p.endswith("/change/") and status != 200] == []


def test_staff_reach_only_the_account_pages_and_never_the_password_form(every_kind_of_row, staff, alice):
    client = admin_client(staff)
    superusers = [str(pk) for pk in User.objects.filter(is_superuser=True).values_list("pk", flat=True)]
    for model in admin.site._registry:
        for page in admin_pages(model):
            status = client.get(page).status_code
            refused = (
                model is not User
                or page.endswith("/password/")
                or (page.endswith("/delete/") and page.split("/")[-3] in superusers)
            )
            assert status == (403 if refused else 200), page
    index = client.get("/admin/")
    assert [m["object_name"] for app in index.context["app_list"] for m in app["models"]] == ["User"]


def test_staff_cannot_add_change_or_delete_anything_but_accounts(every_kind_of_row, staff):
    """A POST to every add, change and delete page of every other admin is refused and changes nothing."""
    client = admin_client(staff)
    before = {model: list(model._default_manager.order_by("pk").values()) for model in admin.site._registry}
    for model in admin.site._registry:
        if model is User:
            continue
        for page in admin_pages(model):
            assert client.post(page, {"post": "yes", "name": "x", "verified": "on"}).status_code == 403, page
    for model, rows in before.items():
        assert list(model._default_manager.order_by("pk").values()) == rows, model


# --- staff: each takeover path ------------------------------------------------------------------


@pytest.mark.parametrize("target", ["alice", "carol", "staff"])
def test_staff_cannot_set_a_password(staff, request, target):
    user = request.getfixturevalue(target)
    client = admin_client(staff)
    page = f"/admin/accounts/user/{user.pk}/password/"

    assert client.get(page).status_code == 403
    posted = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    assert client.post(page, posted).status_code == 403
    assert client.post(page, {"usable_password": "false", "unset-password": "1"}).status_code == 403

    user.refresh_from_db()
    assert user.check_password(PASSWORD) and not user.check_password(NEW_PASSWORD)
    change_page = client.get(f"/admin/accounts/user/{user.pk}/change/")
    assert b"/password/" not in change_page.content
    assert "password" not in change_page.context["adminform"].form.fields


def test_staff_cannot_change_an_accounts_email(staff, alice):
    client = admin_client(staff)
    page = f"/admin/accounts/user/{alice.pk}/change/"
    data = form_data(client.get(page), email="mallory@example.com", display_name="Alice B")

    response = client.post(page, data)

    assert response.status_code == 302  # the rest of the form was saved …
    alice.refresh_from_db()
    assert (alice.display_name, alice.email) == ("Alice B", "alice@example.com")  # … not the address
    assert list(EmailAddress.objects.filter(user=alice).values_list("email", "verified", "primary")) == [
        ("alice@example.com", True, True)
    ]
    assert audit(alice) == []


def test_staff_cannot_touch_email_addresses(staff, alice, carol):
    client = admin_client(staff)
    address = EmailAddress.objects.get(user=carol)
    EmailAddress.objects.filter(pk=address.pk).update(verified=False)
    page = f"/admin/account/emailaddress/{address.pk}/change/"
    before = list(EmailAddress.objects.order_by("pk").values())

    assert client.get(page).status_code == 403
    for change in ({"verified": "on"}, {"primary": ""}, {"email": "mallory@example.com"}):
        body = {"user": str(carol.pk), "email": address.email, "primary": "on", **change}
        assert client.post(page, body).status_code == 403
    added = {"user": str(alice.pk), "email": "dr.real@clinic.example.com", "verified": "on", "primary": "on"}
    assert client.post("/admin/account/emailaddress/add/", added).status_code == 403
    for action in ("mark_verified", "make_verified", "delete_selected"):
        body = {"action": action, "_selected_action": [str(address.pk)]}
        assert client.post("/admin/account/emailaddress/", body).status_code == 403

    assert list(EmailAddress.objects.order_by("pk").values()) == before


def test_staff_cannot_vouch_for_an_address_when_creating_an_account(staff):
    client = admin_client(staff)
    form = client.get("/admin/accounts/user/add/").context["adminform"].form
    assert "email_verified" not in form.fields

    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "dr.real@clinic.example.com",
            "role": Role.CLINICIAN,
            "timezone": "UTC",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "email_verified": "on",
        },
    )

    assert response.status_code == 302
    # the account exists, but shares addressed to it wait until its holder confirms the address
    assert EmailAddress.objects.get(email="dr.real@clinic.example.com").verified is False


def test_staff_cannot_add_change_or_read_authenticators(staff, alice, secrets):
    client = admin_client(staff)
    totp = Authenticator.objects.get(user=alice, type=Authenticator.Type.TOTP)
    before = list(Authenticator.objects.order_by("pk").values())
    staff_totp = {"user": str(staff.pk), "type": "totp", "data": '{"secret": "MINE"}', "created_at_0": "x"}

    assert client.get("/admin/mfa/authenticator/").status_code == 403
    assert (
        client.post("/admin/mfa/authenticator/add/", {**staff_totp, "user": str(alice.pk)}).status_code == 403
    )
    assert client.post(f"/admin/mfa/authenticator/{totp.pk}/change/", staff_totp).status_code == 403
    assert client.post(f"/admin/mfa/authenticator/{totp.pk}/delete/", {"post": "yes"}).status_code == 403

    assert list(Authenticator.objects.order_by("pk").values()) == before


def test_staff_actions_still_work_and_show_no_secret(staff, alice, carol, secrets):
    client = admin_client(staff)
    EmailAddress.objects.filter(user=carol).update(verified=False)
    mail.outbox.clear()

    pages = [
        act(client, "mark_clinician_verified", carol),
        act(client, "resend_verification", carol, alice),
        act(client, "force_sign_out", alice),
        act(client, "deactivate", alice),
    ]
    carol.refresh_from_db()
    alice.refresh_from_db()
    assert carol.clinician_verified_at is not None
    assert [m.to for m in mail.outbox] == [[carol.email]]
    assert UserSession.objects.filter(user=alice).count() == 0
    assert alice.is_active is False

    pages.append(act(client, "reactivate", alice))
    alice.refresh_from_db()
    assert alice.is_active is True
    for page in pages:
        assert page.status_code == 200
        assert not [s for s in secrets if s in page.content.decode()]


# --- superusers: the changes work, are audited, and the holder hears of them ------------------


def test_a_superuser_sets_a_password_audited_and_told(root, alice, on_commit):
    client = admin_client(root)
    page = f"/admin/accounts/user/{alice.pk}/password/"
    device = app_login(alice)
    mail.outbox.clear()

    form = client.get(page)
    assert form.status_code == 200
    response = on_commit(
        lambda: client.post(
            page, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
        )
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert audit(alice) == [(What.PASSWORD_SET, root.email)]
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert "new password" in mail.outbox[0].body and NEW_PASSWORD not in mail.outbox[0].body
    assert device.get("/api/v1/me/").status_code in (401, 410)  # the old sessions are gone


def test_a_superuser_turns_password_sign_in_off_audited_and_told(root, alice, on_commit):
    mail.outbox.clear()
    response = on_commit(
        lambda: admin_client(root).post(
            f"/admin/accounts/user/{alice.pk}/password/", {"usable_password": "false", "unset-password": "1"}
        )
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert not alice.has_usable_password()
    assert audit(alice) == [(What.PASSWORD_DISABLED, root.email)]
    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_a_failed_password_form_changes_and_records_nothing(root, alice, on_commit):
    mail.outbox.clear()
    response = on_commit(
        lambda: admin_client(root).post(
            f"/admin/accounts/user/{alice.pk}/password/", {"password1": "short", "password2": "short"}
        )
    )

    assert response.status_code == 200
    assert "password2" in response.context["adminForm"].form.errors
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    assert (audit(alice), mail.outbox) == ([], [])


def test_a_superuser_changes_an_email_audited_and_both_addresses_told(root, alice, on_commit):
    client = admin_client(root)
    page = f"/admin/accounts/user/{alice.pk}/change/"
    data = form_data(client.get(page), email="Alice.New@Example.com")
    mail.outbox.clear()

    response = on_commit(lambda: client.post(page, data))

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.email == "alice.new@example.com"
    # the new address is the sign-in address, unverified until alice confirms it; the old one is gone
    assert list(EmailAddress.objects.filter(user=alice).values_list("email", "verified", "primary")) == [
        ("alice.new@example.com", False, True)
    ]
    assert audit(alice) == [(What.EMAIL_CHANGED, root.email)]
    assert sorted(m.to[0] for m in mail.outbox) == ["alice.new@example.com", "alice@example.com"]
    for message in mail.outbox:
        assert "alice@example.com" in message.body and "alice.new@example.com" in message.body


def test_changing_the_sign_in_address_to_one_the_account_holds_keeps_it_verified(root, alice, on_commit):
    EmailAddress.objects.create(user=alice, email="alice.home@example.com", verified=True)
    client = admin_client(root)
    page = f"/admin/accounts/user/{alice.pk}/change/"

    response = on_commit(
        lambda: client.post(page, form_data(client.get(page), email="alice.home@example.com"))
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.email == "alice.home@example.com"
    assert sorted(EmailAddress.objects.filter(user=alice).values_list("email", "verified", "primary")) == [
        ("alice.home@example.com", True, True),
        ("alice@example.com", True, False),
    ]
    assert audit(alice) == [(What.EMAIL_CHANGED, root.email)]


def test_an_address_another_account_uses_is_refused_by_name(root, alice, bob, on_commit):
    client = admin_client(root)
    page = f"/admin/accounts/user/{alice.pk}/change/"
    data = form_data(client.get(page), email="BOB@example.com")
    mail.outbox.clear()

    response = on_commit(lambda: client.post(page, data))

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["email"]
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert (audit(alice), mail.outbox) == ([], [])


def test_a_superuser_unverifies_and_verifies_an_address_audited_and_told(root, carol, on_commit):
    client = admin_client(root)
    address = EmailAddress.objects.get(user=carol)
    page = f"/admin/account/emailaddress/{address.pk}/change/"
    mail.outbox.clear()

    off = on_commit(lambda: client.post(page, form_data(client.get(page), verified=False)))
    assert off.status_code == 302
    assert EmailAddress.objects.get(pk=address.pk).verified is False
    # shares addressed to carol no longer reach her …
    on = on_commit(lambda: client.post(page, form_data(client.get(page), verified=True)))
    assert on.status_code == 302
    assert EmailAddress.objects.get(pk=address.pk).verified is True

    assert audit(carol) == [(What.EMAIL_UNVERIFIED, root.email), (What.EMAIL_VERIFIED, root.email)]
    assert [m.to for m in mail.outbox] == [[carol.email], [carol.email]]


def test_the_verify_action_is_audited_and_skips_an_address_another_account_confirmed(
    root, alice, bob, on_commit
):
    EmailAddress.objects.filter(user=alice).update(verified=False)
    squatted = EmailAddress.objects.create(user=bob, email=alice.email, verified=False)
    mine = EmailAddress.objects.get(user=alice)
    EmailAddress.objects.filter(pk=mine.pk).update(verified=True)
    unverified = EmailAddress.objects.create(user=alice, email="alice.work@example.com", verified=False)
    mail.outbox.clear()

    body = {"action": "mark_verified", "_selected_action": [str(squatted.pk), str(unverified.pk)]}
    on_commit(lambda: admin_client(root).post("/admin/account/emailaddress/", body))

    assert EmailAddress.objects.get(pk=squatted.pk).verified is False  # alice already confirmed it
    assert EmailAddress.objects.get(pk=unverified.pk).verified is True
    assert audit(alice) == [(What.EMAIL_VERIFIED, root.email)]
    assert audit(bob) == []
    assert sorted(m.to[0] for m in mail.outbox) == ["alice.work@example.com", "alice@example.com"]


def test_verifying_an_address_another_account_confirmed_is_refused_by_name(root, alice, bob):
    squatted = EmailAddress.objects.create(user=bob, email=alice.email, verified=False)
    client = admin_client(root)
    page = f"/admin/account/emailaddress/{squatted.pk}/change/"

    response = client.post(page, form_data(client.get(page), verified=True))

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["verified"]
    assert EmailAddress.objects.get(pk=squatted.pk).verified is False


def test_a_superuser_adds_an_address_and_makes_it_primary_audited_and_told(root, alice, on_commit):
    client = admin_client(root)
    mail.outbox.clear()

    response = on_commit(
        lambda: client.post(
            "/admin/account/emailaddress/add/",
            {"user": str(alice.pk), "email": "Alice.Work@Example.com", "verified": "on", "primary": "on"},
        )
    )

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    alice.refresh_from_db()
    assert alice.email == "alice.work@example.com"
    assert sorted(EmailAddress.objects.filter(user=alice).values_list("email", "verified", "primary")) == [
        ("alice.work@example.com", True, True),
        ("alice@example.com", True, False),
    ]
    assert audit(alice) == [(What.EMAIL_ADDED, root.email), (What.EMAIL_PRIMARY, root.email)]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice.work@example.com",
        "alice.work@example.com",
        "alice@example.com",
        "alice@example.com",
    ]


def test_a_superuser_makes_another_address_primary(root, alice, on_commit):
    second = EmailAddress.objects.create(user=alice, email="alice.home@example.com", verified=True)
    client = admin_client(root)
    page = f"/admin/account/emailaddress/{second.pk}/change/"
    primary_page = client.get(
        f"/admin/account/emailaddress/{EmailAddress.objects.get(primary=True, user=alice).pk}/change/"
    )
    assert "primary" not in primary_page.context["adminform"].form.fields  # it stays primary until replaced

    response = on_commit(lambda: client.post(page, form_data(client.get(page), primary=True)))

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.email == "alice.home@example.com"
    assert EmailAddress.objects.get(user=alice, primary=True).pk == second.pk
    assert audit(alice) == [(What.EMAIL_PRIMARY, root.email)]


def test_a_superuser_removes_an_address_but_never_the_primary_one(root, alice, on_commit):
    second = EmailAddress.objects.create(user=alice, email="alice.old@example.com", verified=True)
    primary = EmailAddress.objects.get(user=alice, primary=True)
    client = admin_client(root)
    mail.outbox.clear()

    assert (
        client.post(f"/admin/account/emailaddress/{primary.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    response = on_commit(
        lambda: client.post(f"/admin/account/emailaddress/{second.pk}/delete/", {"post": "yes"})
    )

    assert response.status_code == 302
    assert list(EmailAddress.objects.filter(user=alice).values_list("email", flat=True)) == [alice.email]
    assert audit(alice) == [(What.EMAIL_REMOVED, root.email)]
    assert sorted(m.to[0] for m in mail.outbox) == ["alice.old@example.com", "alice@example.com"]


def test_a_superuser_removes_authenticators_audited_and_told(root, alice, secrets, on_commit):
    client = admin_client(root)
    totp = Authenticator.objects.get(user=alice, type=Authenticator.Type.TOTP)
    passkey = Authenticator.objects.get(user=alice, type=Authenticator.Type.WEBAUTHN)
    mail.outbox.clear()

    confirm = client.get(f"/admin/mfa/authenticator/{totp.pk}/delete/")
    assert confirm.status_code == 200
    on_commit(lambda: client.post(f"/admin/mfa/authenticator/{totp.pk}/delete/", {"post": "yes"}))
    # the passkey is still a second factor, so the recovery codes stay
    assert sorted(Authenticator.objects.filter(user=alice).values_list("type", flat=True)) == [
        "recovery_codes",
        "webauthn",
    ]
    on_commit(lambda: client.post(f"/admin/mfa/authenticator/{passkey.pk}/delete/", {"post": "yes"}))

    assert not Authenticator.objects.filter(user=alice).exists()
    assert audit(alice) == [(What.AUTHENTICATOR_REMOVED, root.email)] * 2
    assert [m.to for m in mail.outbox] == [[alice.email], [alice.email]]
    assert all(TOTP_SECRET not in m.body for m in mail.outbox)


def test_nobody_adds_or_edits_an_authenticator_in_the_admin(root, alice, secrets):
    client = admin_client(root)
    totp = Authenticator.objects.get(user=alice, type=Authenticator.Type.TOTP)
    before = list(Authenticator.objects.order_by("pk").values())

    assert client.get("/admin/mfa/authenticator/add/").status_code == 403
    body = {"user": str(root.pk), "type": "totp", "data": '{"secret": "MINE"}'}
    assert client.post("/admin/mfa/authenticator/add/", body).status_code == 403
    page = client.get(f"/admin/mfa/authenticator/{totp.pk}/change/")
    assert page.context["adminform"].form.fields == {}  # read-only: type and dates
    client.post(f"/admin/mfa/authenticator/{totp.pk}/change/", {**body, "user": str(alice.pk)})

    assert list(Authenticator.objects.order_by("pk").values()) == before


def test_the_audit_is_read_only_and_outlives_an_erased_account_with_ids_only(
    root, staff, alice, secrets, on_commit
):
    client = admin_client(root)
    page = f"/admin/accounts/user/{alice.pk}/change/"
    on_commit(lambda: client.post(page, form_data(client.get(page), email="alice.new@example.com")))
    added = {"user": str(alice.pk), "email": "alice.home@example.com"}
    on_commit(lambda: client.post("/admin/account/emailaddress/add/", added))
    passkey = Authenticator.objects.get(user=alice, type=Authenticator.Type.WEBAUTHN)
    on_commit(lambda: client.post(f"/admin/mfa/authenticator/{passkey.pk}/delete/", {"post": "yes"}))
    change = CredentialChange.objects.filter(account_id=alice.pk).first()

    listing = client.get("/admin/accounts/credentialchange/")
    assert listing.status_code == 200 and root.email.encode() in listing.content
    refused = client.post(f"/admin/accounts/credentialchange/{change.pk}/delete/", {"post": "yes"})
    assert refused.status_code == 403
    assert admin_client(staff).get("/admin/accounts/credentialchange/").status_code == 403

    client.post(f"/admin/accounts/user/{alice.pk}/delete/", {"post": "yes"})

    assert not User.objects.filter(pk=alice.pk).exists()
    rows = list(CredentialChange.objects.order_by("id").values())
    assert [(r["account_id"], r["actor_id"], r["what"]) for r in rows] == [
        (alice.pk, root.pk, What.EMAIL_CHANGED),
        (alice.pk, root.pk, What.EMAIL_ADDED),
        (alice.pk, root.pk, What.AUTHENTICATOR_REMOVED),
    ]
    # nothing of alice stays in the audit or in the admin's history: no address, no passkey name
    history = list(LogEntry.objects.values())
    assert len(history) == 4  # the address change, the added address, the passkey, the erasure
    assert not [v for row in rows + history for v in row.values() if "alice" in str(v).lower()]


def test_the_credential_admins_list_in_a_constant_number_of_queries(root):
    def count(page: str) -> int:
        client = admin_client(root)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        return len(captured)

    def grow(n: int) -> None:
        for i in range(n):
            user = make_user(f"p{i}-{n}@example.com")
            TOTP.activate(user, TOTP_SECRET)
            UserSession.objects.create(user=user, ip="127.0.0.1", session_key=f"k{i}-{n}", user_agent="x")
            CredentialChange.objects.create(
                actor=root, actor_email=root.email, account=user, what=What.PASSWORD_SET
            )

    pages = [
        "/admin/account/emailaddress/",
        "/admin/mfa/authenticator/",
        "/admin/usersessions/usersession/",
        "/admin/accounts/credentialchange/",
    ]
    grow(2)
    count(pages[0])  # the admin's own row is cached from here on (accounts.user_cache)
    few = [count(p) for p in pages]
    grow(8)
    assert [count(p) for p in pages] == few


def test_signing_in_with_the_old_password_fails_after_a_reset(root, alice, on_commit):
    on_commit(
        lambda: admin_client(root).post(
            f"/admin/accounts/user/{alice.pk}/password/",
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
        )
    )
    login = "/_allauth/app/v1/auth/login"
    old = Client().post(login, {"email": alice.email, "password": PASSWORD}, content_type="application/json")
    new = Client().post(
        login, {"email": alice.email, "password": NEW_PASSWORD}, content_type="application/json"
    )
    assert (old.status_code, new.status_code) == (400, 200)

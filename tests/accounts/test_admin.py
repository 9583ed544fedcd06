"""Account management in the Django admin; staff never browse diaries; sign-in is guarded."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client

from accounts.models import Role, User
from tests.accounts.signin import app_login
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/accounts/user/"


def admin_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def act(client: Client, action: str, *users: User):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [str(u.pk) for u in users]}, follow=True
    )


def test_the_list_shows_role_verification_mfa_and_last_sign_in(root, alice, carol):
    app_login(carol)  # a sign-in, before a second factor would ask for a code
    Authenticator.objects.create(user=carol, type=Authenticator.Type.TOTP, data={})
    EmailAddress.objects.filter(user=alice).update(verified=False)

    page = admin_client(root).get(CHANGELIST)

    assert page.status_code == 200
    rows = {user.email: user for user in page.context["cl"].result_list}
    assert (rows[carol.email].role, rows[carol.email].mfa_enabled, rows[carol.email].email_verified) == (
        Role.CLINICIAN,
        True,
        True,
    )
    assert (rows[alice.email].mfa_enabled, rows[alice.email].email_verified) == (False, False)
    assert rows[carol.email].last_login is not None
    for column in (b"email verified", b"MFA", b"Clinician verified at", b"Last login"):
        assert column in page.content
    assert admin_client(root).get(CHANGELIST, {"mfa_enabled": "yes"}).context["cl"].result_count == 1


def test_an_admin_creates_a_clinician(root):
    response = admin_client(root).post(
        "/admin/accounts/user/add/",
        {
            "email": "New.Doc@Clinic.example.com",
            "display_name": "Dr New",
            "role": Role.CLINICIAN,
            "timezone": "Europe/London",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="new.doc@clinic.example.com")
    assert (user.role, user.display_name, user.check_password("a-long-pass-phrase")) == (
        Role.CLINICIAN,
        "Dr New",
        True,
    )
    # not vouched for: allauth asks for a code at the first sign-in
    assert EmailAddress.objects.get(user=user).verified is False


def test_the_add_form_refuses_a_weak_password_and_a_taken_email(root, carol):
    response = admin_client(root).post(
        "/admin/accounts/user/add/",
        {
            "email": carol.email,
            "role": Role.CLINICIAN,
            "timezone": "UTC",
            "password1": "short",
            "password2": "short",
        },
    )
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"email", "password1"}


def test_mark_clinicians_verified_skips_patients(root, carol, alice):
    act(admin_client(root), "mark_clinician_verified", carol, alice)
    carol.refresh_from_db()
    alice.refresh_from_db()
    assert carol.clinician_verified_at is not None
    assert alice.clinician_verified_at is None


def test_deactivate_signs_out_and_reactivate_lets_back_in(root, alice):
    device = app_login(alice)

    act(admin_client(root), "deactivate", alice)

    alice.refresh_from_db()
    assert alice.is_active is False
    assert device.get("/api/v1/me/").status_code in (401, 410)
    login = {"email": alice.email, "password": PASSWORD}
    assert (
        Client().post("/_allauth/app/v1/auth/login", login, content_type="application/json").status_code
        != 200
    )

    act(admin_client(root), "reactivate", alice)

    assert app_login(alice).get("/api/v1/me/").status_code == 200


def test_deleting_an_account_in_the_admin_erases_it(root, alice, carol):
    from care.models import AccessLog
    from tests.api.conftest import create
    from tests.care.conftest import share_for

    create(alice, "entry")
    share = share_for(alice, carol)
    AccessLog.objects.create(
        clinician=carol, clinician_email=carol.email, patient=alice, share=share, action="x", path="/"
    )

    create(alice, "episode", title="Very private title")
    confirm = admin_client(root).get(f"/admin/accounts/user/{alice.pk}/delete/")
    assert confirm.status_code == 200
    assert b"Very private title" not in confirm.content

    response = admin_client(root).post(f"/admin/accounts/user/{alice.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    assert AccessLog.objects.get().patient_id == alice.pk  # the audit stays, ids only


def test_an_admin_cannot_deactivate_themselves(root):
    act(admin_client(root), "deactivate", root)
    root.refresh_from_db()
    assert root.is_active


def test_force_sign_out_ends_every_session(root, alice):
    phone, browser = app_login(alice), admin_client(alice)

    act(admin_client(root), "force_sign_out", alice)

    assert phone.get("/api/v1/me/").status_code in (401, 410)
    assert browser.get("/api/v1/me/").status_code == 401


def test_resend_verification_goes_to_unverified_addresses_only(root, alice, bob):
    EmailAddress.objects.filter(user=alice).update(verified=False)
    mail.outbox.clear()

    act(admin_client(root), "resend_verification", alice, bob)

    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert "confirm" in mail.outbox[0].subject.lower()


# --- staff who are not superusers ----------------------------------------------------------


DIARY_ADMIN_PAGES = [
    "/admin/diary/entry/",
    "/admin/diary/episode/",
    "/admin/diary/administration/",
    "/admin/diary/medicationintake/",
    "/admin/diary/conflict/",
    "/admin/diary/rejection/",
    "/admin/care/accesslog/",
]


@pytest.mark.parametrize("path", DIARY_ADMIN_PAGES)
def test_staff_cannot_browse_diary_content(staff, alice, path):
    from tests.api.conftest import create

    create(alice, "entry", notes="private")
    assert admin_client(staff).get(path).status_code == 403


def test_staff_see_accounts_only_and_no_diary_models(staff):
    index = admin_client(staff).get("/admin/")
    assert index.status_code == 200
    apps = {app["app_label"] for app in index.context["app_list"]}
    assert "diary" not in apps and "care" not in apps
    assert "accounts" in apps


def test_no_admin_registers_shares_or_summaries(root):
    assert admin_client(root).get("/admin/care/share/").status_code == 404
    assert admin_client(root).get("/admin/care/summary/").status_code == 404


def test_staff_cannot_make_themselves_superuser_or_touch_a_superuser(staff, root):
    client = admin_client(staff)
    form = client.get(f"/admin/accounts/user/{staff.pk}/change/").context["adminform"].form
    assert not {"is_superuser", "is_staff", "groups"} & set(form.fields)
    assert client.get(f"/admin/accounts/user/{root.pk}/change/").context["has_change_permission"] is False


# --- signing in to the admin ---------------------------------------------------------------


def test_the_admin_signs_in_through_allauth(root):
    client = Client()
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    page = client.get(response["Location"])
    assert page.context["form"].fields["login"].label == "Email address"

    signed_in = client.post(response["Location"], {"login": root.email, "password": PASSWORD}, follow=True)
    assert signed_in.request["PATH_INFO"] == "/admin/"


def test_admin_sign_in_is_rate_limited(root):
    client = Client()

    def sign_in(password: str):
        return client.post("/accounts/login/?next=/admin/", {"login": root.email, "password": password})

    for _ in range(5):
        assert b"email address and/or password you specified are not correct" in sign_in("wrong").content
    locked = sign_in(PASSWORD)  # the right password, too late
    assert b"Too many failed login attempts" in locked.content
    assert client.get("/admin/").status_code == 302


def test_sign_in_attempts_per_ip_are_limited(root, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    client = Client()
    statuses = [
        client.post("/accounts/login/", {"login": f"user{i}@example.com", "password": "x"}).status_code
        for i in range(4)
    ]
    assert statuses[-1] == 429


# --- MFA for staff and clinicians ------------------------------------------------------------


@pytest.fixture
def mfa_required(settings):
    settings.REQUIRE_MFA_FOR_STAFF = True


def test_staff_without_mfa_are_sent_to_set_it_up(mfa_required, root):
    response = admin_client(root).get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"


def test_staff_with_mfa_use_the_admin(mfa_required, root):
    Authenticator.objects.create(user=root, type=Authenticator.Type.TOTP, data={})
    assert admin_client(root).get("/admin/").status_code == 200


def test_recovery_codes_alone_are_not_a_second_factor(mfa_required, root):
    Authenticator.objects.create(user=root, type=Authenticator.Type.RECOVERY_CODES, data={})
    assert admin_client(root).get("/admin/").status_code == 302


def test_clinicians_without_mfa_reach_neither_portal_nor_api(mfa_required, carol, alice, client_for):
    client = client_for(carol)
    assert client.get("/care/")["Location"] == "/accounts/2fa/"
    response = client.get("/api/v1/clinician/patients/")
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "mfa_required"
    assert client.get("/accounts/2fa/").status_code == 200  # the setup page itself is reachable

    Authenticator.objects.create(user=carol, type=Authenticator.Type.WEBAUTHN, data={})
    assert client.get("/care/").status_code == 200
    assert client.get("/api/v1/clinician/patients/").status_code == 200


def test_patients_are_not_asked_for_mfa(mfa_required, alice, client_for):
    assert client_for(alice).get("/api/v1/entries/").status_code == 200


def test_mfa_is_required_in_production_by_default():
    from tests.ops.test_settings_and_schema import PRODUCTION_ENV, manage

    code = "from django.conf import settings; print(settings.REQUIRE_MFA_FOR_STAFF)"
    result = manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr

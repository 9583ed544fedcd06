"""`demo_data` fills an empty database with accounts that can sign in, and refuses otherwise."""

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from accounts.demo import DEMO_CLINICIAN, DEMO_PATIENT
from care.models import Share


@pytest.mark.django_db
def test_demo_accounts_sign_in_and_share_is_active(settings, capsys):
    settings.DEBUG = True
    call_command("demo_data")

    out = capsys.readouterr().out
    assert DEMO_PATIENT.email in out and DEMO_PATIENT.password in out
    assert DEMO_CLINICIAN.email in out and DEMO_CLINICIAN.password in out
    for account in (DEMO_PATIENT, DEMO_CLINICIAN):
        response = APIClient().post(
            "/_allauth/app/v1/auth/login",
            {"email": account.email, "password": account.password},
            format="json",
        )
        assert response.status_code == 200, response.content
    share = Share.objects.active().get()
    assert (share.patient.email, share.clinician.email) == (DEMO_PATIENT.email, DEMO_CLINICIAN.email)


@pytest.mark.django_db
def test_refuses_when_debug_is_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo_data")
    call_command("demo_data", "--force")
    assert Share.objects.count() == 1


@pytest.mark.django_db
def test_refuses_a_database_with_accounts(settings, alice):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="already has accounts"):
        call_command("demo_data")


@pytest.mark.django_db
def test_if_empty_leaves_a_used_database_alone_and_succeeds(settings, alice, capsys):
    settings.DEBUG = True
    call_command("demo_data", "--if-empty")
    assert not Share.objects.exists()
    call_command("demo_data", "--if-empty")  # still fine the second time

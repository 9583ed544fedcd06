"""Fixtures for the account admin's tests: a superuser, and staff holding every permission."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission

from accounts.models import User
from tests.conftest import PASSWORD, make_user


@pytest.fixture
def root(db) -> User:
    user = User.objects.create_superuser("root@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def staff(db) -> User:
    """A staff member with every permission there is, but not a superuser."""
    user = make_user("staff@example.com")
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.all())
    return user

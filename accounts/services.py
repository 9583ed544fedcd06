"""Account writes: creating ready-to-use users (verified email) for commands and admins."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from accounts.models import Role, User


def user_create(
    *, email: str, password: str, role: str, display_name: str = "", timezone: str = "UTC"
) -> User:
    """Create a user whose email is already verified, so they can sign in at once.

    Raises ValidationError naming the field for a bad email, role, password or time zone,
    or an email that is taken.
    """
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": f"{email!r} is not a valid email address."}) from None
    if role not in Role.values:
        raise ValidationError({"role": f"role must be one of {', '.join(Role.values)}."})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": f"an account with {email} already exists."})
    user = User(email=email, role=role, display_name=display_name, timezone=timezone)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def user_update(*, user: User, display_name: str | None = None, timezone: str | None = None) -> User:
    """Update a user's profile fields; only the ones given change."""
    changed = []
    if display_name is not None:
        user.display_name = display_name
        changed.append("display_name")
    if timezone is not None:
        user.timezone = timezone
        changed.append("timezone")
    if changed:
        user.full_clean(exclude=["password"])
        user.save(update_fields=changed)
    return user

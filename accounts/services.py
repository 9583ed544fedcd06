"""Account writes: creating users, profile changes, and what admins do to accounts.

Creating ready-to-use users (verified email) for commands and admins; signing a user out
of every device; deactivating; marking a clinician verified; the verification reminder.
Erasing an account and all its data is `patientdata.erasure.user_erase`.
"""

from __future__ import annotations

import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone as dj_timezone
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.languages import language_for, supported
from accounts.models import Role, User
from accounts.user_cache import user_cache_refresh


def user_create(
    *,
    email: str,
    password: str,
    role: str,
    display_name: str = "",
    timezone: str = "UTC",
    email_verified: bool = True,
) -> User:
    """Create a user; by default their email is already verified, so they can sign in at once.

    With `email_verified=False` (an admin who has not checked the address) allauth asks for
    a code sent to the address at the first sign-in.

    Raises ValidationError naming the field for a bad email, role, password or time zone,
    or an email that is taken.
    """
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": gettext("%(email)r is not a valid email address.") % {"email": email}}
        ) from None
    if role not in Role.values:
        raise ValidationError(
            {"role": gettext("role must be one of %(roles)s.") % {"roles": ", ".join(Role.values)}}
        )
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": gettext("an account with %(email)s already exists.") % {"email": email}}
        )
    user = User(email=email, role=role, display_name=display_name, timezone=timezone)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=email_verified, primary=True)
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


def user_language_set(*, user: User, language: str | None) -> User:
    """Record the language the user chose (a code of settings.LANGUAGES), or None: not chosen,
    the browser's language is used again (docs/translating.md)."""
    code = language or ""
    if code and supported(code) is None:
        raise ValidationError({"language": _("Choose one of the languages offered.")}, code="invalid_choice")
    if user.language != code:
        user.language = code
        user.save(update_fields=["language"])
    return user


# --- sessions and access (admin actions, privacy rights) ---------------------------------


def user_sign_out_everywhere(*, user: User) -> int:
    """End every session of the user: browser cookies and app session tokens alike.

    Two locks: every session allauth tracks (`UserSession`, one per sign-in, cookie or
    `X-Session-Token`) is deleted from the session store, and the user's session salt
    changes, so any session it did not track fails Django's session hash check on its next
    request. Returns the number of tracked sessions ended.
    """
    with transaction.atomic():
        user.session_salt = secrets.token_hex(16)
        User.objects.filter(pk=user.pk).update(session_salt=user.session_salt)
        user_cache_refresh(user.pk)  # the new salt, on every process, once this commits
        sessions = list(UserSession.objects.filter(user_id=user.pk))
        for session in sessions:
            session.end()
    return len(sessions)


def user_set_active(*, user: User, active: bool) -> User:
    """Deactivate (sign-in refused, every session ended) or reactivate an account."""
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
    if not active:
        user_sign_out_everywhere(user=user)
    return user


def clinician_mark_verified(*, user: User) -> User:
    """Record that an admin checked this clinician's professional identity (first time kept)."""
    if not user.is_clinician:
        raise ValidationError(
            {"role": gettext("%(email)s is not a clinician account.") % {"email": user.email}}
        )
    if user.clinician_verified_at is None:
        user.clinician_verified_at = dj_timezone.now()
        user.save(update_fields=["clinician_verified_at"])
    return user


def email_is_verified(*, user: User) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def verification_reminder_send(*, user: User) -> bool:
    """Ask a user whose email is unverified to confirm it; False (nothing sent) if verified.

    Verification is by code (ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED): allauth sends a
    fresh code at the next sign-in, tied to that sign-in, so this email tells the user to
    sign in rather than carrying a code that nobody's session is waiting for.
    """
    if email_is_verified(user=user):
        return False
    with translation.override(language_for(user)):  # the recipient's language, not the admin's
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + gettext("Please confirm your email address")
        message = "\n\n".join(
            [
                gettext(
                    "An account of the pain diary uses this address (%(email)s) and it is not confirmed yet."
                )
                % {"email": user.email},
                gettext(
                    "Sign in with it (the app, or /accounts/login/ for the care-team portal): we will email "
                    "you a code to enter, and your address is confirmed.\n"
                    "If you did not expect this, you can ignore this email."
                ),
            ]
        )
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[user.email])
    return True


SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def mfa_enabled(*, user: User) -> bool:
    """A second factor (TOTP or a passkey/security key); recovery codes alone do not count."""
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def mfa_required_but_missing(*, user) -> bool:
    """REQUIRE_MFA_FOR_STAFF is on and this staff member or clinician has no second factor."""
    if not settings.REQUIRE_MFA_FOR_STAFF or not user.is_authenticated:
        return False
    if not (user.is_staff or user.is_superuser or user.is_clinician):
        return False
    return not mfa_enabled(user=user)

"""The user: signs in with an email address; a patient or a clinician; admins are staff."""

from __future__ import annotations

import uuid
import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as dj_timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            gettext("%(value)r is not an IANA time zone (e.g. Europe/London).") % {"value": value}
        )


class Role(models.TextChoices):
    PATIENT = "patient", _("Patient")
    CLINICIAN = "clinician", _("Clinician")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=100, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.PATIENT)
    timezone = models.CharField(
        max_length=64, default="UTC", validators=[validate_timezone], help_text=_("IANA time zone.")
    )
    # The language chosen in the PWA or the portal ("en", "es"; settings.LANGUAGES); blank until
    # chosen: the browser's language is used (docs/translating.md).
    language = models.CharField(max_length=8, blank=True, default="")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text=_("Admins: may use the admin site."))
    date_joined = models.DateTimeField(default=dj_timezone.now)
    clinician_verified_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When an admin checked this clinician's professional identity.")
    )
    # Mixed into the session hash: changing it ends every session of the user, on every device
    # (accounts.services.user_sign_out_everywhere), whether or not allauth tracked the session.
    session_salt = models.CharField(max_length=32, blank=True, default="", editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.email

    def _get_session_auth_hash(self, secret=None) -> str:
        """Django's HMAC of the password hash, plus `session_salt` (empty: Django's own value)."""
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(
            key_salt, self.password + self.session_salt, secret=secret, algorithm="sha256"
        ).hexdigest()

    @property
    def is_patient(self) -> bool:
        return self.role == Role.PATIENT

    @property
    def is_clinician(self) -> bool:
        return self.role == Role.CLINICIAN


class CredentialChange(models.Model):
    """One change an admin made to an account's credentials: who, whose account, what, when.

    Written in the same transaction as the change (accounts.credentials) and never edited.
    It holds ids only, no address, password hash or secret: the account is a plain id (no
    database constraint, nothing cascades), like care.AccessLog's patient, so the record
    outlives an erased account without keeping anything personal of it.
    """

    class What(models.TextChoices):
        PASSWORD_SET = "password_set", _("password set")
        PASSWORD_DISABLED = "password_disabled", _("password sign-in disabled")
        EMAIL_CHANGED = "email_changed", _("sign-in email changed")
        EMAIL_ADDED = "email_added", _("email address added")
        EMAIL_REMOVED = "email_removed", _("email address removed")
        EMAIL_VERIFIED = "email_verified", _("email address marked verified")
        EMAIL_UNVERIFIED = "email_unverified", _("email address marked unverified")
        EMAIL_PRIMARY = "email_primary", _("email address made primary")
        AUTHENTICATOR_REMOVED = "authenticator_removed", _("authenticator removed")

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(default=dj_timezone.now, db_index=True)
    actor = models.ForeignKey("User", on_delete=models.SET_NULL, null=True, related_name="+")
    actor_email = models.EmailField()  # kept when the admin's own account is gone
    account = models.ForeignKey("User", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    what = models.CharField(max_length=30, choices=What.choices)
    detail = models.CharField(
        max_length=200, blank=True, help_text=_("Which address or authenticator, by id.")
    )

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["account", "-at"], name="credentialchange_account_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email} {self.what} {self.account_id}"

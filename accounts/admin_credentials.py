"""Safe admins for what holds credentials: email addresses, authenticators, sessions, audits.

allauth, Django and auditlog register admins that let anyone with the model permission mark
an address verified (which redirects the shares addressed to it), read TOTP secrets and
recovery-code seeds, add authenticators or read session keys. They are replaced here:

- every page below is for superusers only; staff who are not superusers get 403, whatever
  permissions they hold;
- no page shows an authenticator's data (TOTP secret, recovery-code seed, passkey
  credential), a session key or a password hash, superusers included;
- nobody adds an authenticator in the admin (its holder enrols it, so that only the holder
  ever knows its secret); a superuser may remove one, e.g. for a lost phone;
- a superuser's changes to addresses and authenticators go through accounts.credentials:
  audited (CredentialChange) and told to the account's holder; the admin's own history
  names those rows by kind and id, never by address or passkey name, so that erasing the
  account leaves neither behind.
"""

from __future__ import annotations

import json

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from auditlog import get_logentry_model
from auditlog.admin import LogEntryAdmin as AuditlogEntryAdmin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import credentials
from accounts.models import CredentialChange, User


def _superuser(request) -> bool:
    return request.user.is_active and request.user.is_superuser


class SuperusersOnly:
    """Mixed into a ModelAdmin: every page and action for active superusers only."""

    def has_module_permission(self, request) -> bool:
        return _superuser(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return _superuser(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args) -> bool:
        return _superuser(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None) -> bool:
        return _superuser(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return _superuser(request) and super().has_delete_permission(request, obj)


class ReadOnly:
    """Mixed into a ModelAdmin: nothing is added, changed or deleted here."""

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class HistoryByKindAndId:
    """Mixed into a ModelAdmin: its history (django_admin_log) names a row "email address 12",
    not str(row), which would keep an address or a passkey's name after the account is erased."""

    def _log(self, request, rows, flag: int, message="") -> list[LogEntry]:
        content_type = ContentType.objects.get_for_model(self.model, for_concrete_model=False)
        return LogEntry.objects.bulk_create(
            LogEntry(
                user_id=request.user.pk,
                content_type_id=content_type.pk,
                object_id=str(row.pk),
                object_repr=f"{self.model._meta.verbose_name} {row.pk}",
                action_flag=flag,
                change_message=json.dumps(message) if isinstance(message, list) else message,
            )
            for row in rows
        )

    def log_addition(self, request, obj, message) -> LogEntry:
        return self._log(request, [obj], ADDITION, message)[0]

    def log_change(self, request, obj, message) -> LogEntry:
        return self._log(request, [obj], CHANGE, message)[0]

    def log_deletions(self, request, queryset) -> list[LogEntry]:
        return self._log(request, queryset, DELETION)


# --- email addresses -------------------------------------------------------------------------


class EmailAddressForm(forms.ModelForm):
    class Meta:
        model = EmailAddress
        fields = ("user", "email", "verified", "primary")

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict:
        data = super().clean()
        user = data.get("user") or getattr(self.instance, "user", None)
        email = data.get("email") or self.instance.email
        if user is None or not email:
            return data
        if "email" in self.fields and User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            self.add_error("email", "Another account signs in with this address.")
        verified_elsewhere = EmailAddress.objects.filter(email__iexact=email, verified=True).exclude(
            pk=self.instance.pk
        )
        if data.get("verified") and verified_elsewhere.exists():
            self.add_error("verified", "Another account has confirmed this address.")
        return data

    def validate_constraints(self) -> None:
        """The old primary address stops being primary when this one is saved (accounts.credentials)."""
        try:
            self.instance.validate_constraints(exclude=self._get_validation_exclusions() | {"primary"})
        except ValidationError as exc:
            self._update_errors(exc)


class EmailAddressAdmin(SuperusersOnly, HistoryByKindAndId, admin.ModelAdmin):
    """Addresses of accounts: superusers add one, or mark one verified, unverified or primary.

    The address itself is changed on the account's page (the sign-in address). The primary
    address is not removed and stays primary until another one is made primary.
    """

    form = EmailAddressForm
    list_display = ("email", "user", "primary", "verified")
    list_filter = ("primary", "verified")
    list_select_related = ("user",)
    search_fields = ("email", "user__email")
    raw_id_fields = ("user",)
    actions = ("mark_verified",)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("user", "email", "primary") if obj.primary else ("user", "email")

    def has_delete_permission(self, request, obj=None) -> bool:
        """One address at a time (no bulk delete action), never the primary one."""
        if obj is None or obj.primary:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj: EmailAddress, form, change: bool) -> None:
        credentials.email_address_save(actor=request.user, address=obj)

    def delete_model(self, request, obj: EmailAddress) -> None:
        credentials.email_address_remove(actor=request.user, address=obj)

    @admin.action(description=_("Mark selected email addresses as verified"), permissions=["change"])
    def mark_verified(self, request, queryset: QuerySet[EmailAddress]) -> None:
        done = credentials.email_addresses_mark_verified(
            actor=request.user, addresses=queryset.select_related("user")
        )
        self.message_user(
            request,
            ngettext("%(count)d address(es) marked verified.", "%(count)d address(es) marked verified.", done)
            % {"count": done},
            messages.SUCCESS,
        )


# --- authenticators, sessions --------------------------------------------------------------


class AuthenticatorAdmin(SuperusersOnly, HistoryByKindAndId, admin.ModelAdmin):
    """Which second factors an account has, and when they were used; never their secrets."""

    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    list_select_related = ("user",)
    search_fields = ("user__email",)
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        """One at a time, through delete_model (no bulk delete action)."""
        return obj is not None and super().has_delete_permission(request, obj)

    def delete_model(self, request, obj: Authenticator) -> None:
        credentials.authenticator_remove(actor=request.user, authenticator=obj)


class UserSessionAdmin(SuperusersOnly, ReadOnly, admin.ModelAdmin):
    """Signed-in devices: when and from where, never the session key. Ending them is the
    account's "Sign out of every device" action."""

    list_display = ("user", "created_at", "last_seen_at", "ip", "user_agent")
    list_select_related = ("user",)
    search_fields = ("user__email", "ip")
    fields = list_display
    readonly_fields = fields


# --- who may grant permissions, and the audits ---------------------------------------------


class GroupAdmin(SuperusersOnly, BaseGroupAdmin):
    """Groups carry permissions: granting them is for superusers only."""


class AuditlogEntryAdminForSuperusers(SuperusersOnly, ReadOnly, AuditlogEntryAdmin):
    """auditlog's entries hold the changed values of whatever is registered with it."""


class CredentialChangeAdmin(SuperusersOnly, ReadOnly, admin.ModelAdmin):
    list_display = ("at", "actor_email", "account_id", "what", "detail")
    list_filter = ("what",)
    search_fields = ("actor_email", "account__email")
    date_hierarchy = "at"
    fields = ("at", "actor", "actor_email", "account_id", "what", "detail")
    readonly_fields = fields


def _replace(model, model_admin) -> None:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)


_replace(EmailAddress, EmailAddressAdmin)
_replace(Authenticator, AuthenticatorAdmin)
_replace(UserSession, UserSessionAdmin)
_replace(Group, GroupAdmin)
_replace(get_logentry_model(), AuditlogEntryAdminForSuperusers)
_replace(CredentialChange, CredentialChangeAdmin)

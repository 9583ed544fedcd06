"""Account management in the Django admin. Diary content is not registered for staff browsing.

Admins see each account's role, email verification, MFA and last sign-in; they create
clinicians, mark them verified, deactivate and reactivate accounts, sign them out of every
device and remind them to verify their email. Every write goes through accounts.services.
Staff who are not superusers cannot grant staff or superuser rights, nor touch superusers.
Deleting an account erases it: `patientdata.admin` registers this admin with deletion
through the erasure, which spans every app.

Nobody but a superuser can take over an account: only superusers set a password (the
password page is 403 for everyone else), change the sign-in address or vouch for an address
(verified, on creation or later). Their changes to credentials are audited and told to the
holder (accounts.credentials). allauth's own admins (addresses, authenticators, sessions)
are replaced by safe ones in accounts.admin_credentials.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts import (
    admin_credentials,  # noqa: F401 (registers the safe admins of allauth's models)
    credentials,
    services,
)
from accounts.models import Role, User
from accounts.services import SECOND_FACTORS


class UserAddForm(forms.ModelForm):
    """Create an account (by default a clinician: patients sign up in the app)."""

    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)
    email_verified = forms.BooleanField(
        required=False,
        help_text=_(
            "Tick only if you have confirmed the address yourself; "
            "otherwise the user confirms it with an emailed code at the first sign-in."
        ),
    )

    class Meta:
        model = User
        fields = ("email", "display_name", "role", "timezone")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].initial = Role.CLINICIAN

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(gettext("An account with %(email)s already exists.") % {"email": email})
        return email

    def clean(self) -> dict:
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", gettext("The two passwords differ."))
        elif data.get("password1"):
            probe = User(email=data.get("email", ""), display_name=data.get("display_name", ""))
            try:
                validate_password(data["password1"], probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data

    def save(self, commit: bool = True) -> User:
        data = self.cleaned_data
        self.save_m2m = lambda: None  # no many-to-many fields on this form
        return services.user_create(
            email=data["email"],
            password=data["password1"],
            role=data["role"],
            display_name=data.get("display_name", ""),
            timezone=data.get("timezone") or "UTC",
            email_verified=data.get("email_verified", False),
        )


class StaffUserAddForm(UserAddForm):
    """The add form for staff who are not superusers: they cannot vouch for an address.

    A verified address receives the shares patients address to it, so marking one verified
    is kept for superusers; the new account's holder confirms it with an emailed code.
    """

    email_verified = None


class AccountChangeForm(UserChangeForm):
    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class StaffAccountChangeForm(AccountChangeForm):
    """The change form for staff who are not superusers: no password (nor its link), no email."""

    password = None


class BooleanAnnotationFilter(admin.SimpleListFilter):
    def lookups(self, request, model_admin):
        return (("yes", "Yes"), ("no", "No"))

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{self.parameter_name: self.value() == "yes"})
        return queryset


class EmailVerifiedFilter(BooleanAnnotationFilter):
    title = "email verified"
    parameter_name = "email_verified"


class MfaFilter(BooleanAnnotationFilter):
    title = "MFA"
    parameter_name = "mfa_enabled"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserAddForm
    form = AccountChangeForm
    ordering = ("email",)
    list_display = (
        "email",
        "role",
        "email_verified",
        "mfa_enabled",
        "clinician_verified_at",
        "is_active",
        "is_staff",
        "last_login",
    )
    list_filter = ("role", "is_active", "is_staff", EmailVerifiedFilter, MfaFilter)
    search_fields = ("email", "display_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name", "role", "timezone")}),
        ("Verification", {"fields": ("email_verified", "mfa_enabled", "clinician_verified_at")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "display_name",
                    "role",
                    "timezone",
                    "password1",
                    "password2",
                    "email_verified",
                ),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined", "email_verified", "mfa_enabled", "clinician_verified_at")
    actions = ("mark_clinician_verified", "deactivate", "reactivate", "force_sign_out", "resend_verification")

    def get_queryset(self, request) -> QuerySet[User]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                email_verified=Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
                mfa_enabled=Exists(
                    Authenticator.objects.filter(user=OuterRef("pk"), type__in=SECOND_FACTORS)
                ),
            )
        )

    @admin.display(boolean=True, description=_("email verified"), ordering="email_verified")
    def email_verified(self, user: User) -> bool:
        return getattr(user, "email_verified", False)

    @admin.display(boolean=True, description=_("MFA"), ordering="mfa_enabled")
    def mfa_enabled(self, user: User) -> bool:
        return getattr(user, "mfa_enabled", False)

    # --- who may change what ---------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        if obj is None:  # no vouching for an address
            return [
                (name, {**opts, "fields": [f for f in opts["fields"] if f != "email_verified"]})
                for name, opts in fieldsets
            ]
        # no password link; the address is shown read-only (get_readonly_fields)
        return [(None, {"fields": ("email",)}), *fieldsets[1:]]

    def get_form(self, request, obj=None, **kwargs):
        if not request.user.is_superuser:
            kwargs["form"] = StaffUserAddForm if obj is None else StaffAccountChangeForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            fields += ["email", "is_staff", "is_superuser", "groups"]  # no takeover, no self-promotion
        return fields

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj: User, form, change: bool) -> None:
        if not change:
            return  # UserAddForm.save created the account through accounts.services
        new_email = obj.email if "email" in form.changed_data else None
        if new_email is not None:
            obj.email = form.initial["email"]  # the address changes through accounts.credentials
        super().save_model(request, obj, form, change)
        if new_email is not None:
            credentials.user_email_change(actor=request.user, user=obj, email=new_email)
        if "is_active" in form.changed_data and not obj.is_active:
            services.user_sign_out_everywhere(user=obj)

    def user_change_password(self, request, id, form_url=""):
        """Setting someone's password is for superusers only, and is audited and told to them."""
        if not request.user.is_superuser:
            raise PermissionDenied
        with transaction.atomic():
            user = self.get_object(request, unquote(id))
            before = user.password if user is not None else None
            response = super().user_change_password(request, id, form_url)
            if user is not None:
                user.refresh_from_db(fields=["password"])
                if user.password != before:
                    credentials.password_changed(actor=request.user, user=user)
        return response

    # --- actions -------------------------------------------------------------------------------

    def _changeable(self, request, queryset: QuerySet[User]) -> list[User]:
        return [user for user in queryset if self.has_change_permission(request, user)]

    @admin.action(description=_("Mark selected clinicians verified"), permissions=["change"])
    def mark_clinician_verified(self, request, queryset: QuerySet[User]) -> None:
        users = [u for u in self._changeable(request, queryset) if u.is_clinician]
        for user in users:
            services.clinician_mark_verified(user=user)
        skipped = queryset.count() - len(users)
        self.message_user(
            request,
            ngettext(
                "%(count)d clinician(s) marked verified.",
                "%(count)d clinician(s) marked verified.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d account(s) skipped: not clinicians.",
                    "%(count)d account(s) skipped: not clinicians.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Deactivate selected accounts (and sign them out)"), permissions=["change"])
    def deactivate(self, request, queryset: QuerySet[User]) -> None:
        users = [u for u in self._changeable(request, queryset) if u.pk != request.user.pk]
        for user in users:
            services.user_set_active(user=user, active=False)
        self.message_user(
            request,
            ngettext(
                "%(count)d account(s) deactivated and signed out.",
                "%(count)d account(s) deactivated and signed out.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
        if any(u.pk == request.user.pk for u in queryset):
            self.message_user(request, gettext("You cannot deactivate your own account."), messages.WARNING)

    @admin.action(description=_("Reactivate selected accounts"), permissions=["change"])
    def reactivate(self, request, queryset: QuerySet[User]) -> None:
        users = self._changeable(request, queryset)
        for user in users:
            services.user_set_active(user=user, active=True)
        self.message_user(
            request,
            ngettext("%(count)d account(s) reactivated.", "%(count)d account(s) reactivated.", len(users))
            % {"count": len(users)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Sign out of every device"), permissions=["change"])
    def force_sign_out(self, request, queryset: QuerySet[User]) -> None:
        users = self._changeable(request, queryset)
        ended = sum(services.user_sign_out_everywhere(user=user) for user in users)
        self.message_user(
            request,
            ngettext(
                "%(count)d account(s) signed out everywhere (%(ended)d session(s) ended).",
                "%(count)d account(s) signed out everywhere (%(ended)d session(s) ended).",
                len(users),
            )
            % {"count": len(users), "ended": ended},
            messages.SUCCESS,
        )

    @admin.action(description=_("Resend email verification"), permissions=["change"])
    def resend_verification(self, request, queryset: QuerySet[User]) -> None:
        sent = sum(
            services.verification_reminder_send(user=user) for user in self._changeable(request, queryset)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d verification reminder(s) sent.", "%(count)d verification reminder(s) sent.", sent
            )
            % {"count": sent},
            messages.SUCCESS,
        )

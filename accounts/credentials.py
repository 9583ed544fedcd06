"""An admin's changes to someone's credentials: each applied, audited and told to the holder.

Only superusers reach these (accounts.admin, accounts.admin_credentials). Each change writes
one `CredentialChange` row (who, whose account, what, when; ids only) in the same transaction
as the change itself, and emails the holder once it has committed: a change the holder did
not ask for is how a takeover would show, so they hear of every one. A change of the
sign-in address is told to the old address and to the new one.

Invariants kept here: an account has exactly one primary address and `User.email` is that
address; an address an admin types in is unverified until its holder confirms it (a code at
the next sign-in) or a superuser marks it verified, which is audited like any other change.
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from accounts.languages import language_for
from accounts.models import CredentialChange, User
from accounts.user_cache import user_cache_refresh

What = CredentialChange.What
StrOrPromise = str | Promise
NOT_YOU = gettext_lazy(
    "If you did not ask for this, contact the pain diary's support at once and change your "
    "password: someone may be trying to take over your account."
)


def password_changed(*, actor: User, user: User) -> CredentialChange:
    """Record that an admin set the user's password or turned password sign-in off.

    Django's password form (AdminPasswordChangeForm) has already saved the new hash; the
    caller runs both in one transaction.
    """
    if user.has_usable_password():
        return _record(
            actor, user, What.PASSWORD_SET, "", gettext_lazy("An administrator set a new password for it.")
        )
    return _record(
        actor,
        user,
        What.PASSWORD_DISABLED,
        "",
        gettext_lazy("An administrator turned off signing in with a password."),
    )


def user_email_change(*, actor: User, user: User, email: str) -> User:
    """Change the sign-in address; the new one is unverified (unless the user already had it).

    The primary EmailAddress follows: if the user already holds the new address it becomes
    primary as it is, otherwise the old primary row takes the new address, unverified, so the
    holder confirms it with a code at the next sign-in. The caller has checked that no other
    account uses the address (the User form's unique constraint).
    """
    email = email.strip().lower()
    old = user.email
    if email == old.lower():
        return user
    with transaction.atomic():
        held = EmailAddress.objects.filter(user=user, email__iexact=email).first()
        if held is not None:
            _make_primary(held)
        else:
            primary = EmailAddress.objects.filter(user=user, primary=True).first()
            if primary is None:
                EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
            else:
                primary.email, primary.verified = email, False
                primary.save(update_fields=["email", "verified"])
        user.email = email
        User.objects.filter(pk=user.pk).update(email=email)
        user_cache_refresh(user.pk)
        _record(
            actor,
            user,
            What.EMAIL_CHANGED,
            "",
            format_lazy(
                gettext_lazy("An administrator changed the address you sign in with from {old} to {new}."),
                old=old,
                new=email,
            ),
            also_to=[old],
        )
    return user


def email_address_save(*, actor: User, address: EmailAddress) -> EmailAddress:
    """Add an address to an account, or change whether an address is verified or primary.

    The address itself is not edited here (that is `user_email_change`). Making an address
    primary makes it the sign-in address (`User.email`); the old primary stays, not primary.
    One row per change: added, verified or unverified, made primary.
    """
    user = address.user
    with transaction.atomic():
        before = None
        if address.pk is not None:
            before = EmailAddress.objects.select_for_update().filter(pk=address.pk).first()
        becomes_primary = address.primary and (before is None or not before.primary)
        if becomes_primary:
            EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(primary=False)
        address.email = address.email.strip().lower()
        address.save()
        if before is None:
            added = (
                gettext_lazy("An administrator added the address {email} (verified) to it.")
                if address.verified
                else gettext_lazy("An administrator added the address {email} (unverified) to it.")
            )
            _record(
                actor,
                user,
                What.EMAIL_ADDED,
                f"address {address.pk}",
                format_lazy(added, email=address.email),
                also_to=[address.email],
            )
        elif before.verified != address.verified:
            _verified_changed(actor, address)
        if becomes_primary:
            old = user.email
            User.objects.filter(pk=user.pk).update(email=address.email)
            user_cache_refresh(user.pk)
            user.email = address.email
            _record(
                actor,
                user,
                What.EMAIL_PRIMARY,
                f"address {address.pk}",
                format_lazy(
                    gettext_lazy(
                        "An administrator made {email} the address you sign in with, instead of {old}."
                    ),
                    email=address.email,
                    old=old,
                ),
                also_to=[old],
            )
    return address


def email_addresses_mark_verified(*, actor: User, addresses: Iterable[EmailAddress]) -> int:
    """Mark addresses verified (those another account has verified are skipped); returns how many."""
    done = 0
    with transaction.atomic():
        for address in addresses:
            if not address.verified and address.can_set_verified():
                address.set_verified()
                _verified_changed(actor, address)
                done += 1
    return done


def email_address_remove(*, actor: User, address: EmailAddress) -> None:
    """Remove an address that is not the account's primary one (the sign-in address stays)."""
    if address.primary:
        raise ValueError("The primary address is changed, not removed.")
    with transaction.atomic():
        pk = address.pk
        address.delete()
        _record(
            actor,
            address.user,
            What.EMAIL_REMOVED,
            f"address {pk}",
            format_lazy(
                gettext_lazy("An administrator removed the address {email} from it."), email=address.email
            ),
            also_to=[address.email],
        )


def authenticator_remove(*, actor: User, authenticator: Authenticator) -> None:
    """Remove a second factor, e.g. for a holder who lost their phone.

    Recovery codes only back up a second factor, so when none is left they go too, like
    allauth does when the holder removes their last one. Removing recovery codes alone is
    allowed (the holder then makes new ones).
    """
    user = authenticator.user
    with transaction.atomic():
        kind = authenticator.get_type_display()
        pk = authenticator.pk
        authenticator.delete()
        others = Authenticator.objects.filter(user=user)
        if not others.exclude(type=Authenticator.Type.RECOVERY_CODES).exists():
            others.filter(type=Authenticator.Type.RECOVERY_CODES).delete()
        _record(
            actor,
            user,
            What.AUTHENTICATOR_REMOVED,
            f"{kind} {pk}",
            format_lazy(
                gettext_lazy("An administrator removed a second factor from it ({kind})."), kind=kind
            ),
        )


def _make_primary(address: EmailAddress) -> None:
    EmailAddress.objects.filter(user=address.user, primary=True).exclude(pk=address.pk).update(primary=False)
    if not address.primary:
        address.primary = True
        address.save(update_fields=["primary"])


def _verified_changed(actor: User, address: EmailAddress) -> CredentialChange:
    if address.verified:
        return _record(
            actor,
            address.user,
            What.EMAIL_VERIFIED,
            f"address {address.pk}",
            format_lazy(
                gettext_lazy(
                    "An administrator marked {email} as confirmed: shares sent to it now reach you."
                ),
                email=address.email,
            ),
            also_to=[address.email],
        )
    return _record(
        actor,
        address.user,
        What.EMAIL_UNVERIFIED,
        f"address {address.pk}",
        format_lazy(
            gettext_lazy(
                "An administrator marked {email} as not confirmed; you will be asked to confirm it."
            ),
            email=address.email,
        ),
        also_to=[address.email],
    )


def _record(
    actor: User, user: User, what: str, detail: str, sentence: StrOrPromise, also_to: Iterable[str] = ()
) -> CredentialChange:
    """Audit the change and, once it commits, email it in the holder's language (language_for)."""
    change = CredentialChange.objects.create(
        actor=actor, actor_email=actor.email, account_id=user.pk, what=what, detail=detail
    )
    recipients = list(dict.fromkeys(e.lower() for e in (user.email, *also_to) if e))
    language = language_for(user)
    with translation.override(language):
        message = _message(user=user, at=change.at, sentence=str(sentence))
    notify = functools.partial(_notify, recipients=recipients, message=message, language=language)
    transaction.on_commit(notify, robust=True)
    return change


def _message(*, user: User, at, sentence: str) -> str:
    try:
        zone = zoneinfo.ZoneInfo(user.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    when = timezone.localtime(at, zone).strftime("%Y-%m-%d %H:%M %Z")
    changed = gettext("Your pain diary account (%(email)s) was changed on %(when)s.") % {
        "email": user.email,
        "when": when,
    }
    return f"{changed}\n\n{sentence}\n\n{NOT_YOU}\n"


def _notify(*, recipients: list[str], message: str, language: str) -> None:
    """One email per address, so that neither address is shown to the other."""
    with translation.override(language):
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + gettext("An administrator changed your account")
    for recipient in recipients:
        send_mail(subject=subject, message=message, from_email=None, recipient_list=[recipient])

"""What accounts holds of a person, for erasure and export (the rights of GDPR art. 17 and 20).

Erasing the account ends every session, deletes the tracked sessions and the user row, and
with it by cascade the sign-in data allauth keeps (email addresses, MFA authenticators, app
tokens). The admin's change history of the account stays, with its email replaced by the
account's id. The apps above erase their own rows first (`patientdata.erasure`).
"""

from __future__ import annotations

from collections import Counter

from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accounts.models import User
from accounts.services import user_sign_out_everywhere


@transaction.atomic
def account_erase(*, user: User) -> Counter[str]:
    """Sign the user out everywhere and delete the account; rows deleted per model label."""
    user_sign_out_everywhere(user=user)
    _, sessions = UserSession.objects.filter(user_id=user.pk).delete()
    # The admin's own history of changes to this account keeps the id, not the email.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(object_repr="erased account")
    _, users = User.objects.filter(pk=user.pk).delete()
    return Counter(sessions) + Counter(users)


def account_export(*, user: User) -> dict[str, str]:
    """The profile as the export shows it."""
    return {
        "id": str(user.pk),
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "timezone": user.timezone,
    }

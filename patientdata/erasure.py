"""Erasing an account (GDPR art. 17): every row of the user's data goes; the audit keeps ids.

In one transaction, each app erases what it holds, from the top layer down so nothing is
left pointing at a deleted row: reminders (settings, check-ins, subscriptions, deliveries),
care (summaries, shares given), the diary (records, conflicts, rejections, sync clients,
stored results, the version clock), then the account (every session ended, tracked
sessions, email addresses, MFA authenticators, the user row). What stays: the audit log of
clinician reads (`care.AccessLog`), with the patient's id as a plain UUID and no personal
data, so the record of who read what survives the account, and the admin's change history
of the account with its email replaced by the id (docs/security.md).
"""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from accounts.privacy import account_erase
from care.privacy import care_erase
from diary.privacy import diary_erase
from reminders.privacy import reminders_erase


def user_erase(*, user: User) -> dict[str, int]:
    """Delete the user and everything that is theirs; sign out every device.

    Returns the number of rows deleted per model label. The caller has confirmed that the
    request comes from the user (password checked by the API) or from an admin.
    """
    with transaction.atomic():
        counts = reminders_erase(patient_id=user.pk)
        counts += care_erase(patient_id=user.pk)
        counts += diary_erase(patient_id=user.pk)
        counts += account_erase(user=user)
    return dict(counts)

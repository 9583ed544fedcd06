"""Erasing an account (GDPR art. 17): every row of the user's data goes; the audit keeps ids.

What goes, in one transaction: the diary (episodes, administrations, entries, intakes), the
sync engine's records (conflicts, rejections, the clients' last mids, stored results, the
version clock), summaries, shares (given and the links the audit log had to them), email
addresses, MFA authenticators, tracked sessions, and the user row with whatever else
hangs off it by cascade (reminder settings, push subscriptions). What stays: the audit
log of clinician reads (`care.AccessLog`), with the patient's id as a plain UUID and no
personal data, so the record of who read what survives the account, and the admin's change
history of the account with its email replaced by the id (docs/security.md).
"""

from __future__ import annotations

from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accounts.models import User
from accounts.services import user_sign_out_everywhere
from care.models import Share, Summary
from diary.models import (
    Administration,
    Conflict,
    Entry,
    Episode,
    MedicationIntake,
    PatientClock,
    Rejection,
    SyncClient,
    SyncResult,
)

# Children before parents (Administration.episode is RESTRICT).
PATIENT_MODELS = (
    Conflict,
    Rejection,
    Entry,
    MedicationIntake,
    Administration,
    Episode,
    SyncResult,
    SyncClient,
    PatientClock,
    Summary,
    Share,
)


def user_erase(*, user: User) -> dict[str, int]:
    """Delete the user and everything that is theirs; sign out every device first.

    Returns the number of rows deleted per model label. The caller has confirmed that the
    request comes from the user (password checked by the API).
    """
    counts: dict[str, int] = {}
    with transaction.atomic():
        user_sign_out_everywhere(user=user)
        for model in PATIENT_MODELS:
            _, per_model = model.objects.filter(patient_id=user.pk).delete()
            _add(counts, per_model)
        UserSession.objects.filter(user_id=user.pk).delete()
        # The admin's own history of changes to this account keeps the id, not the email.
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
        ).update(object_repr="erased account")
        _, per_model = User.objects.filter(pk=user.pk).delete()
        _add(counts, per_model)
    return counts


def _add(counts: dict[str, int], per_model: dict[str, int]) -> None:
    for label, n in per_model.items():
        if n:
            counts[label] = counts.get(label, 0) + n

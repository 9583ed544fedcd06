"""The care team's side of red flags: the triage queue, acknowledgements, what the patient sees.

A red flag (diary.RedFlag, made by diary.red_flags on every write) reaches every clinician
with an active share with its patient, whatever the share's scope; a revoked or expired
share shows nothing (and a flag of such a patient is "Not found."). Its status is per
clinician: `open` until that clinician acknowledges it, then `acknowledged`. A withdrawn flag
(edited or deleted away by the patient) stays in the queue, marked, until acknowledged:
nothing a patient reported disappears.

- Selectors: `red_flags_for_clinician` (the queue, newest first), `red_flag_open_count` (the
  portal header), `red_flags_for_patient` (the patient's own list, with who has seen each).
- Services: `red_flag_acknowledge` (once per clinician: a second time is AlreadyAcknowledged,
  409, keeping the first note and time), `red_flags_audit`.
- Every clinician view of the queue writes one AccessLog row per patient it shows (action
  `red_flag_list`), every acknowledgement one row (`red_flag_acknowledge`); a patient reading
  their own flags is not audited. `red_flag_list_for_clinician` is a view and its audit in
  one call, for front ends that show the whole list at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from care.models import AccessLog, RedFlagAcknowledgement, Scope, Share
from core import errors
from diary.models import RedFlag

NOTE_MAX_LENGTH = 1000


class RedFlagStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Open: not acknowledged by you yet")
    ACKNOWLEDGED = "acknowledged", gettext_lazy("Acknowledged by you")


class RedFlagNotFound(errors.NotFound):
    """No such red flag, or not of a patient who shares with you now: nothing is revealed."""

    message = gettext_lazy("Not found.")


class AlreadyAcknowledged(errors.Conflict):
    """You acknowledged this red flag before; the first acknowledgement stands."""

    code = "already_acknowledged"
    message = gettext_lazy("You have already acknowledged this red flag.")


# --- selectors ---------------------------------------------------------------------------


def _shared_patient_ids(clinician: User) -> QuerySet:
    return Share.objects.active().filter(clinician=clinician).values("patient_id")


def _seen_by() -> Prefetch:
    acknowledgements = RedFlagAcknowledgement.objects.select_related("clinician").order_by("acknowledged_at")
    return Prefetch("acknowledgements", queryset=acknowledgements)


def red_flags_for_clinician(*, clinician: User, status: str | None = None) -> QuerySet[RedFlag]:
    """Red flags of every patient with an active share to the clinician (any scope), newest
    first (by when they reached the server), each with `patient`, the clinician's own
    `acknowledged_at` and `acknowledgement_note` (None while open) and, prefetched, the
    `acknowledgements` of the care team. `status`: `open`, `acknowledged`, or None for both.
    Unaudited: a front end shows it through `red_flags_audit` (or `red_flag_list_for_clinician`).
    """
    mine = RedFlagAcknowledgement.objects.filter(red_flag=OuterRef("pk"), clinician=clinician)
    flags = (
        RedFlag.objects.filter(patient_id__in=_shared_patient_ids(clinician))
        .select_related("patient")
        .prefetch_related(_seen_by())
        .annotate(
            acknowledged_at=Subquery(mine.values("acknowledged_at")[:1]),
            acknowledgement_note=Subquery(mine.values("note")[:1]),
        )
    )
    if status == RedFlagStatus.OPEN:
        flags = flags.filter(acknowledged_at__isnull=True)
    elif status == RedFlagStatus.ACKNOWLEDGED:
        flags = flags.filter(acknowledged_at__isnull=False)
    return flags.order_by("-raised_at", "-pk")


def red_flag_open_count(*, clinician: User) -> int:
    """How many red flags are open for the clinician (one query; the count reveals no patient)."""
    mine = RedFlagAcknowledgement.objects.filter(red_flag=OuterRef("pk"), clinician=clinician)
    shared = RedFlag.objects.filter(patient_id__in=_shared_patient_ids(clinician))
    return shared.exclude(models.Exists(mine)).count()


def red_flag_status(red_flag: RedFlag) -> str:
    """`open` or `acknowledged`, for a flag read through red_flags_for_clinician."""
    acknowledged = getattr(red_flag, "acknowledged_at", None) is not None
    return RedFlagStatus.ACKNOWLEDGED if acknowledged else RedFlagStatus.OPEN


def red_flags_for_patient(*, patient: User) -> QuerySet[RedFlag]:
    """The patient's red flags, withdrawn ones too, newest first, each with its prefetched
    `acknowledgements` (who of the care team has seen it and when, earliest first)."""
    return RedFlag.objects.filter(patient=patient).prefetch_related(_seen_by()).order_by("-raised_at", "-pk")


def clinician_name(clinician: User) -> str:
    """How a clinician is named to patients and colleagues: their display name, else their email."""
    return clinician.display_name or clinician.email


# --- services ----------------------------------------------------------------------------


def _best_shares(clinician: User, patient_ids: Iterable) -> dict:
    """The clinician's active share with each patient, the widest if several (one query)."""
    best: dict = {}
    shares = Share.objects.active().filter(clinician=clinician, patient_id__in=list(patient_ids))
    for share in shares.order_by("-accepted_at"):
        current = best.get(share.patient_id)
        if current is None or (share.scope == Scope.FULL and current.scope != Scope.FULL):
            best[share.patient_id] = share
    return best


def red_flags_audit(
    *, clinician: User, red_flags: Iterable[RedFlag], path: str, action: str = "red_flag_list"
) -> int:
    """Audit a view of red flags: one AccessLog row per patient shown (two queries at most)."""
    patient_ids = {flag.patient_id for flag in red_flags}
    if not patient_ids:
        return 0
    shares = _best_shares(clinician, patient_ids)
    rows = [
        AccessLog(
            clinician=clinician,
            clinician_email=clinician.email,
            patient_id=patient_id,
            share=share,
            action=action,
            path=path[:300],
        )
        for patient_id, share in shares.items()
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)


def red_flag_list_for_clinician(*, clinician: User, status: str | None, path: str) -> list[RedFlag]:
    """The whole queue (`red_flags_for_clinician`) as shown, and its audit rows written."""
    flags = list(red_flags_for_clinician(clinician=clinician, status=status))
    red_flags_audit(clinician=clinician, red_flags=flags, path=path)
    return flags


def red_flag_get_for_clinician(*, clinician: User, red_flag_id) -> RedFlag:
    """One red flag of a patient who shares with the clinician now, else RedFlagNotFound (404)."""
    flag = red_flags_for_clinician(clinician=clinician).filter(pk=red_flag_id).first()
    if flag is None:
        raise RedFlagNotFound()
    return flag


def red_flag_acknowledge(
    *, clinician: User, red_flag_id, note: str = "", path: str = ""
) -> RedFlagAcknowledgement:
    """The clinician has seen this red flag, with an optional note (at most 1000 characters).

    Once per clinician: a second time raises AlreadyAcknowledged (409) and changes nothing.
    Audited as `red_flag_acknowledge`. The patient sees the clinician's name and the time.
    """
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("At most %(n)d characters.") % {"n": NOTE_MAX_LENGTH}})
    flag = red_flag_get_for_clinician(clinician=clinician, red_flag_id=red_flag_id)
    if flag.acknowledged_at is not None:
        raise AlreadyAcknowledged()
    try:
        with transaction.atomic():
            acknowledgement = RedFlagAcknowledgement.objects.create(
                red_flag=flag, clinician=clinician, note=note, acknowledged_at=timezone.now()
            )
            red_flags_audit(clinician=clinician, red_flags=[flag], path=path, action="red_flag_acknowledge")
    except IntegrityError:  # the same clinician, at the same moment, in another request
        raise AlreadyAcknowledged() from None
    return acknowledgement

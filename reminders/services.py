"""Writes for reminders: devices, settings, check-ins; planning and sending what is due.

Every minute the beat calls `reminders.tasks.reminders_send_due`, which
1. plans (`deliveries_due`): finds the daily reminders, check-ins and questionnaire
   reminders (reminders.assessment_reminders) due in the last
   `schedule.GRACE`, and inserts one `Delivery` row per reminder and device with
   `ignore_conflicts`. The unique (subscription, kind, reference, due_at) means a second beat,
   a concurrent one or a retry inserts nothing; each run knows its own rows by its `claim`.
2. queues the sending of its rows in chunks (`deliveries_send`), which first moves them from
   pending to sending under a new claim, so a chunk task that runs twice sends nothing twice.
A row is claimed before its message is sent: a crash in between loses that reminder rather
than sending it twice (at most once, docs/reminders.md); a row whose task never ran is queued
again by later beats within the grace period. Constant queries per run.

Each message is written in its patient's language (accounts.languages.language_for, read
with their devices in the same query) when it is planned, and stored so in its Delivery.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial, reduce
from operator import or_
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from accounts.languages import language_for
from accounts.models import Role, User
from accounts.services import user_update
from core.webpush import Sender, push_enabled, topic_for
from diary.models import Administration, Entry
from reminders import schedule, selectors
from reminders.assessment_reminders import assessments_due
from reminders.models import (
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    EpisodeCheckins,
    PushSubscription,
    ReminderSettings,
)

logger = logging.getLogger(__name__)
MAX_SUBSCRIPTIONS = 20  # per patient: a new device beyond this replaces the oldest
SEND_CHUNK = 25  # deliveries per sending task (each push is one HTTP request)
STUCK_AFTER = timedelta(minutes=2)  # a planned row not claimed by then: its task was lost
KEEP_DELIVERIES = timedelta(days=90)
# Then the push service drops an undelivered message.
TTL_SECONDS = {"daily": 4 * 3600, "checkin_h": 3600, "checkin_d": 6 * 3600, "assessment": 6 * 3600}


@dataclass(frozen=True)
class Due:
    patient_id: Any
    kind: str
    reference: str
    due_at: datetime
    payload: Callable[[], dict]  # the message, written in the language active when called


# --- devices -----------------------------------------------------------------------------


def subscription_register(
    *, patient: User, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> tuple[PushSubscription, bool]:
    """Store a browser's push subscription; (subscription, created).

    The same endpoint again (the app re-subscribes on every start) updates its keys. An
    endpoint registered by another account is replaced by a new row for this one: the browser
    presenting it belongs to whoever signed in on it now (the old row's deliveries are kept,
    detached). Beyond MAX_SUBSCRIPTIONS a patient's oldest devices are dropped.
    """
    fields = {"p256dh": p256dh, "auth": auth, "user_agent": user_agent[:300]}
    for _attempt in range(2):  # a concurrent registration of the same endpoint: read it again
        try:
            with transaction.atomic():
                existing = PushSubscription.objects.select_for_update().filter(endpoint=endpoint).first()
                if existing is not None and existing.patient_id == patient.pk:
                    for name, value in fields.items():
                        setattr(existing, name, value)
                    existing.save(update_fields=list(fields))
                    return existing, False
                if existing is not None:
                    existing.delete()
                created = PushSubscription.objects.create(patient=patient, endpoint=endpoint, **fields)
                oldest = (
                    PushSubscription.objects.filter(patient_id=patient.pk)
                    .order_by("-created_at", "-pk")
                    .values_list("pk", flat=True)[MAX_SUBSCRIPTIONS:]
                )
                PushSubscription.objects.filter(pk__in=list(oldest)).delete()
                return created, True
        except IntegrityError:
            continue
    raise ValidationError({"endpoint": gettext("This subscription is being registered; try again.")})


def subscription_delete(*, patient: User, subscription_id) -> None:
    """Forget one of the patient's devices (404 if it is not theirs)."""
    selectors.subscription_get(patient=patient, subscription_id=subscription_id).delete()


# --- settings ----------------------------------------------------------------------------


def _patient_only(user: User, field: str) -> None:
    if not user.is_patient:
        raise ValidationError({field: gettext("Reminders are for patient accounts.")})


def reminder_settings_update(
    *,
    patient: User,
    daily_enabled: bool | None = None,
    daily_time=None,
    checkins_enabled: bool | None = None,
    checkin_offsets: Iterable[str] | None = None,
    assessments_enabled: bool | None = None,
) -> ReminderSettings:
    """Change the patient's reminder settings; only the ones given change."""
    _patient_only(patient, "reminders")
    row, _ = ReminderSettings.objects.get_or_create(patient_id=patient.pk)
    changes = {
        "daily_enabled": daily_enabled,
        "daily_time": daily_time.replace(second=0, microsecond=0, tzinfo=None) if daily_time else None,
        "checkins_enabled": checkins_enabled,
        "checkin_offsets": schedule.normalise_offsets(checkin_offsets)
        if checkin_offsets is not None
        else None,
        "assessments_enabled": assessments_enabled,
    }
    changed = [name for name, value in changes.items() if value is not None]
    for name in changed:
        setattr(row, name, changes[name])
    if changed:
        row.save(update_fields=[*changed, "updated_at"])
    return row


def profile_update(
    *, user: User, display_name: str | None = None, timezone: str | None = None, reminders: dict | None = None
) -> User:
    """`me/`'s change, in one transaction: the reminder settings (patients only), then the profile.

    All or nothing: reminders given by a clinician, or a profile `accounts.services.user_update`
    refuses, leave every setting as it was. `reminders` holds `reminder_settings_update`'s fields.
    """
    with transaction.atomic():
        if reminders is not None:
            reminder_settings_update(patient=user, **reminders)
        return user_update(user=user, display_name=display_name, timezone=timezone)


def episode_checkins_update(
    *, patient: User, episode_id, enabled: bool | None = None, offsets: Iterable[str] | None = None
) -> EpisodeCheckins:
    """Give an episode its own check-ins (starting from the patient's default)."""
    row, _own = selectors.episode_checkins_get(patient=patient, episode_id=episode_id)
    if enabled is not None:
        row.enabled = enabled
    if offsets is not None:
        row.offsets = schedule.normalise_offsets(offsets)
    row.save()
    return row


def episode_checkins_reset(*, patient: User, episode_id) -> None:
    """The episode follows the patient's default check-ins again."""
    episode = selectors.episode_get(patient=patient, episode_id=episode_id)
    EpisodeCheckins.objects.filter(episode_id=episode.pk).delete()


# --- planning ----------------------------------------------------------------------------


def _reachable_patients() -> Q:
    """Active patients with at least one device (as a filter on rows with a `patient`)."""
    has_device = Exists(PushSubscription.objects.filter(patient_id=OuterRef("patient_id")))
    return Q(has_device, patient__role=Role.PATIENT, patient__is_active=True)


def daily_payload(day) -> dict:
    """The daily reminder, in the active language."""
    return {
        "title": gettext("Pain diary"),
        "body": gettext("How is your pain today? Two taps to log it."),
        "url": "/#/today",
        "tag": f"daily-{day.isoformat()}",
        "kind": DeliveryKind.DAILY,
    }


def _daily_due(start: datetime, end: datetime) -> list[Due]:
    """Daily reminders due in (start, end], less the days the patient already logged."""
    enabled = ReminderSettings.objects.filter(_reachable_patients(), daily_enabled=True)
    candidates = selectors.daily_time_due(enabled=enabled, start=start, end=end)
    if not candidates:
        return []
    patient_ids = {c[0] for c in candidates}
    days = {c[1] for c in candidates}
    logged = set(
        Entry.objects.filter(patient_id__in=patient_ids, diary_date__in=days, deleted_at__isnull=True)
        .values_list("patient_id", "diary_date")
        .distinct()
    )
    # One daily reminder per diary day, even if the patient moved the time after it was sent.
    reminded = set(
        Delivery.objects.filter(
            patient_id__in=patient_ids, kind=DeliveryKind.DAILY, reference__in={d.isoformat() for d in days}
        ).values_list("patient_id", "reference")
    )
    return [
        Due(patient_id, DeliveryKind.DAILY, day.isoformat(), due_at, partial(daily_payload, day))
        for patient_id, day, due_at in candidates
        if (patient_id, day) not in logged and (patient_id, day.isoformat()) not in reminded
    ]


def _since_treatment(offset: schedule.Offset) -> str:
    amount = offset.amount
    if offset.unit == "h":
        text = ngettext(
            "It has been %(count)d hour since your treatment.",
            "It has been %(count)d hours since your treatment.",
            amount,
        )
    else:
        text = ngettext(
            "It has been %(count)d day since your treatment.",
            "It has been %(count)d days since your treatment.",
            amount,
        )
    return text % {"count": amount}


def checkin_payload(administration_id, offset: schedule.Offset) -> dict:
    """A check-in after an administration, in the active language."""
    question = (
        gettext("How are you feeling? Any side effects?")
        if offset.asks_about_side_effects
        else gettext("How is your pain?")
    )
    return {
        "title": gettext("Pain diary check-in"),
        "body": f"{_since_treatment(offset)} {question}",
        "url": f"/#/today?administration={administration_id}&checkin={offset.code}",
        "tag": f"checkin-{administration_id}-{offset.code}",
        "kind": DeliveryKind.CHECKIN,
    }


def _checkins_due(start: datetime, end: datetime) -> list[Due]:
    """Check-ins due in (start, end] after the patients' live administrations."""
    windows = (schedule.checkin_window(o, start=start, end=end) for o in schedule.OFFSETS.values())
    in_a_window = reduce(
        or_, (Q(administered_at__gt=low, administered_at__lte=high) for low, high in windows)
    )
    administrations = list(
        Administration.objects.filter(
            in_a_window, _reachable_patients(), deleted_at__isnull=True, episode__deleted_at__isnull=True
        ).values_list("pk", "patient_id", "episode_id", "administered_at", "patient__timezone")
    )
    if not administrations:
        return []
    patient_ids = {a[1] for a in administrations}
    defaults = {
        pid: (enabled, offsets)
        for pid, enabled, offsets in ReminderSettings.objects.filter(patient_id__in=patient_ids).values_list(
            "patient_id", "checkins_enabled", "checkin_offsets"
        )
    }
    own = {
        eid: (enabled, offsets)
        for eid, enabled, offsets in EpisodeCheckins.objects.filter(
            episode_id__in={a[2] for a in administrations}
        ).values_list("episode_id", "enabled", "offsets")
    }
    due = []
    for adm_id, patient_id, episode_id, administered_at, tz_name in administrations:
        patient_on, patient_offsets = defaults.get(patient_id, (True, schedule.DEFAULT_OFFSETS))
        episode_on, offsets = own.get(episode_id, (True, patient_offsets))
        if not (patient_on and episode_on):
            continue
        zone = schedule.zone_of(tz_name)
        for code in schedule.normalise_offsets(offsets):
            offset = schedule.OFFSETS[code]
            due_at = schedule.checkin_due_at(administered_at=administered_at, offset=offset, zone=zone)
            if start < due_at <= end:
                reference = f"{adm_id}:{code}"
                payload = partial(checkin_payload, adm_id, offset)
                due.append(Due(patient_id, DeliveryKind.CHECKIN, reference, due_at, payload))
    return due


def _assessments_due(start: datetime, end: datetime) -> list[Due]:
    """Questionnaire reminders due in (start, end] (reminders.assessment_reminders)."""
    return [
        Due(d.patient_id, DeliveryKind.ASSESSMENT, d.reference, d.due_at, d.payload)
        for d in assessments_due(start=start, end=end, reachable=_reachable_patients())
    ]


def deliveries_plan(*, now: datetime) -> list[int]:
    """Insert a pending Delivery per reminder due in (now − GRACE, now] and device; return the
    ids this call inserted (none for reminders another run already planned)."""
    start = now - schedule.GRACE
    due = [*_daily_due(start, now), *_checkins_due(start, now), *_assessments_due(start, now)]
    if not due:
        return []
    devices = defaultdict(list)
    languages = {}
    for subscription in (
        PushSubscription.objects.filter(patient_id__in={d.patient_id for d in due})
        .select_related("patient")
        .only("pk", "patient_id", "patient__language")
    ):
        devices[subscription.patient_id].append(subscription.pk)
        languages[subscription.patient_id] = language_for(subscription.patient)
    claim = uuid.uuid4()
    rows = []
    for d in due:
        if not devices[d.patient_id]:
            continue
        with translation.override(languages[d.patient_id]):
            payload = d.payload()
        rows.extend(
            Delivery(
                patient_id=d.patient_id,
                subscription_id=sub_id,
                kind=d.kind,
                reference=d.reference,
                due_at=d.due_at,
                payload=payload,
                claim=claim,
            )
            for sub_id in devices[d.patient_id]
        )
    with transaction.atomic():
        Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return list(Delivery.objects.filter(claim=claim).values_list("pk", flat=True))


def deliveries_stuck(*, now: datetime) -> list[int]:
    """Pending rows still inside the grace period whose sending task never ran (the broker
    refused it, a worker lost it). Queueing them again is harmless: sending claims first."""
    return list(
        Delivery.objects.filter(
            status=DeliveryStatus.PENDING,
            due_at__gt=now - schedule.GRACE,
            due_at__lte=now,
            created_at__lt=timezone.now() - STUCK_AFTER,
        ).values_list("pk", flat=True)
    )


def deliveries_due(*, now: datetime | None = None) -> tuple[list[int], list[int]]:
    """Beat: plan what is due; (the rows planned now, every row to send now).

    The rows to send are the planned ones and the stuck ones (`deliveries_stuck`); the caller
    queues them in chunks of SEND_CHUNK (reminders.tasks.reminders_send_due).
    """
    if not push_enabled():
        return [], []
    now = now or timezone.now()
    planned = deliveries_plan(now=now)
    return planned, [*planned, *deliveries_stuck(now=now)]


def deliveries_purge(*, now: datetime | None = None) -> int:
    """Nightly: forget deliveries older than KEEP_DELIVERIES (only recent ones decide anything)."""
    deleted, _ = Delivery.objects.filter(due_at__lt=(now or timezone.now()) - KEEP_DELIVERIES).delete()
    return deleted


# --- sending -----------------------------------------------------------------------------


def _ttl(delivery: Delivery) -> int:
    if delivery.kind == DeliveryKind.DAILY:
        return TTL_SECONDS["daily"]
    if delivery.kind == DeliveryKind.ASSESSMENT:
        return TTL_SECONDS["assessment"]
    return TTL_SECONDS["checkin_h" if delivery.reference.endswith("h") else "checkin_d"]


def deliveries_send(*, delivery_ids: Iterable[int]) -> dict[str, int]:
    """Send the pending deliveries among `delivery_ids`; count per resulting status.

    Claims them first (pending → sending), so a second run of the same chunk sends nothing.
    A 404/410 from the push service removes the subscription (the browser dropped it).
    """
    claim = uuid.uuid4()
    Delivery.objects.filter(pk__in=list(delivery_ids), status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING, claim=claim
    )
    rows = list(
        Delivery.objects.filter(claim=claim, status=DeliveryStatus.SENDING).select_related("subscription")
    )
    if not rows:
        return {}
    reached, gone = set(), set()
    with Sender() as sender:
        for delivery in rows:
            sub = delivery.subscription
            if sub is None:  # removed since it was planned
                delivery.status = DeliveryStatus.GONE
                continue
            code = sender.send(
                endpoint=sub.endpoint,
                p256dh=sub.p256dh,
                auth=sub.auth,
                payload=delivery.payload,
                ttl=_ttl(delivery),
                topic=topic_for(delivery.kind, delivery.reference),
            )
            delivery.status_code = code or None
            delivery.sent_at = timezone.now()
            if 200 <= code < 300:
                delivery.status = DeliveryStatus.SENT
                reached.add(sub.pk)
            elif code in (404, 410):
                delivery.status = DeliveryStatus.GONE
                gone.add(sub.pk)
            else:
                delivery.status = DeliveryStatus.FAILED
                logger.warning("push delivery %s failed with %s", delivery.pk, code or "no answer")
    Delivery.objects.bulk_update(rows, ["status", "status_code", "sent_at"])
    PushSubscription.objects.filter(pk__in=reached - gone).update(last_success_at=timezone.now())
    PushSubscription.objects.filter(pk__in=gone).delete()
    counts: dict[str, int] = defaultdict(int)
    for delivery in rows:
        counts[delivery.status] += 1
    return dict(counts)

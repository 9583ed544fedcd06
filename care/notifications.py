"""Telling the care team that a red flag reached the server: an email, and a browser notification.

When a write makes red flags (diary.red_flags), care.tasks queues `red_flags_notify` once the
write commits. It notifies every clinician with an active share with the flag's patient (any
scope; revoked, expired or pending shares get nothing), on two channels:
- `email`: to the clinician's account address;
- `webpush`: to each browser in which the clinician turned on notifications in the portal
  (`clinician_push_subscribe`), when the server has VAPID keys.

Exactly once per flag, clinician and channel, however often the task runs, on how many
workers at once, and whether a sync push is replayed: the RedFlagNotification row is the
claim. For each clinician and channel, one transaction inserts the rows (unique
`red_flag_notified_once`, `ignore_conflicts`, in a fixed order so two workers never
deadlock), reads back which of them it inserted, sends for those, and commits. A second
worker's insert waits for the first's transaction and then finds the rows taken; a send
that fails raises inside the transaction, so the claim is rolled back and the next run (the
sweep, every minute) sends it. A worker that dies after sending and before committing may
send again: at least once beats never, for a red flag.

One email per clinician per run, whatever the number of flags it covers (each flag counted
once in its rows). Nothing about health and nothing that names the patient is in it, nor in
the browser notification: "a patient who shares their diary with you logged something that
needs attention", and a link to the portal's triage queue, where the flag is shown after
signing in (docs/red-flags.md says why the name is left out too).
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.languages import language_for
from accounts.models import Role, User
from care.models import ClinicianPushSubscription, NotificationChannel, RedFlagNotification, Share
from core import webpush
from diary.models import RedFlag

logger = logging.getLogger(__name__)

TRIAGE_PATH = "/care/red-flags/"  # the portal's triage queue (portal.urls `portal:triage`)
MESSAGE = gettext_lazy("A patient who shares their diary with you logged something that needs attention.")
SUBJECT = gettext_lazy("A patient needs attention")
PUSH_TTL_SECONDS = 24 * 3600  # a browser that is off for a day is told when it comes back
PUSH_TOPIC = "red-flags"  # a browser that is off gets one notification, not one per flag
MAX_SUBSCRIPTIONS = 20  # per clinician: a new browser beyond this replaces the oldest
RESEND_AFTER = timedelta(minutes=2)  # a flag older than this still not notified: its task was lost
SWEEP_WINDOW = timedelta(days=2)  # the sweep looks back this far (a broker down for a weekend)
SWEEP_LIMIT = 500  # flags queued again per sweep


class SendFailed(Exception):
    """A channel could not deliver: the claim is rolled back and a later run sends again."""


# --- clinicians' browsers ------------------------------------------------------------------


def push_enabled() -> bool:
    """Whether Web Push is configured (the VAPID keys), for the portal's opt-in."""
    return webpush.push_enabled()


def clinician_push_subscribe(
    clinician: User, subscription: dict, *, user_agent: str = ""
) -> ClinicianPushSubscription:
    """Store the browser subscription a clinician's portal page made (PushManager.subscribe()'s
    JSON: {"endpoint", "keys": {"p256dh", "auth"}}); the same endpoint again updates its keys.

    ValidationError naming the field for anything else: an endpoint not on a push service we
    post to (PUSH_SERVICE_ORIGINS), keys that are not a P-256 point and a 16-byte secret, a
    non-clinician account. An endpoint another account registered becomes this clinician's
    (the browser belongs to whoever signed in on it now). At most MAX_SUBSCRIPTIONS each.
    """
    if not clinician.is_clinician:
        raise ValidationError({"subscription": _("Browser notifications of red flags are for clinicians.")})
    subscription = subscription if isinstance(subscription, dict) else {}
    keys = subscription.get("keys") if isinstance(subscription.get("keys"), dict) else {}
    endpoint, p256dh, auth = subscription.get("endpoint"), keys.get("p256dh"), keys.get("auth")
    problems = {}
    if not isinstance(endpoint, str) or len(endpoint) > 1024 or not webpush.endpoint_allowed(endpoint):
        problems["endpoint"] = _("Not the address of a push service this server sends to.")
    if not isinstance(p256dh, str) or not webpush.valid_p256dh(p256dh):
        problems["keys.p256dh"] = _("Not a P-256 public key (base64url).")
    if not isinstance(auth, str) or not webpush.valid_auth(auth):
        problems["keys.auth"] = _("Not a 16-byte authentication secret (base64url).")
    if problems:
        raise ValidationError(problems)
    fields = {"clinician": clinician, "p256dh": p256dh, "auth": auth, "user_agent": (user_agent or "")[:300]}
    for _attempt in range(2):  # a concurrent registration of the same endpoint: read it again
        try:
            with transaction.atomic():
                row, _created = ClinicianPushSubscription.objects.select_for_update().update_or_create(
                    endpoint=endpoint, defaults=fields
                )
                oldest = (
                    ClinicianPushSubscription.objects.filter(clinician=clinician)
                    .order_by("-created_at", "-pk")
                    .values_list("pk", flat=True)[MAX_SUBSCRIPTIONS:]
                )
                ClinicianPushSubscription.objects.filter(pk__in=list(oldest)).delete()
                return row
        except IntegrityError:
            continue
    raise ValidationError({"endpoint": _("This subscription is being registered; try again.")})


def clinician_push_unsubscribe(clinician: User, endpoint: str) -> int:
    """Forget one of the clinician's browsers (notifications turned off there); how many went."""
    deleted, _n = ClinicianPushSubscription.objects.filter(clinician=clinician, endpoint=endpoint).delete()
    return deleted


def clinician_push_enabled(clinician: User) -> bool:
    """Whether any of the clinician's browsers has notifications on."""
    return ClinicianPushSubscription.objects.filter(clinician=clinician).exists()


# --- whom to tell --------------------------------------------------------------------------


def _recipients(patient_ids: Iterable) -> dict:
    """patient id → the clinicians with an active share with them (active clinician accounts)."""
    shares = (
        Share.objects.active()
        .filter(patient_id__in=list(patient_ids), clinician__isnull=False)
        .filter(clinician__is_active=True, clinician__role=Role.CLINICIAN)
        .select_related("clinician")
    )
    found: dict = defaultdict(dict)
    for share in shares:
        found[share.patient_id][share.clinician_id] = share.clinician
    return found


@dataclass
class _Work:
    clinician: User
    flags: dict  # channel → [red flag ids]


def _plan(flags: list[RedFlag]) -> dict:
    """clinician id → what each channel still has to tell them (four queries)."""
    recipients = _recipients({f.patient_id for f in flags})
    clinician_ids = {cid for by_clinician in recipients.values() for cid in by_clinician}
    done = set(
        RedFlagNotification.objects.filter(
            red_flag_id__in=[f.pk for f in flags], clinician_id__in=clinician_ids
        ).values_list("red_flag_id", "clinician_id", "channel")
    )
    with_push = set()
    if webpush.push_enabled() and clinician_ids:
        with_push = set(
            ClinicianPushSubscription.objects.filter(clinician_id__in=clinician_ids).values_list(
                "clinician_id", flat=True
            )
        )
    work: dict = {}
    for flag in flags:
        for clinician_id, clinician in recipients.get(flag.patient_id, {}).items():
            channels = [NotificationChannel.EMAIL]
            if clinician_id in with_push:
                channels.append(NotificationChannel.WEBPUSH)
            for channel in channels:
                if (flag.pk, clinician_id, channel) not in done:
                    item = work.setdefault(clinician_id, _Work(clinician, defaultdict(list)))
                    item.flags[channel].append(flag.pk)
    return work


# --- claiming and sending --------------------------------------------------------------------


def _claim(clinician: User, channel: str, flag_ids: list) -> list:
    """Insert this run's notification rows; the flag ids whose row this run inserted."""
    rows = [
        RedFlagNotification(id=uuid.uuid4(), red_flag_id=flag_id, clinician=clinician, channel=channel)
        for flag_id in sorted(flag_ids, key=str)  # one order for every worker: no deadlock
    ]
    RedFlagNotification.objects.bulk_create(rows, ignore_conflicts=True)
    mine = RedFlagNotification.objects.filter(pk__in=[row.pk for row in rows])
    return list(mine.values_list("red_flag_id", flat=True))


def portal_link() -> str:
    """The triage queue's address: absolute on the deployment's first trusted origin, if set."""
    origins = getattr(settings, "CSRF_TRUSTED_ORIGINS", None) or []
    return f"{origins[0].rstrip('/')}{TRIAGE_PATH}" if origins else TRIAGE_PATH


def email_text() -> tuple[str, str]:
    """The email's subject and body in the active language: no health details, no patient
    name, no diary text (`_send_email` activates the recipient's language)."""
    body = "\n\n".join(
        [
            str(MESSAGE),
            _("Sign in to the care-team portal to see it in your red-flag queue:\n%(link)s")
            % {"link": portal_link()},
            _(
                "For privacy this email does not say who or what; the portal shows it once you sign in.\n"
                "Patients are told that their diary is not watched in real time."
            ),
        ]
    )
    return f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{SUBJECT}", body


def _send_email(clinician: User) -> None:
    with translation.override(language_for(clinician)):
        subject, body = email_text()
    try:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[clinician.email])
    except Exception as exc:  # SMTP refused, DNS, timeout …: retried by the next run
        raise SendFailed(type(exc).__name__) from exc


def push_payload() -> dict:
    """The browser notification in the active language (`_send_push` activates the recipient's):
    the same words as the email, the queue to open on a click."""
    return {
        "title": _("Pain diary"),
        "body": str(MESSAGE),
        "url": TRIAGE_PATH,
        "tag": "red-flags",
        "kind": "red_flag",
    }


def _send_push(clinician: User) -> None:
    """To each of the clinician's browsers; a 404/410 drops that browser. Fails (for a retry)
    only when no browser took it and some could not be reached."""
    subscriptions = list(ClinicianPushSubscription.objects.filter(clinician=clinician))
    if not subscriptions:
        return
    with translation.override(language_for(clinician)):
        payload = push_payload()
    reached, gone, failed = [], [], []
    with webpush.Sender() as sender:
        codes = [
            (
                subscription,
                sender.send(
                    endpoint=subscription.endpoint,
                    p256dh=subscription.p256dh,
                    auth=subscription.auth,
                    payload=payload,
                    ttl=PUSH_TTL_SECONDS,
                    topic=PUSH_TOPIC,
                    urgency="high",
                ),
            )
            for subscription in subscriptions
        ]
    for subscription, code in codes:
        if 200 <= code < 300:
            reached.append(subscription.pk)
        elif code in (404, 410):
            gone.append(subscription.pk)
        else:
            failed.append(subscription.pk)
    ClinicianPushSubscription.objects.filter(pk__in=reached).update(last_success_at=timezone.now())
    ClinicianPushSubscription.objects.filter(pk__in=gone).delete()
    if failed and not reached:
        raise SendFailed(f"{len(failed)} browser(s) not reached")


SENDERS = {NotificationChannel.EMAIL: _send_email, NotificationChannel.WEBPUSH: _send_push}


def red_flags_notify(*, red_flag_ids: Iterable) -> dict[str, int]:
    """Notify the care team of these red flags, each clinician and channel at most once ever.

    Returns how many flag notifications were sent per channel, and `failed` (claims rolled
    back for a later run). Safe to run any number of times, at once on several workers.
    """
    flags = list(RedFlag.objects.filter(pk__in=list(red_flag_ids)))
    counts = {NotificationChannel.EMAIL.value: 0, NotificationChannel.WEBPUSH.value: 0, "failed": 0}
    for item in _plan(flags).values():
        for channel, flag_ids in item.flags.items():
            try:
                with transaction.atomic():
                    claimed = _claim(item.clinician, channel, flag_ids)
                    if claimed:
                        SENDERS[channel](item.clinician)
            except SendFailed as exc:
                logger.warning("red flag %s notification not sent (retried later): %s", channel, exc)
                counts["failed"] += len(flag_ids)
                continue
            counts[channel] += len(claimed)
    return counts


# --- the sweep -------------------------------------------------------------------------------


def red_flags_unnotified(*, now: datetime | None = None) -> list:
    """Flags raised RESEND_AFTER to SWEEP_WINDOW ago that a clinician with an active share has
    not been emailed about (the broker refused the task, a worker died, a send failed), or
    not been sent a browser notification about while they have a browser subscribed; at most
    SWEEP_LIMIT, oldest first. Two queries, whatever the count."""
    now = now or timezone.now()
    shares = Share.objects.active().filter(patient_id=OuterRef("patient_id"), clinician__isnull=False)
    notified = RedFlagNotification.objects.filter(red_flag_id=OuterRef(OuterRef("pk")))
    notified = notified.filter(clinician_id=OuterRef("clinician_id"))
    missing_email = shares.filter(~Exists(notified.filter(channel=NotificationChannel.EMAIL)))
    lacking = Q(Exists(missing_email))
    if webpush.push_enabled():
        browsers = ClinicianPushSubscription.objects.filter(clinician_id=OuterRef("clinician_id"))
        missing_push = shares.filter(
            Exists(browsers), ~Exists(notified.filter(channel=NotificationChannel.WEBPUSH))
        )
        lacking |= Q(Exists(missing_push))
    recent = RedFlag.objects.filter(raised_at__gte=now - SWEEP_WINDOW, raised_at__lt=now - RESEND_AFTER)
    ids = recent.filter(lacking).order_by("raised_at").values_list("pk", flat=True)[:SWEEP_LIMIT]
    return list(ids)

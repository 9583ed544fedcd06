"""Web Push with VAPID (pywebpush): keys, which endpoints we will post to, and one send.

The keys come from the environment (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT;
`manage.py generate_vapid_keys` makes a pair for development). Without both keys Web Push is
off: no reminder is planned or sent, no clinician's browser is notified, and the PWA and the
portal are told push is unavailable. Used by reminders (patients' devices) and by care
(clinicians' browsers told of red flags).

Endpoints are URLs a browser gave us, so the server only ever posts to the push services in
PUSH_SERVICE_ORIGINS (https, by host): a user cannot make it call anything else.
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import hashlib
import json
import logging
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

logger = logging.getLogger(__name__)
SEND_TIMEOUT_SECONDS = 10
NO_ANSWER = 0  # status_code recorded when the push service could not be reached


def b64url_decode(value: str) -> bytes:
    """base64url with or without padding; ValueError if it is not."""
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError, TypeError):
        raise ValueError("not base64url") from None


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def vapid_keys_generate() -> tuple[str, str]:
    """A new P-256 key pair: (public key as the browser's applicationServerKey, private key),
    both base64url, the raw forms py_vapid and PushManager.subscribe() take."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    private = key.private_numbers().private_value.to_bytes(32, "big")
    return b64url(public), b64url(private)


def push_enabled() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def valid_p256dh(value: str) -> bool:
    """An uncompressed P-256 point (65 bytes, 0x04 first) that is on the curve."""
    try:
        raw = b64url_decode(value)
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        return False
    return len(raw) == 65


def valid_auth(value: str) -> bool:
    try:
        return len(b64url_decode(value)) == 16
    except ValueError:
        return False


def endpoint_allowed(url: str) -> bool:
    """Whether `url` is on one of the push services we post to (scheme and host patterns)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    if not host or parts.username or parts.password:
        return False
    for origin in settings.PUSH_SERVICE_ORIGINS:
        scheme, _, pattern = origin.lower().partition("://")
        if parts.scheme == scheme and fnmatch.fnmatchcase(host, pattern):
            return True
    return False


def topic_for(kind: str, reference: str) -> str:
    """The Topic header (≤ 32 base64url characters): a push service that still holds an
    undelivered message with the same topic replaces it instead of delivering both."""
    return b64url(hashlib.sha256(f"{kind}:{reference}".encode()).digest())[:32]


class Sender:
    """Sends messages with one HTTP session and one parsed VAPID key (a chunk of deliveries)."""

    def __init__(self) -> None:
        self.vapid = Vapid.from_string(private_key=settings.VAPID_PRIVATE_KEY)
        self.session = requests.Session()

    def __enter__(self) -> Sender:
        return self

    def __exit__(self, *exc) -> None:
        self.session.close()

    def send(
        self,
        *,
        endpoint: str,
        p256dh: str,
        auth: str,
        payload: dict,
        ttl: int,
        topic: str,
        urgency: str = "normal",
    ) -> int:
        """Encrypt and post one message; the push service's status code (NO_ANSWER if none)."""
        if not endpoint_allowed(endpoint):
            logger.warning("push endpoint no longer allowed (PUSH_SERVICE_ORIGINS); not sent")
            return NO_ANSWER
        try:
            response = webpush(
                subscription_info={"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}},
                data=json.dumps(payload, separators=(",", ":")),
                vapid_private_key=self.vapid,
                vapid_claims={"sub": settings.VAPID_SUBJECT},  # a new dict: webpush adds aud and exp
                ttl=ttl,
                headers={"Topic": topic, "Urgency": urgency},
                timeout=SEND_TIMEOUT_SECONDS,
                requests_session=self.session,
            )
        except WebPushException as exc:
            return exc.status_code or NO_ANSWER
        except requests.RequestException as exc:
            logger.warning("push service unreachable: %s", type(exc).__name__)
            return NO_ANSWER
        return response.status_code

"""Browser notifications of red flags, turned on in the portal (Web Push).

The triage page's script (portal/_notifications.html) registers `sw.js` for the portal's
scope, subscribes with the server's VAPID key once the clinician taps and the browser
allows it, and posts the subscription here; care.notifications stores it
(`clinician_push_subscribe`) and sends to it when a patient's red flag reaches the server.
The notification names nobody and nothing; a click opens the triage queue.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from care import notifications
from portal.views import clinician_page

MAX_BODY_BYTES = 8192  # a subscription is a few hundred bytes


def vapid_public_key() -> str:
    """The key browsers subscribe with; "" when the server cannot send (no VAPID keys)."""
    return settings.VAPID_PUBLIC_KEY if notifications.push_enabled() else ""


def _json_body(request: HttpRequest) -> dict:
    if len(request.body) > MAX_BODY_BYTES:
        raise ValidationError({"subscription": _("Too long.")})
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        raise ValidationError({"subscription": _("Not JSON.")}) from None
    return body if isinstance(body, dict) else {}


def _errors(exc: ValidationError) -> JsonResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"subscription": exc.messages}
    return JsonResponse({"errors": detail}, status=400)


@require_POST
@clinician_page
def subscribe(request: HttpRequest) -> HttpResponse:
    """Store this browser's push subscription ({"endpoint", "keys": {"p256dh", "auth"}})."""
    try:
        notifications.clinician_push_subscribe(
            request.user, _json_body(request), user_agent=request.headers.get("User-Agent", "")
        )
    except ValidationError as exc:
        return _errors(exc)
    return JsonResponse({"enabled": True}, status=201)


@require_POST
@clinician_page
def unsubscribe(request: HttpRequest) -> HttpResponse:
    """Forget this browser ({"endpoint"}): notifications turned off here."""
    try:
        endpoint = _json_body(request).get("endpoint")
    except ValidationError as exc:
        return _errors(exc)
    if isinstance(endpoint, str):
        notifications.clinician_push_unsubscribe(request.user, endpoint)
    return JsonResponse({"enabled": notifications.clinician_push_enabled(request.user)})


@require_GET
@cache_control(max_age=0, no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The portal's service worker: shows a pushed notification, opens the queue on a click.
    Public (it holds no data), so that the browser can update it after a session ends."""
    script = render_to_string("portal/sw.js", {"triage_path": notifications.TRIAGE_PATH})
    return HttpResponse(script, content_type="text/javascript; charset=utf-8")

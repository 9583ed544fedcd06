"""Reminders: the push configuration (public), the patient's push subscriptions, an
episode's check-ins, and the `reminders` object of `me/` (serializers used by api.me).

- `push/config` GET (public): whether push is on, and the VAPID public key to subscribe with.
- `push-subscriptions/` GET (own devices), POST (the browser's `PushSubscription.toJSON()`
  as is: 201 new, 200 already known); `push-subscriptions/{id}/` GET, DELETE.
- `episodes/{id}/checkins/` GET (own or inherited), PATCH (own from now on), DELETE (inherit again).
"""

from __future__ import annotations

import re
from datetime import time

from django.conf import settings
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.fields import StrictCharField
from api.permissions import IsPatient
from api.schema import ErrorResponseSerializer
from core import webpush
from reminders import schedule, selectors, services
from reminders.models import PushSubscription

HH_MM = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
# What a browser's PushSubscription holds, as the schema states it: base64url without padding
# (or with it) of a 65-byte uncompressed P-256 point (0x04 first) and of a 16-byte secret.
P256DH_PATTERN = "^B[A-P][A-Za-z0-9_-]{84}[AEIMQUYcgkosw048]=?$"
AUTH_PATTERN = "^[A-Za-z0-9_-]{21}[AQgw](?:==)?$"
_LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"


def endpoint_pattern(origins: list[str]) -> str:
    """The URLs on the push services of settings.PUSH_SERVICE_ORIGINS (`*` stands for 1 to 3
    DNS labels), with a port, path and query of URL characters: what webpush.endpoint_allowed() lets in."""
    hosts = []
    for origin in origins:
        scheme, _, host = origin.lower().partition("://")
        host = host.replace(".", r"\.").replace("*", f"{_LABEL}(?:\\.{_LABEL}){{0,2}}")
        hosts.append(f"{scheme}://{host}")
    return f"^(?:{'|'.join(hosts)})(?::[0-9]{{1,5}})?(?:[/?][A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?$"


def matches(pattern: str, value: str) -> bool:
    """Whether `value` matches a schema `pattern` whole (Python's `$` would allow a final newline)."""
    return re.fullmatch(pattern.removeprefix("^").removesuffix("$"), value) is not None


OFFSET_CHOICES = [(code, code) for code in schedule.OFFSETS]


class StrictBooleanField(serializers.BooleanField):
    """true or false as JSON: "yes", 1 and "true" are refused, not coerced."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


@extend_schema_field({"type": "string", "pattern": HH_MM.pattern, "example": "20:00"})
class LocalTimeField(serializers.Field):
    """A wall-clock time "HH:MM" (24 h) in the patient's own time zone."""

    default_error_messages = {"invalid": 'A time as "HH:MM" (24-hour clock) is required.'}

    def to_internal_value(self, data) -> time:
        match = HH_MM.match(data) if isinstance(data, str) and matches(HH_MM.pattern, data) else None
        if not match:
            self.fail("invalid")
        return time(int(match.group(1)), int(match.group(2)))

    def to_representation(self, value: time) -> str:
        return value.strftime("%H:%M")


def offsets_field(**kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=OFFSET_CHOICES),
        max_length=len(OFFSET_CHOICES),
        help_text="Check-ins after each administration: 1h… (side effects), 1d, 3d, 7d… (pain).",
        **kwargs,
    )


# --- me/: the `reminders` object ---------------------------------------------------------


class ReminderSettingsSerializer(serializers.Serializer):
    """The patient's reminders (null for clinician accounts). Nested in `me/` with source="*"."""

    daily_enabled = serializers.BooleanField(
        help_text="A daily reminder to log, skipped on days already logged."
    )
    daily_time = LocalTimeField(help_text='When, in your time zone ("HH:MM").')
    checkins_enabled = serializers.BooleanField(help_text="Check-ins after a dose or infusion.")
    checkin_offsets = offsets_field()
    assessments_enabled = serializers.BooleanField(
        help_text="A reminder when a questionnaire is due (PEG weekly, PHQ-9 and GAD-7 every 4 weeks), "
        "at daily_time."
    )

    def to_representation(self, user):
        if not user.is_patient:
            return None
        return super().to_representation(selectors.reminder_settings_get(patient=user))


class ReminderSettingsUpdateSerializer(serializers.Serializer):
    daily_enabled = StrictBooleanField(required=False)
    daily_time = LocalTimeField(required=False)
    checkins_enabled = StrictBooleanField(required=False)
    checkin_offsets = offsets_field(required=False)
    assessments_enabled = StrictBooleanField(required=False)


# --- push/config ---------------------------------------------------------------------------


class PushConfigApi(APIView):
    """What the app needs to subscribe: public, like the catalogue."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    class PushConfigSerializer(serializers.Serializer):
        enabled = serializers.BooleanField(help_text="false: the server has no VAPID keys; no reminders.")
        vapid_public_key = serializers.CharField(
            allow_null=True, help_text="applicationServerKey for PushManager.subscribe() (base64url)."
        )

    @extend_schema(tags=["reminders"], responses=PushConfigSerializer, auth=[])
    def get(self, request: Request) -> Response:
        enabled = webpush.push_enabled()
        return Response(
            {"enabled": enabled, "vapid_public_key": settings.VAPID_PUBLIC_KEY if enabled else None}
        )


# --- push-subscriptions/ -------------------------------------------------------------------


class PushSubscriptionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    endpoint = serializers.URLField(help_text="The push service's URL for that browser.")
    user_agent = serializers.CharField(help_text="The browser that registered it, as it named itself.")
    created_at = serializers.DateTimeField()
    last_success_at = serializers.DateTimeField(allow_null=True, help_text="The last message it accepted.")


@extend_schema_field({"type": "string", "pattern": P256DH_PATTERN})
class P256dhField(StrictCharField):
    pass


@extend_schema_field({"type": "string", "pattern": AUTH_PATTERN})
class AuthSecretField(StrictCharField):
    pass


class PushEndpointField(serializers.URLField):
    """A push service's URL: only on the services the server posts to, and the schema lists them."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.pattern = endpoint_pattern(settings.PUSH_SERVICE_ORIGINS)
        self.schema_extra = {"pattern": self.pattern}  # api.schema.AutoSchema

    def to_internal_value(self, data) -> str:
        value = super().to_internal_value(data)
        if not matches(self.pattern, value) or not webpush.endpoint_allowed(value):
            raise serializers.ValidationError(gettext("This push service is not one the server sends to."))
        return value


class PushKeysSerializer(serializers.Serializer):
    p256dh = P256dhField(max_length=128, help_text="A point on the P-256 curve.")
    auth = AuthSecretField(max_length=64)

    def validate_p256dh(self, value: str) -> str:
        if not matches(P256DH_PATTERN, value) or not webpush.valid_p256dh(value):
            raise serializers.ValidationError(gettext("Not a P-256 public key (base64url, 65 bytes)."))
        return value

    def validate_auth(self, value: str) -> str:
        if not matches(AUTH_PATTERN, value) or not webpush.valid_auth(value):
            raise serializers.ValidationError(gettext("Not an authentication secret (base64url, 16 bytes)."))
        return value


class PushSubscriptionCreateSerializer(serializers.Serializer):
    """The browser's `PushSubscription.toJSON()`; `expirationTime` and other keys are ignored."""

    endpoint = PushEndpointField(max_length=1024)
    keys = PushKeysSerializer()


not_found = {404: OpenApiResponse(ErrorResponseSerializer, description="No such thing (or not yours).")}


class PushSubscriptionListApi(GenericAPIView):
    """GET the patient's devices that get reminders; POST this browser's subscription."""

    permission_classes = [IsPatient]
    serializer_class = PushSubscriptionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PushSubscription.objects.none()
        return selectors.subscription_list(patient=self.request.user)

    @extend_schema(tags=["reminders"], responses=PushSubscriptionSerializer(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(PushSubscriptionSerializer(page, many=True).data)

    @extend_schema(
        tags=["reminders"],
        request=PushSubscriptionCreateSerializer,
        responses={201: PushSubscriptionSerializer, 200: PushSubscriptionSerializer},
        description="Register this browser for reminders (201), or refresh its keys (200: already known).",
    )
    def post(self, request: Request) -> Response:
        body = PushSubscriptionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        subscription, created = services.subscription_register(
            patient=request.user,
            endpoint=body.validated_data["endpoint"],
            p256dh=body.validated_data["keys"]["p256dh"],
            auth=body.validated_data["keys"]["auth"],
            user_agent=request.headers.get("User-Agent", ""),
        )
        return Response(
            PushSubscriptionSerializer(subscription).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class PushSubscriptionDetailApi(APIView):
    """GET one of the patient's devices; DELETE stops reminders to it."""

    permission_classes = [IsPatient]

    @extend_schema(tags=["reminders"], responses={200: PushSubscriptionSerializer, **not_found})
    def get(self, request: Request, subscription_id) -> Response:
        subscription = selectors.subscription_get(patient=request.user, subscription_id=subscription_id)
        return Response(PushSubscriptionSerializer(subscription).data)

    @extend_schema(tags=["reminders"], responses={204: None, **not_found})
    def delete(self, request: Request, subscription_id) -> Response:
        services.subscription_delete(patient=request.user, subscription_id=subscription_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- episodes/{id}/checkins/ -----------------------------------------------------------------


class EpisodeCheckinsSerializer(serializers.Serializer):
    episode = serializers.UUIDField(source="episode_id")
    custom = serializers.SerializerMethodField(help_text="true: the episode's own; false: your default.")
    enabled = serializers.BooleanField()
    checkin_offsets = offsets_field(source="offsets")

    def get_custom(self, obj) -> bool:
        return self.context["custom"]


class EpisodeCheckinsUpdateSerializer(serializers.Serializer):
    enabled = StrictBooleanField(required=False)
    checkin_offsets = offsets_field(required=False, source="offsets")


class EpisodeCheckinsApi(APIView):
    """An episode's timed check-ins after each of its administrations."""

    permission_classes = [IsPatient]

    def _render(self, row, custom: bool) -> Response:
        return Response(EpisodeCheckinsSerializer(row, context={"custom": custom}).data)

    @extend_schema(tags=["reminders"], responses={200: EpisodeCheckinsSerializer, **not_found})
    def get(self, request: Request, record_id) -> Response:
        row, custom = selectors.episode_checkins_get(patient=request.user, episode_id=record_id)
        return self._render(row, custom)

    @extend_schema(
        tags=["reminders"],
        request=EpisodeCheckinsUpdateSerializer,
        responses={200: EpisodeCheckinsSerializer, **not_found},
    )
    def patch(self, request: Request, record_id) -> Response:
        body = EpisodeCheckinsUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = services.episode_checkins_update(
            patient=request.user, episode_id=record_id, **body.validated_data
        )
        return self._render(row, True)

    @extend_schema(
        tags=["reminders"],
        responses={204: None, **not_found},
        description="The episode follows your default check-ins again.",
    )
    def delete(self, request: Request, record_id) -> Response:
        services.episode_checkins_reset(patient=request.user, episode_id=record_id)
        return Response(status=status.HTTP_204_NO_CONTENT)

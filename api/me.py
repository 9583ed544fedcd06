"""`me/`: the signed-in user's profile; erasing the account; signing out everywhere."""

import zoneinfo

from allauth.core import ratelimit
from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role, validate_timezone
from accounts.services import user_language_set, user_sign_out_everywhere
from api.fields import StrictCharField
from api.reminders import ReminderSettingsSerializer, ReminderSettingsUpdateSerializer
from patientdata.erasure import user_erase
from reminders.services import profile_update


def end_this_session(request: Request) -> None:
    """Sign out the session that made the request (cookie), after its server side is gone."""
    logout(request._request)


@extend_schema_field(
    {
        "type": "string",
        "enum": sorted(zoneinfo.available_timezones()),
        "description": "An IANA time zone, e.g. Europe/London.",
    }
)
class TimezoneField(StrictCharField):
    """The time zone names this server knows (accounts.models.validate_timezone), listed in the schema."""


LANGUAGE_HELP = (
    "The language the person chose (settings.LANGUAGES: exactly as listed, lower case), or null: "
    "none chosen, the browser's language is used. PATCH null to go back to it."
)


class LanguageField(serializers.ChoiceField):
    """One of settings.LANGUAGES' codes exactly ("es"; not "ES" nor "es-ES"), or null."""

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=settings.LANGUAGES, allow_null=True, help_text=LANGUAGE_HELP, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):  # DRF would read 1 as "1": one JSON type only
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)

    def to_representation(self, value):
        return value or None


class MeApi(APIView):
    delete_body = True  # api.schema.AutoSchema documents DELETE's {"password"}
    extra_validation_errors = {"DELETE": {"password": {"incorrect"}}}

    class MeSerializer(serializers.Serializer):
        id = serializers.UUIDField()
        email = serializers.EmailField()
        display_name = serializers.CharField()
        role = serializers.ChoiceField(choices=Role.choices)
        timezone = serializers.CharField()
        language = LanguageField(read_only=True)
        reminders = ReminderSettingsSerializer(source="*", read_only=True, allow_null=True)

    class MeUpdateSerializer(serializers.Serializer):
        display_name = StrictCharField(max_length=100, allow_blank=True, required=False)
        timezone = TimezoneField(max_length=64, required=False, validators=[validate_timezone])
        language = LanguageField(required=False)
        reminders = ReminderSettingsUpdateSerializer(
            required=False, help_text="Patients only: a clinician account has no reminders (400)."
        )

    class MeDeleteSerializer(serializers.Serializer):
        password = StrictCharField(max_length=4096, trim_whitespace=False, help_text="Your password.")

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(self.MeSerializer(request.user).data)

    @extend_schema(request=MeUpdateSerializer, responses=MeSerializer)
    def patch(self, request: Request) -> Response:
        serializer = self.MeUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        has_language, language = "language" in changes, changes.pop("language", None)
        with transaction.atomic():
            user = profile_update(user=request.user, **changes)
            if has_language:
                user = user_language_set(user=user, language=language)
        return Response(self.MeSerializer(user).data)

    @extend_schema(
        request=MeDeleteSerializer,
        responses={204: OpenApiResponse(description="Erased, and signed out on every device.")},
        description="Erase the account and all its data (diary, summaries, shares, sync records) "
        "after confirming the password; every device is signed out. Audit records keep ids only.",
    )
    def delete(self, request: Request) -> Response:
        body = self.MeDeleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        # Password guesses by whoever holds a session are counted like allauth's reauthentication.
        if not ratelimit.consume(request._request, action="reauthenticate", user=request.user):
            raise Throttled()
        if not request.user.check_password(body.validated_data["password"]):
            raise ValidationError({"password": [_("The password is not correct.")]}, code="incorrect")
        user_erase(user=request.user)
        end_this_session(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SignOutEverywhereApi(APIView):
    """End every session of the signed-in user, this one included (browser and app alike)."""

    @extend_schema(
        tags=["me"],
        request=None,
        responses={204: OpenApiResponse(description="Every session ended.")},
    )
    def post(self, request: Request) -> Response:
        user_sign_out_everywhere(user=request.user)
        end_this_session(request)
        return Response(status=status.HTTP_204_NO_CONTENT)

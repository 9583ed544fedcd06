"""`clinician/red-flags/` and `…/{id}/acknowledge`: the clinician's triage queue over the API.

Red flags of every patient with an active share to me (any scope), newest first, with my own
status (`open` until I acknowledge, then `acknowledged`). Every page shown writes one audit
row per patient on it, every acknowledgement one (care.red_flags). A flag of a patient whose
share is revoked or expired is "Not found." (404), as is one that never existed.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import IsClinician
from api.phi import NoStoreMixin
from api.red_flags import RedFlagPagination, RedFlagSerializer
from api.schema import ErrorResponseSerializer, choice_field
from care import red_flags
from care.red_flags import RedFlagStatus
from diary.models import RedFlag

TAGS = ["clinician"]


class RedFlagPatientSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()
    email = serializers.EmailField()


STATUS_SCHEMA = {"type": "string", "enum": list(RedFlagStatus.values), "x-spec-enum-id": "red-flag-status"}


class ClinicianRedFlagSerializer(RedFlagSerializer):
    """A red flag in my queue: the patient, my status, my own note."""

    patient = RedFlagPatientSerializer()
    status = serializers.SerializerMethodField(help_text="open until I acknowledge it.")
    acknowledged_at = serializers.DateTimeField(
        allow_null=True, help_text="When I acknowledged it; null: open."
    )
    note = serializers.CharField(
        source="acknowledgement_note", allow_null=True, help_text="My note when I acknowledged it."
    )

    @extend_schema_field(STATUS_SCHEMA)
    def get_status(self, flag: RedFlag) -> str:
        return red_flags.red_flag_status(flag)


class RedFlagQuerySerializer(serializers.Serializer):
    status = choice_field(RedFlagStatus.choices, enum_id="red-flag-status", required=False)


class AcknowledgeSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=red_flags.NOTE_MAX_LENGTH, help_text="Optional."
    )


class AcknowledgementSerializer(serializers.Serializer):
    """My acknowledgement, as made."""

    red_flag_id = serializers.UUIDField()
    acknowledged_at = serializers.DateTimeField()
    note = serializers.CharField()


class ClinicianRedFlagListApi(NoStoreMixin, GenericAPIView):
    """GET red flags of every patient who shares with me (any scope), newest first.

    `?status=open` (not acknowledged by me yet) or `acknowledged`; both when not given.
    """

    permission_classes = [IsClinician]
    serializer_class = ClinicianRedFlagSerializer
    pagination_class = RedFlagPagination
    queryset = RedFlag.objects.none()  # for the schema: the rows come from the selector

    @extend_schema(
        tags=TAGS,
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=list(RedFlagStatus.values),
                description="open: not acknowledged by me yet; acknowledged: by me. Both if not given.",
            )
        ],
        responses={
            200: ClinicianRedFlagSerializer(many=True),
            400: OpenApiResponse(ErrorResponseSerializer, description="Unknown status."),
        },
    )
    def get(self, request: Request) -> Response:
        query = RedFlagQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        flags = red_flags.red_flags_for_clinician(
            clinician=request.user, status=query.validated_data.get("status")
        )
        page = self.paginate_queryset(flags)
        red_flags.red_flags_audit(clinician=request.user, red_flags=page, path=request.path)
        return self.get_paginated_response(ClinicianRedFlagSerializer(page, many=True).data)


class ClinicianRedFlagAcknowledgeApi(NoStoreMixin, GenericAPIView):
    """POST: I have seen this red flag, with an optional note. Once: a second time is 409."""

    permission_classes = [IsClinician]
    serializer_class = AcknowledgementSerializer

    @extend_schema(
        tags=TAGS,
        request=AcknowledgeSerializer,
        responses={
            201: AcknowledgementSerializer,
            400: OpenApiResponse(ErrorResponseSerializer, description="A note over 1000 characters."),
            404: OpenApiResponse(ErrorResponseSerializer, description="No such red flag for you."),
            409: OpenApiResponse(ErrorResponseSerializer, description="You acknowledged it before."),
        },
    )
    def post(self, request: Request, red_flag_id) -> Response:
        body = AcknowledgeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        acknowledgement = red_flags.red_flag_acknowledge(
            clinician=request.user,
            red_flag_id=red_flag_id,
            note=body.validated_data.get("note", ""),
            path=request.path,
        )
        return Response(AcknowledgementSerializer(acknowledgement).data, status=status.HTTP_201_CREATED)

"""`red-flags/`: the patient's red flags, and who of their care team has seen each, and when.

A red flag is made by the server when a record carrying one arrives (diary.red_flags); one
edited or deleted away stays, with `withdrawn_at`. Read through care.red_flags; a patient
reading their own flags is not audited. The clinicians' notes are never shown here.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from api.pagination import CursorPagination
from api.permissions import IsPatient
from api.phi import NoStoreMixin
from care import red_flags
from diary.models import RedFlag
from diary.trends.flags import detail_shown

# Named in the schema by config.settings' ENUM_NAME_OVERRIDES (RedFlagKindEnum, RedFlagSourceEnum).
KIND_CHOICES = [(v, v) for v in ("side_effect", "blood_pressure", "heart_rate", "assessment")]
SOURCE_CHOICES = [(v, v) for v in ("entry", "administration", "assessment")]


class RedFlagPagination(CursorPagination):
    """Newest first: by when each flag reached the server."""

    ordering = ("-raised_at", "-pk")


class RedFlagSeenBySerializer(serializers.Serializer):
    """A clinician of the care team who acknowledged the flag."""

    clinician = serializers.SerializerMethodField(help_text="Their display name, else their email.")
    acknowledged_at = serializers.DateTimeField()

    def get_clinician(self, acknowledgement) -> str:
        return red_flags.clinician_name(acknowledgement.clinician)


class RedFlagSerializer(serializers.Serializer):
    """One red flag, as every reader gets it."""

    id = serializers.UUIDField()
    date = serializers.DateField(help_text="The source record's diary date or local date.")
    kind = serializers.ChoiceField(choices=KIND_CHOICES)
    code = serializers.SerializerMethodField(
        help_text="The side effect's code for kind side_effect, phq9_item9 for kind assessment; "
        "null for blood_pressure and heart_rate."
    )
    detail = serializers.SerializerMethodField(
        help_text="Fixed words and numbers, never text the patient wrote, in the request's language."
    )
    source = serializers.ChoiceField(choices=SOURCE_CHOICES)
    record_id = serializers.UUIDField(source="source_id", help_text="The record that raised it.")
    raised_at = serializers.DateTimeField(help_text="When it reached the server.")
    withdrawn_at = serializers.DateTimeField(
        allow_null=True, help_text="When the record was edited or deleted so that it no longer carries it."
    )
    seen_by = RedFlagSeenBySerializer(
        many=True,
        source="acknowledgements.all",
        help_text="Who of the care team has seen it, earliest first.",
    )

    def get_code(self, flag: RedFlag) -> str | None:
        return flag.code or None

    def get_detail(self, flag: RedFlag) -> str:
        # Stored in English (decision 103), read in the request's language.
        return detail_shown(flag.kind, flag.code or None, flag.detail)


class RedFlagListApi(NoStoreMixin, GenericAPIView):
    """GET my red flags, newest first, each with who of my care team has seen it and when."""

    permission_classes = [IsPatient]
    serializer_class = RedFlagSerializer
    pagination_class = RedFlagPagination
    queryset = RedFlag.objects.none()  # for the schema: the rows come from the selector

    @extend_schema(tags=["red flags"], responses=RedFlagSerializer(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(red_flags.red_flags_for_patient(patient=request.user))
        return self.get_paginated_response(RedFlagSerializer(page, many=True).data)

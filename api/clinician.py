"""`clinician/shares/` and `clinician/patients/`: what has been shared with the signed-in clinician."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from api.pagination import CursorPagination
from api.permissions import IsClinician
from api.phi import NoStoreMixin
from api.schema import ErrorResponseSerializer, choice_field
from care import selectors, services
from care.models import Scope, Share, ShareStatus

TAGS = ["clinician"]


class ClinicianSharePatientSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()
    email = serializers.EmailField()


class ClinicianShareSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    patient = ClinicianSharePatientSerializer()
    scope = serializers.ChoiceField(choices=Scope.choices)
    expires_on = serializers.DateField(allow_null=True)
    status = choice_field(ShareStatus.choices, enum_id="clinician-share-status")
    created_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)


class ClinicianPatientSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()
    email = serializers.EmailField()
    timezone = serializers.CharField()
    share_id = serializers.UUIDField()
    scope = serializers.ChoiceField(choices=Scope.choices, source="share_scope")
    expires_on = serializers.DateField(allow_null=True, source="share_expires_on")
    accepted_at = serializers.DateTimeField(source="share_accepted_at")


class ClinicianShareListApi(NoStoreMixin, GenericAPIView):
    """Shares addressed to one of my verified emails that I have not accepted yet, and my active ones."""

    permission_classes = [IsClinician]
    serializer_class = ClinicianShareSerializer
    queryset = Share.objects.none()  # for the schema: the rows come from the selector

    @extend_schema(tags=TAGS, responses=ClinicianShareSerializer(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.share_list_for_clinician(clinician=request.user))
        return self.get_paginated_response(ClinicianShareSerializer(page, many=True).data)


class ClinicianShareAcceptApi(NoStoreMixin, GenericAPIView):
    """Accept a pending share addressed to one of my verified emails (accepting twice is harmless)."""

    permission_classes = [IsClinician]
    serializer_class = ClinicianShareSerializer

    @extend_schema(
        tags=TAGS,
        request=None,
        responses={
            200: ClinicianShareSerializer,
            404: OpenApiResponse(ErrorResponseSerializer, description="No such share for you."),
        },
    )
    def post(self, request: Request, share_id) -> Response:
        share = services.share_accept(clinician=request.user, share_id=share_id)
        return Response(ClinicianShareSerializer(share).data)


class PatientPagination(CursorPagination):
    ordering = "-date_joined"


class ClinicianPatientListApi(NoStoreMixin, GenericAPIView):
    """Patients with an active, unexpired share to me (the widest share if several)."""

    permission_classes = [IsClinician]
    serializer_class = ClinicianPatientSerializer
    pagination_class = PatientPagination
    queryset = User.objects.none()  # for the schema: the rows come from the selector

    @extend_schema(tags=TAGS, responses=ClinicianPatientSerializer(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.patient_list_for_clinician(clinician=request.user))
        return self.get_paginated_response(ClinicianPatientSerializer(page, many=True).data)

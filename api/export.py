"""`export/?format=json|csv|fhir`: everything the patient has, to keep or to take elsewhere."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from api.permissions import IsPatient
from api.phi import DownloadNegotiation, NoStoreMixin
from api.schema import ErrorResponseSerializer
from patientdata.formats import EXPORT_FORMATS, export_file


class ExportQuerySerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=list(EXPORT_FORMATS), required=False, default="json")


class ExportApi(NoStoreMixin, APIView):
    permission_classes = [IsPatient]
    content_negotiation_class = DownloadNegotiation  # `?format=` is ours, not DRF's renderer switch

    @extend_schema(
        tags=["export"],
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=list(EXPORT_FORMATS),
                description="json (default): the REST documents; csv: a ZIP of CSVs; fhir: an R4 Bundle.",
            )
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "application/zip"): OpenApiTypes.BINARY,
            (200, "application/fhir+json"): OpenApiTypes.OBJECT,
            400: OpenApiResponse(ErrorResponseSerializer, description="Unknown format."),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        # A plain dict: given a QueryDict, DRF reads `?format=` (empty) as "not given".
        query = ExportQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        name = query.validated_data["format"]
        body = export_file(patient=request.user, name=name)
        response = HttpResponse(body, content_type=EXPORT_FORMATS[name].media_type)
        filename = f"pain-diary-{timezone.localdate():%Y%m%d}.{EXPORT_FORMATS[name].extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

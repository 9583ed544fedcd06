"""`summaries/`: the patient's trend summaries: ask for one (202), read it, print it (PDF).

The serializers describe a summary and its `figures` (CONTRACT.md); the clinician's
summary endpoints (api.clinician_summaries) reuse them, the request throttle and the
documented error responses.
"""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from api.fields import BoundedDateField
from api.permissions import IsPatient
from api.phi import DownloadNegotiation, NoStoreMixin, pdf_response
from api.schema import ErrorResponseSerializer, choice_field
from api.throttling import UserRateThrottle
from care import report, selectors, services, tasks
from care.models import Summary, SummaryStatus

# --- serializers: what a summary looks like ----------------------------------------------


class SummaryDailySerializer(serializers.Serializer):
    date = serializers.DateField()
    pain = serializers.FloatField()
    mood = serializers.FloatField(allow_null=True)
    mme = serializers.FloatField(allow_null=True)


class SummaryAdministrationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    date = serializers.DateField()
    route = serializers.CharField()
    baseline = serializers.FloatField(allow_null=True)
    response = serializers.FloatField(allow_null=True)
    reduction_percent = serializers.FloatField(allow_null=True)
    category = serializers.CharField(
        allow_null=True, help_text="substantial, moderate, minimal, no meaningful change, worse"
    )
    responder = serializers.BooleanField(allow_null=True)
    relief_days = serializers.IntegerField(allow_null=True)
    relief_ongoing = serializers.BooleanField(allow_null=True)


class SummarySideEffectSerializer(serializers.Serializer):
    code = serializers.CharField()
    count = serializers.IntegerField()
    max_severity = serializers.IntegerField()
    within_2_days_of_administration = serializers.IntegerField()


class SummaryRedFlagSerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.CharField(help_text="side_effect or blood_pressure")
    code = serializers.CharField(allow_null=True)
    detail = serializers.CharField()


class SummaryWeeklyMmeSerializer(serializers.Serializer):
    week_start = serializers.DateField()
    mean_mme = serializers.FloatField(allow_null=True)


class SummaryPgicSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    label = serializers.CharField()


class SummaryFiguresSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    logged_days = serializers.IntegerField()
    adherence_percent = serializers.FloatField()
    pain_mean = serializers.FloatField(allow_null=True)
    daily = SummaryDailySerializer(many=True)
    administrations = SummaryAdministrationSerializer(many=True)
    side_effects = SummarySideEffectSerializer(many=True)
    red_flags = SummaryRedFlagSerializer(many=True)
    weekly_mme = SummaryWeeklyMmeSerializer(many=True)
    mood_pain_r = serializers.FloatField(allow_null=True)
    latest_pgic = SummaryPgicSerializer(allow_null=True)


@extend_schema_field(SummaryFiguresSerializer(allow_null=True))
class FiguresField(serializers.JSONField):
    """The stored figures, verbatim (diary.trends computed them); null until ready."""


class SummarySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = choice_field(SummaryStatus.choices, enum_id="summary-status")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    generated_at = serializers.DateTimeField(allow_null=True)
    figures = FiguresField(allow_null=True)
    created_at = serializers.DateTimeField()


class SummaryRequestSerializer(serializers.Serializer):
    period_start = BoundedDateField(required=False)
    period_end = BoundedDateField(
        required=False, help_text="On or after period_start, and at most 366 days after it."
    )


class SummaryAcceptedSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = choice_field(SummaryStatus.choices, enum_id="summary-accepted-status")


class SummaryRequestThrottle(UserRateThrottle):
    """Each request queues a computation: a patient or clinician may ask 60 times an hour.

    Only asking (POST) counts: reading the summaries of the same path is not limited by it.
    """

    scope = "summary_request"
    rate = "60/hour"

    def allow_request(self, request: Request, view) -> bool:
        return request.method != "POST" or super().allow_request(request, view)


error_responses = {
    404: OpenApiResponse(ErrorResponseSerializer, description="No such summary (or not yours)."),
}
pdf_responses = {
    (200, "application/pdf"): OpenApiTypes.BINARY,
    409: OpenApiResponse(ErrorResponseSerializer, description="The summary is not ready."),
    **error_responses,
}


# --- views: the patient's own summaries (never audited) -----------------------------------


class SummaryListApi(NoStoreMixin, GenericAPIView):
    """GET the patient's summaries (newest first); POST asks for one (default: last 30 days)."""

    permission_classes = [IsPatient]
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, SummaryRequestThrottle]
    serializer_class = SummarySerializer
    queryset = Summary.objects.none()  # for the schema: the rows come from the selector

    @extend_schema(tags=["summaries"], responses=SummarySerializer(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.summary_list(patient_id=request.user.pk))
        return self.get_paginated_response(SummarySerializer(page, many=True).data)

    @extend_schema(
        tags=["summaries"], request=SummaryRequestSerializer, responses={202: SummaryAcceptedSerializer}
    )
    def post(self, request: Request) -> Response:
        body = SummaryRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        start, end = services.summary_period_validate(
            patient=request.user,
            period_start=body.validated_data.get("period_start"),
            period_end=body.validated_data.get("period_end"),
        )
        summary = services.summary_request(
            patient=request.user, requested_by=request.user, period_start=start, period_end=end
        )
        tasks.compute_on_commit([str(summary.pk)])
        return Response(SummaryAcceptedSerializer(summary).data, status=status.HTTP_202_ACCEPTED)


class SummaryDetailApi(NoStoreMixin, GenericAPIView):
    """One of the patient's summaries: its status and, once ready, its figures."""

    permission_classes = [IsPatient]
    serializer_class = SummarySerializer

    @extend_schema(tags=["summaries"], responses={200: SummarySerializer, **error_responses})
    def get(self, request: Request, summary_id) -> Response:
        summary = selectors.summary_get(patient_id=request.user.pk, summary_id=summary_id)
        return Response(SummarySerializer(summary).data)


class SummaryPdfApi(NoStoreMixin, GenericAPIView):
    """One of the patient's summaries as a PDF, once ready (409 before)."""

    permission_classes = [IsPatient]
    content_negotiation_class = DownloadNegotiation

    @extend_schema(tags=["summaries"], responses=pdf_responses)
    def get(self, request: Request, summary_id) -> HttpResponse:
        summary = selectors.summary_get(patient_id=request.user.pk, summary_id=summary_id)
        return pdf_response(report.summary_pdf(summary=summary, patient=request.user))

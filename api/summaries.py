"""`summaries/`: the patient's trend summaries: ask for one (202), read it, print it (PDF).

The serializers describe a summary and its `figures` (CONTRACT.md); the clinician's
summary endpoints (api.clinician_summaries) reuse them and the `SummaryApi` base.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from api.permissions import IsPatient
from api.phi import DownloadNegotiation, NoStoreMixin
from api.records import ErrorResponseSerializer
from api.schema import choice_field
from api.throttling import UserRateThrottle
from care import report, selectors, services, tasks
from care.models import Share, Summary, SummaryStatus
from diary.fields import BoundedDateField

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
    """Each request queues a computation: a patient or clinician may ask 60 times an hour."""

    scope = "summary_request"
    rate = "60/hour"


error_responses = {
    404: OpenApiResponse(ErrorResponseSerializer, description="No such summary (or not yours)."),
}
pdf_responses = {
    (200, "application/pdf"): OpenApiTypes.BINARY,
    409: OpenApiResponse(ErrorResponseSerializer, description="The summary is not ready."),
    **error_responses,
}


# --- views ---------------------------------------------------------------------------------


class SummaryApi(NoStoreMixin, GenericAPIView):
    """Base of the patient's and the clinician's summary views: whose summaries, and the audit."""

    permission_classes = [IsPatient]
    serializer_class = SummarySerializer
    audit_action = ""

    def get_throttles(self):
        extra = [SummaryRequestThrottle()] if self.request.method == "POST" else []
        return [*super().get_throttles(), *extra]

    def owner(self, request: Request, **kwargs) -> tuple[User, Share | None]:
        """The patient whose summaries these are, and the share that lets a clinician in."""
        return request.user, None

    def audit(self, request: Request, share: Share | None) -> None:
        if share is not None and self.audit_action:
            services.access_log_write(
                clinician=request.user, share=share, action=self.audit_action, path=request.path
            )

    def get_queryset(self):
        return Summary.objects.none()  # for the schema; views use the selectors


class SummaryListBase(SummaryApi):
    def list(self, request: Request, **kwargs) -> Response:
        patient, share = self.owner(request, **kwargs)
        page = self.paginate_queryset(selectors.summary_list(patient_id=patient.pk))
        self.audit(request, share)
        return self.get_paginated_response(SummarySerializer(page, many=True).data)

    def request_summary(self, request: Request, **kwargs) -> Response:
        patient, share = self.owner(request, **kwargs)
        body = SummaryRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        start, end = services.summary_period_validate(
            patient=patient,
            period_start=body.validated_data.get("period_start"),
            period_end=body.validated_data.get("period_end"),
        )
        summary = tasks.summary_request(
            patient=patient, requested_by=request.user, period_start=start, period_end=end
        )
        self.audit(request, share)
        return Response({"id": summary.pk, "status": SummaryStatus.PENDING}, status=status.HTTP_202_ACCEPTED)


class SummaryListApi(SummaryListBase):
    """GET the patient's summaries (newest first); POST asks for one (default: last 30 days)."""

    @extend_schema(tags=["summaries"], responses=SummarySerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.list(request)

    @extend_schema(
        tags=["summaries"], request=SummaryRequestSerializer, responses={202: SummaryAcceptedSerializer}
    )
    def post(self, request: Request) -> Response:
        return self.request_summary(request)


class SummaryDetailBase(SummaryApi):
    def summary(self, request: Request, summary_id, **kwargs) -> tuple[User, Summary, Share | None]:
        patient, share = self.owner(request, **kwargs)
        return patient, selectors.summary_get(patient_id=patient.pk, summary_id=summary_id), share


class SummaryDetailApi(SummaryDetailBase):
    @extend_schema(tags=["summaries"], responses={200: SummarySerializer, **error_responses})
    def get(self, request: Request, summary_id) -> Response:
        _, summary, share = self.summary(request, summary_id)
        self.audit(request, share)
        return Response(SummarySerializer(summary).data)


class SummaryPdfBase(SummaryDetailBase):
    content_negotiation_class = DownloadNegotiation

    def pdf(self, request: Request, summary_id, **kwargs):
        patient, summary, share = self.summary(request, summary_id, **kwargs)
        response = report.summary_pdf_response(summary=summary, patient=patient, request=request._request)
        self.audit(request, share)
        return response


class SummaryPdfApi(SummaryPdfBase):
    @extend_schema(tags=["summaries"], responses=pdf_responses)
    def get(self, request: Request, summary_id):
        return self.pdf(request, summary_id)

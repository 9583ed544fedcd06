"""`clinician/patients/{patient_id}/summaries/`: a shared patient's summaries, for the clinician.

The same bodies as the patient's (api.summaries), read through care.clinician_reads: only
with an active share (else 404), and every read leaves its audit row there. A summary with
figures of an older version reads as pending and is recomputed, as for the patient.
"""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from api.permissions import IsClinician
from api.phi import DownloadNegotiation, NoStoreMixin, pdf_response
from api.summaries import (
    SummaryAcceptedSerializer,
    SummaryRequestSerializer,
    SummaryRequestThrottle,
    SummarySerializer,
    error_responses,
    pdf_responses,
)
from care import clinician_reads, services, tasks
from care.models import Summary

TAGS = ["clinician"]


class ClinicianSummaryListApi(NoStoreMixin, GenericAPIView):
    """GET a shared patient's summaries; POST asks for a fresh one (default: their last 30 days)."""

    permission_classes = [IsClinician]
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, SummaryRequestThrottle]
    serializer_class = SummarySerializer
    queryset = Summary.objects.none()  # for the schema: the rows come from the audited read

    @extend_schema(tags=TAGS, responses={200: SummarySerializer(many=True), **error_responses})
    def get(self, request: Request, patient_id) -> Response:
        summaries = clinician_reads.summary_list_for_clinician(
            clinician=request.user, patient_id=patient_id, path=request.path
        )
        page = self.paginate_queryset(summaries)
        tasks.summaries_recompute_outdated(page)
        return self.get_paginated_response(SummarySerializer(page, many=True).data)

    @extend_schema(
        tags=TAGS,
        request=SummaryRequestSerializer,
        responses={202: SummaryAcceptedSerializer, **error_responses},
    )
    def post(self, request: Request, patient_id) -> Response:
        body = SummaryRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        summary = services.summary_request_by_clinician(
            clinician=request.user,
            patient_id=patient_id,
            period_start=body.validated_data.get("period_start"),
            period_end=body.validated_data.get("period_end"),
            path=request.path,
        )
        tasks.compute_on_commit([str(summary.pk)])
        return Response(SummaryAcceptedSerializer(summary).data, status=status.HTTP_202_ACCEPTED)


class ClinicianSummaryDetailApi(NoStoreMixin, GenericAPIView):
    """One of a shared patient's summaries: its status and, once ready, its figures."""

    permission_classes = [IsClinician]
    serializer_class = SummarySerializer

    @extend_schema(tags=TAGS, responses={200: SummarySerializer, **error_responses})
    def get(self, request: Request, patient_id, summary_id) -> Response:
        summary = clinician_reads.summary_get_for_clinician(
            clinician=request.user, patient_id=patient_id, summary_id=summary_id, path=request.path
        )
        tasks.summaries_recompute_outdated([summary])
        return Response(SummarySerializer(summary).data)


class ClinicianSummaryPdfApi(NoStoreMixin, GenericAPIView):
    """One of a shared patient's summaries as a PDF, once ready (409 before)."""

    permission_classes = [IsClinician]
    content_negotiation_class = DownloadNegotiation

    @extend_schema(tags=TAGS, responses=pdf_responses)
    def get(self, request: Request, patient_id, summary_id) -> HttpResponse:
        pdf = clinician_reads.summary_pdf_for_clinician(
            clinician=request.user, patient_id=patient_id, summary_id=summary_id, path=request.path
        )
        return pdf_response(pdf)

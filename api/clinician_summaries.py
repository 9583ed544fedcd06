"""`clinician/patients/{patient_id}/summaries/`: a shared patient's summaries, for the clinician.

The same views as the patient's (api.summaries), reached through an active share (else
404) and written to the audit log on every read.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from api.permissions import IsClinician
from api.summaries import (
    SummaryAcceptedSerializer,
    SummaryDetailBase,
    SummaryListBase,
    SummaryPdfBase,
    SummaryRequestSerializer,
    SummarySerializer,
    error_responses,
    pdf_responses,
)
from care import selectors
from care.models import Share

TAGS = ["clinician"]


class ClinicianSummaryMixin:
    permission_classes = [IsClinician]

    def owner(self, request: Request, **kwargs) -> tuple[User, Share]:
        share = selectors.share_active_for(clinician=request.user, patient_id=kwargs["patient_id"])
        return share.patient, share


class ClinicianSummaryListApi(ClinicianSummaryMixin, SummaryListBase):
    """GET a shared patient's summaries; POST asks for a fresh one (default: their last 30 days)."""

    audit_action = "summary_list"

    @extend_schema(tags=TAGS, responses={200: SummarySerializer(many=True), **error_responses})
    def get(self, request: Request, patient_id) -> Response:
        return self.list(request, patient_id=patient_id)

    @extend_schema(
        tags=TAGS,
        request=SummaryRequestSerializer,
        responses={202: SummaryAcceptedSerializer, **error_responses},
    )
    def post(self, request: Request, patient_id) -> Response:
        self.audit_action = "summary_request"
        return self.request_summary(request, patient_id=patient_id)


class ClinicianSummaryDetailApi(ClinicianSummaryMixin, SummaryDetailBase):
    audit_action = "summary_read"

    @extend_schema(tags=TAGS, responses={200: SummarySerializer, **error_responses})
    def get(self, request: Request, patient_id, summary_id) -> Response:
        _, summary, share = self.summary(request, summary_id, patient_id=patient_id)
        self.audit(request, share)
        return Response(SummarySerializer(summary).data)


class ClinicianSummaryPdfApi(ClinicianSummaryMixin, SummaryPdfBase):
    audit_action = "summary_pdf"

    @extend_schema(tags=TAGS, responses=pdf_responses)
    def get(self, request: Request, patient_id, summary_id):
        return self.pdf(request, summary_id, patient_id=patient_id)

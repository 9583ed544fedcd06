"""`clinician/patients/{patient_id}/entries/` (and administrations/, medications/, episodes/,
assessments/).

Read-only lists of a shared patient's records, as the patient's own API shows them: only
through an active share (else 404) with scope `full` (else 403); every read is audited
(care.clinician_reads). One view, parametrised by the record kind and its filters.
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from api.filters import AdministrationFilter, EntryFilter
from api.permissions import IsClinician
from api.phi import NoStoreMixin
from api.record_serializers import SERIALIZERS
from api.schema import ErrorResponseSerializer
from care import clinician_reads
from diary.records import KINDS

errors = {
    403: OpenApiResponse(ErrorResponseSerializer, description="The share covers summaries only."),
    404: OpenApiResponse(ErrorResponseSerializer, description="No active share with this patient."),
}


def list_schema(serializer: type, resource: str):
    return extend_schema_view(
        get=extend_schema(
            tags=["clinician"],
            operation_id=f"clinician_{resource}_list",
            responses={200: serializer(many=True), **errors},
        )
    )


class ClinicianRecordListApi(NoStoreMixin, GenericAPIView):
    entity = ""  # the record kind (diary.records.KINDS), set by each subclass with its filters
    permission_classes = [IsClinician]
    filter_backends = [DjangoFilterBackend]

    def get_serializer_class(self):
        return SERIALIZERS[self.entity]

    def get_queryset(self):
        return KINDS[self.entity].model.objects.none()  # the real rows come through a share, in get()

    def get(self, request: Request, patient_id) -> Response:
        records = clinician_reads.records_for_clinician(
            clinician=request.user, patient_id=patient_id, entity=self.entity, path=request.path
        )
        page = self.paginate_queryset(self.filter_queryset(records))
        return self.get_paginated_response(self.get_serializer_class()(page, many=True).data)


@list_schema(SERIALIZERS["entry"], KINDS["entry"].plural)
class ClinicianEntryListApi(ClinicianRecordListApi):
    entity = "entry"
    filterset_class = EntryFilter


@list_schema(SERIALIZERS["administration"], KINDS["administration"].plural)
class ClinicianAdministrationListApi(ClinicianRecordListApi):
    entity = "administration"
    filterset_class = AdministrationFilter


@list_schema(SERIALIZERS["medication"], KINDS["medication"].plural)
class ClinicianMedicationListApi(ClinicianRecordListApi):
    entity = "medication"


@list_schema(SERIALIZERS["episode"], KINDS["episode"].plural)
class ClinicianEpisodeListApi(ClinicianRecordListApi):
    entity = "episode"


@list_schema(SERIALIZERS["assessment"], KINDS["assessment"].plural)
class ClinicianAssessmentListApi(ClinicianRecordListApi):
    entity = "assessment"

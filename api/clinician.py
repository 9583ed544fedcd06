"""`clinician/shares/` and `clinician/patients/`: what has been shared with the signed-in clinician.

Each patient of `clinician/patients/` carries the cohort dashboard's fields (care.dashboard,
patientdata.cohort; docs/portal.md), computed for the page's patients at once and audited as
`dashboard`, one AccessLog row per patient listed.
"""

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
from care.dashboard import ATTENTION_REASONS
from care.models import Scope, Share, ShareStatus
from diary import catalogue
from patientdata import cohort

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


def _category() -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=list(catalogue.CATEGORIES.items()), allow_null=True)


def _category_reason() -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=list(catalogue.CATEGORY_REASONS.items()), allow_null=True)


class DashboardAdherenceSerializer(serializers.Serializer):
    """Logged dates over the 14 days ending yesterday in the patient's time zone (figure 3)."""

    start = serializers.DateField(source="adherence_start")
    end = serializers.DateField(source="adherence_end")
    days = serializers.IntegerField(source="adherence_days")
    logged_days = serializers.IntegerField(source="adherence_logged")
    percent = serializers.FloatField(
        source="adherence_percent", help_text="logged_days / days × 100, 1 decimal."
    )


class DashboardOutcomeSerializer(serializers.Serializer):
    """The episode outcome (figure 11) of the patient's latest episode, from the latest summary."""

    episode_id = serializers.CharField()
    title = serializers.CharField()
    first_administration_date = serializers.DateField(allow_null=True)
    baseline = serializers.FloatField(allow_null=True, help_text="Pre-treatment baseline (figure 4).")
    baseline_days = serializers.IntegerField()
    current = serializers.FloatField(
        allow_null=True, help_text="Mean daily pain over the summary's last 7 days."
    )
    current_days = serializers.IntegerField()
    change = serializers.FloatField(allow_null=True)
    reduction_percent = serializers.FloatField(allow_null=True)
    category = _category()
    category_reason = _category_reason()


class DashboardLatestSerializer(serializers.Serializer):
    """The latest induction series or maintenance dose of the latest summary, with its category."""

    kind = choice_field(
        [("series", "Induction series"), ("maintenance", "Maintenance dose")], enum_id="dashboard-latest-kind"
    )
    date = serializers.DateField(help_text="The series' last date, or the dose's date.")
    response_complete = serializers.BooleanField()
    response_until = serializers.DateField(allow_null=True)
    category = _category()
    category_reason = _category_reason()


class DashboardSerializer(serializers.Serializer):
    """The cohort dashboard's fields of one patient (docs/portal.md)."""

    open_red_flags = serializers.IntegerField(help_text="The patient's red flags I have not acknowledged.")
    last_entry = serializers.DateField(allow_null=True, help_text="The newest diary date with an entry.")
    days_since_entry = serializers.IntegerField(
        allow_null=True, help_text="Days from last_entry to the patient's today; null: never logged."
    )
    adherence = DashboardAdherenceSerializer(source="*")
    figures_as_of = serializers.DateField(
        allow_null=True, help_text="as_of of the summary outcome and latest come from."
    )
    outcome = DashboardOutcomeSerializer(allow_null=True)
    latest = DashboardLatestSerializer(allow_null=True)
    next_checkin = serializers.DateTimeField(allow_null=True, help_text="The next timed check-in planned.")
    needs_attention = serializers.BooleanField()
    attention_reasons = serializers.ListField(
        child=choice_field(list(ATTENTION_REASONS.items()), enum_id="dashboard-attention-reason"),
        source="reasons",
    )


class ClinicianPatientSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()
    email = serializers.EmailField()
    timezone = serializers.CharField()
    share_id = serializers.UUIDField()
    scope = serializers.ChoiceField(choices=Scope.choices, source="share_scope")
    expires_on = serializers.DateField(allow_null=True, source="share_expires_on")
    accepted_at = serializers.DateTimeField(source="share_accepted_at")
    dashboard = DashboardSerializer()


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
    """Patients with an active, unexpired share to me (the widest share if several), each with
    the cohort dashboard's fields; reading them is audited."""

    permission_classes = [IsClinician]
    serializer_class = ClinicianPatientSerializer
    pagination_class = PatientPagination
    queryset = User.objects.none()  # for the schema: the rows come from the selector

    @extend_schema(tags=TAGS, responses=ClinicianPatientSerializer(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.patient_list_for_clinician(clinician=request.user))
        found = cohort.cohort_for_clinician(
            clinician=request.user, patients=page, path=request.get_full_path()
        )
        rows = {row.patient.pk: row for row in found.rows}
        for patient in page:
            patient.dashboard = rows[patient.pk]
        return self.get_paginated_response(ClinicianPatientSerializer(page, many=True).data)

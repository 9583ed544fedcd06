"""`/api/v1/`: patient resources, clinician resources, sync."""

from django.urls import path

from api import (
    clinician,
    clinician_records,
    clinician_red_flags,
    clinician_summaries,
    export,
    red_flags,
    reminders,
    shares,
    summaries,
)
from api.catalog import CatalogApi
from api.imports import ImportApi
from api.me import MeApi, SignOutEverywhereApi
from api.records import record_urls
from api.sync import PullApi, PushApi

app_name = "api"
urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
    path("me/sign-out-everywhere", SignOutEverywhereApi.as_view(), name="me-sign-out-everywhere"),
    path("catalog/", CatalogApi.as_view(), name="catalog"),
    *record_urls(),  # <plural>/ and <plural>/<id>/ of each record kind (diary.records.KINDS)
    path("sync/push", PushApi.as_view(), name="sync-push"),
    path("sync/pull", PullApi.as_view(), name="sync-pull"),
]

urlpatterns += [
    path("shares/", shares.ShareListApi.as_view(), name="share-list"),
    path("shares/<uuid:share_id>/revoke", shares.ShareRevokeApi.as_view(), name="share-revoke"),
    path("summaries/", summaries.SummaryListApi.as_view(), name="summary-list"),
    path("summaries/<uuid:summary_id>/", summaries.SummaryDetailApi.as_view(), name="summary-detail"),
    path("summaries/<uuid:summary_id>/pdf", summaries.SummaryPdfApi.as_view(), name="summary-pdf"),
    path("export/", export.ExportApi.as_view(), name="export"),
    path("import/", ImportApi.as_view(), name="import"),
    path("red-flags/", red_flags.RedFlagListApi.as_view(), name="red-flag-list"),
]

urlpatterns += [
    path("push/config", reminders.PushConfigApi.as_view(), name="push-config"),
    path("push-subscriptions/", reminders.PushSubscriptionListApi.as_view(), name="push-subscription-list"),
    path(
        "push-subscriptions/<uuid:subscription_id>/",
        reminders.PushSubscriptionDetailApi.as_view(),
        name="push-subscription-detail",
    ),
    path(
        "episodes/<uuid:record_id>/checkins/", reminders.EpisodeCheckinsApi.as_view(), name="episode-checkins"
    ),
]

CLINICIAN_PATIENT = "clinician/patients/<uuid:patient_id>/"
urlpatterns += [
    path("clinician/shares/", clinician.ClinicianShareListApi.as_view(), name="clinician-share-list"),
    path(
        "clinician/shares/<uuid:share_id>/accept",
        clinician.ClinicianShareAcceptApi.as_view(),
        name="clinician-share-accept",
    ),
    path("clinician/patients/", clinician.ClinicianPatientListApi.as_view(), name="clinician-patient-list"),
    path(
        "clinician/red-flags/",
        clinician_red_flags.ClinicianRedFlagListApi.as_view(),
        name="clinician-red-flags",
    ),
    path(
        "clinician/red-flags/<uuid:red_flag_id>/acknowledge",
        clinician_red_flags.ClinicianRedFlagAcknowledgeApi.as_view(),
        name="clinician-red-flag-acknowledge",
    ),
    path(
        f"{CLINICIAN_PATIENT}summaries/",
        clinician_summaries.ClinicianSummaryListApi.as_view(),
        name="clinician-summary-list",
    ),
    path(
        f"{CLINICIAN_PATIENT}summaries/<uuid:summary_id>/",
        clinician_summaries.ClinicianSummaryDetailApi.as_view(),
        name="clinician-summary-detail",
    ),
    path(
        f"{CLINICIAN_PATIENT}summaries/<uuid:summary_id>/pdf",
        clinician_summaries.ClinicianSummaryPdfApi.as_view(),
        name="clinician-summary-pdf",
    ),
    path(
        f"{CLINICIAN_PATIENT}entries/",
        clinician_records.ClinicianEntryListApi.as_view(),
        name="clinician-entries",
    ),
    path(
        f"{CLINICIAN_PATIENT}administrations/",
        clinician_records.ClinicianAdministrationListApi.as_view(),
        name="clinician-administrations",
    ),
    path(
        f"{CLINICIAN_PATIENT}medications/",
        clinician_records.ClinicianMedicationListApi.as_view(),
        name="clinician-medications",
    ),
    path(
        f"{CLINICIAN_PATIENT}episodes/",
        clinician_records.ClinicianEpisodeListApi.as_view(),
        name="clinician-episodes",
    ),
    path(
        f"{CLINICIAN_PATIENT}assessments/",
        clinician_records.ClinicianAssessmentListApi.as_view(),
        name="clinician-assessments",
    ),
]

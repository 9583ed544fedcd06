"""`/api/v1/`: patient resources, clinician resources, sync."""

from django.urls import path

from api import administrations, entries, episodes, medications
from api.catalog import CatalogApi
from api.me import MeApi
from api.sync import PullApi, PushApi

app_name = "api"
urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
    path("catalog/", CatalogApi.as_view(), name="catalog"),
    path("episodes/", episodes.EpisodeListApi.as_view(), name="episode-list"),
    path("episodes/<uuid:record_id>/", episodes.EpisodeDetailApi.as_view(), name="episode-detail"),
    path("administrations/", administrations.AdministrationListApi.as_view(), name="administration-list"),
    path(
        "administrations/<uuid:record_id>/",
        administrations.AdministrationDetailApi.as_view(),
        name="administration-detail",
    ),
    path("entries/", entries.EntryListApi.as_view(), name="entry-list"),
    path("entries/<uuid:record_id>/", entries.EntryDetailApi.as_view(), name="entry-detail"),
    path("medications/", medications.MedicationListApi.as_view(), name="medication-list"),
    path(
        "medications/<uuid:record_id>/", medications.MedicationDetailApi.as_view(), name="medication-detail"
    ),
    path("sync/push", PushApi.as_view(), name="sync-push"),
    path("sync/pull", PullApi.as_view(), name="sync-pull"),
]

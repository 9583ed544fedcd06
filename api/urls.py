"""`/api/v1/`: patient resources, clinician resources, sync."""

from django.urls import path

from api.me import MeApi

app_name = "api"
urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
]

"""The clinician portal (server-rendered pages)."""

from django.urls import path

from care import views

app_name = "care"
urlpatterns = [path("", views.home, name="home")]

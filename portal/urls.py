"""The clinician portal (server-rendered pages), under /care/."""

from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("shares/<uuid:share_id>/accept", views.accept, name="accept"),
    path("patients/<uuid:patient_id>/", views.patient, name="patient"),
    path("patients/<uuid:patient_id>/summaries/", views.request_summary, name="request-summary"),
    path("patients/<uuid:patient_id>/summaries/<uuid:summary_id>/pdf", views.summary_pdf, name="summary-pdf"),
]

"""The clinician portal (server-rendered pages), under /care/."""

from django.urls import path

from portal import notifications, triage, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("language", views.switch_language, name="language"),
    path("red-flags/", triage.queue, name="triage"),
    path("red-flags/acknowledged", triage.acknowledged, name="triage-acknowledged"),
    path("red-flags/<uuid:red_flag_id>/acknowledge", triage.acknowledge, name="triage-acknowledge"),
    path("notifications/subscribe", notifications.subscribe, name="notifications-subscribe"),
    path("notifications/unsubscribe", notifications.unsubscribe, name="notifications-unsubscribe"),
    path("sw.js", notifications.service_worker, name="service-worker"),
    path("shares/<uuid:share_id>/accept", views.accept, name="accept"),
    path("patients/<uuid:patient_id>/", views.patient, name="patient"),
    path("patients/<uuid:patient_id>/summaries/", views.request_summary, name="request-summary"),
    path("patients/<uuid:patient_id>/summaries/<uuid:summary_id>/pdf", views.summary_pdf, name="summary-pdf"),
]

"""Reminders in the admin: read-only, superusers only (like diary records).

When a patient gets check-ins says when they had treatment, so staff do not browse these;
a superuser may look at devices and deliveries to investigate "my reminder never came".
"""

from django.contrib import admin

from diary.admin import SuperuserReadOnlyAdmin
from reminders.models import Delivery, PushSubscription


@admin.register(PushSubscription)
class PushSubscriptionAdmin(SuperuserReadOnlyAdmin):
    list_display = ("id", "patient", "created_at", "last_success_at")
    fields = ("id", "patient", "user_agent", "created_at", "last_success_at")  # not the endpoint or keys
    readonly_fields = fields


@admin.register(Delivery)
class DeliveryAdmin(SuperuserReadOnlyAdmin):
    list_display = ("id", "patient", "kind", "due_at", "status", "status_code", "sent_at")
    list_filter = ("kind", "status")
    fields = ("patient", "subscription", "kind", "due_at", "status", "status_code", "created_at", "sent_at")
    readonly_fields = fields

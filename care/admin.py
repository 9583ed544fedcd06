"""The audit log of clinician reads, for superusers only and read-only.

Shares and summaries are not registered: admins manage accounts, they do not browse diaries.
"""

from django.contrib import admin

from care.models import AccessLog
from diary.admin import SuperuserReadOnlyAdmin


@admin.register(AccessLog)
class AccessLogAdmin(SuperuserReadOnlyAdmin):
    # patient_id, not patient: the audit outlives an erased patient (ids only, no account to show).
    list_display = ("at", "clinician_email", "patient_id", "action", "path")
    list_select_related = ()
    list_filter = ("action",)
    search_fields = ("clinician_email", "patient__email", "path")
    date_hierarchy = "at"
    fields = ("at", "clinician", "clinician_email", "patient_id", "share", "action", "path")
    readonly_fields = fields

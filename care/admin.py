"""The audit log of clinician reads, for superusers only and read-only.

Shares and summaries are not registered: admins manage accounts, they do not browse diaries.
"""

from django.contrib import admin

from care.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    # patient_id, not patient: the audit outlives an erased patient (ids only, no account to show).
    list_display = ("at", "clinician_email", "patient_id", "action", "path")
    list_filter = ("action",)
    search_fields = ("clinician_email", "patient__email", "path")
    date_hierarchy = "at"
    fields = ("at", "clinician", "clinician_email", "patient_id", "share", "action", "path")
    readonly_fields = fields

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

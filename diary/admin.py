"""Diary records in the admin: read-only, and only for superusers.

Admins manage accounts; they do not browse diaries. Superusers may inspect records (e.g. to
investigate a sync report) but cannot change them here, so every write still goes through
`diary.services` and bumps the patient's version counter.
"""

from django.contrib import admin

from diary.models import Administration, Conflict, Entry, Episode, MedicationIntake, Rejection


class SuperuserReadOnlyAdmin(admin.ModelAdmin):
    list_display = ("id", "patient", "version", "created_at", "deleted_at")
    list_select_related = ("patient",)

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


for model in (Episode, Administration, Entry, MedicationIntake, Conflict, Rejection):
    admin.site.register(model, SuperuserReadOnlyAdmin)

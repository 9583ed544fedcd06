"""Deleting an account in the admin is an erasure (decision 42), as the patient's own request.

The account admin is `accounts.admin.UserAdmin`; erasure spans every app, so the admin that
deletes through it is registered here, in its place.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet

from accounts import admin as accounts_admin
from accounts.models import User
from patientdata.erasure import user_erase

admin.site.unregister(User)


@admin.register(User)
class UserAdmin(accounts_admin.UserAdmin):
    def get_deleted_objects(self, objs, request):
        """The confirmation page names the accounts and counts their rows, never the diary's
        own items (titles, notes); erasure, not the admin's per-model permissions, removes them."""
        _, model_count, _, _ = super().get_deleted_objects(objs, request)
        return [str(user) for user in objs], model_count, set(), []

    def delete_model(self, request, obj: User) -> None:
        user_erase(user=obj)

    def delete_queryset(self, request, queryset: QuerySet[User]) -> None:
        for user in queryset:
            user_erase(user=user)

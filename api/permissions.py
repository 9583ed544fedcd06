"""Who may call what: patient paths are for patients, clinician paths for clinicians."""

from rest_framework.permissions import BasePermission


class IsPatient(BasePermission):
    message = "This path is for patient accounts."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_patient)


class IsClinician(BasePermission):
    message = "This path is for clinician accounts."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_clinician)

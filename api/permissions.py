"""Who may call what: patient paths are for patients, clinician paths for clinicians."""

from django.utils.translation import gettext_lazy
from rest_framework.permissions import BasePermission

from accounts.services import mfa_required_but_missing


class IsPatient(BasePermission):
    message = gettext_lazy("This path is for patient accounts.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_patient)


class IsClinician(BasePermission):
    """A clinician account; with REQUIRE_MFA_FOR_STAFF, one that has set up a second factor."""

    message = gettext_lazy("This path is for clinician accounts.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_clinician):
            return False
        if mfa_required_but_missing(user=user):
            self.message = gettext_lazy(
                "Set up two-factor authentication (/accounts/2fa/) to read patients' data."
            )
            self.code = "mfa_required"
            return False
        return True

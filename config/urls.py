"""Top-level URLs: the API, allauth (pages and headless), the clinician portal, the PWA."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config import health
from config.frontend import app_shell, service_worker

# The admin signs in through allauth's login page (rate-limited, MFA-aware, sessions tracked
# for sign-out everywhere) instead of its own form, which would skip all three.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("_allauth/", include("allauth.headless.urls")),
    path("api/v1/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from our static files, its start-up script at ?script= (the CSP allows no inline script)
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("care/", include("portal.urls")),
    path("sw.js", service_worker, name="service-worker"),
    path("", app_shell, name="app"),
]

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CareConfig(AppConfig):
    name = "care"
    verbose_name = gettext_lazy("Care team")

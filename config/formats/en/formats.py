"""English dates and numbers as this service showed them before it spoke other languages:
British (3 Nov 2026, 14:05), not Django's American defaults for "en"."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

"""Settings for the test suite: the normal settings with DJANGO_ENV=test.

The Celery folder is fixed here so a worker started by a test (same settings module)
reads the queue the test writes to.
"""

import os
from pathlib import Path

os.environ.setdefault("DJANGO_ENV", "test")
os.environ.setdefault(
    "CELERY_FILESYSTEM_DIR", str(Path(__file__).resolve().parent.parent / "var" / "celery-test")
)

from config.settings import *  # noqa: F403

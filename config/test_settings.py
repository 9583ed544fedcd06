"""Settings for the test suite: the normal settings with DJANGO_ENV=test.

The Celery folder is fixed here so a worker started by a test (same settings module and
environment) reads the queue the test writes to. It is one folder per DATABASE_URL, like the
default (config.broker_folder): a worker refuses a folder another database has claimed.
"""

import hashlib
import os
from pathlib import Path

os.environ.setdefault("DJANGO_ENV", "test")
os.environ.setdefault(
    "CELERY_FILESYSTEM_DIR",
    str(
        Path(__file__).resolve().parent.parent
        / "var"
        / "celery-test"
        / hashlib.sha256(os.environ.get("DATABASE_URL", "").encode()).hexdigest()[:12]
    ),
)

from config.settings import *  # noqa: F403

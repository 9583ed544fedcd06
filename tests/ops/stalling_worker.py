"""A Celery worker whose summary computations stall, to be killed mid-computation.

`python -m tests.ops.stalling_worker <worker options>` runs `celery -A config worker <worker
options>`, except that computing a summary's figures first creates the file named by
STALL_MARKER (the worker has read the summary and its rows) and then waits an hour.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import django


def main() -> None:
    django.setup()
    from celery.__main__ import main as celery

    from care import services

    marker = Path(os.environ["STALL_MARKER"])

    def stalled(**_rows) -> dict:
        marker.write_text(str(os.getpid()))
        time.sleep(3600)
        raise RuntimeError("this worker was to be killed long ago")

    services.compute_figures = stalled  # inherited by the pool's forked children
    sys.argv = ["celery", "-A", "config", "worker", *sys.argv[1:]]
    celery()


if __name__ == "__main__":
    main()

"""Summaries stored before figures version 2 are computed again (CONTRACT.md: a client never
meets a half-converted shape).

Every `ready` summary whose figures are not version 2, and every `pending` one (an older worker
may be computing it), goes back to pending under a new request: figures cleared, asked for
now, not yet sent (`queued_at` null), `request_seq` bumped so that a computation started before
the upgrade cannot store its older figures. The sweep (care.tasks.summaries_sweep) sends them,
at most 1000 a minute. `failed` summaries have no figures and stay failed (docs/tasks.md).
"""

from django.db import migrations, models
from django.utils import timezone

VERSION = 2  # diary.trends.FIGURES_VERSION when this migration was written


def recompute_older_figures(apps, schema_editor):
    Summary = apps.get_model("care", "Summary")
    current = Summary.objects.filter(status="ready", figures__figures_version=VERSION)
    Summary.objects.filter(status__in=["ready", "pending"]).exclude(pk__in=current.values("pk")).update(
        status="pending",
        figures=None,
        generated_at=None,
        error="",
        in_progress=False,
        requested_at=timezone.now(),
        queued_at=None,
        request_seq=models.F("request_seq") + 1,
    )


class Migration(migrations.Migration):
    dependencies = [("care", "0005_summary_in_progress")]

    operations = [migrations.RunPython(recompute_older_figures, migrations.RunPython.noop)]

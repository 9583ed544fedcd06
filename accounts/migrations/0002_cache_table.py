"""Create the database cache table when the cache is the database (the embedded default).

allauth's rate limits and DRF's throttles need a cache shared by every process; with no
Redis that is Django's DatabaseCache, so `migrate` alone leaves the site ready.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]

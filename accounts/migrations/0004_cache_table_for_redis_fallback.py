"""Create the database cache table where 0002 skipped it because the cache was Redis.

With REDIS_URL set the cache falls back to this table while Redis is down (config.cache), so
every deployment needs it. `createcachetable` leaves an existing table alone.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    call_command("createcachetable", "cache", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_clinician_verified_session_salt")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]

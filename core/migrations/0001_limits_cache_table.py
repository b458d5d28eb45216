"""The database cache table of the former "limits" store, so that `migrate` was all a deploy ran.

Rate-limit counters have since moved to core.models.RateCounter and 0005 drops the table; with no
database cache in the settings, createcachetable here creates nothing on a new database.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # createcachetable skips tables that exist, so running it again is harmless.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=False)]

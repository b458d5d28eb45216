"""The former "limits" database cache table: its counters are rows of core_ratecounter now (0004)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0004_rate_counter")]

    operations = [migrations.RunSQL("DROP TABLE IF EXISTS kaiqu_limits", migrations.RunSQL.noop)]

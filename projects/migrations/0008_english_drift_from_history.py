"""Which English fields are out of date, from the edit history (issue 13, core.i18n).

A row's English is out of date when its Chinese changed in a later history record than its English
did, and the English is not empty. The pairs are frozen here as they were when this was written.
"""

from django.db import migrations

from core.i18n import english_drift_from_history

PAIRS = {"Project": ("name", "investor", "summary")}


def forwards(apps, schema_editor):
    english_drift_from_history(apps, "projects", PAIRS)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0007_english_out_of_date"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""The open data's daily job for the django-q2 worker: the datasets' change log (api/changes.py),
at 02:30 local time, after the night's imports and before anyone reads the morning's catalogue."""

import datetime

from django.db import migrations
from django.utils import timezone

NAME = "open data: record the datasets' changes"
AT = datetime.time(2, 30)


def create_schedule(apps, schema_editor):
    now = timezone.localtime()
    next_run = now.replace(hour=AT.hour, minute=AT.minute, second=0, microsecond=0)
    if next_run <= now:
        next_run += datetime.timedelta(days=1)
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=NAME,
        defaults={"func": "api.jobs.record_dataset_changes", "schedule_type": "D", "next_run": next_run},
    )


def delete_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0003_change_log"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]

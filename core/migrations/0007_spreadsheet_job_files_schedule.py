"""The daily job that deletes spreadsheet job files older than SPREADSHEET_JOB_FILES_DAYS (core.spreadsheets.jobs)."""

import datetime

from django.db import migrations
from django.utils import timezone

NAME = "spreadsheets: delete old job files"
FUNC = "core.spreadsheets.jobs.job_files_delete_expired"


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    now = timezone.localtime()
    next_run = now.replace(hour=3, minute=30, second=0, microsecond=0)
    if next_run <= now:
        next_run += datetime.timedelta(days=1)
    Schedule.objects.update_or_create(name=NAME, defaults={"func": FUNC, "schedule_type": "D", "next_run": next_run})


def delete_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_spreadsheetjob_retention"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]

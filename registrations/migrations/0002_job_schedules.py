"""The registrations' scheduled jobs for the django-q2 worker; staff can see and change them in the admin."""

import datetime

from django.db import migrations
from django.utils import timezone

# name, function, schedule type, minutes, first run (local time, or now)
SCHEDULES = [
    ("registrations: deliver due mail", "registrations.jobs.deliver_due_mail", "I", 1, None),
    (
        "registrations: anonymise old registrations",
        "registrations.jobs.anonymise_old_registrations",
        "D",
        None,
        datetime.time(3, 10),
    ),
]


def create_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    now = timezone.localtime()
    for name, func, schedule_type, minutes, at in SCHEDULES:
        next_run = now
        if at is not None:
            next_run = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
            if next_run <= now:
                next_run += datetime.timedelta(days=1)
        Schedule.objects.update_or_create(
            name=name,
            defaults={"func": func, "schedule_type": schedule_type, "minutes": minutes, "next_run": next_run},
        )


def delete_schedules(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name__in=[name for name, *_rest in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedules, delete_schedules)]

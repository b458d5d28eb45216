"""News' scheduled job for the django-q2 worker: publish what a reviewer scheduled, once its time comes."""

from django.db import migrations
from django.utils import timezone

NAME = "news: publish scheduled items"


def create_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=NAME,
        defaults={"func": "news.jobs.publish_due_news", "schedule_type": "I", "minutes": 1, "next_run": timezone.now()},
    )


def delete_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]

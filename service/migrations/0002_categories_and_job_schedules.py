"""The request categories of the 钱小二 desk (times staff may change in the admin) and the desk's scheduled jobs.

The resolve times are starting values for staff to set, not figures from the report.
"""

import datetime

from django.db import migrations
from django.utils import timezone

# slug, name, English name, working days to resolve
CATEGORIES = [
    ("space", "厂房与载体", "Space and factories", 10),
    ("hiring", "用工人才", "Hiring and talent", 10),
    ("permits", "审批证照", "Permits and approvals", 5),
    ("policy", "政策兑现", "Policy redemption", 10),
    ("utilities", "水电气", "Water, power and gas", 5),
    ("finance", "融资", "Finance", 15),
    ("logistics", "物流与交通", "Logistics and transport", 10),
    ("other", "其他", "Other", 10),
]
SCHEDULES = [
    ("service: deliver due mail", "service.jobs.deliver_due_mail", "I", 1, None),
    ("service: anonymise old requests", "service.jobs.anonymise_old_requests", "D", None, datetime.time(3, 10)),
]


def create(apps, schema_editor):
    ServiceCategory = apps.get_model("service", "ServiceCategory")
    for order, (slug, name, name_en, days) in enumerate(CATEGORIES):
        ServiceCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "resolve_working_days": days, "order": order}
        )
    create_schedules(apps, schema_editor)


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


def delete(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("service", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create, delete)]

"""Create the efficiency officer group (亩均评价专员): imports firms' yearly figures, runs the 亩均
evaluation and handles objections; its rights come from the efficiency app's role grants."""

from django.db import migrations

EFFICIENCY_OFFICER = "亩均评价专员"


def create(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=EFFICIENCY_OFFICER)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EFFICIENCY_OFFICER).delete()


class Migration(migrations.Migration):
    dependencies = [("staff", "0010_reviewer_role")]

    operations = [migrations.RunPython(create, remove)]

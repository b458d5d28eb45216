"""Create the reviewer group (审核): publishes what editors write; its rights come from news' role grants."""

from django.db import migrations

REVIEWER = "审核"


def create(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=REVIEWER)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=REVIEWER).delete()


class Migration(migrations.Migration):
    dependencies = [("staff", "0009_officer_zones_move_to_zones")]

    operations = [migrations.RunPython(create, remove)]

"""Create the four staff groups.

This migration used to grant every app's permissions as well. Since issue 23 each app grants its own
models' permissions in its own `00NN_role_grants` migration (core/grants.py), which sets the end state
on databases where this migration already ran, so here only the groups are made: a fresh database no
longer needs the other apps migrated before `staff`, and this floor names none of the apps above it.
"""

from django.db import migrations

CONTENT_EDITOR = "内容编辑"
INVESTMENT_OFFICER = "招商专员"
GRID_OFFICER = "网格服务专员"
ADMINISTRATOR = "系统管理员"
ROLES = (CONTENT_EDITOR, INVESTMENT_OFFICER, GRID_OFFICER, ADMINISTRATOR)


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

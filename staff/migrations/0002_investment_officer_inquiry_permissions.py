"""Give investment officers (and administrators) the permissions of the inquiries models added after 0001_roles.

0001_roles is already applied on some databases, so it is not edited; this migration runs after
the inquiries app's latest migration and adds every inquiries permission that is missing.
"""

from django.db import migrations

INVESTMENT_OFFICER = "招商专员"
ADMINISTRATOR = "系统管理员"


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=INVESTMENT_OFFICER)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="inquiries"))
    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.set(Permission.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0001_roles"),
        ("inquiries", "0003_reference_sequence_outbox_stage_reason"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

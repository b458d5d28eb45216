"""Create the 钱小二 service desk group (钱小二服务台).

Its rights, and the grid officers', on service requests used to be granted here; since issue 23 each
app grants its own models' permissions in its `*_role_grants` migration (service, spaces, staff's
0008_role_grants), so here only the group is made.
"""

from django.db import migrations

SERVICE_DESK = "钱小二服务台"


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=SERVICE_DESK)


class Migration(migrations.Migration):
    dependencies = [("staff", "0004_space_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

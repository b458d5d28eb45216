"""Once set rights as docs/roles.md states them (policies for every role, no deleting inquiries for officers).

Now a no-op: each app grants its own permissions in its `*_role_grants` migration (policies and
inquiries; issue 23). Kept so that databases where it ran keep a consistent history.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("staff", "0006_officer_profile_grids")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]

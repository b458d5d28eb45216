"""Once granted rights on the space register and on officers' public profiles.

Now a no-op: each app grants its own permissions in its `*_role_grants` migration (spaces, inquiries
and staff's own 0008_role_grants; issue 23). Kept so that databases where it ran keep a consistent
history.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("staff", "0003_officer_profile")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]

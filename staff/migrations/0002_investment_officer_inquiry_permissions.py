"""Once gave investment officers (and administrators) the inquiries permissions added after 0001_roles.

Now a no-op: the inquiries app grants its own permissions (inquiries/migrations/*_role_grants.py,
issue 23). Kept so that databases where it ran keep a consistent history.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("staff", "0001_roles")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]

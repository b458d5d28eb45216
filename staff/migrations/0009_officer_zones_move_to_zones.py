"""An officer's zones are the zones app's business now (zones.Zone.officer_profiles): the field leaves
staff's state only; the table stays, and zones' migration 0005 takes it over as it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0008_role_grants"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="officerprofile", name="zones")],
            database_operations=[],
        ),
    ]

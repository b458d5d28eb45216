"""Zone.officer_profiles: the zones an officer looks after, the table staff's migration 0003 made
(staff_officerprofile_zones, columns officerprofile_id and zone_id), taken over without a copy."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0009_officer_zones_move_to_zones"),
        ("zones", "0004_role_grants"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="zone",
                    name="officer_profiles",
                    field=models.ManyToManyField(
                        blank=True,
                        db_table="staff_officerprofile_zones",
                        related_name="zones",
                        to="staff.officerprofile",
                        verbose_name="officers looking after it",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]

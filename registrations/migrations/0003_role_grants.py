"""The role groups' rights on event registrations, as docs/roles.md states them (core/grants.py).

Content editors run the events: they see the registrations (with the registrants' contacts, which
running an event needs), cancel or move them up through the admin's actions, and export the list.
The administrator holds everything; the officers, the desk and the reviewer (审核), who publishes
what editors write, need no registrant's personal data.
"""

from django.db import migrations

from core.grants import EVERY, set_app_grants

CONTENT_EDITOR = "内容编辑"
REVIEWER = "审核"
INVESTMENT_OFFICER = "招商专员"
GRID_OFFICER = "网格服务专员"
SERVICE_DESK = "钱小二服务台"
ADMINISTRATOR = "系统管理员"

GRANTS = {
    CONTENT_EDITOR: {"registration": ["change_registration", "export_registration", "view_registration"]},
    REVIEWER: {},
    INVESTMENT_OFFICER: {},
    GRID_OFFICER: {},
    SERVICE_DESK: {},
    ADMINISTRATOR: EVERY,
}


def grant(apps, schema_editor):
    set_app_grants(apps, "registrations", GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("registrations", "0002_job_schedules"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

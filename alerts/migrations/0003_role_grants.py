"""The role groups' rights on e-mail alerts, as docs/roles.md states them (core/grants.py).

Subscribers' addresses are seen by administrators only; no other role holds any right here.
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
    CONTENT_EDITOR: {},
    REVIEWER: {},
    INVESTMENT_OFFICER: {},
    GRID_OFFICER: {},
    SERVICE_DESK: {},
    ADMINISTRATOR: EVERY,
}


def grant(apps, schema_editor):
    set_app_grants(apps, "alerts", GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("alerts", "0002_job_schedules"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

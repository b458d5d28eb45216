"""The role groups' rights on news items, as docs/roles.md states them (core/grants.py).

Editors write and submit; the reviewer (审核) publishes others' items (`publish_newsitem`) and may
correct them; the other roles read.
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
    CONTENT_EDITOR: {"newsitem": ["add_newsitem", "change_newsitem", "delete_newsitem", "view_newsitem"]},
    REVIEWER: {"newsitem": ["change_newsitem", "view_newsitem", "publish_newsitem"]},
    INVESTMENT_OFFICER: {"newsitem": ["view_newsitem"]},
    GRID_OFFICER: {"newsitem": ["view_newsitem"]},
    SERVICE_DESK: {"newsitem": ["view_newsitem"]},
    ADMINISTRATOR: EVERY,
}


def grant(apps, schema_editor):
    set_app_grants(apps, "news", GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0002_job_schedules"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

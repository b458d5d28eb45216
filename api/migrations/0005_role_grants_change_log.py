"""The role groups' rights on the api app's models again, now that the datasets' change log has
tables (0003_change_log): the administrator holds every right on them, no other role any (the log
holds counts only and no one edits it; the daily job writes it)."""

from django.db import migrations

from core.grants import EVERY, set_app_grants

CONTENT_EDITOR = "内容编辑"
INVESTMENT_OFFICER = "招商专员"
GRID_OFFICER = "网格服务专员"
SERVICE_DESK = "钱小二服务台"
ADMINISTRATOR = "系统管理员"

GRANTS = {
    CONTENT_EDITOR: {},
    INVESTMENT_OFFICER: {},
    GRID_OFFICER: {},
    SERVICE_DESK: {},
    ADMINISTRATOR: EVERY,
}


def grant(apps, schema_editor):
    set_app_grants(apps, "api", GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("api", "0004_change_log_schedule"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

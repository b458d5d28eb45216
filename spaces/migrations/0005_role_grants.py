"""The role groups' rights on the spaces app's models, as docs/roles.md states them (issue 23).

Each app grants its own models' permissions (core/grants.py): the table is frozen here, and
`set_app_grants` makes each group hold exactly these of the app's permissions, whichever order the
apps migrate in. A later change of rights is a new migration that calls it again.
"""

from django.db import migrations

from core.grants import EVERY, set_app_grants

CONTENT_EDITOR = "内容编辑"
INVESTMENT_OFFICER = "招商专员"
GRID_OFFICER = "网格服务专员"
SERVICE_DESK = "钱小二服务台"
ADMINISTRATOR = "系统管理员"

GRANTS = {
    CONTENT_EDITOR: {
        "space": ["add_space", "change_space", "delete_space", "view_space"],
        "spaceimage": ["add_spaceimage", "change_spaceimage", "delete_spaceimage", "view_spaceimage"],
        "spacestatuslog": ["view_spacestatuslog"],
    },
    INVESTMENT_OFFICER: {
        "space": ["propose_space", "view_space"],
        "spaceimage": ["view_spaceimage"],
        "spacestatuslog": ["view_spacestatuslog"],
    },
    GRID_OFFICER: {
        "space": ["view_space"],
    },
    SERVICE_DESK: {
        "space": ["view_space"],
    },
    ADMINISTRATOR: EVERY,
}


def grant(apps, schema_editor):
    set_app_grants(apps, "spaces", GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("spaces", "0004_english_drift_from_history"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

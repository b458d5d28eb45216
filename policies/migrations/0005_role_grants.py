"""The role groups' rights on the policies app's models, as docs/roles.md states them (issue 23).

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
        "condition": ["add_condition", "change_condition", "delete_condition", "view_condition"],
        "measure": ["add_measure", "change_measure", "delete_measure", "view_measure"],
        "policy": ["add_policy", "change_policy", "delete_policy", "view_policy"],
        "policyattachment": ["add_policyattachment", "change_policyattachment", "delete_policyattachment", "view_policyattachment"],
        "theme": ["add_theme", "change_theme", "delete_theme", "view_theme"],
    },
    INVESTMENT_OFFICER: {
        "measure": ["view_measure"],
        "policy": ["view_policy"],
        "theme": ["view_theme"],
    },
    GRID_OFFICER: {
        "measure": ["view_measure"],
        "policy": ["view_policy"],
        "theme": ["view_theme"],
    },
    SERVICE_DESK: {
        "measure": ["view_measure"],
        "policy": ["view_policy"],
        "theme": ["view_theme"],
    },
    ADMINISTRATOR: EVERY,
}


def grant(apps, schema_editor):
    set_app_grants(apps, "policies", GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("policies", "0004_english_drift_from_history"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

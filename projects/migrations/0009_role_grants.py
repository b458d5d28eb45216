"""The role groups' rights on the projects app's models, as docs/roles.md states them (issue 23).

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
        "project": ["add_project", "change_project", "delete_project", "view_project"],
        "projectimage": ["add_projectimage", "change_projectimage", "delete_projectimage", "view_projectimage"],
        "projectstagelog": ["view_projectstagelog"],
    },
    INVESTMENT_OFFICER: {
        "project": ["view_project"],
        "projectimage": ["view_projectimage"],
        "projectstagelog": ["view_projectstagelog"],
    },
    GRID_OFFICER: {},
    SERVICE_DESK: {},
    ADMINISTRATOR: EVERY,
}


def grant(apps, schema_editor):
    set_app_grants(apps, "projects", GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("projects", "0008_english_drift_from_history"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

"""The role groups' rights on the portal app's models, with the officers named on /contact/ (issue 24).

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
        "indicator": ["add_indicator", "change_indicator", "delete_indicator", "view_indicator"],
        "pageblock": ["add_pageblock", "change_pageblock", "delete_pageblock", "view_pageblock"],
        "sitesettings": ["add_sitesettings", "change_sitesettings", "view_sitesettings"],
        "industryofficer": [
            "add_industryofficer",
            "change_industryofficer",
            "delete_industryofficer",
            "view_industryofficer",
        ],
    },
    INVESTMENT_OFFICER: {},
    GRID_OFFICER: {},
    SERVICE_DESK: {},
    ADMINISTRATOR: EVERY,
}


def grant(apps, schema_editor):
    set_app_grants(apps, "portal", GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0006_site_contact"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

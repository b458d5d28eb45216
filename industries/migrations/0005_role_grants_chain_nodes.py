"""The role groups' rights on chain links (issue 28), as docs/roles.md states them (core/grants.py).

Content editors keep the chains and the investment targets; officers and the service desk read them;
the administrator holds everything. The industries' own rows are restated unchanged.
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
        "industry": ["add_industry", "change_industry", "delete_industry", "view_industry"],
        "chainnode": ["add_chainnode", "change_chainnode", "delete_chainnode", "view_chainnode"],
    },
    INVESTMENT_OFFICER: {"industry": ["view_industry"], "chainnode": ["view_chainnode"]},
    GRID_OFFICER: {"industry": ["view_industry"], "chainnode": ["view_chainnode"]},
    SERVICE_DESK: {},
    ADMINISTRATOR: EVERY,
}


def grant(apps, schema_editor):
    set_app_grants(apps, "industries", GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("industries", "0004_chain_nodes"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

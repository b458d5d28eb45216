"""The role groups' rights on the 亩均 evaluation, as docs/roles.md states them (core/grants.py).

A firm's tax, energy and emission figures are confidential: the efficiency officer (亩均评价专员)
and the administrator are the only roles that see firm-years, results or objections. The officer
writes the rules and the figures (and imports them), runs the evaluation, puts it on notice and
finalises it, and works the objections; objections arrive through the public form and their log and
mail are written by the services, so the officer adds none and changes only the case itself.
Every other role holds nothing here.
"""

from django.db import migrations

from core.grants import EVERY, set_app_grants

CONTENT_EDITOR = "内容编辑"
REVIEWER = "审核"
INVESTMENT_OFFICER = "招商专员"
GRID_OFFICER = "网格服务专员"
SERVICE_DESK = "钱小二服务台"
EFFICIENCY_OFFICER = "亩均评价专员"
ADMINISTRATOR = "系统管理员"

CRUD = ("add", "change", "delete", "view")

GRANTS = {
    CONTENT_EDITOR: {},
    REVIEWER: {},
    INVESTMENT_OFFICER: {},
    GRID_OFFICER: {},
    SERVICE_DESK: {},
    EFFICIENCY_OFFICER: {
        **{
            model: [f"{action}_{model}" for action in CRUD]
            for model in ("ruleset", "rulegroup", "indicator", "classcutoff", "exemption")
        },
        "firmyear": [*(f"{action}_firmyear" for action in CRUD), "import_firmyear"],
        "resultset": ["add_resultset", "change_resultset", "view_resultset", "run_resultset", "publish_resultset"],
        "result": ["view_result"],
        "objection": ["change_objection", "view_objection"],
        "objectionnote": ["add_objectionnote", "view_objectionnote"],
        "objectionstatuslog": ["view_objectionstatuslog"],
        "objectionmail": ["view_objectionmail"],
    },
    ADMINISTRATOR: EVERY,
}


def grant(apps, schema_editor):
    set_app_grants(apps, "efficiency", GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("efficiency", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

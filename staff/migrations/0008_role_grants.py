"""The role groups' rights on the staff app's models, as docs/roles.md states them (issue 23).

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
        "officerprofile": ["view_officerprofile"],
    },
    INVESTMENT_OFFICER: {
        "officerprofile": ["add_officerprofile", "change_officerprofile", "view_officerprofile"],
    },
    GRID_OFFICER: {
        "officerprofile": ["add_officerprofile", "change_officerprofile", "view_officerprofile"],
    },
    SERVICE_DESK: {
        "officerprofile": ["add_officerprofile", "change_officerprofile", "view_officerprofile"],
    },
    ADMINISTRATOR: EVERY,
}

# The libraries' models (accounts and groups, admin log, sessions, lock-outs, jobs): administrators only.
LIBRARY_APPS = ("admin", "auth", "contenttypes", "sessions", "axes", "django_q")


def grant(apps, schema_editor):
    set_app_grants(apps, "staff", GRANTS)
    for app_label in LIBRARY_APPS:
        set_app_grants(apps, app_label, {ADMINISTRATOR: EVERY})


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("staff", "0007_policies_and_inquiry_rights"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("sessions", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

"""The role groups' rights on the inquiries app's models, as docs/roles.md states them (issue 23).

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
    CONTENT_EDITOR: {},
    INVESTMENT_OFFICER: {
        "historicalinquiry": ["add_historicalinquiry", "change_historicalinquiry", "delete_historicalinquiry", "view_historicalinquiry"],
        "inquiry": ["change_inquiry", "export_inquiry", "view_inquiry", "view_inquiry_personal_data"],
        "inquirynote": ["add_inquirynote", "change_inquirynote", "delete_inquirynote", "view_inquirynote"],
        "inquirynotice": ["add_inquirynotice", "change_inquirynotice", "delete_inquirynotice", "view_inquirynotice"],
        "inquiryreferencesequence": ["add_inquiryreferencesequence", "change_inquiryreferencesequence", "delete_inquiryreferencesequence", "view_inquiryreferencesequence"],
        "inquirystagelog": ["add_inquirystagelog", "change_inquirystagelog", "delete_inquirystagelog", "view_inquirystagelog"],
        "outboxmail": ["add_outboxmail", "change_outboxmail", "delete_outboxmail", "view_outboxmail"],
        "spaceproposal": ["add_spaceproposal", "change_spaceproposal", "delete_spaceproposal", "view_spaceproposal"],
    },
    GRID_OFFICER: {},
    SERVICE_DESK: {},
    ADMINISTRATOR: EVERY,
}


def grant(apps, schema_editor):
    set_app_grants(apps, "inquiries", GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("inquiries", "0008_staff_notices"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

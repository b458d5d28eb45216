"""The role groups' rights on the portal app's models, with a news item's links to the directories (issue 27).

Editors link what they write; the reviewer (审核) may correct the links of an item they review, as
they may correct the item; the roles that read news read its links. The rest is 0007's table again:
`set_app_grants` makes each group hold exactly these of the app's permissions.
"""

from django.db import migrations

from core.grants import EVERY, set_app_grants

CONTENT_EDITOR = "内容编辑"
REVIEWER = "审核"
INVESTMENT_OFFICER = "招商专员"
GRID_OFFICER = "网格服务专员"
SERVICE_DESK = "钱小二服务台"
ADMINISTRATOR = "系统管理员"

NEWS_LINK_ALL = ["add_newslink", "change_newslink", "delete_newslink", "view_newslink"]

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
        "newslink": NEWS_LINK_ALL,
    },
    REVIEWER: {"newslink": NEWS_LINK_ALL},
    INVESTMENT_OFFICER: {"newslink": ["view_newslink"]},
    GRID_OFFICER: {"newslink": ["view_newslink"]},
    SERVICE_DESK: {"newslink": ["view_newslink"]},
    ADMINISTRATOR: EVERY,
}


def grant(apps, schema_editor):
    set_app_grants(apps, "portal", GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0009_news_links"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

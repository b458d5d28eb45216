"""A fresh database gets the role grants docs/roles.md states, whichever order the apps migrate in (issue 23).

Each app grants its own models' permissions in its own data migration (core/grants.py), so `staff` —
a low floor — names none of the apps above it, and an app that migrates before or after `staff` ends
the same. Two fresh SQLite databases are built by `manage.py migrate` in subprocesses, as a deployment
builds one: `staff` first, then the rest; `policies`, `service` and `spaces` first, then the rest.
Each group's permissions are compared with what the table implies; the table is read with the role
matrix's own parser.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from tests.staff.test_role_matrix import NO_ROLE, ROLES, TABLE_ROWS

ADMINISTRATOR = "系统管理员"
CODENAME = {"v": "view", "a": "add", "c": "change", "d": "delete"}  # h r e i: no permission of their own
# Cells whose letters hold without a permission: a spreadsheet job is its owner's (the admin's own rule).
NO_PERMISSION = {"core.spreadsheetjob"}
# Permissions a role holds beyond the letters' view/add/change/delete, keyed by the table's model:
# custom permissions the admins ask for, and the rows of the models shown inside it (inlines, logs)
# or behind it (history, notices, outbox), which the table does not list.
CRUD = ("add", "change", "delete", "view")
EXTRAS = {
    "projects.project": {
        "内容编辑": {*(f"projects.{a}_projectimage" for a in CRUD), "projects.view_projectstagelog"},
        "招商专员": {"projects.view_projectimage", "projects.view_projectstagelog"},
    },
    "enterprises.enterprise": {
        "内容编辑": {f"enterprises.{a}_recognition" for a in CRUD},
        "招商专员": {"enterprises.view_recognition"},
        "网格服务专员": {"enterprises.view_recognition"},
    },
    "policies.policy": {
        "内容编辑": {*(f"policies.{a}_policyattachment" for a in CRUD), *(f"policies.{a}_condition" for a in CRUD)},
    },
    "spaces.space": {
        "内容编辑": {*(f"spaces.{a}_spaceimage" for a in CRUD), "spaces.view_spacestatuslog"},
        # propose_space: offering a space to an inquiry (inquiries' space proposals).
        "招商专员": {"spaces.propose_space", "spaces.view_spaceimage", "spaces.view_spacestatuslog"},
    },
    "inquiries.inquiry": {
        # export_inquiry: the inquiries' export (not view/change, as other models' exports);
        # view_inquiry_personal_data: the inquirer's name and contacts. And every other inquiries model.
        "招商专员": {
            "inquiries.export_inquiry",
            "inquiries.view_inquiry_personal_data",
            *(
                f"inquiries.{a}_{model}"
                for a in CRUD
                for model in (
                    "historicalinquiry",
                    "inquirynote",
                    "inquirynotice",
                    "inquiryreferencesequence",
                    "inquirystagelog",
                    "outboxmail",
                    "spaceproposal",
                )
            ),
        },
    },
    "registrations.registration": {
        # export_registration: the registrations' export; editors run the events.
        "内容编辑": {"registrations.export_registration"},
    },
    "service.servicerequest": {
        # export_servicerequest: the requests' export; view_all_service_requests: every grid's, for the desk.
        "网格服务专员": {
            "service.export_servicerequest",
            *(f"service.view_{m}" for m in ("servicerequestnote", "servicestagelog", "serviceattachment")),
        },
        "钱小二服务台": {
            "service.export_servicerequest",
            "service.view_all_service_requests",
            *(f"service.view_{m}" for m in ("servicerequestnote", "servicestagelog", "serviceattachment")),
        },
    },
    # The 亩均 evaluation: the rule set's inlines (a group's indicators and bands, the exemptions), the
    # custom rights of the import and the workflow, and what an objection's page shows and adds.
    "efficiency.ruleset": {
        "亩均评价专员": {
            f"efficiency.{a}_{model}" for a in CRUD for model in ("indicator", "classcutoff", "exemption")
        },
    },
    "efficiency.firmyear": {"亩均评价专员": {"efficiency.import_firmyear"}},
    "efficiency.resultset": {"亩均评价专员": {"efficiency.run_resultset", "efficiency.publish_resultset"}},
    "efficiency.objection": {
        "亩均评价专员": {
            "efficiency.add_objectionnote",
            "efficiency.view_objectionnote",
            "efficiency.view_objectionstatuslog",
            "efficiency.view_objectionmail",
        },
    },
    # publish_newsitem: publishing what someone else wrote (the reviewer's right; news/services.py, can_publish).
    "news.newsitem": {"审核": {"news.publish_newsitem"}},
    # The one row is added where none exists (the matrix runs with it present, so the table says v c h r).
    # Its inline: the officers named on /contact/ for an industry chain.
    "portal.sitesettings": {
        "内容编辑": {"portal.add_sitesettings", *(f"portal.{a}_industryofficer" for a in CRUD)},
    },
}
ORDERS = {
    "staff first": [["staff"], []],
    "policies, service, spaces first": [["policies"], ["service"], ["spaces"], []],
}

# A news item's links to the directories (portal.NewsLink), an inline on the news item's page
# (portal/admin_news.py): whoever writes or reviews news edits them, whoever reads news reads them.
NEWS_LINK_EXTRAS = {
    "内容编辑": {f"portal.{a}_newslink" for a in CRUD},
    "审核": {f"portal.{a}_newslink" for a in CRUD},
    "招商专员": {"portal.view_newslink"},
    "网格服务专员": {"portal.view_newslink"},
    "钱小二服务台": {"portal.view_newslink"},
}
for _role, _codes in NEWS_LINK_EXTRAS.items():
    EXTRAS.setdefault("news.newsitem", {}).setdefault(_role, set()).update(_codes)


def expected(role: str) -> set[str]:
    wanted = set()
    for label, cells in TABLE_ROWS.items():
        app_label, model_name = label.split(".")
        grant = cells[role]
        if label not in NO_PERMISSION:
            letters = grant.everywhere | grant.in_scope
            wanted |= {f"{app_label}.{CODENAME[x]}_{model_name}" for x in letters if x in CODENAME}
        wanted |= EXTRAS.get(label, {}).get(role, set())
    return wanted


def migrate(database: Path, steps: list[list[str]]) -> list[list[str]]:
    """Run the steps one after the other; return the apps applied after each step."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    applied = []
    for app in steps:
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "migrate", *app, "--no-input", "-v0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
            timeout=300,
        )
        with sqlite3.connect(database) as db:
            applied.append(sorted({row[0] for row in db.execute("SELECT app FROM django_migrations")}))
    return applied


def grants(database: Path) -> dict[str, set[str]]:
    query = """
        SELECT g.name, ct.app_label || '.' || p.codename FROM auth_group g
        JOIN auth_group_permissions gp ON gp.group_id = g.id JOIN auth_permission p ON p.id = gp.permission_id
        JOIN django_content_type ct ON ct.id = p.content_type_id
    """
    found: dict[str, set[str]] = {
        name: set() for (name,) in sqlite3.connect(database).execute("SELECT name FROM auth_group")
    }
    for name, permission in sqlite3.connect(database).execute(query):
        found[name].add(permission)
    return found


def every_permission(database: Path) -> set[str]:
    query = """
        SELECT ct.app_label || '.' || p.codename FROM auth_permission p
        JOIN django_content_type ct ON ct.id = p.content_type_id
    """
    return {row[0] for row in sqlite3.connect(database).execute(query)}


def test_both_migration_orders_grant_exactly_the_table(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    databases = {order: tmp_path / f"{i}.sqlite3" for i, order in enumerate(ORDERS)}
    with ThreadPoolExecutor(len(ORDERS)) as pool:
        applied = dict(zip(ORDERS, pool.map(lambda o: migrate(databases[o], ORDERS[o]), ORDERS), strict=True))
    # The orders are what they say: staff did not pull the apps above it in, nor they staff.
    assert not {"policies", "service", "spaces"} & set(applied["staff first"][0])
    assert "staff" not in applied["policies, service, spaces first"][2]
    assert {"policies", "service", "spaces"} <= set(applied["policies, service, spaces first"][2])

    roles = [role for role in ROLES if role != NO_ROLE]
    for order, database in databases.items():
        found = grants(database)
        assert set(found) == set(roles), order
        for role in roles:
            wanted = every_permission(database) if role == ADMINISTRATOR else expected(role)
            missing, beyond = sorted(wanted - found[role]), sorted(found[role] - wanted)
            assert found[role] == wanted, f"{order}, {role}: missing {missing}, beyond the table {beyond}"
    first, second = (grants(database) for database in databases.values())
    assert first == second

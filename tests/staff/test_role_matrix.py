"""The role × URL × object matrix (issue 22): every admin URL of every registered model, for every role,
on a row inside and a row outside the role's scope, answers what docs/roles.md says the role may do.

The expectations come only from the table in docs/roles.md and each scoped admin's declared
`scope_field` — never from the admins' own `has_*_permission`. The groups are those a fresh `migrate`
made (tests/conftest.py, `migrated_roles`); the accounts are made through the admin's user pages
(tests/staff/accounts.py). A registered model missing from the table, a role column missing, or a
custom admin view this test does not know fails the test, so nothing added later goes unchecked.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.staff.accounts import create_staff

pytestmark = pytest.mark.django_db

TABLE = Path(settings.BASE_DIR) / "docs" / "roles.md"
ACTIONS = {
    "v": "view",
    "a": "add",
    "c": "change",
    "d": "delete",
    "h": "history",
    "r": "revert",
    "e": "export",
    "i": "import",
}
NO_ROLE = "（无角色）"
# Custom admin views, by the URL name's suffix: the action (a letter of ACTIONS) a role needs on the
# object (or on the model, for the views without an object) — or None for a view whose rule is not
# the role's (a notice belongs to its addressee; tests/cases covers it). An unknown suffix fails.
CUSTOM_VIEWS = {
    "confirm_english": "c",
    "spaces": "v",
    "notice_dismiss": None,
    "write": "i",  # on the job's model (core.SpreadsheetJob.model_label)
    "download": "v",
    "import_template": "i",
    "process_import": "i",
    "password_change": "c",
    "attachment": "v",
    # The 亩均 evaluation (docs/roles.md): a result set's workflow pages and analysis, the renewal candidates.
    "run": "c",
    "notice": "c",
    "finalise": "c",
    "analysis": "v",
    "renewal": "v",
    "renewal_space": "c",
}
STANDARD = {"changelist", "add", "change", "delete", "history", "simple_history", "export", "import"}


# --- The table ---------------------------------------------------------------------------------------


@dataclass
class Grant:
    """One cell: the actions a role has on a model, each on every row or on the rows of its scope."""

    everywhere: set = field(default_factory=set)
    in_scope: set = field(default_factory=set)

    def allows(self, letter: str, inside: bool = True) -> bool:
        return letter in self.everywhere or (inside and letter in self.in_scope)

    def any(self, letter: str) -> bool:
        return letter in self.everywhere or letter in self.in_scope


def parse_cell(text: str) -> Grant:
    grant = Grant()
    for token in text.replace("—", " ").split():
        letter, _, scope = token.partition("@")
        assert letter in ACTIONS, f"docs/roles.md: unknown action {token!r}"
        (grant.in_scope if scope else grant.everywhere).add(letter)
    return grant


def read_table() -> tuple[list[str], dict[str, dict[str, Grant]]]:
    roles, table = [], {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| model"):
            roles = [re.sub(r"\s*\(.*\)$", "", c) for c in cells[1:]]
        match = re.fullmatch(r"`([a-z_]+\.[a-z_]+)`", cells[0]) if line.startswith("| `") else None
        if match:
            assert len(cells) == len(roles) + 1, f"docs/roles.md: {cells[0]} has {len(cells) - 1} cells"
            table[match.group(1)] = {role: parse_cell(cell) for role, cell in zip(roles, cells[1:], strict=True)}
    return roles, table


ROLES, TABLE_ROWS = read_table()


def test_the_table_names_every_registered_model_and_every_role(migrated_roles):
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered - TABLE_ROWS.keys() == set(), "registered in the admin but missing from docs/roles.md"
    assert TABLE_ROWS.keys() - registered == set(), "in docs/roles.md but not registered in the admin"
    assert set(ROLES) - {NO_ROLE} == set(migrated_roles), "docs/roles.md's columns are not the migrated groups"


# --- The rows ----------------------------------------------------------------------------------------


def build_rows():
    """A row (two, where a scope applies) of every registered model."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from core.models import SpreadsheetJob
    from portal.models import PageBlock
    from tests.staff.test_admin_pages import make_job_rows, make_rows

    make_rows(2)
    make_job_rows()
    news_rows()
    PageBlock.objects.create(page="about", key="intro", title="简介", body="正文")
    SpreadsheetJob.objects.create(kind="export", model_label="projects.project", source="x", file_name="q.csv")
    who = {
        "user_agent": "test",
        "ip_address": "10.0.0.1",
        "username": "someone",
        "http_accept": "*/*",
        "path_info": "/admin/login/",
    }
    AccessAttempt.objects.create(**who, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**who)
    AccessFailureLog.objects.create(**who)


def news_rows():
    """Two news items a writer (not the matrix's user) wrote, in draft: every role's table letters
    apply to them (a published item is changed only by those who may publish it: tests/news)."""
    from news.models import NewsItem
    from news.services import news_save
    from tests.factories import UserFactory

    writer = UserFactory()
    for n in range(2):
        news_save(item=NewsItem(title=f"资讯{n}", summary="摘要", body="正文"), user=writer)


def place(model, obj, scope_field: str, owner_value):
    model._default_manager.filter(pk=obj.pk).update(**{scope_field: owner_value})
    obj.refresh_from_db()
    return obj


def rows_for(model, user, grids):
    """[(row, inside the user's scope?)]: one row where no scope applies, else one in and one out."""
    model_admin = admin.site._registry[model]
    rows = list(model._default_manager.order_by("pk")[:2])
    assert rows, f"no {model._meta.label} row to open"
    scope_field = getattr(model_admin, "scope_field", "")
    if not scope_field:
        return [(rows[0], True)]
    assert len(rows) == 2, f"a scoped model needs two rows: {model._meta.label}"
    related = model._meta.get_field(scope_field).related_model
    if related is get_user_model():
        other = get_user_model().objects.exclude(pk=user.pk).order_by("pk").first()
        return [(place(model, rows[0], scope_field, user), True), (place(model, rows[1], scope_field, other), False)]
    own, other = grids
    return [(place(model, rows[0], scope_field, own), True), (place(model, rows[1], scope_field, other), False)]


# --- The URLs ----------------------------------------------------------------------------------------


def url_names(model_admin):
    info = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}_"
    names = {}
    for pattern in model_admin.get_urls():
        name = getattr(pattern, "name", None)
        if name and name.startswith(info):
            names[name[len(info) :]] = (name, str(pattern.pattern))
    return names


def object_args(pattern: str, obj, model):
    args = []
    for part in re.findall(r"<(?:\w+:)?(\w+)>", pattern):
        if part in ("object_id", "pk", "id"):
            args.append(obj.pk)
        elif part == "version_id":
            record = model.history.filter(**{model._meta.pk.attname: obj.pk}).order_by("-history_date").first()
            if record is None:
                return None
            args.append(record.history_id)
        elif part == "attachment_id":
            attachment = obj.attachments.order_by("pk").first()
            if attachment is None:
                return None
            args.append(attachment.pk)
        elif part == "fmt":
            args.append("csv")
        elif part == "extension":
            args.append("xlsx")
        else:
            return None
    return args


@dataclass
class Check:
    model: str
    view: str
    inside: bool
    expected: str
    got: int

    def __str__(self):
        where = "in scope" if self.inside else "OUT of scope"
        return f"{self.model} {self.view} ({where}): expected {self.expected}, got {self.got}"


class Walk:
    """Opens a model's admin URLs as one user and notes every answer that differs from the table."""

    def __init__(self, client, user, grids, role):
        self.client, self.user, self.grids, self.role = client, user, grids, role
        self.wrong: list[Check] = []

    def expect(self, label, view, inside, allowed, status, *, ok=(200,), refused=(403,)):
        if (status in ok) if allowed else (status in refused):
            return
        self.wrong.append(Check(label, view, inside, f"{'allowed' if allowed else 'refused'}", status))

    def get(self, name, args=()):
        return self.client.get(reverse(f"admin:{name}", args=list(args)))

    def model(self, model, model_admin):
        label = model._meta.label_lower
        grant = TABLE_ROWS[label][self.role]
        names = url_names(model_admin)
        unknown = set(names) - STANDARD - set(CUSTOM_VIEWS)
        assert not unknown, f"{label}: admin views this matrix does not know: {sorted(unknown)}"
        self.expect(
            label, "changelist", True, grant.any("v") or grant.any("c"), self.get(names["changelist"][0]).status_code
        )
        self.expect(label, "add", True, grant.allows("a"), self.get(names["add"][0]).status_code)
        for view, letter in (("export", "e"), ("import", "i"), ("import_template", "i")):
            if view in names:
                name, pattern = names[view]
                args = object_args(pattern, None, model) or []
                self.expect(label, view, True, grant.allows(letter), self.get(name, args).status_code)
        if "process_import" in names and not grant.allows("i"):
            status = self.client.post(reverse(f"admin:{names['process_import'][0]}")).status_code
            self.expect(label, "process_import", True, False, status)
        for obj, inside in rows_for(model, self.user, self.grids):
            self.row(label, model, names, grant, obj, inside)

    def row(self, label, model, names, grant, obj, inside):
        response = self.get(names["change"][0], [obj.pk])
        self.expect(
            label, "change", inside, grant.allows("v", inside) or grant.allows("c", inside), response.status_code
        )
        if response.status_code == 200 and (b'name="_save"' in response.content) != grant.allows("c", inside):
            self.wrong.append(
                Check(label, "change page's save button", inside, f"shown={grant.allows('c', inside)}", 200)
            )
        self.expect(
            label, "delete", inside, grant.allows("d", inside), self.get(names["delete"][0], [obj.pk]).status_code
        )
        self.expect(
            label, "history", inside, grant.allows("h", inside), self.get(names["history"][0], [obj.pk]).status_code
        )
        if "simple_history" in names:
            record = model.history.filter(**{model._meta.pk.attname: obj.pk}).order_by("-history_date").first()
            if record is not None:
                url = reverse(f"admin:{names['simple_history'][0]}", args=[obj.pk, record.history_id])
                self.expect(label, "history form", inside, grant.allows("h", inside), self.client.get(url).status_code)
                if not grant.allows("r", inside):
                    before = model._default_manager.filter(pk=obj.pk).values().first()
                    self.expect(
                        label, "revert (POST)", inside, False, self.client.post(url, {"_save": "1"}).status_code
                    )
                    assert model._default_manager.filter(pk=obj.pk).values().first() == before, (label, "reverted")
        for view, letter in CUSTOM_VIEWS.items():
            if view not in names or letter is None or view in ("import_template", "process_import"):
                continue
            name, pattern = names[view]
            args = object_args(pattern, obj, model)
            if args is None:
                continue
            url = reverse(f"admin:{name}", args=args)
            allowed = grant.allows(letter, inside)
            if view == "write":  # writing a checked import: the job's own user, with the import right on its model
                allowed = grant.allows("v", inside) and TABLE_ROWS[obj.model_label][self.role].allows("i")
            if view == "download" and label == "core.spreadsheetjob":  # and who may still read the model's rows
                target = TABLE_ROWS[obj.model_label][self.role]
                allowed = grant.allows("v", inside) and (target.any("v") or target.any("c"))
            posts = view in ("confirm_english", "write")
            status = (self.client.post if posts else self.client.get)(url).status_code
            # An allowed POST answers with a redirect; a job's file that was never written is "not found".
            ok = (302,) if posts else (200, 404) if view == "download" else (200,)
            self.expect(label, view, inside, allowed, status, ok=ok, refused=(403, 404))


def walk(client, user, grids, role) -> list[Check]:
    walker = Walk(client, user, grids, role)
    for model, model_admin in admin.site._registry.items():
        walker.model(model, model_admin)
        walker.wrong += autocomplete_checks(
            client, model, model_admin, TABLE_ROWS[model._meta.label_lower][role], user, grids
        )
    return walker.wrong


def autocomplete_checks(client, model, model_admin, grant, user, grids) -> list[Check]:
    """Through each admin field that offers this model by autocomplete: refused without view, and
    never a row outside the role's scope."""
    if not model_admin.search_fields:
        return []
    wrong = []
    for source_model, source_admin in admin.site._registry.items():
        for field_name in source_admin.autocomplete_fields or ():
            if source_model._meta.get_field(field_name).related_model is not model:
                continue
            params = {
                "app_label": source_model._meta.app_label,
                "model_name": source_model._meta.model_name,
                "field_name": field_name,
            }
            response = client.get(reverse("admin:autocomplete"), params)
            allowed = grant.any("v") or grant.any("c")
            if response.status_code != (200 if allowed else 403):
                wrong.append(
                    Check(
                        model._meta.label_lower,
                        f"autocomplete via {source_model.__name__}.{field_name}",
                        True,
                        "allowed" if allowed else "refused",
                        response.status_code,
                    )
                )
            elif response.status_code == 200 and grant.in_scope & {"v"} and not grant.everywhere & {"v", "c"}:
                ids = {row["id"] for row in response.json()["results"]}
                for obj, inside in rows_for(model, user, grids):
                    if not inside and str(obj.pk) in ids:
                        wrong.append(Check(model._meta.label_lower, "autocomplete lists", False, "not listed", 200))
    return wrong


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_what_the_table_grants_and_nothing_more(
    role, migrated_roles, client, admin_client, job_schedules
):
    from tests.factories import ServiceGridFactory, ZoneFactory

    build_rows()
    user = create_staff(admin_client, f"matrix-{ROLES.index(role)}", None if role == NO_ROLE else role)
    zone = ZoneFactory()
    own, other = ServiceGridFactory(zone=zone), ServiceGridFactory(zone=zone)
    own.officers.add(user)
    client.force_login(user)
    wrong = walk(client, user, (own, other), role)
    assert not wrong, f"{role}: {len(wrong)} answers differ from docs/roles.md:\n" + "\n".join(map(str, wrong))

"""Real-browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

Only `pytest -m e2e` (`make e2e`) runs them; the default `make test` deselects them (see
`pytest_collection_modifyitems`). Playwright never downloads a browser here: it drives the system
Chromium at E2E_CHROMIUM (default /usr/bin/chromium), which `.ci/run` installs with apt.
Screenshots land in artifacts/e2e/<test>/ (git-ignored).
"""

import datetime
import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", REPO / "artifacts" / "e2e"))
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
STAFF_USERNAME = "editor-e2e"
STAFF_PASSWORD = "Correct-Horse-Battery-42"  # noqa: S105
# The filtered project list must span at least two pages at the public page size (20).
FILTERED_PROJECTS = 27


def pytest_collection_modifyitems(config, items):
    """Keep the browser tests out of every run that does not ask for them with `-m e2e`."""
    if "e2e" in (config.option.markexpr or ""):
        return
    selected, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("e2e") else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


# --- browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `apt-get install -y chromium` or set E2E_CHROMIUM")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop on this thread; the ORM calls the tests make
    # between browser steps are ordinary synchronous code, so Django's async guard is lifted here only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Shots:
    """Numbered full-page screenshots of one test, in artifacts/e2e/<test id>/."""

    def __init__(self, page, folder: Path):
        self.page = page
        self.folder = folder
        self.count = 0
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, name: str, *, full_page: bool = True) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


def _test_folder(request) -> Path:
    name = request.node.name
    return ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")


def _console_line(msg) -> str:
    url = (msg.location or {}).get("url") or ""
    return f"{msg.text} [{url}]" if url else msg.text


@pytest.fixture
def console_errors():
    return []


def _new_page(browser, viewport, console_errors, *, is_phone: bool):
    context = browser.new_context(
        viewport=viewport,
        device_scale_factor=1,
        is_mobile=is_phone,
        has_touch=is_phone,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        # The Content-Security-Policy stays on: an inline script or style shows up as a console error.
        bypass_csp=False,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", lambda msg: console_errors.append(_console_line(msg)) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: console_errors.append(f"page error: {exc}"))
    return context, page


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def page(request, browser, console_errors):
    """A fresh browser tab at phone (390 px) or desktop (1280 px) width."""
    context, page = _new_page(browser, WIDTHS[request.param], console_errors, is_phone=request.param == "phone")
    page.width_name = request.param
    yield page
    context.close()


@pytest.fixture
def desktop_page(request, browser, console_errors):
    context, page = _new_page(browser, WIDTHS["desktop"], console_errors, is_phone=False)
    page.width_name = "desktop"
    yield page
    context.close()


@pytest.fixture
def shots(request):
    """shots(name) saves a screenshot of the test's page; use after the `page` fixture."""
    page = request.getfixturevalue("page") if "page" in request.fixturenames else None
    page = page or request.getfixturevalue("desktop_page")
    return Shots(page, _test_folder(request))


# --- the app -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _e2e_settings(settings):
    # A person in a browser is faster than the anti-bot minimum only in tests; every journey
    # comes from 127.0.0.1, so the per-IP limit is raised to let the parametrised runs through.
    settings.INQUIRY_MIN_SECONDS = 0
    settings.INQUIRY_RATE_LIMIT = 1000
    settings.AXES_ENABLED = True


@pytest.fixture
def site(transactional_db, live_server):
    """The live server with the seed content plus enough projects to page through a filtered list."""
    from django.core.management import call_command

    from industries.models import Industry
    from projects.models import Project
    from zones.models import Zone

    with open(os.devnull, "w") as devnull:
        call_command("load_seed", stdout=devnull)
    north, south = Zone.objects.get(slug="north"), Zone.objects.get(slug="south")
    industry = Industry.objects.order_by("order").first()
    rows = [(north, Project.Stage.CONSTRUCTION)] * FILTERED_PROJECTS + [
        (north, Project.Stage.SIGNED),
        (north, Project.Stage.PRODUCTION),
        (south, Project.Stage.CONSTRUCTION),
    ] * 3
    projects = []
    for number, (zone, stage) in enumerate(rows, start=1):
        signed = datetime.date(2020, 1, 1) + datetime.timedelta(days=number * 9)
        project = Project(
            code=f"EE-{signed.year}-{900 + number}",
            name=f"演示{zone.slug}{stage}项目{number:02d}",
            name_en=f"Demo {zone.slug} {stage} project {number:02d}",
            slug=f"e2e-{zone.slug}-{stage}-{number:02d}",
            investor="演示投资有限公司",
            investor_en="Demo Investment Co., Ltd.",
            industry=industry,
            zone=zone,
            investment=Decimal(number),
            investment_disclosed=True,
            signed_on=signed,
            started_on=signed + datetime.timedelta(days=30) if stage != Project.Stage.SIGNED else None,
            production_on=signed + datetime.timedelta(days=300) if stage == Project.Stage.PRODUCTION else None,
            stage=stage,
            summary=f"用于端到端测试的演示项目，编号{number:02d}。",
            summary_en=f"A demo project for the end-to-end tests, number {number:02d}.",
            last_verified_on=datetime.date.today(),
        )
        project.refresh_search()
        projects.append(project)
    # One INSERT instead of a project_save each: these rows only need to be listed and filtered.
    Project.objects.bulk_create(projects)
    return live_server


@pytest.fixture
def staff_user(transactional_db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    from staff.roles import CONTENT_EDITOR

    user = get_user_model().objects.create_user(
        username=STAFF_USERNAME, password=STAFF_PASSWORD, email="editor@example.com", is_staff=True
    )
    # A content editor: the role's group when it exists (a data migration makes it, but a transactional
    # test's flush may have removed it), and the project permissions in any case.
    group = Group.objects.filter(name=CONTENT_EDITOR).first()
    if group:
        user.groups.add(group)
    # A transactional test's flush may also have left the content types and permissions to be made
    # again: make sure the project permissions exist before granting them.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    create_permissions(apps.get_app_config("projects"), verbosity=0)
    for model in apps.get_app_config("projects").get_models():
        content_type = ContentType.objects.get_for_model(model)
        for action in ("add", "change", "delete", "view"):
            Permission.objects.get_or_create(
                codename=f"{action}_{model._meta.model_name}",
                content_type=content_type,
                defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
            )
    permissions = Permission.objects.filter(content_type__app_label="projects")
    assert permissions.filter(codename__in=["add_project", "change_project"]).count() == 2
    user.user_permissions.add(*permissions)
    return user


# --- the deployed site: what `make run` creates, and staff accounts made as an administrator makes them


ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "Admin-Journey-Passphrase-77"  # noqa: S105


@pytest.fixture
def deployed_site(transactional_db, live_server, monkeypatch, settings):
    """The live server holding what `make run` puts in a fresh database (`manage.py setup_site`).

    The database starts as `migrate` left it (tests/conftest.py restore_migrated_data: the data
    migrations' rows, such as the request categories and role groups, are back after another test's flush).

    The administrator's password comes from DJANGO_ADMIN_PASSWORD, as a deployment may give it;
    `deployed_site.admin_username` and `.admin_password` log in with it.
    """
    import io

    from django.core.management import call_command

    settings.SITE_URL = live_server.url  # as a deployment sets its own address for links in mail
    monkeypatch.setenv("DJANGO_ADMIN_USERNAME", ADMIN_USERNAME)
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", ADMIN_PASSWORD)
    from tests.conftest import restore_migrated_data

    restore_migrated_data()
    out = io.StringIO()
    call_command("setup_site", stdout=out, stderr=out)
    live_server.setup_output = out.getvalue()
    live_server.admin_username = ADMIN_USERNAME
    live_server.admin_password = ADMIN_PASSWORD
    return live_server


@pytest.fixture
def staff_account(deployed_site):
    """staff_account(role, username, ...): a staff account made through the admin's user pages by the
    administrator of `deployed_site` (tests/staff/accounts.py), with the officer's grids where given."""
    from django.test import Client

    from tests.staff.accounts import add_to_grid, create_staff

    admin_client = Client()
    response = admin_client.post(
        "/admin/login/?next=/admin/",
        {"username": deployed_site.admin_username, "password": deployed_site.admin_password, "next": "/admin/"},
    )
    assert response.status_code == 302, "the administrator printed by setup_site could not log in"

    def make(role, username, *, email="", grids=(), first_name="", last_name=""):
        user = create_staff(admin_client, username, role, first_name=first_name, last_name=last_name, email=email)
        for grid in grids:
            add_to_grid(admin_client, grid, user)
        user.password_for_tests = STAFF_PASSWORD
        return user

    return make

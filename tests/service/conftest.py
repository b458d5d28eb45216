import datetime
import time

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from cases.forms import sign_render_time
from service.models import ServiceCategory
from service.services import service_request_submit
from staff.roles import GRID_OFFICER, INVESTMENT_OFFICER, SERVICE_DESK
from tests.conftest import restore_migrated_roles
from tests.factories import EnterpriseFactory, ServiceGridFactory, UserFactory, ZoneFactory

VALID_CODE = "91350100M000100Y43"  # a real-shaped code whose check character is right


def ensure_desk_rows():
    """The categories and the roles come from data migrations; a transactional test elsewhere empties
    every table when it ends, so they are made again (idempotently) when missing."""
    from importlib import import_module

    from django.apps import apps

    if not ServiceCategory.objects.exists():
        import_module("service.migrations.0002_categories_and_job_schedules").create(apps, None)
    if not ServiceCategory.objects.filter(slug=ServiceCategory.ACCESSIBILITY).exists():
        import_module("service.migrations.0009_accessibility_barrier_category").create(apps, None)
    if not Group.objects.filter(name=SERVICE_DESK).exists() or not Group.objects.filter(name=GRID_OFFICER).exists():
        restore_migrated_roles()


@pytest.fixture(autouse=True)
def _desk_rows(db):
    ensure_desk_rows()


@pytest.fixture
def zone(db):
    return ZoneFactory(slug="south", name="南创", name_en="South")


@pytest.fixture
def grid(zone):
    return ServiceGridFactory(name="三号网格", zone=zone)


@pytest.fixture
def other_grid(db):
    return ServiceGridFactory(name="五号网格", zone=ZoneFactory(slug="central", name="中居"))


@pytest.fixture
def enterprise(grid, zone):
    return EnterpriseFactory(name="卡深科技", zone=zone, grid=grid)


@pytest.fixture
def space_category(db):
    return ServiceCategory.objects.get(slug=ServiceCategory.SPACE)


def staff_user(username, *roles, grids=()):
    user = UserFactory(username=username, is_staff=True, email=f"{username}@example.gov.cn")
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    for grid in grids:
        grid.officers.add(user)
    return user


@pytest.fixture
def grid_officer(grid):
    return staff_user("grid3", GRID_OFFICER, grids=[grid])


@pytest.fixture
def other_officer(other_grid):
    return staff_user("grid5", GRID_OFFICER, grids=[other_grid])


@pytest.fixture
def desk(db):
    return staff_user("desk", SERVICE_DESK)


@pytest.fixture
def investment_officer(db):
    return staff_user("invest", INVESTMENT_OFFICER)


@pytest.fixture
def form_data(enterprise, space_category):
    return {
        "enterprise": str(enterprise.pk),
        "enterprise_name": "",
        "credit_code": "",
        "zone": "",
        "contact_name": "李经理",
        "phone": "139 1234 5678",
        "email": "li@example.com",
        "category": space_category.slug,
        "description": "新产线急需一万平方米以上的厂房。",
        "consent": "on",
        "website": "",
        "rendered": sign_render_time(time.time() - 60),
    }


def fresh(data, **changes):
    return {**data, "rendered": sign_render_time(time.time() - 60), **changes}


def make_request(*, enterprise=None, category=None, now=None, **data):
    """A request through the one write path, as the form would send it."""
    category = category or ServiceCategory.objects.get(slug="other")
    form_data = {
        "enterprise": enterprise,
        "contact_name": "李经理",
        "phone": "13912345678",
        "email": "li@example.com",
        "category": category,
        "description": "请协助。",
        "consent": True,
        **data,
    }
    return service_request_submit(form_data=form_data, now=now or timezone.now(), is_demo=data.pop("is_demo", False))


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))

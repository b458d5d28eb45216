import time

import pytest
from django.contrib.auth.models import Group, Permission

from cases.forms import sign_render_time
from staff.roles import INVESTMENT_OFFICER
from tests.factories import IndustryFactory, UserFactory, ZoneFactory


@pytest.fixture
def zone(db):
    return ZoneFactory(slug="north", name="北智", name_en="North")


@pytest.fixture
def industry(db):
    return IndustryFactory(name="新材料", name_en="New materials")


@pytest.fixture
def form_data(zone, industry):
    """A complete, valid POST of the public form, rendered a minute ago."""
    return {
        "contact_name": "王小明",
        "company": "杭州某某科技有限公司",
        "job_title": "总经理",
        "email": "wang@example.com",
        "phone": "138 1234 5678",
        "country": "中国",
        "industry": str(industry.pk),
        "investment_band": "1to5",
        "investment_amount": "2.5",
        "land_mu": "50",
        "floor_area_m2": "12000",
        "zone": zone.slug,
        "timing": "6m",
        "message": "我们计划建设新材料生产基地。\n请联系我。",
        "consent": "on",
        "website": "",
        "rendered": sign_render_time(time.time() - 60),
    }


def user_with_perms(username, *codenames, groups=()):
    user = UserFactory(username=username)
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label="inquiries"))
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture
def officer(db):
    return user_with_perms(
        "officer",
        "view_inquiry",
        "change_inquiry",
        "view_inquiry_personal_data",
        "export_inquiry",
        groups=[INVESTMENT_OFFICER],
    )


@pytest.fixture
def editor(db):
    """A content editor: no inquiry permissions at all."""
    from django.contrib.contenttypes.models import ContentType

    user = UserFactory(username="editor")
    for app in ("projects", "enterprises", "zones"):
        for perm in Permission.objects.filter(content_type__in=ContentType.objects.filter(app_label=app)):
            user.user_permissions.add(perm)
    return user


def fresh(data, **changes):
    """The same answers in a newly rendered form (each rendered form is saved only once)."""
    return {**data, "rendered": sign_render_time(time.time() - 60), **changes}

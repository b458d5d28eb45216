"""One public profile per officer: a second one is a clear answer in the admin, never a 500 (issue 22, finding 6).

Officers (investment, grid, service desk) keep their own profile: the admin fixes its user to them.
Administrators choose the user. The admin answers in Chinese (no language prefix).
"""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from staff import roles
from staff.models import OfficerProfile
from tests.factories import OfficerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:staff_officerprofile_add")


def _form(**changes):
    data = {
        "name": "王专员",
        "name_en": "",
        "title": "招商专员",
        "title_en": "",
        "phone": "0571-12345678",
        "email": "wang@example.gov.cn",
        "languages": "",
    }
    data.update(changes)
    return data


def _login(client, *, username, role=None, **extra):
    user = UserFactory(username=username, **extra)
    if role is not None:
        user.groups.add(Group.objects.get(name=role))  # the group as `migrate` made it
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", [roles.INVESTMENT_OFFICER, roles.GRID_OFFICER, roles.SERVICE_DESK])
def test_an_officer_keeps_their_own_profile_through_the_add_page(client, role):
    user = _login(client, username="officer", role=role)
    response = client.post(ADD_URL, _form())
    assert response.status_code == 302, response.content.decode()[:2000]
    assert OfficerProfile.objects.get().user == user


@pytest.mark.parametrize("role", [roles.INVESTMENT_OFFICER, roles.GRID_OFFICER])
def test_the_add_page_takes_an_officer_who_has_a_profile_to_it(client, role):
    user = _login(client, username="officer", role=role)
    profile = OfficerProfileFactory(user=user, name="王专员")
    response = client.get(ADD_URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:staff_officerprofile_change", args=[profile.pk])
    assert [str(message) for message in get_messages(response.wsgi_request)] == ["您已有专员公开资料，请在此修改。"]


@pytest.mark.parametrize("role", [roles.INVESTMENT_OFFICER, roles.GRID_OFFICER])
def test_a_second_profile_posted_by_an_officer_is_a_form_error(client, role):
    """The add form opened before the first profile was saved (another tab), then posted."""
    user = _login(client, username="officer", role=role)
    OfficerProfileFactory(user=user, name="王专员")
    response = client.post(ADD_URL, _form(name="另一个名字"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors == ["officer 已有专员公开资料（王专员），请修改那一份。"]
    assert OfficerProfile.objects.get().name == "王专员"


def test_an_administrator_choosing_a_user_who_has_a_profile_gets_a_form_error(client):
    _login(client, username="admin", role=roles.ADMINISTRATOR)
    officer = UserFactory(username="officer")
    OfficerProfileFactory(user=officer, name="王专员")
    response = client.post(ADD_URL, _form(user=officer.pk, name="另一个名字"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["user"] == ["officer 已有专员公开资料（王专员），请修改那一份。"]
    assert OfficerProfile.objects.count() == 1


def test_an_administrator_still_creates_a_profile_for_a_user_without_one(client):
    _login(client, username="admin", is_superuser=True)
    officer = UserFactory(username="officer")
    response = client.post(ADD_URL, _form(user=officer.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert OfficerProfile.objects.get().user == officer


def test_an_administrator_opens_the_add_page_although_they_have_a_profile(client):
    """Administrators add profiles for others: their own profile is no reason to leave the page."""
    user = _login(client, username="admin", role=roles.ADMINISTRATOR)
    OfficerProfileFactory(user=user)
    assert client.get(ADD_URL).status_code == 200


def test_an_officer_changes_their_profile_without_a_duplicate_error(client):
    user = _login(client, username="officer", role=roles.INVESTMENT_OFFICER)
    profile = OfficerProfileFactory(user=user, name="王专员")
    url = reverse("admin:staff_officerprofile_change", args=[profile.pk])
    response = client.post(url, _form(name="王新名"))
    assert response.status_code == 302, response.content.decode()[:2000]
    profile.refresh_from_db()
    assert profile.name == "王新名"

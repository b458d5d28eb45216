"""The zones an officer looks after belong to the zones app (Zone.officer_profiles) and still sit on the
officer's own profile page: chosen there, saved, shown on their public contact when published."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from staff import roles
from staff.models import OfficerProfile
from tests.factories import OfficerProfileFactory, UserFactory
from zones.models import Zone

pytestmark = pytest.mark.django_db


def test_an_officer_chooses_their_zones_on_their_profile_and_the_public_sees_them(client, migrated_roles):
    north = Zone.objects.create(slug="north", name="北智")
    Zone.objects.create(slug="south", name="南创")
    user = UserFactory(username="officer")
    user.groups.add(Group.objects.get(name=roles.INVESTMENT_OFFICER))
    client.force_login(user)
    profile = OfficerProfileFactory(user=user, name="王专员", show_name=True)
    url = reverse("admin:staff_officerprofile_change", args=[profile.pk])
    assert 'name="zones"' in client.get(url).content.decode()
    data = {"name": "王专员", "show_name": "on", "zones": [str(north.pk)], "show_zones": "on"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = OfficerProfile.objects.prefetch_related("zones", "user__service_grids").get(pk=profile.pk)
    assert list(profile.zones.all()) == [north]
    assert list(north.officer_profiles.all()) == [profile]
    assert profile.public_contact()["zones"] == ["北智"]


def test_a_reader_sees_the_zones_as_text(client, migrated_roles):
    north = Zone.objects.create(slug="north", name="北智")
    profile = OfficerProfileFactory(name="王专员")
    profile.zones.add(north)
    editor = UserFactory(username="editor")
    editor.groups.add(Group.objects.get(name=roles.CONTENT_EDITOR))
    client.force_login(editor)
    page = client.get(reverse("admin:staff_officerprofile_change", args=[profile.pk])).content.decode()
    assert "北智" in page and 'name="zones"' not in page

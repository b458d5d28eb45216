"""A zone (no edit history of its own) whose Chinese changed after its English (issue 13)."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from tests.factories import PlatformFactory, UserFactory, ZoneFactory
from zones.models import Platform, Zone

pytestmark = pytest.mark.django_db

NOTE = "The English translation of this text is being updated; the Chinese original is shown."


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    return client


def zone_data(zone, **changes):
    data = {
        "name": zone.name,
        "slug": zone.slug,
        "full_name": zone.full_name,
        "positioning": zone.positioning,
        "description": zone.description,
        "area_km2": "",
        "order": zone.order,
        "name_en": zone.name_en,
        "full_name_en": zone.full_name_en,
        "positioning_en": zone.positioning_en,
        "description_en": zone.description_en,
    }
    data.update(changes)
    return data


def test_an_admin_edit_of_the_chinese_description_marks_it_and_confirming_logs_it(editor, client):
    zone = ZoneFactory(slug="north", name="北部", name_en="North", description="旧介绍", description_en="Old text")
    url = reverse("admin:zones_zone_change", args=[zone.pk])
    assert editor.post(url, zone_data(zone, description="新介绍")).status_code == 302
    assert Zone.objects.get(pk=zone.pk).english_out_of_date == ["description_en"]
    assert "english-drift-warning" in editor.get(url).content.decode()
    page = client.get("/en/zones/north/").content.decode()
    assert "新介绍" in page and "Old text" not in page and page.count(NOTE) == 1
    assert NOTE not in client.get("/zones/north/").content.decode()

    editor.post(reverse("admin:zones_zone_confirm_english", args=[zone.pk]))
    assert Zone.objects.get(pk=zone.pk).english_out_of_date == []
    assert LogEntry.objects.filter(object_id=str(zone.pk), change_message__contains="已确认英文仍然正确").exists()
    assert NOTE not in client.get("/en/zones/north/").content.decode()


def test_the_platform_list_filter(editor):
    stale = PlatformFactory(name="研发中心", name_en="R&D centre")
    PlatformFactory()
    Platform.objects.filter(pk=stale.pk).update(english_out_of_date=["name_en"])
    response = editor.get(reverse("admin:zones_platform_changelist"), {"english_out_of_date": "yes"})
    assert [p.pk for p in response.context["cl"].result_list] == [stale.pk]

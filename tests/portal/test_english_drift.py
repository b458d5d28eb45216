"""Staff-edited page texts whose Chinese changed after their English (issue 13): /about/ and the home page."""

import pytest
from django.urls import reverse

from portal.models import Indicator, PageBlock
from tests.factories import IndicatorFactory, UserFactory

pytestmark = pytest.mark.django_db

NOTE = "The English translation of this text is being updated; the Chinese original is shown."


def test_an_about_block_edited_in_chinese_shows_the_chinese_with_a_note(client):
    block = PageBlock.objects.create(
        page="about", key="living", title="生活", title_en="Living", body="旧", body_en="Old"
    )
    block = PageBlock.objects.get(pk=block.pk)
    block.body = "新的生活配套介绍"
    block.save()
    assert block.english_out_of_date == ["body_en"]
    page = client.get("/en/about/").content.decode()
    assert "新的生活配套介绍" in page and page.count(NOTE) == 1
    assert NOTE not in client.get("/about/").content.decode()


def test_indicator_history_and_admin_filter(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    indicator = IndicatorFactory(label="企业数", label_en="Enterprises")
    indicator = Indicator.objects.get(pk=indicator.pk)
    indicator.label = "规上企业数"
    indicator.save()
    assert indicator.history.first().english_out_of_date == ["label_en"]
    response = client.get(reverse("admin:portal_indicator_changelist"), {"english_out_of_date": "yes"})
    assert [i.pk for i in response.context["cl"].result_list] == [indicator.pk]

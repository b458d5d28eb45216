"""A space whose Chinese changed after its English (issue 13): the one write path and the pages."""

import pytest

from spaces.models import Space
from spaces.services import space_save
from tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db

NOTE = "The English translation of this text is being updated; the Chinese original is shown."


def test_space_save_marks_and_the_english_page_shows_the_chinese_with_a_note(client):
    space = SpaceFactory(slug="hall-1", name="一号厂房", name_en="Hall 1", summary="旧简介", summary_en="Old summary")
    space = Space.objects.get(pk=space.pk)
    space.name = "一号标准厂房"
    space_save(space=space, previous_status=space.status)
    assert Space.objects.get(pk=space.pk).english_out_of_date == ["name_en"]
    page = client.get("/en/spaces/hall-1/").content.decode()
    assert "<h1>一号标准厂房</h1>" in page and page.count(NOTE) == 1
    assert "Old summary" in page  # the summary's English is still current
    card = client.get("/en/spaces/").content.decode()
    assert "一号标准厂房" in card and card.count(NOTE) == 1
    assert NOTE not in client.get("/spaces/hall-1/").content.decode()


def test_updating_the_english_clears_it():
    space = SpaceFactory(name="一号厂房", name_en="Hall 1", operator="某运营方", operator_en="Some operator")
    space = Space.objects.get(pk=space.pk)
    space.operator = "新运营方"
    space_save(space=space, previous_status=space.status)
    assert space.english_out_of_date == ["operator_en"]
    space.operator_en = "New operator"
    space_save(space=space, previous_status=space.status)
    assert Space.objects.get(pk=space.pk).english_out_of_date == []

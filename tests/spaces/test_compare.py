"""/spaces/compare/: up to three spaces side by side at a shareable address; bad links get a message, never a 500."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from spaces.models import Space
from tests.factories import SpaceFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(db):
    zone = ZoneFactory(slug="south", name="南创", name_en="South")
    return [
        SpaceFactory(name="南创一号厂房", name_en="South factory one", zone=zone, clear_height_m=Decimal("9")),
        SpaceFactory(name="南创二号厂房", name_en="South factory two", zone=zone, power_kva=Decimal("2500")),
        SpaceFactory(
            name="北智地块",
            name_en="North parcel",
            zone=zone,
            kind=Space.Kind.LAND,
            floor_area_m2=None,
            offers_lease=False,
            offers_transfer=True,
            area_mu=Decimal("30"),
        ),
    ]


def test_compare_shows_the_chosen_spaces_side_by_side_in_the_order_given(client, three):
    a, b, c = three
    response = client.get(f"/spaces/compare/?ids={c.pk},{a.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("北智地块") < page.index("南创一号厂房")
    assert "南创二号厂房" not in page
    assert "9 m" in page  # a's clear height
    assert "30 亩" in page or "30" in page
    assert f"?ids={c.pk},{a.pk}" in page  # the shareable link


def test_compare_reads_the_repeated_ids_the_list_form_sends(client, three):
    a, b, c = three
    response = client.get(f"/spaces/compare/?ids={a.pk}&ids={b.pk}&ids={c.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert all(name in page for name in ("南创一号厂房", "南创二号厂房", "北智地块"))
    assert "2,500 kVA" in page or "2500 kVA" in page


def test_compare_in_english(client, three):
    a, b, _c = three
    page = client.get(f"/en/spaces/compare/?ids={a.pk},{b.pk}").content.decode()
    assert "South factory one" in page and "Compare spaces" in page


def test_more_than_three_spaces_is_a_clear_400(client, three):
    extra = SpaceFactory()
    ids = ",".join(str(s.pk) for s in [*three, extra])
    response = client.get(f"/spaces/compare/?ids={ids}")
    assert response.status_code == 400
    assert "最多可并排比较3个载体" in response.content.decode()


@pytest.mark.parametrize("ids", ["abc", "1;2", "-3", "0", "1.5", "9" * 40, "１", ",".join(["1"] * 50)])
def test_malformed_ids_are_a_400_with_a_message(client, ids):
    response = client.get("/spaces/compare/", {"ids": ids})
    assert response.status_code == 400
    assert 'class="form-errors"' in response.content.decode()


def test_unknown_or_unpublished_ids_are_left_out_with_a_note(client, three):
    a, b, _c = three
    hidden = SpaceFactory(is_published=False, name="未发布厂房")
    withdrawn = SpaceFactory(status=Space.Status.WITHDRAWN, name="已撤回厂房")
    response = client.get(f"/spaces/compare/?ids={a.pk},{hidden.pk},{withdrawn.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "南创一号厂房" in page
    assert "未发布厂房" not in page and "已撤回厂房" not in page
    assert "2个载体已不在载体库中" in page


def test_a_link_whose_spaces_are_all_gone_is_a_404_with_the_note(client):
    response = client.get("/spaces/compare/?ids=999999")
    assert response.status_code == 404
    assert "已不在载体库中" in response.content.decode()


def test_without_ids_the_page_says_how_to_choose(client):
    response = client.get("/spaces/compare/")
    assert response.status_code == 200
    assert "勾选" in response.content.decode()


def test_list_cards_carry_the_compare_tick_boxes_in_a_get_form(client, three):
    page = client.get("/spaces/").content.decode()
    assert 'action="/spaces/compare/"' in page and 'method="get"' in page
    for space in three:
        assert f'name="ids" value="{space.pk}"' in page


def test_compare_is_not_a_space_slug():
    space = SpaceFactory.build(slug="compare", zone=ZoneFactory())
    with pytest.raises(ValidationError) as raised:
        space.full_clean()
    assert "slug" in raised.value.message_dict

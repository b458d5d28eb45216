"""The space list: each card's first photo (thumbnail, with its alternative text) and the known
positions drawn on the schematic zone map."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.geojson import place_in_box
from spaces.models import SpaceImage
from tests.factories import SpaceFactory, ZoneFactory
from zones.maps import ZONE_SHAPES

pytestmark = pytest.mark.django_db


def _png(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 160, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_card_shows_the_first_photo_with_its_alt_text_and_nothing_without_one(client):
    pictured = SpaceFactory(name="有照片的厂房")
    SpaceImage.objects.create(
        space=pictured, image=_png(), thumbnail=_png("thumb.png"), alt_text="厂房外立面", alt_text_en="Facade", order=1
    )
    SpaceImage.objects.create(space=pictured, image=_png(), alt_text="车间内部", order=2)
    SpaceFactory(name="没有照片的厂房")
    page = client.get("/spaces/").content.decode()
    assert page.count('class="card-photo"') == 1
    assert 'alt="厂房外立面"' in page and "spaces/thumbs/" in page
    assert 'alt="车间内部"' not in page  # only the first photo
    english = client.get("/en/spaces/").content.decode()
    assert 'alt="Facade"' in english


def test_list_draws_known_positions_inside_their_zone_on_the_map(client):
    south = ZoneFactory(slug="south", name="南创", name_en="South")
    ZoneFactory(slug="north", name="北智", name_en="North")
    SpaceFactory(name="西边厂房", zone=south, latitude=Decimal("30.30000"), longitude=Decimal("120.20000"))
    SpaceFactory(name="东边厂房", zone=south, latitude=Decimal("30.31000"), longitude=Decimal("120.24000"))
    SpaceFactory(name="位置未知的厂房", zone=south)
    page = client.get("/spaces/").content.decode()
    assert page.count('class="map-point"') == 2
    assert "这些载体在哪里" in page
    assert "30.30000, 120.20000" in page  # the text beside the drawing
    x0, y0, x1, y1 = ZONE_SHAPES["south"]["box"]
    # The western space is drawn at the box's west edge, the eastern one at its east edge.
    assert f'cx="{float(x0):.1f}"' in page and f'cx="{float(x1):.1f}"' in page


def test_no_map_when_no_space_on_the_page_has_a_position(client):
    SpaceFactory()
    page = client.get("/spaces/").content.decode()
    assert "map-point" not in page
    assert "这些载体在哪里" not in page


def test_place_in_box_puts_north_up_and_a_single_point_off_the_centre_line():
    frame = (120.0, 30.0, 121.0, 31.0)
    assert place_in_box(120.0, 31.0, frame, (0, 0, 100, 50)) == (0.0, 0.0)
    assert place_in_box(121.0, 30.0, frame, (0, 0, 100, 50)) == (100.0, 50.0)
    assert place_in_box(120.5, 30.5, (120.5, 30.5, 120.5, 30.5), (0, 0, 100, 50)) == (75.0, 12.5)

"""The entry bar on space (亩均论英雄, issue 29): thresholds per mu and the years to reach them, on the
page in plain words (only the parts the space gives), on the compare page, in the API and downloads,
in the spreadsheet import and export; the years never stand without a threshold."""

import csv
import io
from decimal import Decimal

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from spaces.models import Space
from spaces.resources import SpaceResource
from tests.factories import SpaceFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def parcel(**fields):
    defaults = {
        "slug": "renhe-parcel",
        "name": "仁和工业地块",
        "name_en": "Renhe industrial parcel",
        "kind": Space.Kind.LAND,
        "floor_area_m2": None,
        "offers_lease": False,
        "offers_transfer": True,
        "area_mu": Decimal("40"),
        "min_investment_intensity": Decimal("350"),
        "min_tax_per_mu": Decimal("30"),
        "min_value_added_per_mu": Decimal("150.5"),
        "bar_years": 3,
    }
    return SpaceFactory(**{**defaults, **fields})


# --- The page: the bar in plain words ---------------------------------------------------------------


def test_page_states_the_whole_bar_in_plain_words_in_chinese(client):
    parcel()
    page = client.get("/spaces/renhe-parcel/").content.decode()
    assert "入驻门槛（亩均论英雄）" in page
    assert (
        "入驻企业须达到：亩均投资强度不低于 350 万元/亩，亩均税收不低于 30 万元/亩·年，"
        "亩均增加值不低于 150.5 万元/亩·年，投产后 3 年内达到。"
    ) in page
    assert "亩均增加值门槛" in page and "投产后 3 年内" in page  # the key facts too


def test_page_states_the_whole_bar_in_plain_words_in_english(client):
    parcel()
    page = client.get("/en/spaces/renhe-parcel/").content.decode()
    assert (
        "A firm moving in must reach: investment of at least 350 × 10,000 yuan per mu; tax of at least 30 × "
        "10,000 yuan per mu a year; value added of at least 150.5 × 10,000 yuan per mu a year, within 3 years "
        "of going into production."
    ) in page
    assert "Value added per mu at least" in page and "Time to reach the bar" in page


def test_page_says_only_the_parts_the_space_gives(client):
    parcel(min_investment_intensity=None, min_value_added_per_mu=None, bar_years=None)
    page = client.get("/spaces/renhe-parcel/").content.decode()
    assert "入驻企业须达到：亩均税收不低于 30 万元/亩·年。" in page
    assert "亩均投资强度不低于" not in page and "投产后" not in page
    english = client.get("/en/spaces/renhe-parcel/").content.decode()
    assert "A firm moving in must reach: tax of at least 30 × 10,000 yuan per mu a year." in english
    assert "within 1 year of going" not in english
    parcel(slug="one-year", code="ZT-2026-901", min_tax_per_mu=None, bar_years=1)
    assert "within 1 year of going into production." in client.get("/en/spaces/one-year/").content.decode()


def test_page_says_nothing_of_a_bar_when_the_space_gives_none(client):
    parcel(min_investment_intensity=None, min_tax_per_mu=None, min_value_added_per_mu=None, bar_years=None)
    page = client.get("/spaces/renhe-parcel/").content.decode()
    assert "入驻门槛" not in page and "入驻企业须达到" not in page and "entry-bar" not in page


def test_compare_page_puts_the_bars_side_by_side(client):
    one = parcel()
    two = SpaceFactory(name="南创厂房")
    page = client.get(f"/spaces/compare/?ids={one.pk},{two.pk}").content.decode()
    for text in ("亩均税收门槛", "30 万元/亩·年", "亩均增加值门槛", "150.5 万元/亩·年", "达标年限", "投产后 3 年内"):
        assert text in page, text
    english = client.get(f"/en/spaces/compare/?ids={one.pk},{two.pk}").content.decode()
    assert "Value added per mu at least" in english and "3 years after going into production" in english


# --- The model: the years need a threshold, nothing negative ------------------------------------------


def test_years_without_any_threshold_are_refused_with_a_message():
    space = SpaceFactory.build(zone=ZoneFactory(), bar_years=3)
    with pytest.raises(ValidationError) as info:
        space.full_clean()
    assert "bar_years" in info.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Space.objects.filter(pk=SpaceFactory().pk).update(bar_years=3)


@pytest.mark.parametrize("years", [0, 11])
def test_years_out_of_range_are_refused(years):
    space = SpaceFactory.build(zone=ZoneFactory(), min_tax_per_mu=Decimal("30"), bar_years=years)
    with pytest.raises(ValidationError) as info:
        space.full_clean()
    assert "bar_years" in info.value.message_dict


def test_negative_value_added_bar_is_refused():
    space = SpaceFactory.build(zone=ZoneFactory(), min_value_added_per_mu=Decimal("-1"))
    with pytest.raises(ValidationError) as info:
        space.full_clean()
    assert "min_value_added_per_mu" in info.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Space.objects.filter(pk=SpaceFactory().pk).update(min_value_added_per_mu=Decimal("-1"))


# --- API, downloads, spreadsheets -------------------------------------------------------------------


def test_api_gives_the_value_added_bar_with_its_unit_and_the_years(client):
    parcel()
    row = client.get("/api/v1/spaces/renhe-parcel/").json()
    assert row["min_value_added_per_mu"] == {
        "value": "150.50",
        "unit": "万元/亩·年",
        "unit_en": "10,000 yuan per mu and year",
    }
    assert row["bar_years"] == 3
    assert row["min_tax_per_mu"]["value"] == "30.00"
    SpaceFactory(slug="no-bar")
    bare = client.get("/api/v1/spaces/no-bar/").json()
    assert bare["min_value_added_per_mu"] is None and bare["bar_years"] is None


def test_csv_download_has_the_bar_columns(client):
    parcel()
    body = b"".join(client.get("/data/spaces.csv").streaming_content).decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(body))
    assert (row["min_value_added_per_mu.value"], row["bar_years"]) == ("150.50", "3")
    assert row["min_investment_intensity.value"] == "350.00"


def test_spreadsheet_round_trip_keeps_the_bar_and_refuses_years_without_a_threshold():
    space = parcel()
    dataset = SpaceResource().export(Space.objects.filter(pk=space.pk))
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert (row["亩均增加值门槛（万元/亩·年）"], row["达标年限"]) == ("150.50", "3")  # the staff's language
    zone = space.zone
    headers = ["code", "name", "slug", "kind", "zone", "area_mu", "min_value_added_per_mu", "bar_years"]
    good = ["ZT-2026-950", "新地块", "new-parcel", "land", zone.slug, "25", "120", "2"]
    bad = ["ZT-2026-951", "无门槛地块", "bare-parcel", "land", zone.slug, "25", "", "2"]
    result = SpaceResource().import_data(
        tablib.Dataset(good, bad, headers=headers),
        dry_run=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    assert result.has_validation_errors()
    assert not Space.objects.filter(code__in=["ZT-2026-950", "ZT-2026-951"]).exists()  # nothing half-saved
    result = SpaceResource().import_data(tablib.Dataset(good, headers=headers), dry_run=False, use_transactions=True)
    assert not result.has_errors() and not result.has_validation_errors()
    imported = Space.objects.get(code="ZT-2026-950")
    assert (imported.min_value_added_per_mu, imported.bar_years) == (Decimal("120"), 2)

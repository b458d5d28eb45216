import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from spaces.models import Space, SpaceStatusLog, m2_to_mu, mu_to_m2
from spaces.services import space_save
from tests.factories import SpaceFactory, UserFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def land(**fields):
    return Space(
        code="ZT-2026-101", name="测试地块", slug="test-parcel", kind=Space.Kind.LAND, zone=ZoneFactory(), **fields
    )


def _violates(space, constraint):
    """The database itself refuses the row (clean() is skipped on purpose)."""
    with pytest.raises(IntegrityError) as info, transaction.atomic():
        space.save()
    assert constraint in str(info.value) or "CHECK" in str(info.value).upper()


def test_one_mu_is_666_67_square_metres():
    assert mu_to_m2(Decimal("1")) == Decimal("666.67")
    assert mu_to_m2(Decimal("83")) == Decimal("55333.61")
    assert m2_to_mu(Decimal("666.67")) == Decimal("1.00")


def test_service_stores_the_area_in_m2_for_land_and_buildings():
    parcel = space_save(space=land(area_mu=Decimal("30")))
    assert parcel.area_m2 == Decimal("20000.10")
    building = SpaceFactory(floor_area_m2=Decimal("1200"))
    assert building.area_m2 == Decimal("1200")


@pytest.mark.parametrize(
    "field,value",
    [("floors", 3), ("floor_area_m2", Decimal("100")), ("clear_height_m", Decimal("8")), ("offers_sale", True)],
)
def test_land_parcel_cannot_have_building_fields(field, value):
    space = land(area_mu=Decimal("10"), **{field: value})
    with pytest.raises(ValidationError) as info:
        space.full_clean()
    assert field in info.value.message_dict
    _violates(space, "space_land_has_no_building_fields")


@pytest.mark.parametrize(
    "field,value",
    [("plot_ratio", Decimal("2")), ("land_use", Space.LandUse.INDUSTRIAL), ("offers_transfer", True)],
)
def test_building_cannot_have_land_fields(field, value):
    space = SpaceFactory.build(zone=ZoneFactory(), **{field: value})
    with pytest.raises(ValidationError) as info:
        space.full_clean()
    assert field in info.value.message_dict
    _violates(space, "space_land_fields_only_on_land")


def test_only_land_and_renewal_are_measured_in_mu():
    office = SpaceFactory.build(zone=ZoneFactory(), kind=Space.Kind.OFFICE, area_mu=Decimal("5"))
    with pytest.raises(ValidationError) as info:
        office.full_clean()
    assert "area_mu" in info.value.message_dict
    renewal = SpaceFactory.build(zone=ZoneFactory(), kind=Space.Kind.RENEWAL, area_mu=Decimal("83"), floor_area_m2=None)
    renewal.full_clean()


@pytest.mark.parametrize("field", ["floor_area_m2", "power_kva", "rent", "clear_height_m", "min_tax_per_mu"])
def test_negative_figures_are_refused(field):
    space = SpaceFactory.build(zone=ZoneFactory(), **{field: Decimal("-1")})
    with pytest.raises(ValidationError) as info:
        space.full_clean()
    assert field in info.value.message_dict
    _violates(space, f"space_{field}_non_negative")


@pytest.mark.parametrize("flag,amount", [("rent_disclosed", "rent"), ("sale_price_disclosed", "sale_price")])
def test_disclosed_price_needs_an_amount(flag, amount):
    space = SpaceFactory.build(zone=ZoneFactory(), offers_sale=True, **{flag: True})
    with pytest.raises(ValidationError) as info:
        space.full_clean()
    assert amount in info.value.message_dict
    _violates(space, f"space_disclosed_{amount}_has_amount")


def test_disclosed_land_price_needs_an_amount():
    space = land(land_price_disclosed=True)
    with pytest.raises(ValidationError) as info:
        space.full_clean()
    assert "land_price" in info.value.message_dict
    _violates(space, "space_disclosed_land_price_has_amount")


def test_undisclosed_prices_are_never_public():
    space = SpaceFactory.build(rent=Decimal("30"), rent_disclosed=False)
    assert space.public_rent is None
    space.rent_disclosed = True
    assert space.public_rent == Decimal("30")


def test_map_position_needs_both_coordinates():
    space = SpaceFactory.build(zone=ZoneFactory(), latitude=Decimal("30.4"))
    with pytest.raises(ValidationError):
        space.full_clean()
    _violates(space, "space_position_complete")


def test_new_space_logs_its_first_status_and_each_change():
    user = UserFactory()
    space = space_save(space=land(area_mu=Decimal("10")), user=user)
    assert [(e.from_status, e.to_status) for e in space.status_log.all()] == [("", "available")]
    space.status = Space.Status.TALKS
    space_save(space=space, user=user, previous_status="available")
    space_save(space=space, user=user, previous_status="talks")  # no change, no row
    log = list(space.status_log.all())
    assert [(e.from_status, e.to_status) for e in log] == [("", "available"), ("available", "talks")]
    assert log[-1].changed_by == user and log[-1].changed_on == datetime.date.today()


def test_status_log_date_keeps_the_precision_of_its_source():
    space = space_save(space=land(area_mu=Decimal("10")), changed_on=datetime.date(2021, 6, 1), date_precision="month")
    entry = space.status_log.get()
    assert entry.date_format == "Y-m"
    assert SpaceStatusLog(date_precision="year").date_format == "Y"


def test_history_records_each_save():
    space = space_save(space=land(area_mu=Decimal("10")))
    space.status = Space.Status.TALKS
    space_save(space=space, previous_status="available")
    assert space.history.count() == 2


def test_occupied_and_withdrawn_spaces_are_not_proposable():
    assert SpaceFactory.build(status=Space.Status.TALKS).is_proposable
    assert not SpaceFactory.build(status=Space.Status.OCCUPIED).is_proposable
    assert not SpaceFactory.build(status=Space.Status.WITHDRAWN).is_proposable
    assert not SpaceFactory.build(is_published=False).is_proposable

"""The space market of /figures/ (spaces.market) against a register whose figures were worked out by hand,
as of 31 October 2024 (the fourth quarter)."""

import datetime
from decimal import Decimal

import pytest

from spaces.market import market_spells, space_market, status_on
from spaces.models import Space, SpaceStatusLog
from tests.factories import SpaceFactory, ZoneFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 10, 31)
D = datetime.date
S = Space.Status


def logged(space, *changes):
    """The space's status changes as (date, to status[, precision]), each from the one before."""
    previous = ""
    for date, to_status, *precision in changes:
        SpaceStatusLog.objects.create(space=space, from_status=previous, to_status=to_status, changed_on=date,
                                      date_precision=precision[0] if precision else "day")  # fmt: skip
        previous = to_status
    return space


def cell(table, row, column):
    (cells,) = [cells for group, cells in table.rows if group.key == row]
    return {group.key: value for group, value in cells}[column]


@pytest.fixture
def register(db):
    north, south = ZoneFactory(slug="north", name="北智"), ZoneFactory(slug="south", name="南创")
    factory = {"kind": Space.Kind.FACTORY, "zone": north}
    logged(SpaceFactory(**factory, floor_area_m2=Decimal(1000), rent_disclosed=True, rent=Decimal(30)),
           (D(2024, 1, 2), S.AVAILABLE))  # fmt: skip
    # In talks (vacant), offered for lease at a price not disclosed: never a zero.
    logged(SpaceFactory(**factory, floor_area_m2=Decimal(3000), status=S.TALKS, rent_disclosed=False),
           (D(2024, 1, 2), S.AVAILABLE), (D(2024, 5, 6), S.TALKS))  # fmt: skip
    # Came to market 2 January, occupied 1 July: 181 days, 5.9 months. Its price does not count (not on offer).
    occupied = SpaceFactory(**factory, floor_area_m2=Decimal(2000), status=S.OCCUPIED, rent_disclosed=True, rent=99)
    logged(occupied, (D(2024, 1, 2), S.AVAILABLE), (D(2024, 2, 1), S.TALKS), (D(2024, 7, 1), S.OCCUPIED))
    logged(SpaceFactory(**factory, floor_area_m2=Decimal(4000), status=S.FITTING),
           (D(2024, 3, 1), S.AVAILABLE), (D(2024, 5, 1), S.FITTING))  # fmt: skip
    logged(SpaceFactory(**factory, floor_area_m2=Decimal(5000), status=S.WITHDRAWN), (D(2024, 1, 2), S.WITHDRAWN))
    # Came to market in a month only: its time to occupy is not measured.
    logged(SpaceFactory(**factory, floor_area_m2=Decimal(0), status=S.OCCUPIED, is_published=False),
           (D(2024, 1, 1), S.AVAILABLE, "month"), (D(2024, 4, 10), S.OCCUPIED))  # fmt: skip
    logged(SpaceFactory(kind=Space.Kind.OFFICE, zone=north, floor_area_m2=Decimal(500), rent_disclosed=True,
                        rent=Decimal(50), offers_sale=True, sale_price_disclosed=True, sale_price=Decimal(8000)),
           (D(2024, 1, 2), S.AVAILABLE))  # fmt: skip
    logged(SpaceFactory(kind=Space.Kind.FACTORY, zone=south, floor_area_m2=Decimal(6000), rent_disclosed=True,
                        rent=Decimal(20), available_from=D(2025, 1, 15)),
           (D(2024, 1, 2), S.AVAILABLE))  # fmt: skip
    SpaceFactory(kind=Space.Kind.FACTORY, zone=south, is_demo=True, floor_area_m2=Decimal(90000))  # a sample


def test_vacancy_by_kind_and_zone(register, settings):
    settings.FIGURES_MIN_SAMPLE = 1
    market = space_market(TODAY)
    assert not market.is_sample
    assert [zone.key for zone in market.vacancy.columns] == ["north", "south", ""]
    north = cell(market.vacancy, "factory", "north")  # vacant 1,000 + 3,000 of 10,000; the withdrawn one is out
    assert (north.n, north.vacant_m2, north.total_m2, north.share) == (
        4,
        Decimal(4000),
        Decimal(10000),
        Decimal("40.0"),
    )
    assert north.link.url == "/spaces/?kind=factory&zone=north"
    everywhere = cell(market.vacancy, "factory", "")
    assert (everywhere.n, everywhere.share) == (5, Decimal("62.5"))  # 10,000 of 16,000
    assert cell(market.vacancy, "office", "south").n == 0


def test_a_vacancy_over_fewer_spaces_than_the_minimum_is_hidden_its_areas_are_not(register):
    market = space_market(TODAY)
    north = cell(market.vacancy, "factory", "north")
    assert (north.share, north.hidden, north.vacant_m2) == (None, True, Decimal(4000))
    assert cell(market.vacancy, "factory", "").share == Decimal("62.5")  # five spaces: shown


def test_vacancy_at_each_quarter_end_from_the_status_history(register, settings):
    settings.FIGURES_MIN_SAMPLE = 1
    market = space_market(TODAY)
    assert [group.key for group, _cells in market.vacancy_by_quarter.rows] == [
        "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "today",
    ]  # fmt: skip
    assert cell(market.vacancy_by_quarter, "2023-Q4", "factory").n == 0  # nothing registered yet
    # 31 March: 1,000, 3,000, 2,000 (talks), 4,000 and 6,000 all on offer.
    march = cell(market.vacancy_by_quarter, "2024-Q1", "factory")
    assert (march.n, march.share) == (5, Decimal("100.0"))
    # 30 June: 4,000 being fitted out; 2,000 still in talks.
    june = cell(market.vacancy_by_quarter, "2024-Q2", "factory")
    assert (june.vacant_m2, june.total_m2, june.share) == (Decimal(12000), Decimal(16000), Decimal("75.0"))
    september = cell(market.vacancy_by_quarter, "2024-Q3", "factory")  # 2,000 occupied on 1 July
    assert september.share == Decimal("62.5")
    assert cell(market.vacancy_by_quarter, "today", "factory") == cell(market.vacancy, "factory", "")


def test_asking_prices_leave_undisclosed_prices_out(register, settings):
    settings.FIGURES_MIN_SAMPLE = 1
    market = space_market(TODAY)
    assert [kind.key for kind, _cells in market.asking_prices.rows] == ["factory", "office"]  # no land row
    rent = cell(market.asking_prices, "factory", "lease")  # on offer for lease: 30, undisclosed, 20
    assert (rent.offered, rent.spread.n, rent.spread.median, rent.spread.p90) == (
        3, 2, Decimal("25.00"), Decimal("29.00"),
    )  # fmt: skip
    assert rent.link.url == "/spaces/?kind=factory&tenure=lease&sort=price"
    sale = cell(market.asking_prices, "office", "sale")
    assert (sale.offered, sale.spread.median) == (1, Decimal("8000.00"))
    nothing = cell(market.asking_prices, "factory", "sale")
    assert (nothing.offered, nothing.spread.n, nothing.spread.median) == (0, 0, None)


def test_asking_prices_hidden_below_the_minimum(register):
    rent = cell(space_market(TODAY).asking_prices, "factory", "lease")
    assert (rent.spread.n, rent.spread.median, rent.spread.hidden) == (2, None, True)


def test_space_coming_to_market_in_the_next_two_quarters(register):
    market = space_market(TODAY)
    assert [quarter.key for quarter in market.pipeline.columns] == ["2025-Q1", "2025-Q2"]
    first = cell(market.pipeline, "factory", "2025-Q1")
    assert (first.area_m2, first.spaces) == (Decimal(6000), 1)
    assert cell(market.pipeline, "factory", "2025-Q2").spaces == 0


def test_months_from_available_to_occupied(register, settings):
    settings.FIGURES_MIN_SAMPLE = 1
    market = space_market(TODAY)
    rows = [group.key for group, _cells in market.months_to_occupied.rows]
    assert rows == ["2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "all"]
    (third,) = [cells[0][1].spread for group, cells in market.months_to_occupied.rows if group.key == "2024-Q3"]
    assert (third.n, third.median) == (1, Decimal("5.9"))  # 181 days ÷ 30.4375
    (everything,) = [cells[0][1].spread for group, cells in market.months_to_occupied.rows if group.key == "all"]
    assert everything.n == 1  # the unpublished space and the month-precise start are left out


def test_spells_and_statuses_from_a_status_history():
    history = [
        (D(2024, 1, 2), "day", "", S.AVAILABLE),
        (D(2024, 2, 1), "day", S.AVAILABLE, S.OCCUPIED),
        (D(2024, 3, 1), "day", S.OCCUPIED, S.TALKS),  # the tenant left: back on the market
        (D(2024, 3, 20), "day", S.TALKS, S.AVAILABLE),  # still the same spell
        (D(2024, 4, 1), "day", S.AVAILABLE, S.WITHDRAWN),  # withdrawn: the spell ends unoccupied
        (D(2024, 5, 1), "day", S.WITHDRAWN, S.AVAILABLE),
        (D(2024, 6, 1), "day", S.AVAILABLE, S.FITTING),
        (D(2024, 7, 1), "day", S.FITTING, S.OCCUPIED),
    ]
    assert market_spells(history) == [(D(2024, 1, 2), D(2024, 2, 1)), (D(2024, 5, 1), D(2024, 7, 1))]
    registered = D(2023, 12, 1)
    assert status_on(D(2024, 1, 1), history, registered=registered, status_now=S.OCCUPIED) is None
    assert status_on(D(2024, 3, 10), history, registered=registered, status_now=S.OCCUPIED) == S.TALKS
    assert status_on(D(2024, 3, 10), [], registered=registered, status_now=S.OCCUPIED) == S.OCCUPIED
    later = [(D(2024, 6, 1), "day", S.AVAILABLE, S.OCCUPIED)]  # logged from a later change on
    assert status_on(D(2024, 3, 10), later, registered=registered, status_now=S.OCCUPIED) == S.AVAILABLE


def test_samples_count_only_when_no_real_space_is_published(db, settings):
    settings.FIGURES_MIN_SAMPLE = 1
    zone = ZoneFactory(slug="north")
    SpaceFactory(zone=zone, is_demo=True, floor_area_m2=Decimal(1000))
    SpaceFactory(zone=zone, is_demo=True, floor_area_m2=Decimal(3000), status=S.OCCUPIED)
    SpaceFactory(zone=zone, is_published=False, floor_area_m2=Decimal(500))  # real, but not published
    market = space_market(TODAY)
    assert market.is_sample and cell(market.vacancy, "factory", "north").share == Decimal("25.0")


def test_the_market_reads_a_fixed_number_of_queries_whatever_the_register_size(db, django_assert_num_queries):
    zone = ZoneFactory(slug="north")

    def add(count):
        for n in range(count):
            logged(SpaceFactory(zone=zone, floor_area_m2=Decimal(1000 + n)), (D(2024, 1, 2), S.AVAILABLE))

    add(2)
    with django_assert_num_queries(3):  # the spaces, their status history, the zones
        space_market(TODAY)
    add(30)
    with django_assert_num_queries(3):
        space_market(TODAY)

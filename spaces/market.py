"""The space market of /figures/ (issue 30), from the published register and its status log.

    vacancy          vacant m² (available or in talks) ÷ m² of every space not withdrawn, by kind and
                     zone today; by kind at the end of each of the last four quarters (each space's
                     status then, from its status log; its area as it is now)
    asking prices    median rent and sale price per m² of the space on offer today that offers the
                     term, by kind of building, over disclosed prices only (an undisclosed price is
                     neither 0 nor counted: the page says how many offer the term)
    pipeline         m² whose "available from" date falls in the next quarter or the one after, by kind
    time to occupy   months (of 30.44 days) from coming to market — becoming available or in talks when
                     new, occupied or withdrawn — to occupied, both dates known to the day, by the
                     quarter occupied

Counts and totals are always shown; a median, percentile or share over fewer than FIGURES_MIN_SAMPLE
spaces is not (core.figures). The register's real spaces are counted; only when none is published
are the samples, and the figures are then labelled 示例/Sample. Queries, whatever the register's
size: the spaces (1; 2 when none is real), their status log (1) and the zones (1); the figures are
computed in Python, the same on SQLite and PostgreSQL.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision, quarter_first, quarter_last, quarter_of, quarter_shift
from core.figures import (
    Group,
    Link,
    Spread,
    as_text,
    both_languages,
    min_sample,
    named_groups,
    quarter_group,
    rounded,
    share,
    summarise,
)
from core.workdays import local_day
from spaces.models import Space, SpaceStatusLog
from zones.models import Zone

QUARTERS_BACK = 4
DAYS_PER_MONTH = Fraction(36525, 1200)  # a mean Gregorian month, for months between two days
BUILDING_KINDS = tuple(kind for kind in Space.Kind.values if kind != Space.Kind.LAND)


SQUARE_METRES = ("平方米", "m²")
PER_CENT = ("%", "%")
YUAN_PER_M2_MONTH = ("元/平方米·月", "yuan per m² and month")
YUAN_PER_M2 = ("元/平方米", "yuan per m²")
MONTHS = ("个月", "months")
NO_UNIT = ("", "")


@dataclass(frozen=True)
class Measure:
    """One number of a cell as the CSV and the API give it: `n` is what it counts, a hidden value is None."""

    name: str
    value: object
    unit: tuple[str, str]
    n: int
    hidden: bool = False


@dataclass(frozen=True)
class Vacancy:
    """Vacant and total m² of `n` spaces (those with an area); the share in per cent, None when hidden
    (fewer spaces than the minimum sample) or when there is no area."""

    n: int
    vacant_m2: Decimal
    total_m2: Decimal
    share: Decimal | None
    hidden: bool
    link: Link | None = None

    def measures(self) -> list[Measure]:
        return [
            Measure("vacant_m2", self.vacant_m2, SQUARE_METRES, self.n),
            Measure("total_m2", self.total_m2, SQUARE_METRES, self.n),
            Measure("vacancy_share", self.share, PER_CENT, self.n, self.hidden),
        ]


@dataclass(frozen=True)
class Price:
    """Asking prices of one term for one kind: how many spaces on offer offer it, and the spread of the
    disclosed prices (`spread.n` of them)."""

    offered: int
    spread: Spread
    unit: tuple[str, str]
    link: Link | None = None

    def measures(self) -> list[Measure]:
        spread = self.spread
        return [
            Measure("offered", self.offered, NO_UNIT, self.offered),
            Measure("median", spread.median, self.unit, spread.n, spread.hidden),
        ]


@dataclass(frozen=True)
class Pipeline:
    area_m2: Decimal
    spaces: int

    def measures(self) -> list[Measure]:
        return [Measure("area_m2", self.area_m2, SQUARE_METRES, self.spaces)]


@dataclass(frozen=True)
class Months:
    spread: Spread

    def measures(self) -> list[Measure]:
        spread = self.spread
        return [
            Measure("median_months", spread.median, MONTHS, spread.n, spread.hidden),
            Measure("p90_months", spread.p90, MONTHS, spread.n, spread.hidden),
        ]


@dataclass(frozen=True)
class Table:
    """A table of the market: rows of (row group, ((column group, cell), …)), every row with every column."""

    key: str
    columns: tuple[Group, ...]
    rows: tuple[tuple[Group, tuple[tuple[Group, object], ...]], ...]


@dataclass(frozen=True)
class SpaceMarket:
    is_sample: bool
    today: datetime.date
    vacancy: Table  # kinds × zones and all zones, today
    vacancy_by_quarter: Table  # the last four quarter ends and today × kinds
    asking_prices: Table  # building kinds × rent, sale price
    pipeline: Table  # kinds × the next quarter and the one after
    months_to_occupied: Table  # the quarter occupied (the last four, this one to date) and all × one column

    @property
    def tables(self) -> tuple[Table, ...]:
        return (self.vacancy, self.vacancy_by_quarter, self.asking_prices, self.pipeline, self.months_to_occupied)


def _table(key, row_groups, columns, cell) -> Table:
    """A table whose cell for (row, column) is `cell(row, column)`."""
    columns = tuple(columns)
    return Table(
        key, columns, tuple((row, tuple((column, cell(row, column)) for column in columns)) for row in row_groups)
    )


SPACE_FIELDS = (
    "id", "kind", "zone__slug", "status", "area_m2", "created_at", "available_from", "offers_lease",
    "rent_disclosed", "rent", "offers_sale", "sale_price_disclosed", "sale_price",
)  # fmt: skip


def _space_rows() -> tuple[list[dict], bool]:
    """The published spaces: the real ones, or the samples when none is real (one query; two then)."""
    published = Space.objects.public().order_by("id")
    rows = list(published.filter(is_demo=False).values(*SPACE_FIELDS))
    if rows:
        return rows, False
    rows = list(published.filter(is_demo=True).values(*SPACE_FIELDS))
    return rows, bool(rows)


def _status_logs(samples: bool) -> dict[int, list[tuple]]:
    """Each counted space's status changes in order: (date, precision, from, to) (one query)."""
    logs = defaultdict(list)
    rows = (
        SpaceStatusLog.objects.filter(space__is_published=True, space__is_demo=samples)
        .order_by("space_id", "changed_on", "id")
        .values_list("space_id", "changed_on", "date_precision", "from_status", "to_status")
    )
    for space_id, *change in rows:
        logs[space_id].append(tuple(change))
    return logs


def status_on(day: datetime.date, changes: list[tuple], *, registered: datetime.date, status_now: str) -> str | None:
    """A space's status at the end of `day` from its status changes (date, precision, from, to); None when it
    was not on the register yet. Without a change logged, its status now since the day it was registered."""
    if not changes:
        return status_now if registered <= day else None
    status = None
    for changed_on, _precision, _from, to_status in changes:
        if changed_on > day:
            break
        status = to_status
    if status is None and changes[0][2] and registered <= day:
        status = changes[0][2]  # logged from a later change on: the status it changed from
    return status


def market_spells(changes: list[tuple]) -> list[tuple[datetime.date, datetime.date]]:
    """(came to market, occupied) for each time the space went from new, occupied or withdrawn to available
    or in talks and then to occupied, both dates known to the day; withdrawing it ends the spell unoccupied."""
    spells, since = [], None
    day = DatePrecision.DAY
    for changed_on, precision, from_status, to_status in changes:
        if to_status in Space.OFFERED_STATUSES and from_status not in (*Space.OFFERED_STATUSES, Space.Status.FITTING):
            since = changed_on if precision == day else None
        elif to_status == Space.Status.OCCUPIED:
            if since is not None and precision == day:
                spells.append((since, changed_on))
            since = None
        elif to_status == Space.Status.WITHDRAWN:
            since = None
    return spells


def _vacancy(spaces, status_of, link=None) -> Vacancy:
    """Vacancy over `spaces` with an area whose status (`status_of(space)`) is on the register and not withdrawn."""
    vacant = total = Decimal(0)
    n = 0
    for space in spaces:
        status = status_of(space)
        if status is None or status == Space.Status.WITHDRAWN or space["area_m2"] is None:
            continue
        n += 1
        total += space["area_m2"]
        if status in Space.OFFERED_STATUSES:
            vacant += space["area_m2"]
    hidden = 0 < n < min_sample()
    return Vacancy(n, rounded(vacant, 0), rounded(total, 0), share(vacant, total, count=n), hidden, link)


def _price(spaces, kind, tenure) -> Price:
    offers, disclosed, amount, unit = {
        Space.Tenure.LEASE: ("offers_lease", "rent_disclosed", "rent", YUAN_PER_M2_MONTH),
        Space.Tenure.SALE: ("offers_sale", "sale_price_disclosed", "sale_price", YUAN_PER_M2),
    }[tenure]
    offering = [s for s in spaces if s["kind"] == kind and s["status"] in Space.OFFERED_STATUSES and s[offers]]
    prices = [s[amount] for s in offering if s[disclosed] and s[amount] is not None]
    link = Link("spaces:list", f"kind={kind}&tenure={tenure}&sort=price")
    return Price(len(offering), summarise(prices, places=2), unit, link)


def space_market(today: datetime.date | None = None) -> SpaceMarket:
    """The space market's tables (module docstring) as the register stands at the end of `today`."""
    today = today or timezone.localdate()
    spaces, samples = _space_rows()
    logs = _status_logs(samples)
    zones = named_groups(Zone.objects.ordered().only("slug", "name", "name_en", "english_out_of_date"))
    kinds = [Group(kind, *both_languages(label)) for kind, label in Space.Kind.choices]
    kinds = [kind for kind in kinds if any(s["kind"] == kind.key for s in spaces)]
    of_kind = {kind.key: [s for s in spaces if s["kind"] == kind.key] for kind in kinds}
    everywhere = Group("", *both_languages(_("All zones")))
    zone_columns = [zone for zone in zones.values() if any(s["zone__slug"] == zone.key for s in spaces)]

    def vacancy_now(kind, zone):
        rows = [s for s in of_kind[kind.key] if zone is everywhere or s["zone__slug"] == zone.key]
        query = f"kind={kind.key}" + (f"&zone={zone.key}" if zone is not everywhere else "")
        return _vacancy(rows, lambda space: space["status"], Link("spaces:list", query))

    current = quarter_of(today)
    today_group = Group("today", *both_languages(_("Today")))
    ends = {
        quarter_group(q): quarter_last(q) for q in (quarter_shift(current, -b) for b in range(QUARTERS_BACK, 0, -1))
    }

    def vacancy_then(period, kind):
        if period is today_group:
            return vacancy_now(kind, everywhere)
        day = ends[period]

        def status(space):
            registered = local_day(space["created_at"])
            return status_on(day, logs.get(space["id"], []), registered=registered, status_now=space["status"])

        return _vacancy(of_kind[kind.key], status)

    terms = [
        Group(Space.Tenure.LEASE, *both_languages(_("Rent"))),
        Group(Space.Tenure.SALE, *both_languages(_("Sale price"))),
    ]
    coming = {quarter_group(q): q for q in (quarter_shift(current, 1), quarter_shift(current, 2))}

    def arriving(kind, quarter_column):
        quarter = coming[quarter_column]
        first, last = quarter_first(quarter), quarter_last(quarter)
        rows = [
            s
            for s in of_kind[kind.key]
            if s["status"] != Space.Status.WITHDRAWN and s["available_from"] and first <= s["available_from"] <= last
        ]
        area = sum((s["area_m2"] for s in rows if s["area_m2"] is not None), Decimal(0))
        return Pipeline(rounded(area, 0), len(rows))

    spells = [spell for changes in logs.values() for spell in market_spells(changes) if spell[1] <= today]
    months = [(quarter_of(end), Fraction((end - start).days) / DAYS_PER_MONTH) for start, end in spells]
    periods = {
        quarter_group(q, to_date=q == current): q
        for q in (quarter_shift(current, -b) for b in range(QUARTERS_BACK, -1, -1))
    }
    every_period = Group("all", *both_languages(_("All")))
    every_kind = Group("", *both_languages(_("All kinds")))

    def months_to_occupied(period, _column):
        quarter = periods.get(period)
        return Months(summarise(m for q, m in months if quarter is None or q == quarter))

    return SpaceMarket(
        is_sample=samples,
        today=today,
        vacancy=_table("vacancy", kinds, [*zone_columns, everywhere], vacancy_now),
        vacancy_by_quarter=_table("vacancy_by_quarter", [*ends, today_group], kinds, vacancy_then),
        asking_prices=_table(
            "asking_prices",
            [kind for kind in kinds if kind.key in BUILDING_KINDS],
            terms,
            lambda kind, term: _price(spaces, kind.key, term.key),
        ),
        pipeline=_table("pipeline", kinds, coming, arriving),
        months_to_occupied=_table("months_to_occupied", [*periods, every_period], [every_kind], months_to_occupied),
    )


# --- The rows of the CSV and the API -----------------------------------------------------------------

MARKET_COLUMNS = (
    "table", "row", "row_name", "row_name_en", "column", "column_name", "column_name_en", "measure", "value",
    "unit", "unit_en", "n", "hidden", "is_sample", "as_of",
)  # fmt: skip


def market_rows(market: SpaceMarket) -> list[dict]:
    """One row per table, row, column and measure: the space market as the CSV and the API give it.

    Rows and columns: `vacancy` kind × zone (zone "" for all zones), `vacancy_by_quarter` quarter end
    (or "today") × kind, `asking_prices` kind × term (lease, sale), `pipeline` kind × quarter,
    `months_to_occupied` quarter occupied (or "all") × "" (every kind).
    """
    rows = []
    for table in market.tables:
        for row, cells in table.rows:
            for column, cell in cells:
                for measure in cell.measures():
                    rows.append({
                        "table": table.key, "row": row.key, "row_name": row.name, "row_name_en": row.name_en,
                        "column": column.key, "column_name": column.name, "column_name_en": column.name_en,
                        "measure": measure.name, "value": as_text(measure.value), "unit": measure.unit[0],
                        "unit_en": measure.unit[1], "n": measure.n, "hidden": measure.hidden,
                        "is_sample": market.is_sample, "as_of": market.today.isoformat(),
                    })  # fmt: skip
    return rows

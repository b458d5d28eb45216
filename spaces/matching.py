"""How well a space fits a case's needs (an investor's inquiry, an enterprise's space request),
criterion by criterion, with reasons staff can read.

`match(need, space)` and `rank(need, spaces)` are pure functions over two plain records (`Need`,
`SpaceFacts`): no database, no request, so every rule is unit-tested directly. The adapters
`case_need(case)` (a model with the `SpaceNeed` fields) and `facts_of(space)` read the models; each
case app has its own (inquiries.matching, service.matching) and its admin uses them both ways (a
case's best spaces, and the open cases a space fits).

Each criterion the case gave is one of:
- met: the space meets it ("power 2,500 kVA ≥ 2,000 kVA needed");
- short: a number falls short (or overshoots a maximum), with by how much;
- mismatch: a category differs (kind, zone, tenure, industry);
- unknown: the space does not say (an undisclosed figure is never guessed).
A criterion the investor left empty is not judged at all.

The entry bar (亩均论英雄): an investor's projections — investment, annual tax, annual value added,
all in 万元 in `Need` (an inquiry's investment is in 亿元; its adapter converts it with
core.figures.yi_to_wan) — are divided by the space's land area in 亩 (`area_mu`) and held against the
space's thresholds (万元 per 亩: investment intensity, tax and value added per 亩). Where the space
sets no threshold, or gives no land area in 亩 (a building measured in m² only), the criterion is
unknown. A case that gives no projections (a service request never does) is not judged on the bar.

Ranking: fewest shortfalls and mismatches first, then most criteria met, then fewest unknowns,
then the smallest total relative shortfall (a mismatch counts as 100 %), then the space's code
(stable, so pages do not shuffle).
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from spaces.models import Space

MET, SHORT, MISMATCH, UNKNOWN = "met", "short", "mismatch", "unknown"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Need:
    kind: str = ""
    zone_id: int | None = None
    min_area_m2: Decimal | None = None
    max_area_m2: Decimal | None = None
    power_kva: Decimal | None = None
    clear_height_m: Decimal | None = None
    floor_load_kn: Decimal | None = None
    tenure: str = ""
    by: datetime.date | None = None
    industry_id: int | None = None
    # The investor's projections, in 万元 (10,000 yuan): held per 亩 against the space's entry bar.
    investment_wan: Decimal | None = None
    annual_tax_wan: Decimal | None = None
    annual_value_added_wan: Decimal | None = None


@dataclass(frozen=True)
class SpaceFacts:
    code: str
    kind: str
    status: str
    zone_id: int | None = None
    area_m2: Decimal | None = None
    power_kva: Decimal | None = None
    clear_height_m: Decimal | None = None
    floor_load_kn: Decimal | None = None
    tenures: frozenset = frozenset()
    available_from: datetime.date | None = None
    industry_ids: frozenset = frozenset()
    area_mu: Decimal | None = None  # land area in 亩: what the per-mu figures are worked out over
    # The entry bar, in 万元 per 亩 (tax and value added per year).
    min_investment_intensity: Decimal | None = None
    min_tax_per_mu: Decimal | None = None
    min_value_added_per_mu: Decimal | None = None


@dataclass(frozen=True)
class Criterion:
    name: str
    outcome: str
    reason: str
    shortfall: float = 0.0  # relative: 0.25 = a quarter short; a mismatch counts as wholly short

    def __post_init__(self):
        if self.outcome == MISMATCH and not self.shortfall:
            object.__setattr__(self, "shortfall", 1.0)


@dataclass
class Match:
    space: object  # what was passed in: SpaceFacts, or the caller's object carried along
    criteria: list[Criterion] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for c in self.criteria if c.outcome == outcome)

    @property
    def fails(self) -> int:
        return self.count(SHORT) + self.count(MISMATCH)

    @property
    def is_full_match(self) -> bool:
        return bool(self.criteria) and all(c.outcome == MET for c in self.criteria)

    def sort_key(self, code: str):
        return (self.fails, -self.count(MET), self.count(UNKNOWN), sum(c.shortfall for c in self.criteria), code)


def _n(value: Decimal) -> str:
    return f"{Decimal(value).normalize():,f}"


def _at_least(name: str, label: str, unit: str, have, need) -> Criterion:
    """A "this much or more" figure: power, clear height, floor load, minimum area."""
    if have is None:
        return Criterion(
            name,
            UNKNOWN,
            _("%(what)s not given (%(need)s %(unit)s needed)") % {"what": label, "need": _n(need), "unit": unit},
        )
    values = {"what": label, "have": _n(have), "need": _n(need), "unit": unit}
    if have >= need:
        return Criterion(name, MET, _("%(what)s %(have)s %(unit)s ≥ %(need)s %(unit)s needed") % values)
    shortfall = float((need - have) / need) if need else 1.0
    values["short"] = _n(need - have)
    return Criterion(
        name,
        SHORT,
        _("%(what)s %(have)s %(unit)s < %(need)s %(unit)s needed (short by %(short)s %(unit)s)") % values,
        shortfall,
    )


def _area(need: Need, space: SpaceFacts) -> Criterion | None:
    low, high = need.min_area_m2, need.max_area_m2
    if low is None and high is None:
        return None
    if space.area_m2 is None:
        return Criterion("area", UNKNOWN, _("area not disclosed"))
    if low is not None and space.area_m2 < low:
        return _at_least("area", _("area"), "m²", space.area_m2, low)
    if high is not None and space.area_m2 > high:
        over = space.area_m2 - high
        return Criterion(
            "area",
            SHORT,
            _("area %(have)s m² > %(max)s m² wanted at most (over by %(over)s m²)")
            % {"have": _n(space.area_m2), "max": _n(high), "over": _n(over)},
            float(over / high) if high else 1.0,
        )
    return Criterion("area", MET, _("area %(have)s m² within the range wanted") % {"have": _n(space.area_m2)})


def _availability(need: Need, space: SpaceFacts) -> Criterion | None:
    if need.by is None:
        return None
    if space.available_from is None:
        if space.status == Space.Status.AVAILABLE:
            return Criterion("by", MET, _("available now"))
        return Criterion("by", UNKNOWN, _("availability date not given"))
    if space.available_from <= need.by:
        return Criterion(
            "by", MET, _("available from %(date)s, by %(by)s as wanted") % {"date": space.available_from, "by": need.by}
        )
    late = (space.available_from - need.by).days
    return Criterion(
        "by",
        SHORT,
        _("available from %(date)s, %(days)s days after %(by)s")
        % {"date": space.available_from, "days": late, "by": need.by},
        min(late / 365, 1.0),
    )


def _per_mu(name: str, label: str, units: tuple[str, str], total, area_mu, bar) -> Criterion | None:
    """A projection (`total`, 万元) over the land (`area_mu`, 亩) against a threshold (`bar`, 万元 per 亩).

    `units` are how the reason names the figure per 亩 and the total (per year for tax and value added).
    The figure per 亩 is rounded to the cent before it is compared, so the reason never says "short by 0".
    """
    if total is None:
        return None
    per_mu_unit, total_unit = units
    values = {"what": label, "unit": per_mu_unit}
    if bar is None:
        return Criterion(name, UNKNOWN, _("%(what)s: the space sets no threshold") % values)
    values["need"] = _n(bar)
    if not area_mu:
        return Criterion(
            name,
            UNKNOWN,
            _(
                "%(what)s: the space gives no land area in mu, so the figure per mu cannot be worked out "
                "(threshold %(need)s %(unit)s)"
            )
            % values,
        )
    have = (Decimal(total) / Decimal(area_mu)).quantize(CENT, rounding=ROUND_HALF_UP)
    values.update(have=_n(have), total=_n(total), total_unit=total_unit, mu=_n(area_mu))
    if have >= bar:
        return Criterion(
            name,
            MET,
            _(
                "%(what)s: %(have)s %(unit)s projected (%(total)s %(total_unit)s over %(mu)s mu) "
                "≥ %(need)s %(unit)s required"
            )
            % values,
        )
    values["short"] = _n(bar - have)
    return Criterion(
        name,
        SHORT,
        _(
            "%(what)s: %(have)s %(unit)s projected (%(total)s %(total_unit)s over %(mu)s mu) "
            "< %(need)s %(unit)s required (short by %(short)s %(unit)s)"
        )
        % values,
        float((bar - have) / bar),
    )


def entry_bar(need: Need, space: SpaceFacts) -> list[Criterion]:
    """The investor's projections per 亩 of the space's land against its entry bar (see the module
    docstring): part of `match`, and on its own what the investor's status page shows for a proposed space."""
    per_mu = (_("× 10,000 yuan per mu"), _("× 10,000 yuan"))
    per_mu_year = (_("× 10,000 yuan per mu a year"), _("× 10,000 yuan a year"))
    criteria = [
        _per_mu(
            "intensity",
            _("investment intensity"),
            per_mu,
            need.investment_wan,
            space.area_mu,
            space.min_investment_intensity,
        ),
        _per_mu("tax", _("tax per mu"), per_mu_year, need.annual_tax_wan, space.area_mu, space.min_tax_per_mu),
        _per_mu(
            "value_added",
            _("value added per mu"),
            per_mu_year,
            need.annual_value_added_wan,
            space.area_mu,
            space.min_value_added_per_mu,
        ),
    ]
    return [c for c in criteria if c is not None]


def match(need: Need, space: SpaceFacts) -> Match:
    """Judge one space against one need (see the module docstring)."""
    criteria: list[Criterion | None] = []
    if need.kind:
        same = need.kind == space.kind
        label = Space.Kind(space.kind).label
        criteria.append(
            Criterion(
                "kind",
                MET if same else MISMATCH,
                _("kind: %(kind)s") % {"kind": label}
                if same
                else _("kind: %(kind)s, not %(wanted)s") % {"kind": label, "wanted": Space.Kind(need.kind).label},
            )
        )
    if need.zone_id is not None:
        same = need.zone_id == space.zone_id
        criteria.append(
            Criterion("zone", MET if same else MISMATCH, _("in the preferred zone") if same else _("in another zone"))
        )
    criteria.append(_area(need, space))
    for name, label, unit, have, wanted in (
        ("power", _("power"), "kVA", space.power_kva, need.power_kva),
        ("height", _("clear height"), "m", space.clear_height_m, need.clear_height_m),
        ("load", _("floor load"), "kN/m²", space.floor_load_kn, need.floor_load_kn),
    ):
        if wanted is not None:
            criteria.append(_at_least(name, label, unit, have, wanted))
    if need.tenure:
        label = Space.Tenure(need.tenure).label
        if not space.tenures:
            criteria.append(Criterion("tenure", UNKNOWN, _("terms not given")))
        elif need.tenure in space.tenures:
            criteria.append(Criterion("tenure", MET, _("offered by %(tenure)s") % {"tenure": label}))
        else:
            criteria.append(Criterion("tenure", MISMATCH, _("not offered by %(tenure)s") % {"tenure": label}))
    criteria.append(_availability(need, space))
    if need.industry_id is not None:
        if not space.industry_ids:
            criteria.append(Criterion("industry", MET, _("open to every industry")))
        elif need.industry_id in space.industry_ids:
            criteria.append(Criterion("industry", MET, _("meant for this industry")))
        else:
            criteria.append(Criterion("industry", MISMATCH, _("meant for other industries")))
    criteria.extend(entry_bar(need, space))
    return Match(space=space, criteria=[c for c in criteria if c is not None])


def rank(need: Need, spaces, *, facts=lambda s: s) -> list[Match]:
    """Every space judged and ordered best first; `facts` turns an item into SpaceFacts (identity by default)."""
    matches = []
    for item in spaces:
        result = match(need, facts(item))
        result.space = item
        matches.append(result)
    return sorted(matches, key=lambda m: m.sort_key(facts(m.space).code))


# --- Adapters from the models ---------------------------------------------------------------


def case_need(case, *, industry_id: int | None = None, area_from: Decimal | None = None) -> Need:
    """The space needs of `case` (a SpaceNeed with a `zone`); `area_from` stands for the smallest area when the
    case gives no area range at all. Projections are the case app's own (inquiries.matching adds them)."""
    low = case.need_min_area_m2
    if low is None and case.need_max_area_m2 is None:
        low = area_from
    return Need(
        kind=case.need_kind,
        zone_id=case.zone_id,
        min_area_m2=low,
        max_area_m2=case.need_max_area_m2,
        power_kva=case.need_power_kva,
        clear_height_m=case.need_clear_height_m,
        floor_load_kn=case.need_floor_load_kn,
        tenure=case.need_tenure,
        by=case.need_by,
        industry_id=industry_id,
    )


def facts_of(space: Space) -> SpaceFacts:
    """Needs `prefetch_related("target_industries")` on a list, or it costs a query per space."""
    return SpaceFacts(
        code=space.code,
        kind=space.kind,
        status=space.status,
        zone_id=space.zone_id,
        area_m2=space.area_m2,
        power_kva=space.power_kva,
        clear_height_m=space.clear_height_m,
        floor_load_kn=space.floor_load_kn,
        tenures=frozenset(space.tenures),
        available_from=space.available_from,
        industry_ids=frozenset(industry.pk for industry in space.target_industries.all()),
        area_mu=space.area_mu,
        min_investment_intensity=space.min_investment_intensity,
        min_tax_per_mu=space.min_tax_per_mu,
        min_value_added_per_mu=space.min_value_added_per_mu,
    )


def has_needs(need: Need) -> bool:
    return any(value not in (None, "") for value in need.__dict__.values())

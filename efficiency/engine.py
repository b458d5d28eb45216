"""The 亩均 evaluation engine: a pure function of a year's rules and its firms' figures.

`evaluate(rules, firms) -> list[Outcome]` reads no database row and keeps nothing; the same input
gives the same output whatever the order of the firms. `summary(outcomes, firms)` gives the zone's
aggregates that `ResultSet.summary` stores. `efficiency.services` turns the saved rows into the
plain values below and the outcomes back into rows.

The method (as county rules publish it, e.g. 规上企业得分 = 亩均税收 ÷ 基准值 × 30 + …):

- A firm's score is the sum of its group's terms, each min(value ÷ benchmark, cap) × weight, the
  cap a multiple of the weight (no cap: no limit). Each value is a ratio of the firm's figures,
  written once in `RATIOS` with its unit.
- The benchmark is a fixed value in the measure's unit, or the mean or the median of that year's
  values in the group (over the firms scored, exempt firms left out, a missing value left out),
  times the multiple stored with the indicator.
- Firms are ranked by score, best first; equal scores share a rank and the next rank is skipped
  (competition ranking: 1, 1, 3). A group's classes come from bands [lower, upper): by rank share,
  (rank − 1) ÷ group size × 100 (the first firm is at 0 %); by score, the score itself. Firms tied
  at a cut-off share the better rank, so both take the better class.

Decisions the published rules leave open, taken here once:

- **Missing figure** (empty in the sheet): the term it feeds contributes 0 and is marked
  `missing`; the value is left out of the benchmark's population. Nothing is read as zero.
- **Zero use of a resource** (energy, emission or electricity given as 0): the firm does at least
  as well as anyone on that term, so the term takes its cap (cap × weight), or the full weight when
  there is no cap (as if exactly at the benchmark); marked `no_use`, and left out of the benchmark's
  population (its value has no finite ratio).
- **Zero headcount or zero revenue** as a denominator: the ratio means nothing; treated as missing.
- **No land** (missing or 0) in a group whose indicators divide by land: not scorable, listed with
  the reason "no land area" (like an exemption, never silently dropped).
- **No usable benchmark** (no value in the population, or a benchmark of 0): the term contributes 0,
  marked `no_benchmark`.
- **Unknown group** (a firm-year names a group the rules do not have): not scored, with the reason.
- **Exemptions** come from the rules only: founded within N years (evaluation year − founded year
  < N), land supplied within N years (likewise), land under construction, public utility. Every
  reason that applies is given, in that order.
- **Parcels**, by the rule set's `parcel_rule`:
  - combine: the non-exempt firms of one group that give the same parcel code are scored as one
    unit over their summed figures (land: the sum of the land they give; any other figure: missing
    if any member's is missing, so that a partial sum never passes for the whole). Each member
    takes the unit's score, terms, rank and class; the unit counts once in the ranking and the
    group size and once in the benchmark's population. Combining never crosses groups.
  - apportion: the parcel's land (the sum of the land its rows give, exempt firms' rows included,
    since they occupy it too) is shared among all its firms by their share of the parcel's revenue;
    when any of them has no revenue given, or the revenues add up to 0, in equal shares.
- **Numbers**: figures are Decimal; ratios, benchmarks and contributions are computed unrounded,
  then each contribution is rounded half up to 4 places and the score is the sum of the rounded
  contributions (so the shown terms add up to the shown score). Values, benchmarks and land are
  shown to 4 places.
"""

from __future__ import annotations

import decimal
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from efficiency.models import Exemption, FirmClass, Indicator, Measure, RuleGroup, RuleSet
from efficiency.rules import cutoff_problems, weight_problems

ZERO = Decimal("0")
HUNDRED = Decimal("100")
PLACES = Decimal("0.0001")
CLASSES = tuple(FirmClass.values)  # "A" … "D", best first

# What a zero denominator means for a ratio.
LAND = "land"  # not scorable (the firm is listed with the reason "no land area")
USE = "use"  # a resource used: zero use is the best possible (cap, or full weight)
UNDEFINED = "undefined"  # the ratio means nothing: treated as a missing figure

# A term's note.
OK, MISSING, NO_USE, NO_BENCHMARK = "", "missing", "no_use", "no_benchmark"


class EngineError(ValueError):
    """Input the engine cannot evaluate; `messages` says each problem in words."""

    def __init__(self, messages: Sequence[str]):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


@dataclass(frozen=True)
class Ratio:
    """value = numerator ÷ denominator × scale, in `unit` (money in 万元, land in 亩)."""

    numerator: str
    denominator: str
    scale: Decimal
    unit: str
    on_zero: str


RATIOS: dict[str, Ratio] = {
    Measure.TAX_PER_MU: Ratio("tax", "land_mu", Decimal(1), "万元/亩", LAND),
    Measure.VALUE_ADDED_PER_MU: Ratio("value_added", "land_mu", Decimal(1), "万元/亩", LAND),
    Measure.REVENUE_PER_MU: Ratio("revenue", "land_mu", Decimal(1), "万元/亩", LAND),
    Measure.VALUE_ADDED_PER_ENERGY: Ratio("value_added", "energy_tce", Decimal(1), "万元/吨标煤", USE),
    Measure.VALUE_ADDED_PER_EMISSION: Ratio("value_added", "emission_t", Decimal(1), "万元/吨", USE),
    Measure.LABOUR_PRODUCTIVITY: Ratio("value_added", "headcount", Decimal(1), "万元/人", UNDEFINED),
    # R&D spending ÷ revenue × 100: a percentage.
    Measure.RD_RATIO: Ratio("rd_spending", "revenue", HUNDRED, "%", UNDEFINED),
    # Tax ÷ (kWh ÷ 10,000) = tax × 10,000 ÷ kWh: 万元 per 万千瓦时.
    Measure.TAX_PER_KWH: Ratio("tax", "electricity_kwh", Decimal(10000), "万元/万千瓦时", USE),
}
FIGURES = (
    "land_mu",
    "tax",
    "value_added",
    "revenue",
    "energy_tce",
    "emission_t",
    "electricity_kwh",
    "headcount",
    "rd_spending",
)
EXEMPTION_ORDER = (
    Exemption.Kind.FOUNDED_WITHIN,
    Exemption.Kind.LAND_SUPPLIED_WITHIN,
    Exemption.Kind.UNDER_CONSTRUCTION,
    Exemption.Kind.UTILITY,
)


# --- Input --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRule:
    measure: str
    weight: Decimal
    benchmark: str = Indicator.Benchmark.MEAN
    benchmark_value: Decimal = Decimal(1)  # fixed: the value; mean, median: the multiple
    cap: Decimal | None = None  # a multiple of the weight


@dataclass(frozen=True)
class Band:
    firm_class: str
    lower: Decimal
    upper: Decimal | None = None


@dataclass(frozen=True)
class GroupRule:
    code: str
    name: str
    indicators: tuple[IndicatorRule, ...]
    bands: tuple[Band, ...]
    basis: str = RuleGroup.CutoffBasis.RANK

    @property
    def needs_land(self) -> bool:
        return any(RATIOS[i.measure].on_zero == LAND for i in self.indicators)


@dataclass(frozen=True)
class ExemptionRule:
    kind: str
    years: int | None = None


@dataclass(frozen=True)
class Rules:
    year: int
    groups: tuple[GroupRule, ...]
    exemptions: tuple[ExemptionRule, ...] = ()
    total_weight: Decimal = HUNDRED
    parcel_rule: str = RuleSet.ParcelRule.COMBINE


@dataclass(frozen=True)
class Firm:
    """One firm-year's figures; None means not given (never read as zero). Money in 万元."""

    credit_code: str
    name: str = ""
    group_code: str = ""
    parcel: str = ""
    land_mu: Decimal | None = None  # own plus leased
    tax: Decimal | None = None
    value_added: Decimal | None = None
    revenue: Decimal | None = None
    energy_tce: Decimal | None = None
    emission_t: Decimal | None = None
    electricity_kwh: Decimal | None = None
    headcount: int | None = None
    rd_spending: Decimal | None = None
    founded_year: int | None = None
    land_supplied_year: int | None = None
    under_construction: bool = False
    is_utility: bool = False


# --- Output -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    measure: str
    value: Decimal | None  # None: missing, or zero use (see `note`)
    benchmark: Decimal | None
    weight: Decimal
    contribution: Decimal
    capped: bool
    note: str = OK  # "", "missing", "no_use" or "no_benchmark"

    def as_json(self) -> dict:
        """The shape `Result.terms` stores: decimals as strings."""
        return {
            "measure": self.measure,
            "value": _text(self.value),
            "benchmark": _text(self.benchmark),
            "weight": _text(self.weight),
            "contribution": _text(self.contribution),
            "capped": self.capped,
            "note": self.note,
        }


@dataclass(frozen=True)
class Outcome:
    credit_code: str
    name: str
    group_code: str
    score: Decimal | None = None  # None: not scored (see exempt_reason)
    rank: int | None = None
    group_size: int | None = None  # units ranked in the group
    rank_share: Decimal | None = None  # (rank − 1) ÷ group size × 100
    firm_class: str = ""
    exempt_reason: str = ""
    terms: tuple[Term, ...] = ()
    land_mu: Decimal | None = None  # the firm's own land as counted (after sharing a parcel)
    unit: tuple[str, ...] = field(default=())  # the credit codes scored together (itself alone, usually)

    @property
    def scored(self) -> bool:
        return self.score is not None


# --- The engine ---------------------------------------------------------------------------------


def _q(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(PLACES, rounding=ROUND_HALF_UP)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _figure(firm: Firm, name: str) -> Decimal | None:
    value = getattr(firm, name)
    return None if value is None else Decimal(value)


def input_problems(rules: Rules, firms: Sequence[Firm]) -> list[str]:
    """What makes the input unusable: rules that do not add up or tile, duplicate or negative rows."""
    problems = []
    for group in rules.groups:
        for problem in weight_problems(rules.total_weight, [i.weight for i in group.indicators]):
            problems.append(f"{group.name}: {problem}")
        for problem in cutoff_problems(group.basis, [(b.firm_class, b.lower, b.upper) for b in group.bands]):
            problems.append(f"{group.name}: {problem}")
        for indicator in group.indicators:
            if indicator.measure not in RATIOS:
                problems.append(f"{group.name}: " + _("Unknown measure “%(m)s”.") % {"m": indicator.measure})
    codes = [group.code for group in rules.groups]
    if len(set(codes)) != len(codes):
        problems.append(_("A group code appears more than once."))
    seen = set()
    for firm in firms:
        if firm.credit_code in seen:
            problems.append(_("%(code)s appears more than once.") % {"code": firm.credit_code})
        seen.add(firm.credit_code)
        negative = [name for name in FIGURES if getattr(firm, name) is not None and getattr(firm, name) < 0]
        if negative:
            problems.append(
                _("%(code)s: negative figures (%(names)s).") % {"code": firm.credit_code, "names": ", ".join(negative)}
            )
    return problems


def _exemption_reasons(rules: Rules, firm: Firm, groups: dict[str, GroupRule]) -> list[str]:
    reasons = []
    if firm.group_code not in groups:
        reasons.append(_("No group “%(code)s” in the rules") % {"code": firm.group_code})
    kinds = {rule.kind: rule for rule in rules.exemptions}
    for kind in EXEMPTION_ORDER:
        rule = kinds.get(kind)
        if rule is None:
            continue
        if kind == Exemption.Kind.FOUNDED_WITHIN:
            if rule.years and firm.founded_year is not None and rules.year - firm.founded_year < rule.years:
                reasons.append(
                    ngettext(
                        "Founded less than %(years)d year before the evaluation year",
                        "Founded less than %(years)d years before the evaluation year",
                        rule.years,
                    )
                    % {"years": rule.years}
                )
        elif kind == Exemption.Kind.LAND_SUPPLIED_WITHIN:
            if rule.years and firm.land_supplied_year is not None and rules.year - firm.land_supplied_year < rule.years:
                reasons.append(
                    ngettext(
                        "Land supplied less than %(years)d year before the evaluation year",
                        "Land supplied less than %(years)d years before the evaluation year",
                        rule.years,
                    )
                    % {"years": rule.years}
                )
        elif kind == Exemption.Kind.UNDER_CONSTRUCTION:
            if firm.under_construction:
                reasons.append(_("The land is still under construction"))
        elif kind == Exemption.Kind.UTILITY and firm.is_utility:
            reasons.append(_("The firm is a public utility"))
    return reasons


def _join(reasons: list[str]) -> str:
    return _("; ").join(reasons)


def _apportioned_land(rules: Rules, firms: Sequence[Firm]) -> dict[str, Decimal | None]:
    """Each firm's land as counted: its own figure, or under `apportion` its share of its parcel's."""
    land = {firm.credit_code: _figure(firm, "land_mu") for firm in firms}
    if rules.parcel_rule != RuleSet.ParcelRule.APPORTION:
        return land
    parcels = defaultdict(list)
    for firm in firms:
        if firm.parcel:
            parcels[firm.parcel].append(firm)
    for members in parcels.values():
        if len(members) < 2:
            continue
        total = sum((land[m.credit_code] or ZERO for m in members), ZERO)
        revenues = [_figure(m, "revenue") for m in members]
        revenue_total = sum((r for r in revenues if r is not None), ZERO)
        for member, revenue in zip(members, revenues, strict=True):
            if None in revenues or revenue_total == 0:
                land[member.credit_code] = total / len(members)
            else:
                land[member.credit_code] = total * revenue / revenue_total
    return land


@dataclass
class _Unit:
    """Firms scored as one (a single firm, or a combined parcel), with their summed figures."""

    group: GroupRule
    members: list[Firm]
    figures: dict[str, Decimal | None]
    values: dict[str, Decimal | None] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    terms: tuple[Term, ...] = ()
    score: Decimal = ZERO

    @property
    def key(self) -> str:
        return self.members[0].credit_code


def _unit(group: GroupRule, members: list[Firm], land: dict[str, Decimal | None]) -> _Unit:
    figures: dict[str, Decimal | None] = {}
    lands = [land[m.credit_code] for m in members]
    given = [value for value in lands if value is not None]
    figures["land_mu"] = sum(given, ZERO) if given else None
    for name in FIGURES[1:]:
        values = [_figure(m, name) for m in members]
        figures[name] = None if None in values else sum(values, ZERO)
    return _Unit(group=group, members=members, figures=figures)


def _value(ratio: Ratio, figures: dict[str, Decimal | None]) -> tuple[Decimal | None, str]:
    numerator, denominator = figures[ratio.numerator], figures[ratio.denominator]
    if numerator is None or denominator is None:
        return None, MISSING
    if denominator == 0:
        return (None, NO_USE) if ratio.on_zero == USE else (None, MISSING)
    return numerator / denominator * ratio.scale, OK


def _benchmark(indicator: IndicatorRule, population: list[Decimal]) -> Decimal | None:
    if indicator.benchmark == Indicator.Benchmark.FIXED:
        return indicator.benchmark_value
    if not population:
        return None
    if indicator.benchmark == Indicator.Benchmark.MEDIAN:
        centre = statistics.median(sorted(population))
    else:
        centre = sum(population, ZERO) / len(population)
    return centre * indicator.benchmark_value


def _score_group(group: GroupRule, units: list[_Unit]) -> None:
    for unit in units:
        for indicator in group.indicators:
            unit.values[indicator.measure], unit.notes[indicator.measure] = _value(
                RATIOS[indicator.measure], unit.figures
            )
    terms: dict[str, list[Term]] = {unit.key: [] for unit in units}
    for indicator in group.indicators:
        population = [u.values[indicator.measure] for u in units if u.values[indicator.measure] is not None]
        benchmark = _benchmark(indicator, population)
        weight = indicator.weight
        ceiling = indicator.cap * weight if indicator.cap is not None else None
        for unit in units:
            value, note = unit.values[indicator.measure], unit.notes[indicator.measure]
            capped = False
            if note == NO_USE:
                contribution = ceiling if ceiling is not None else weight
                capped = ceiling is not None
            elif note == MISSING:
                contribution = ZERO
            elif not benchmark:
                contribution, note = ZERO, NO_BENCHMARK
            else:
                contribution = value / benchmark * weight
                if ceiling is not None and contribution > ceiling:
                    contribution, capped = ceiling, True
            terms[unit.key].append(
                Term(
                    measure=indicator.measure,
                    value=_q(value),
                    benchmark=_q(benchmark),
                    weight=weight,
                    contribution=_q(contribution),
                    capped=capped,
                    note=note,
                )
            )
    for unit in units:
        unit.terms = tuple(terms[unit.key])
        unit.score = sum((term.contribution for term in unit.terms), ZERO)


def _band(group: GroupRule, score: Decimal, rank: int, size: int) -> str:
    for band in group.bands:
        if group.basis == RuleGroup.CutoffBasis.SCORE:
            inside = score >= band.lower and (band.upper is None or score < band.upper)
        else:
            # (rank − 1) ÷ size × 100 in [lower, upper), compared without dividing.
            share = (rank - 1) * HUNDRED
            inside = share >= band.lower * size and (band.upper is None or share < band.upper * size)
        if inside:
            return band.firm_class
    raise EngineError([_("%(group)s: no class band holds this firm.") % {"group": group.name}])


def evaluate(rules: Rules, firms: Iterable[Firm]) -> list[Outcome]:
    """Every firm's outcome, in the rules' group order, then rank, then credit code (exempt last).

    Raises EngineError when the input cannot be evaluated (see `input_problems`).
    """
    firms = sorted(firms, key=lambda firm: firm.credit_code)
    problems = input_problems(rules, firms)
    if problems:
        raise EngineError(problems)
    with decimal.localcontext() as context:
        context.prec = 34
        context.rounding = ROUND_HALF_UP
        return _evaluate(rules, firms)


def _evaluate(rules: Rules, firms: list[Firm]) -> list[Outcome]:
    groups = {group.code: group for group in rules.groups}
    land = _apportioned_land(rules, firms)
    outcomes: dict[str, Outcome] = {}

    def exempt(firm: Firm, reasons: list[str]) -> None:
        outcomes[firm.credit_code] = Outcome(
            credit_code=firm.credit_code,
            name=firm.name,
            group_code=firm.group_code,
            exempt_reason=_join(reasons),
            land_mu=_q(land[firm.credit_code]),
            unit=(firm.credit_code,),
        )

    # Units: each non-exempt firm alone, or (combine) with the others of its group on its parcel.
    members_of: dict[tuple[str, str], list[Firm]] = defaultdict(list)
    for firm in firms:
        reasons = _exemption_reasons(rules, firm, groups)
        if reasons:
            exempt(firm, reasons)
            continue
        combine = rules.parcel_rule == RuleSet.ParcelRule.COMBINE and firm.parcel
        key = (firm.group_code, "parcel:" + firm.parcel if combine else "firm:" + firm.credit_code)
        members_of[key].append(firm)
    units_by_group: dict[str, list[_Unit]] = defaultdict(list)
    for (group_code, _key), members in sorted(members_of.items()):
        group = groups[group_code]
        unit = _unit(group, members, land)
        if group.needs_land and not unit.figures["land_mu"]:
            for member in members:
                exempt(member, [_("No land area, so the per-mu indicators cannot be computed")])
            continue
        units_by_group[group_code].append(unit)

    for group in rules.groups:
        units = units_by_group.get(group.code, [])
        if not units:
            continue
        _score_group(group, units)
        size = len(units)
        ranks: dict[Decimal, int] = {}
        for position, score in enumerate(sorted((unit.score for unit in units), reverse=True), start=1):
            ranks.setdefault(score, position)  # competition ranking: 1, 1, 3
        for unit in units:
            rank = ranks[unit.score]
            firm_class = _band(group, unit.score, rank, size)
            share = _q(Decimal(rank - 1) * HUNDRED / size)
            codes = tuple(member.credit_code for member in unit.members)
            for member in unit.members:
                outcomes[member.credit_code] = Outcome(
                    credit_code=member.credit_code,
                    name=member.name,
                    group_code=group.code,
                    score=unit.score,
                    rank=rank,
                    group_size=size,
                    rank_share=share,
                    firm_class=firm_class,
                    terms=unit.terms,
                    land_mu=_q(land[member.credit_code]),
                    unit=codes,
                )
    order = {group.code: index for index, group in enumerate(rules.groups)}
    return sorted(
        outcomes.values(),
        key=lambda o: (order.get(o.group_code, len(order)), o.group_code, not o.scored, o.rank or 0, o.credit_code),
    )


# --- The zone's aggregates ----------------------------------------------------------------------


def _per_mu(pairs: list[tuple[Decimal, Decimal]]) -> str | None:
    """Σ figure ÷ Σ land over the firms that give the figure, to 2 places; None without land."""
    land = sum((land for _figure, land in pairs), ZERO)
    if not land:
        return None
    total = sum((figure for figure, _land in pairs), ZERO)
    return str((total / land).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def summary(outcomes: Iterable[Outcome], firms: Iterable[Firm]) -> dict:
    """The zone's aggregates over the scored firms, as `ResultSet.summary` stores them:

    {"firms": int scored, "exempt": int, "classes": {"A": int, "B": int, "C": int, "D": int},
     "land_mu": "<decimal, 2 places>", "tax_per_mu": "<2 places>" or None,
     "value_added_per_mu": "<2 places>" or None}

    Each firm counts once (the members of a combined parcel each count). 亩均税收 is the scored
    firms' total tax over their total land (as counted: a share of a parcel under `apportion`), over
    the firms that give a tax figure; 亩均增加值 likewise; None when that land is 0.
    """
    by_code = {firm.credit_code: firm for firm in firms}
    outcomes = list(outcomes)
    scored = [o for o in outcomes if o.scored]
    classes = dict.fromkeys(CLASSES, 0)
    for outcome in scored:
        classes[outcome.firm_class] += 1
    land = sum((o.land_mu or ZERO for o in scored), ZERO)
    per_mu = {}
    for name in ("tax", "value_added"):
        pairs = []
        for outcome in scored:
            figure = _figure(by_code[outcome.credit_code], name)
            if figure is not None:
                pairs.append((figure, outcome.land_mu or ZERO))
        per_mu[name] = _per_mu(pairs)
    return {
        "firms": len(scored),
        "exempt": len(outcomes) - len(scored),
        "classes": classes,
        "land_mu": str(land.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)),
        "tax_per_mu": per_mu["tax"],
        "value_added_per_mu": per_mu["value_added"],
    }

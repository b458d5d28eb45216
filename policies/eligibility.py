"""The eligibility rule engine: which measures an enterprise profile may qualify for, and why.

A pure function of its inputs — a Profile, the measures with their conditions already loaded, and
the day — that reads no database row, writes nothing and keeps nothing. Each condition comes out
met, not met (with by how much, for a number) or unknown (the profile left that field empty); each
measure lands in one group:

- LIKELY: every condition is met;
- CHECK: none is failed but some are unknown, or the measure could not be evaluated;
- NOT_ELIGIBLE: at least one condition is not met.

A measure whose rules raise an error is reported in CHECK with `error` set and logged; the
others are evaluated as usual, so one broken rule never hides the rest.
"""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext as _

from policies.models import Condition

log = logging.getLogger(__name__)
Kind = Condition.Kind


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Group(StrEnum):
    LIKELY = "likely"
    CHECK = "check"
    NOT_ELIGIBLE = "not_eligible"


class RuleError(ValueError):
    """A condition that cannot be evaluated as stored (e.g. an industry rule naming no industry)."""


@dataclass(frozen=True)
class Profile:
    """What a visitor told the checker; None means "not given" (the condition is then unknown)."""

    industry_id: int | None = None
    in_zone: bool | None = None
    founded_year: int | None = None
    investment: Decimal | None = None  # 亿元
    employees: int | None = None
    revenue: Decimal | None = None  # 万元 per year
    rd_share: Decimal | None = None  # per cent of revenue
    recognitions: frozenset[str] | None = None  # None: not answered; empty: holds none
    hq_relocation: bool | None = None


@dataclass
class ConditionResult:
    condition: Condition
    verdict: Verdict
    gap: str = ""  # by how much a number misses, in words


@dataclass
class MeasureResult:
    measure: object
    conditions: list[ConditionResult] = field(default_factory=list)
    group: Group = Group.CHECK
    error: bool = False


def number(value) -> str:
    """12.50 → "12.5", 300.00 → "300": a stored decimal as people write it."""
    if value is None:
        return ""
    value = Decimal(value)
    text = format(value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize(), "f")
    return text


def rule_text(condition, industry_names=None) -> str:
    """The condition in plain words, in the active language."""
    kind = condition.kind
    if kind == Kind.INDUSTRY:
        names = industry_names if industry_names is not None else [i.name_i18n for i in condition.industries.all()]
        return _("Industry is one of: %(names)s") % {"names": _(", ").join(names)}
    if kind == Kind.IN_ZONE:
        return _("Registered or located in the Qianjiang Economic Development Zone")
    if kind == Kind.RECOGNITION:
        return _("Holds the recognition: %(name)s") % {"name": condition.get_recognition_display()}
    if kind == Kind.HQ_RELOCATION:
        return _("Moves its headquarters into the zone")
    low, high = condition.minimum, condition.maximum
    what = condition.get_kind_display()
    if low is not None and high is not None:
        return _("%(what)s: from %(low)s to %(high)s") % {"what": what, "low": number(low), "high": number(high)}
    if low is not None:
        return _("%(what)s: at least %(low)s") % {"what": what, "low": number(low)}
    return _("%(what)s: at most %(high)s") % {"what": what, "high": number(high)}


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _profile_value(kind, profile: Profile, day: datetime.date):
    if kind == Kind.YEARS_FOUNDED:
        return None if profile.founded_year is None else Decimal(day.year - profile.founded_year)
    value = {
        Kind.INVESTMENT: profile.investment,
        Kind.EMPLOYEES: profile.employees,
        Kind.REVENUE: profile.revenue,
        Kind.RD_SHARE: profile.rd_share,
    }[kind]
    return None if value is None else Decimal(value)


def _yes_no(answer: bool | None) -> Verdict:
    if answer is None:
        return Verdict.UNKNOWN
    return Verdict.MET if answer else Verdict.NOT_MET


def evaluate_condition(condition, profile: Profile, day: datetime.date) -> ConditionResult:
    kind = condition.kind
    if kind == Kind.INDUSTRY:
        allowed = {industry.pk for industry in condition.industries.all()}
        if not allowed:
            raise RuleError(f"industry condition {condition.pk} names no industry")
        if profile.industry_id is None:
            return ConditionResult(condition, Verdict.UNKNOWN)
        return ConditionResult(condition, Verdict.MET if profile.industry_id in allowed else Verdict.NOT_MET)
    if kind == Kind.IN_ZONE:
        return ConditionResult(condition, _yes_no(profile.in_zone))
    if kind == Kind.HQ_RELOCATION:
        return ConditionResult(condition, _yes_no(profile.hq_relocation))
    if kind == Kind.RECOGNITION:
        if not condition.recognition:
            raise RuleError(f"recognition condition {condition.pk} names no recognition")
        if profile.recognitions is None:
            return ConditionResult(condition, Verdict.UNKNOWN)
        return ConditionResult(condition, _yes_no(condition.recognition in profile.recognitions))
    if kind not in Condition.NUMERIC:
        raise RuleError(f"unknown condition kind {kind!r}")
    low, high = _decimal(condition.minimum), _decimal(condition.maximum)
    if low is None and high is None:
        raise RuleError(f"condition {condition.pk} has neither a minimum nor a maximum")
    value = _profile_value(kind, profile, day)
    if value is None:
        return ConditionResult(condition, Verdict.UNKNOWN)
    if low is not None and value < low:
        return ConditionResult(condition, Verdict.NOT_MET, _("short by %(gap)s") % {"gap": number(low - value)})
    if high is not None and value > high:
        return ConditionResult(condition, Verdict.NOT_MET, _("over by %(gap)s") % {"gap": number(value - high)})
    return ConditionResult(condition, Verdict.MET)


def group_of(results: list[ConditionResult]) -> Group:
    verdicts = {result.verdict for result in results}
    if Verdict.NOT_MET in verdicts:
        return Group.NOT_ELIGIBLE
    if Verdict.UNKNOWN in verdicts:
        return Group.CHECK
    return Group.LIKELY


def evaluate_measure(measure, profile: Profile, day: datetime.date) -> MeasureResult:
    try:
        results = [evaluate_condition(condition, profile, day) for condition in measure.conditions.all()]
    except Exception:  # one broken rule must not hide the other measures
        log.exception("eligibility: measure %s could not be evaluated", getattr(measure, "pk", None))
        return MeasureResult(measure, [], Group.CHECK, error=True)
    return MeasureResult(measure, results, group_of(results))


def evaluate(measures, profile: Profile, day: datetime.date) -> list[MeasureResult]:
    """Every measure's result, in the order given."""
    return [evaluate_measure(measure, profile, day) for measure in measures]


def grouped(results: list[MeasureResult]) -> dict[Group, list[MeasureResult]]:
    """The results by group, in the order likely → check → not eligible; empty groups included."""
    groups = {group: [] for group in Group}
    for result in results:
        groups[result.group].append(result)
    return groups

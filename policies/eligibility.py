"""The eligibility rule engine: which measures an enterprise profile may qualify for, and why.

A pure function of its inputs — a Profile, the measures with their conditions already loaded, and
the day — that reads no database row, writes nothing and keeps nothing. Each condition comes out
met, not met (with by how much, for a number), met on arrival (a location condition, for an
investor planning to come: it is met once the enterprise registers in the zone) or unknown (the
profile left that field empty); each measure lands in one group, with a reason in words:

- LIKELY: every condition is met, or met on arrival;
- CHECK: none is failed but some are unknown, or the measure could not be evaluated;
- NOT_ELIGIBLE: at least one condition is not met.

Amounts keep the units the conditions are stored in (investment in 亿元, revenue in 万元); the
words for a reader convert them: "1 亿元" / "RMB 100 million", "2000 万元" / "RMB 20 million".

A measure whose rules raise an error is reported in CHECK with `error` set and logged; the
others are evaluated as usual, so one broken rule never hides the rest.
"""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.cache import cached_value
from core.figures import amount_in_yi
from policies.models import Condition

log = logging.getLogger(__name__)
Kind = Condition.Kind


class Verdict(StrEnum):
    MET = "met"
    ON_ARRIVAL = "on_arrival"  # a location condition, met once a prospective investor registers
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Presence(StrEnum):
    """Where the enterprise stands with the zone; the values are those of the `in_zone` parameter."""

    HERE = "yes"  # already registered or located in the zone
    PLANNING = "planning"  # planning to come
    NEITHER = "no"


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
    in_zone: Presence | None = None
    founded_year: int | None = None
    investment: Decimal | None = None  # 亿元
    employees: int | None = None
    revenue: Decimal | None = None  # 万元 per year
    rd_share: Decimal | None = None  # per cent of revenue
    recognitions: frozenset[str] | None = None  # None: not answered; empty: holds none
    hq_relocation: bool | None = None

    def __post_init__(self):
        if isinstance(self.in_zone, bool):  # yes / no, as the question was first asked
            object.__setattr__(self, "in_zone", Presence.HERE if self.in_zone else Presence.NEITHER)


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

    @property
    def reason(self) -> str:
        """Why the measure is in its group, in the active language."""
        return reason_of(self)


def number(value) -> str:
    """12.50 → "12.5", 300.00 → "300": a stored decimal as people write it."""
    if value is None:
        return ""
    value = Decimal(value)
    text = format(value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize(), "f")
    return text


def _is_english() -> bool:
    return (get_language() or "").startswith("en")


def amount_in_wan(value) -> str:
    """An amount stored in 万元 (10,000 yuan) for a reader: "2000 万元" / "RMB 20 million"."""
    value = Decimal(value)
    if not _is_english():
        return _("%(amount)s × 10,000 yuan") % {"amount": number(value)}
    yuan = value * 10_000
    if yuan >= 1_000_000_000:
        return f"RMB {_grouped(yuan / 1_000_000_000)} billion"
    if yuan >= 1_000_000:
        return f"RMB {_grouped(yuan / 1_000_000)} million"
    return f"RMB {_grouped(yuan)}"


def _grouped(value: Decimal) -> str:
    """At most two decimals, trailing zeros dropped, thousands grouped: 1,234.5."""
    text = f"{Decimal(value).quantize(Decimal('0.01')):,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def quantity(kind, value) -> str:
    """A value of a numeric condition with its unit, in the active language, for a reader."""
    value = Decimal(value)
    if kind == Kind.INVESTMENT:
        return amount_in_yi(value)
    if kind == Kind.REVENUE:
        return amount_in_wan(value)
    if kind == Kind.RD_SHARE:
        return f"{number(value)}%"
    if kind == Kind.YEARS_FOUNDED:
        return ngettext("%(count)s year", "%(count)s years", int(value)) % {"count": number(value)}
    return number(value)


# A numeric condition's subject in words, without a unit (the values carry theirs).
SUBJECTS = {
    Kind.YEARS_FOUNDED: _lazy("Time since founding"),
    Kind.INVESTMENT: _lazy("Planned or fixed-asset investment"),
    Kind.EMPLOYEES: _lazy("Employees"),
    Kind.REVENUE: _lazy("Annual revenue"),
    Kind.RD_SHARE: _lazy("R&D spending as a share of revenue"),
}


def rule_text(condition, industry_names=None) -> str:
    """The condition in plain words, in the active language, amounts in the reader's units."""
    if industry_names is None:  # remember_rule_texts
        text = condition.__dict__.get("plain_texts", {}).get(get_language() or "")
        if text is not None:
            return text
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
    what = str(SUBJECTS.get(kind, condition.get_kind_display()))
    if low is not None and high is not None:
        return _("%(what)s: from %(low)s to %(high)s") % {
            "what": what,
            "low": quantity(kind, low),
            "high": quantity(kind, high),
        }
    if low is not None:
        return _("%(what)s: at least %(low)s") % {"what": what, "low": quantity(kind, low)}
    return _("%(what)s: at most %(high)s") % {"what": what, "high": quantity(kind, high)}


def remember_rule_texts(measures, day: datetime.date) -> None:
    """Put each condition's ``rule_text`` in the active language on it (``plain_texts``, by language),
    computed once per content version, language and day (core.cache.cached_value): the rules, not
    anyone's answers. The measures may be shared by the requests of a process (``open_measures``):
    only adds the language's text, which is the same for them all."""
    conditions = [condition for measure in measures for condition in measure.conditions.all()]
    language = get_language() or ""
    if all(language in condition.__dict__.get("plain_texts", ()) for condition in conditions):
        return  # measures kept in the process (policies.views.open_measures) that an earlier request gave them
    texts = cached_value(
        "checker-rule-texts",
        (get_language() or "", day.isoformat()),
        lambda: {condition.pk: rule_text(condition) for condition in conditions},
    )
    for condition in conditions:
        if condition.pk in texts:
            condition.__dict__.setdefault("plain_texts", {})[language] = texts[condition.pk]


def _subject(condition) -> str:
    """What a condition asks about, in a few words (for a measure's reason)."""
    kind = condition.kind
    if kind in SUBJECTS:
        return str(SUBJECTS[kind])
    if kind == Kind.INDUSTRY:
        return _("Industry")
    if kind == Kind.IN_ZONE:
        return _("Location in the zone")
    if kind == Kind.RECOGNITION:
        return _("Recognition: %(name)s") % {"name": condition.get_recognition_display()}
    return _("Headquarters move")


def _gap(kind, words: str, amount: Decimal) -> str:
    if kind == Kind.RD_SHARE:
        amount_text = _("%(points)s percentage points") % {"points": number(amount)}
    else:
        amount_text = quantity(kind, amount)
    return words % {"gap": amount_text}


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


def _presence(answer: Presence | None) -> Verdict:
    if answer is None:
        return Verdict.UNKNOWN
    return {Presence.HERE: Verdict.MET, Presence.PLANNING: Verdict.ON_ARRIVAL}.get(answer, Verdict.NOT_MET)


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
        return ConditionResult(condition, _presence(profile.in_zone))
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
        return ConditionResult(condition, Verdict.NOT_MET, _gap(kind, _("short by %(gap)s"), low - value))
    if high is not None and value > high:
        return ConditionResult(condition, Verdict.NOT_MET, _gap(kind, _("over by %(gap)s"), value - high))
    return ConditionResult(condition, Verdict.MET)


def group_of(results: list[ConditionResult]) -> Group:
    verdicts = {result.verdict for result in results}
    if Verdict.NOT_MET in verdicts:
        return Group.NOT_ELIGIBLE
    if Verdict.UNKNOWN in verdicts:
        return Group.CHECK
    return Group.LIKELY


def reason_of(result: MeasureResult) -> str:
    """Why a measure is in its group, in one sentence of the active language."""
    if result.error:
        return _("This measure could not be checked automatically; read its conditions on the policy page.")
    by_verdict = {verdict: [item for item in result.conditions if item.verdict == verdict] for verdict in Verdict}
    on_arrival = bool(by_verdict[Verdict.ON_ARRIVAL])
    if result.group == Group.NOT_ELIGIBLE:
        failed = [
            f"{rule_text(item.condition)} ({item.gap})" if item.gap else rule_text(item.condition)
            for item in by_verdict[Verdict.NOT_MET]
        ]
        return _("Not met: %(conditions)s.") % {"conditions": _("; ").join(failed)}
    if result.group == Group.CHECK:
        names = _(", ").join(_subject(item.condition) for item in by_verdict[Verdict.UNKNOWN])
        if on_arrival:
            return _(
                "Nothing you answered fails and the location condition is met once you register in the zone; "
                "not answered yet: %(names)s."
            ) % {"names": names}
        return _("Nothing you answered fails; not answered yet: %(names)s.") % {"names": names}
    if not result.conditions:
        return _("No conditions beyond those of the policy.")
    if on_arrival and not by_verdict[Verdict.MET]:
        return _("The location condition is met once you register in the zone.")
    if on_arrival:
        return _("Every other condition is met; the location condition is met once you register in the zone.")
    return _("Every condition is met.")


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

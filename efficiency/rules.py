"""The checks a rule set must pass before it is used: weights that add up, class bands that tile.

Pure functions over plain values, so the admin's rule editor (on unsaved forms) and the engine's run
(on saved rows, `rule_set_problems`) give the same messages.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

HUNDRED = Decimal("100")
ZERO = Decimal("0")
RANK, SCORE = "rank", "score"


def weight_problems(total: Decimal, weights: Iterable[Decimal]) -> list[str]:
    """A group's weights must add up to the rule set's stated total."""
    weights = [w for w in weights if w is not None]
    if not weights:
        return [_("The group has no indicators.")]
    got = sum(weights, ZERO)
    if got != total:
        return [_("The weights add up to %(got)s, not the stated total of %(total)s.") % {"got": got, "total": total}]
    return []


def cutoff_problems(basis: str, bands: Iterable[tuple[str, Decimal, Decimal | None]]) -> list[str]:
    """Class bands (class, lower, upper or None) must tile the range with no gap and no overlap:
    by rank, 0 to 100 (% of the group from the top; A starts at 0); by score, from 0 upward (A is
    the open-ended top band). Classes run A → D from the best, each at most once."""
    bands = sorted(bands, key=lambda band: band[0])
    if not bands:
        return [_("The group has no class cut-offs.")]
    problems = []
    classes = [band[0] for band in bands]
    if len(set(classes)) != len(classes):
        problems.append(_("A class appears more than once."))
        return problems
    for firm_class, lower, upper in bands:
        if upper is not None and upper <= lower:
            problems.append(_("Class %(c)s: the upper bound must be above the lower bound.") % {"c": firm_class})
        if basis == RANK and (lower > HUNDRED or (upper is not None and upper > HUNDRED)):
            problems.append(_("Class %(c)s: a rank share is at most 100%%.") % {"c": firm_class})
    if problems:
        return problems
    # By rank, A is the top share: bands in class order go up from 0. By score, A is the highest
    # score: bands in class order go down to 0.
    ordered = bands if basis == RANK else list(reversed(bands))
    start = ordered[0][1]
    if start != ZERO:
        problems.append(_("The bands must start at 0; the first starts at %(v)s.") % {"v": start})
    for (c1, _lower1, upper1), (c2, lower2, _upper2) in zip(ordered, ordered[1:], strict=False):
        if upper1 is None:
            problems.append(_("Class %(c)s is open-ended but class %(d)s follows it.") % {"c": c1, "d": c2})
        elif lower2 > upper1:
            problems.append(
                _("Gap between class %(c)s (up to %(u)s) and class %(d)s (from %(l)s).")
                % {"c": c1, "u": upper1, "d": c2, "l": lower2}
            )
        elif lower2 < upper1:
            problems.append(
                _("Class %(c)s (up to %(u)s) overlaps class %(d)s (from %(l)s).")
                % {"c": c1, "u": upper1, "d": c2, "l": lower2}
            )
    end = ordered[-1][2]
    if basis == RANK and end not in (None, HUNDRED):
        problems.append(_("The bands must reach 100%%; the last ends at %(v)s.") % {"v": end})
    if basis == SCORE and end is not None:
        problems.append(_("The top class by score must have no upper bound; it ends at %(v)s.") % {"v": end})
    return problems


def rule_set_problems(rule_set) -> list[str]:
    """Every problem of a saved rule set, each prefixed with its group's name."""
    problems = []
    groups = list(rule_set.groups.prefetch_related("indicators", "cutoffs"))
    if not groups:
        return [_("The rule set has no groups.")]
    for group in groups:
        for problem in weight_problems(rule_set.total_weight, [i.weight for i in group.indicators.all()]):
            problems.append(f"{group.name}: {problem}")
        bands = [(c.firm_class, c.lower, c.upper) for c in group.cutoffs.all()]
        for problem in cutoff_problems(group.cutoff_basis, bands):
            problems.append(f"{group.name}: {problem}")
    return problems

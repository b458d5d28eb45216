"""Read helpers for the efficiency officer: how a result set is spread, who moved, who is near a line.

Each helper reads a fixed number of queries, whatever the number of firms, and returns plain
values for a template or an export. Confidential like the results themselves: staff only.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from efficiency.engine import CLASSES, HUNDRED, ZERO
from efficiency.models import Result, ResultSet, RuleGroup


@dataclass(frozen=True)
class GroupDistribution:
    group_code: str
    name: str
    classes: dict[str, int]  # "A" … "D" → firms
    exempt: int

    @property
    def scored(self) -> int:
        return sum(self.classes.values())


@dataclass(frozen=True)
class Bucket:
    lower: Decimal
    upper: Decimal  # not included
    count: int


@dataclass(frozen=True)
class Move:
    credit_code: str
    name: str
    group_code: str
    before: str  # the class in the earlier set; "" exempt; None absent
    after: str | None
    steps: int | None  # classes gained (A is best: C → B is +1); None when either side has no class


@dataclass(frozen=True)
class NearCutoff:
    credit_code: str
    name: str
    group_code: str
    firm_class: str
    other_class: str  # the class across the line
    edge: Decimal  # the line: a rank share (%) or a score
    distance: Decimal  # how far from the line (percentage points of rank share, or points of score)
    basis: str


def _groups(result_set: ResultSet) -> list[RuleGroup]:
    return list(result_set.rule_set.groups.prefetch_related("cutoffs").order_by("order", "id"))


def class_distribution(result_set: ResultSet) -> list[GroupDistribution]:
    """Firms per class and exempt firms in each group, in the rule set's group order (2 queries);
    firm-years in no group of the rules come last under their own code."""
    names = {group.code: group.name for group in result_set.rule_set.groups.order_by("order", "id")}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys((*CLASSES, ""), 0))
    rows = Result.objects.filter(result_set=result_set).order_by().values("group_code", "firm_class")
    for row in rows.annotate(n=Count("id")):
        counts[row["group_code"]][row["firm_class"]] = row["n"]
    order = [code for code in names if code in counts] + sorted(code for code in counts if code not in names)
    return [
        GroupDistribution(
            group_code=code,
            name=names.get(code, code),
            classes={c: counts[code][c] for c in CLASSES},
            exempt=counts[code][""],
        )
        for code in order
    ]


def score_histogram(result_set: ResultSet, *, width: Decimal = Decimal("20")) -> dict[str, list[Bucket]]:
    """Scored firms per score bucket [lower, lower + width), from 0 to the top score, per group (1 query)."""
    if width <= 0:
        raise ValueError("width must be positive")
    scores: dict[str, list[Decimal]] = defaultdict(list)
    rows = Result.objects.filter(result_set=result_set, score__isnull=False).values_list("group_code", "score")
    for group_code, score in rows.order_by("group_code", "score"):
        scores[group_code].append(score)
    histogram = {}
    for group_code, values in scores.items():
        buckets = max(1, math.floor(max(values) / width) + 1)
        counts = [0] * buckets
        for value in values:
            counts[min(int(value // width), buckets - 1)] += 1
        histogram[group_code] = [
            Bucket(lower=width * index, upper=width * (index + 1), count=count) for index, count in enumerate(counts)
        ]
    return histogram


def previous_final(result_set: ResultSet) -> ResultSet | None:
    """The latest final set of the year before, among sets of the same kind (samples with samples)."""
    return (
        ResultSet.objects.final()
        .filter(rule_set__year=result_set.rule_set.year - 1, rule_set__is_demo=result_set.rule_set.is_demo)
        .order_by("-finalised_at", "-version", "-id")
        .first()
    )


def movers(result_set: ResultSet, *, against: ResultSet | None = None) -> list[Move]:
    """Firms whose class differs between the previous year's final set (or `against`) and this one,
    by credit code: firms present in only one set are listed too (before or after None). 3 queries."""
    earlier = against if against is not None else previous_final(result_set)
    if earlier is None:
        return []
    fields = ("credit_code", "name", "group_code", "firm_class")
    before = {row[0]: row for row in Result.objects.filter(result_set=earlier).values_list(*fields)}
    after = {row[0]: row for row in Result.objects.filter(result_set=result_set).values_list(*fields)}
    moves = []
    for code in sorted(before.keys() | after.keys()):
        old, new = before.get(code), after.get(code)
        old_class = old[3] if old else None
        new_class = new[3] if new else None
        if old_class == new_class:
            continue
        steps = CLASSES.index(old_class) - CLASSES.index(new_class) if old_class and new_class else None
        row = new or old
        moves.append(
            Move(credit_code=code, name=row[1], group_code=row[2], before=old_class, after=new_class, steps=steps)
        )
    return moves


def near_cutoff(
    result_set: ResultSet, *, share_margin: Decimal = Decimal("5"), score_margin: Decimal = Decimal("2")
) -> list[NearCutoff]:
    """Scored firms within `share_margin` percentage points of rank share (groups classed by rank) or
    `score_margin` points (groups classed by score) of a line between two classes, nearest first.

    The lines are the rule set's cut-offs as they are now (3 queries).
    """
    groups = {group.code: group for group in _groups(result_set)}
    rows = Result.objects.filter(result_set=result_set, score__isnull=False).values_list(
        "credit_code", "name", "group_code", "firm_class", "score", "rank", "group_size"
    )
    near = []
    for code, name, group_code, firm_class, score, rank, size in rows.order_by():
        group = groups.get(group_code)
        if group is None or not size:
            continue
        bands = sorted(group.cutoffs.all(), key=lambda c: c.firm_class)
        by_rank = group.cutoff_basis == RuleGroup.CutoffBasis.RANK
        position = Decimal(rank - 1) * HUNDRED / size if by_rank else score
        margin = share_margin if by_rank else score_margin
        for better, worse in zip(bands, bands[1:], strict=False):
            # The line between two neighbouring classes: by rank the worse class starts there, by
            # score the better class does.
            edge = worse.lower if by_rank else better.lower
            if edge <= ZERO:
                continue
            distance = abs(position - edge)
            if distance > margin:
                continue
            other = worse.firm_class if firm_class == better.firm_class else better.firm_class
            if firm_class not in (better.firm_class, worse.firm_class):
                continue
            near.append(
                NearCutoff(
                    credit_code=code,
                    name=name,
                    group_code=group_code,
                    firm_class=firm_class,
                    other_class=other,
                    edge=edge,
                    distance=distance.quantize(Decimal("0.01")),
                    basis=group.cutoff_basis,
                )
            )
    return sorted(near, key=lambda n: (n.group_code, n.distance, n.credit_code))

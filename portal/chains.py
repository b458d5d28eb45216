"""Industry chains (issue 28): whether each link is present in the zone, derived from the records.

Staff type the links and the targets; they never type whether a link is present. A link's state:

- **present** — a published real enterprise or project sits on it, or every one of its sub-links is
  present;
- **partial** — no real record sits on it, and some, not all, of its sub-links are present (or
  partly present);
- **sample** (示例) — only synthetic sample records (`is_demo`) sit on it or on its sub-links;
- **missing** — nothing published sits on it or on its sub-links.

`presence()` is a pure function of the links and the counts; `chain_counts()` reads the counts in a
fixed number of queries (one per model, grouped by link and `is_demo`), whatever the table sizes.
"""

from dataclasses import dataclass, field

from django.db import models

from enterprises.models import Enterprise
from projects.models import Project

PRESENT = "present"
PARTIAL = "partial"
SAMPLE = "sample"
MISSING = "missing"


@dataclass
class Counts:
    """Published records on one link (not counting its sub-links): real ones and samples."""

    real: int = 0
    sample: int = 0


def chain_counts(industry_ids=None) -> dict[int, Counts]:
    """{link pk: Counts} over the published enterprises and projects placed on a link; two queries.

    `industry_ids` limits the count to those industries' links (None: every link).
    """
    counts: dict[int, Counts] = {}
    for model in (Enterprise, Project):
        rows = model.objects.public().filter(chain_node__isnull=False)
        if industry_ids is not None:
            rows = rows.filter(chain_node__industry__in=industry_ids)
        grouped = rows.order_by().values("chain_node", "is_demo").annotate(n=models.Count("id"))
        for row in grouped:
            entry = counts.setdefault(row["chain_node"], Counts())
            if row["is_demo"]:
                entry.sample += row["n"]
            else:
                entry.real += row["n"]
    return counts


def presence(nodes, counts: dict[int, Counts]) -> dict[int, str]:
    """{link pk: state} for `nodes` (objects with `pk` and `parent_id`), from `counts` (chain_counts).

    A parent outside `nodes` is ignored (the link is treated as a top link); a cycle, which the
    editor refuses, cannot loop here: a link is worked out once.
    """
    children: dict[int, list[int]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node.pk)
    states: dict[int, str] = {}

    def state_of(pk: int, path: frozenset) -> str:
        if pk in states:
            return states[pk]
        own = counts.get(pk, Counts())
        subs = [state_of(child, path | {pk}) for child in children.get(pk, ()) if child not in path | {pk}]
        if own.real or (subs and all(s == PRESENT for s in subs)):
            state = PRESENT
        elif any(s in (PRESENT, PARTIAL) for s in subs):
            state = PARTIAL
        elif own.sample or any(s == SAMPLE for s in subs):
            state = SAMPLE
        else:
            state = MISSING
        states[pk] = state
        return state

    for node in nodes:
        state_of(node.pk, frozenset())
    return states


# The diagram's geometry, in SVG user units.
COLUMN_WIDTH = 230
COLUMN_GAP = 20
HEADER_HEIGHT = 36
BOX_HEIGHT = 54
BOX_GAP = 10
INDENT = 16
MAX_INDENT_DEPTH = 3


@dataclass
class PlacedNode:
    node: object
    state: str
    depth: int
    x: int
    y: int
    width: int
    height: int = BOX_HEIGHT

    @property
    def text_x(self):
        return self.x + 10

    @property
    def name_y(self):
        return self.y + 22

    @property
    def state_y(self):
        return self.y + 42


@dataclass
class Column:
    stage: str
    label: str
    x: int
    nodes: list = field(default_factory=list)

    @property
    def label_x(self):
        return self.x + COLUMN_WIDTH // 2


@dataclass
class Diagram:
    columns: list
    width: int
    height: int


def chain_order(nodes) -> list[tuple[object, int]]:
    """The links in reading order with their depth: each top link followed by its sub-links."""
    known = {node.pk for node in nodes}
    children: dict[int | None, list] = {}
    for node in nodes:
        parent = node.parent_id if node.parent_id in known else None
        children.setdefault(parent, []).append(node)
    ordered, seen = [], set()

    def walk(parent, depth):
        for node in children.get(parent, ()):
            if node.pk in seen:
                continue
            seen.add(node.pk)
            ordered.append((node, depth))
            walk(node.pk, depth + 1)

    walk(None, 0)
    return ordered


def diagram(nodes, states: dict[int, str], stages) -> Diagram:
    """Where each box goes: one column per stage (`stages`: (value, label) pairs), links in order.

    A sub-link is drawn in its parent's column (below it, indented) whatever its own stage says.
    """
    columns = {
        value: Column(stage=value, label=label, x=i * (COLUMN_WIDTH + COLUMN_GAP))
        for i, (value, label) in enumerate(stages)
    }
    heights = dict.fromkeys(columns, HEADER_HEIGHT)
    top_stage: dict[int, str] = {}
    for node, depth in chain_order(nodes):
        stage = top_stage.get(node.parent_id, node.stage) if depth else node.stage
        top_stage[node.pk] = stage
        column = columns.get(stage) or next(iter(columns.values()))
        indent = min(depth, MAX_INDENT_DEPTH) * INDENT
        placed = PlacedNode(
            node=node,
            state=states.get(node.pk, MISSING),
            depth=depth,
            x=column.x + indent,
            y=heights[column.stage],
            width=COLUMN_WIDTH - indent,
        )
        column.nodes.append(placed)
        heights[column.stage] += BOX_HEIGHT + BOX_GAP
    width = len(columns) * (COLUMN_WIDTH + COLUMN_GAP) - COLUMN_GAP
    return Diagram(columns=list(columns.values()), width=width, height=max(heights.values()) + BOX_GAP)

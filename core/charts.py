"""Charts as data: pure functions that turn figures into the geometry of an SVG chart (issue 29).

A page builds a chart in its view and shows it with `{% chart %}` (core/templatetags/charts.py), which
draws core/templates/core/chart.html: the SVG, and beside it a table of the same numbers. Nothing here
writes markup; everything here is decided once, in Python, so that the drawing, the table and the tests
read the same numbers:

    from core import charts

    chart = charts.bar_chart(
        _("Tax per mu by year"),
        ["2022", "2023", "2024"],
        [charts.Series(_("Tax per mu"), [Decimal("31.2"), None, Decimal("35.6")])],
        unit=_("10,000 yuan per mu"),
        category_label=_("Year"),
    )
    # template: {% load charts %}{% chart chart csv_url=csv_url %}

Kinds: `bar_chart` (horizontal bars, each label on a line of its own above its bars: the best for long
Chinese labels on a 390 px phone), `column_chart` (vertical bars for a series in time), `line_chart`
(monthly series) and `share_chart` (100 % stacked bars: each category's parts as shares).

Rules the drawing keeps:
- Values are non-negative numbers (int, Decimal, or a finite float, read through its repr) or None.
  None is "no data": no bar, a "no data" mark where the bar would be, "—" in the table; never a zero.
- Every value is also printed as text (beside its bar, above its column, inside or under its segment),
  and each series has a pattern, a marker and a dash of its own as well as a colour (Okabe and Ito's
  palette for colour-blind readers), so colour never carries meaning alone.
- The value axis runs from 0 to a "nice" number at or above the largest value (Heckbert's loose
  labelling, "Nice numbers for graph labels", Graphics Gems, 1990), with as many ticks as fit.
- The picture is WIDTH units wide and scales with the page; text is TEXT_SIZE units (LARGE_TEXT_SIZE in
  the large-text mode, core/display.py), at least 12 px on a 390 px phone. Text widths are estimated
  per character (CJK one em, Latin narrower), erring wide, so labels never collide.
- The same input gives the same output: Decimal arithmetic, no clock, no randomness, ids from the input.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext, ngettext

WIDTH = 360
TEXT_SIZE = 13
LARGE_TEXT_SIZE = 22
PERCENT = "%"
MAX_TICKS = 6
CATEGORY_LINES = 3  # at most, under a column or a line chart's point

# Okabe, M. and Ito, K. (2008) "Color Universal Design": distinguishable with every common colour-vision
# deficiency. Blue first: it has 5:1 contrast with white, so a single series reads well on its own.
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermilion
    "#F0E442",  # yellow
    "#000000",  # black
)
# A pattern per series drawn over its colour, in the palette's order: (name, path, rotation in degrees).
# Paths are stroked on an 8-unit tile; "dots" are zero-length strokes with round caps.
PATTERNS = (
    ("solid", "", 0),
    ("diagonal", "M0 0V8", 45),
    ("dots", "M2 2h0M6 6h0", 0),
    ("crosshatch", "M0 4H8M4 0V8", 45),
    ("horizontal", "M0 4H8", 0),
    ("backdiagonal", "M0 0V8", -45),
    ("grid", "M0 4H8M4 0V8", 0),
    ("vertical", "M4 0V8", 0),
)
MARKERS = ("circle", "square", "triangle", "diamond", "circle", "square", "triangle", "diamond")
DASHES = ("", "7 4", "2 3", "9 3 2 3", "", "7 4", "2 3", "9 3 2 3")

KINDS = ("bar", "column", "line", "share")
TENTH = Decimal("0.1")


# --- input -----------------------------------------------------------------------------------------------


def _number(value, *, series: str, category: str) -> Decimal | None:
    """A value as a Decimal (None stays None); a clear ValueError for anything a chart cannot draw."""
    where = f"series “{series}”, category “{category}”"
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ValueError(f"Chart values must be numbers or None; {where} is {value!r}.")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"Chart values must be finite; {where} is {value!r}.")
    if number < 0:
        raise ValueError(f"Chart values cannot be negative; {where} is {value}.")
    return number


@dataclass(frozen=True)
class Series:
    """One named row of values, one per category, in the categories' order (None: no data)."""

    name: str
    values: tuple

    def __init__(self, name, values: Sequence):
        object.__setattr__(self, "name", str(name))
        object.__setattr__(self, "values", tuple(values))


@dataclass(frozen=True)
class ChartData:
    """What a chart shows, checked: everything the layout needs and nothing it computes."""

    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    category_label: str = ""
    decimals: int = 0
    share_decimals: int = 0
    description: str = ""
    key: str = ""

    @property
    def is_percent(self) -> bool:
        return self.unit == PERCENT


def chart_data(
    kind,
    title,
    categories,
    series,
    *,
    unit="",
    category_label="",
    decimals=None,
    description="",
    key=None,
    share_decimals=0,
) -> ChartData:
    """Checks and normalises a chart's input; ValueError with a message a page author can act on."""
    if kind not in KINDS:
        raise ValueError(f"Unknown chart kind {kind!r}; one of {', '.join(KINDS)}.")
    title = str(title)
    if not title.strip():
        raise ValueError("A chart needs a title (it names the picture for screen readers).")
    categories = tuple(str(c) for c in categories)
    if not categories:
        raise ValueError(f"Chart “{title}” has no categories.")
    if isinstance(series, Series):
        series = [series]
    series = tuple(series)
    if not series:
        raise ValueError(f"Chart “{title}” has no series.")
    if len(series) > len(PALETTE):
        raise ValueError(f"Chart “{title}” has {len(series)} series; at most {len(PALETTE)} can be told apart.")
    checked = []
    for one in series:
        if not isinstance(one, Series):
            raise ValueError(f"Chart “{title}”: each series must be a charts.Series, not {one!r}.")
        if len(one.values) != len(categories):
            raise ValueError(
                f"Chart “{title}”: series “{one.name}” has {len(one.values)} values for {len(categories)} categories."
            )
        values = tuple(_number(v, series=one.name, category=c) for v, c in zip(one.values, categories, strict=True))
        checked.append(Series(one.name, values))
    if kind == "share":
        for index, category in enumerate(categories):
            known = [s.values[index] is not None for s in checked]
            if any(known) and not all(known):
                raise ValueError(
                    f"Chart “{title}”: category “{category}” has some parts without data; shares need "
                    "every part of a category, or none (no data)."
                )
    if decimals is None:
        decimals = min(2, max([_places(v) for s in checked for v in s.values if v is not None] or [0]))
    if not isinstance(decimals, int) or not 0 <= decimals <= 6:
        raise ValueError(f"Chart “{title}”: decimals must be a whole number from 0 to 6, not {decimals!r}.")
    if not isinstance(share_decimals, int) or not 0 <= share_decimals <= 3:
        raise ValueError(f"Chart “{title}”: share_decimals must be 0 to 3, not {share_decimals!r}.")
    key = str(key) if key else _key(kind, title, categories)
    if not re.fullmatch(r"[A-Za-z][\w-]*", key, re.ASCII):
        raise ValueError(f"Chart “{title}”: key {key!r} must be letters, digits, - or _, starting with a letter.")
    return ChartData(
        kind=kind,
        title=title,
        categories=categories,
        series=tuple(checked),
        unit=str(unit),
        category_label=str(category_label),
        decimals=decimals,
        share_decimals=share_decimals,
        description=str(description),
        key=key,
    )


def _places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _key(kind: str, title: str, categories: tuple[str, ...]) -> str:
    digest = hashlib.sha1("\x1f".join((kind, title, *categories)).encode(), usedforsecurity=False)
    return f"chart-{digest.hexdigest()[:10]}"


# --- numbers and text ------------------------------------------------------------------------------------


def format_number(number: Decimal, places: int) -> str:
    """Rounded half up to `places` decimals, thousands grouped with commas in both languages, as the
    site writes amounts (core.figures): 12345.6 → "12,345.6"."""
    rounded = Decimal(number).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:,f}"


def nice_number(x: Decimal, *, round_: bool) -> Decimal:
    """Heckbert's nice number near `x`: 1, 2 or 5 times a power of ten (rounded, or the ceiling)."""
    exponent = x.adjusted()
    fraction = x.scaleb(-exponent)
    if round_:
        nice = 1 if fraction < Decimal("1.5") else 2 if fraction < 3 else 5 if fraction < 7 else 10
    else:
        nice = 1 if fraction <= 1 else 2 if fraction <= 2 else 5 if fraction <= 5 else 10
    return Decimal(nice).scaleb(exponent)


def nice_ticks(largest: Decimal | None, count: int = 5) -> tuple[Decimal, ...]:
    """Tick values from 0 to a nice number ≥ `largest`, about `count` of them, evenly spaced.

    Heckbert's loose labelling with the minimum fixed at 0: no data or only zeros give 0 and 1.
    """
    if largest is None or largest <= 0:
        return (Decimal(0), Decimal(1))
    count = max(2, count)
    span = nice_number(Decimal(largest), round_=False)
    step = nice_number(span / (count - 1), round_=True)
    steps = int((Decimal(largest) / step).to_integral_value(rounding=ROUND_CEILING))
    return tuple((step * i).normalize() for i in range(steps + 1))


def _tick_places(ticks: Sequence[Decimal]) -> int:
    return max(_places(t.normalize()) for t in ticks)


def shares(values: Sequence[Decimal], places: int = 0) -> tuple[tuple[Decimal, ...], tuple[Decimal, ...]]:
    """Each value's share of the total in per cent: (exact, rounded), the rounded ones adding up to exactly
    100 (largest remainder: the parts rounded down, the quanta left over go to the largest remainders,
    the earlier part first on a tie)."""
    total = sum(values, Decimal(0))
    if total <= 0:
        raise ValueError("Shares need a total above zero.")
    exact = tuple(v * 100 / total for v in values)
    quantum = Decimal(1).scaleb(-places)
    floors = [(e / quantum).to_integral_value(rounding=ROUND_FLOOR) for e in exact]
    left = int(Decimal(100) / quantum - sum(floors))
    order = sorted(range(len(values)), key=lambda i: (-(exact[i] / quantum - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return exact, tuple((f * quantum).quantize(quantum) for f in floors)


def _char_width(char: str) -> Decimal:
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return Decimal(1)
    if char in " .,:;'|!il":
        return Decimal("0.32")
    if char in "%mwMW@—":
        return Decimal("0.9")
    if char.isupper():
        return Decimal("0.7")
    return Decimal("0.6")


def text_width(text: str, size: int) -> Decimal:
    """An estimate of the text's drawn width, erring wide (CJK one em; Latin letters and digits less)."""
    return sum((_char_width(c) for c in text), Decimal(0)) * size


def wrap_text(text: str, width: Decimal, size: int) -> tuple[str, ...]:
    """Lines no wider than `width`: broken at spaces where there are any, else between any two characters
    (Chinese has no spaces)."""
    lines, line = [], ""
    for word in _words(text):
        candidate = line + word
        if line and text_width(candidate.rstrip(), size) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line = candidate
        while text_width(line.rstrip(), size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and text_width(line[:cut], size) > width:
                cut -= 1
            lines.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
    if line.strip():
        lines.append(line.rstrip())
    return tuple(lines) or ("",)


def _words(text: str) -> list[str]:
    """Pieces to break between: a Latin word with its trailing space, or one CJK character."""
    words, word = [], ""
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            if word:
                words.append(word)
                word = ""
            words.append(char)
        else:
            word += char
            if char == " ":
                words.append(word)
                word = ""
    if word:
        words.append(word)
    return words


def _clip_lines(lines: tuple[str, ...], most: int, width: Decimal, size: int) -> tuple[str, ...]:
    """At most `most` lines, the last ending in "…" when some were left out (the table has the whole)."""
    if len(lines) <= most:
        return lines
    last = lines[most - 1]
    while last and text_width(last + "…", size) > width:
        last = last[:-1]
    return (*lines[: most - 1], last.rstrip() + "…")


def _q(number) -> Decimal:
    return Decimal(number).quantize(TENTH, rounding=ROUND_HALF_UP)


# --- geometry --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    x: Decimal
    y: Decimal
    width: Decimal
    height: Decimal


@dataclass(frozen=True)
class Label:
    """A text drawn in the picture. `role`: category, value, inside (over a fill), nodata, tick, legend.
    `rotate`: read bottom to top (a column's value where there is no room across)."""

    x: Decimal
    y: Decimal
    text: str
    role: str
    anchor: str = "start"
    rotate: bool = False


@dataclass(frozen=True)
class Bar:
    """A bar, a column or a share segment. `label` is the value as printed (in the picture and the table);
    `share` is the exact per cent of a segment (None for other kinds)."""

    x: Decimal
    y: Decimal
    width: Decimal
    height: Decimal
    value: Decimal
    label: str
    series: int
    category: int
    fill: str
    share: Decimal | None = None


@dataclass(frozen=True)
class Gap:
    """Where a bar or point would be had the value been known."""

    series: int
    category: int
    x: Decimal
    y: Decimal


@dataclass(frozen=True)
class Marker:
    """A point's mark: a circle (`r`) or a polygon (`points`), centred on (cx, cy)."""

    shape: str
    cx: Decimal
    cy: Decimal
    r: Decimal
    points: str = ""


def marker(shape: str, cx: Decimal, cy: Decimal, r: Decimal) -> Marker:
    corners = {
        "square": ((-1, -1), (1, -1), (1, 1), (-1, 1)),
        "triangle": ((0, Decimal("-1.25")), (Decimal("1.15"), Decimal("0.85")), (Decimal("-1.15"), Decimal("0.85"))),
        "diamond": ((0, Decimal("-1.3")), (Decimal("1.3"), 0), (0, Decimal("1.3")), (Decimal("-1.3"), 0)),
    }.get(shape, ())
    points = " ".join(f"{_q(cx + r * dx)},{_q(cy + r * dy)}" for dx, dy in corners)
    return Marker(shape, _q(cx), _q(cy), _q(r), points)


@dataclass(frozen=True)
class Point:
    x: Decimal
    y: Decimal
    value: Decimal
    label: str
    category: int
    marker: Marker


@dataclass(frozen=True)
class Line:
    """A series of a line chart: its path (broken where a value is None) and its points."""

    series: int
    path: str
    points: tuple[Point, ...]
    style: Style


@dataclass(frozen=True)
class Tick:
    """A value on the axis: its label, and grid line segments (x1, y1, x2, y2) — split where labels run."""

    value: Decimal
    label: Label
    lines: tuple[tuple[Decimal, Decimal, Decimal, Decimal], ...]


@dataclass(frozen=True)
class Style:
    """How a series is told apart: colour, pattern (tile path, rotation, the ink drawn on the colour),
    line dash and point marker."""

    index: int
    name: str
    colour: str
    pattern: str
    pattern_path: str
    pattern_rotation: int
    ink: str
    dash: str
    marker: str
    pattern_id: str

    @property
    def fill(self) -> str:
        return f"url(#{self.pattern_id})" if self.pattern_path else self.colour


@dataclass(frozen=True)
class LegendItem:
    """A series' key: a swatch of its fill (bars) or a stretch of its line with its marker (lines)."""

    style: Style
    swatch: Box
    labels: tuple[Label, ...]
    marker: Marker | None = None


@dataclass(frozen=True)
class Cell:
    """A table cell: the value and its text as printed ("" when there is no data); `detail`, the amount
    behind a share ("(42)"), printed after it."""

    value: Decimal | None
    text: str
    detail: str = ""


@dataclass(frozen=True)
class Row:
    heading: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]

    @property
    def has_gaps(self) -> bool:
        return any(cell.value is None for row in self.rows for cell in row.cells)


@dataclass(frozen=True)
class Chart:
    """A laid-out chart: its input (`data`) and everything the template draws, in SVG user units."""

    data: ChartData
    text_size: int
    width: int
    height: Decimal
    styles: tuple[Style, ...]
    legend: tuple[LegendItem, ...] = ()
    ticks: tuple[Tick, ...] = ()
    bars: tuple[Bar, ...] = ()
    lines: tuple[Line, ...] = ()
    gaps: tuple[Gap, ...] = ()
    labels: tuple[Label, ...] = ()
    table: Table | None = None
    description: str = ""
    values_in_table_only: bool = False
    large: bool = False
    axis: tuple[tuple[Decimal, Decimal, Decimal, Decimal], ...] = ()

    @property
    def kind(self) -> str:
        return self.data.kind

    @property
    def title(self) -> str:
        return self.data.title

    @property
    def unit(self) -> str:
        return self.data.unit

    @property
    def key(self) -> str:
        return self.data.key

    @property
    def unit_note(self) -> str:
        """The unit of the picture's values, when they do not print it ("%") or are shares (whose unit,
        per cent, is printed; a share chart's `unit` is its totals')."""
        return "" if self.kind == "share" or self.data.is_percent else self.unit

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def patterned(self) -> tuple[Style, ...]:
        return tuple(s for s in self.styles if s.pattern_path)

    def for_display(self, *, large: bool) -> Chart:
        """This chart laid out for the display mode (the same object when it already is)."""
        return self if large == self.large else layout(self.data, large=large)


# --- the builders ----------------------------------------------------------------------------------------


def bar_chart(title, categories, series, **options) -> Chart:
    """Horizontal bars: each category's label on its own line(s), its bars below, each value beside its bar.

    Options (keyword): unit ("%" prints values as per cent), category_label (the table's first column),
    decimals (default: as many as the values have, at most 2), description (the picture's long text;
    default: a summary of highest and lowest), key (the figure's id; default from the input).
    """
    return layout(chart_data("bar", title, categories, series, **options))


def column_chart(title, categories, series, **options) -> Chart:
    """Vertical bars over categories in order (years, months); the options of `bar_chart`."""
    return layout(chart_data("column", title, categories, series, **options))


def line_chart(title, categories, series, **options) -> Chart:
    """Lines over categories in order (months), broken where a value is None; the options of `bar_chart`."""
    return layout(chart_data("line", title, categories, series, **options))


def share_chart(title, categories, series, **options) -> Chart:
    """100 % stacked horizontal bars: each category's parts (the series, e.g. classes A–D) as shares.

    Values are amounts (counts of firms, m²); the shares are computed, rounded to `share_decimals`
    (default 0) so that each bar's printed shares add up to exactly 100 %. A category is either fully
    known or all None (no data); a total of zero is no data too. The table gives each share and amount.
    """
    return layout(chart_data("share", title, categories, series, **options))


def layout(data: ChartData, *, large: bool = False) -> Chart:
    """The geometry of `data` at the text size of the display mode."""
    size = LARGE_TEXT_SIZE if large else TEXT_SIZE
    builder = {"bar": _bars, "column": _columns, "line": _columns, "share": _shares}[data.kind]
    return builder(data, size, large)


def _styles(data: ChartData) -> tuple[Style, ...]:
    many = len(data.series) > 1
    styles = []
    for index, series in enumerate(data.series):
        pattern, path, rotation = PATTERNS[index] if many else PATTERNS[0]
        colour = PALETTE[index]
        styles.append(
            Style(
                index=index,
                name=series.name,
                colour=colour,
                pattern=pattern,
                pattern_path=path,
                pattern_rotation=rotation,
                ink=_ink(colour),
                dash=DASHES[index],
                marker=MARKERS[index],
                pattern_id=f"{data.key}-p{index}",
            )
        )
    return tuple(styles)


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _ink(colour: str) -> str:
    """Black or white, whichever contrasts more with `colour` (a pattern's lines, drawn on it)."""
    luminance = _luminance(colour)
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#FFFFFF"


def _marker_size(size: int) -> Decimal:
    return _q(Decimal(size) * Decimal("0.32"))


def _value_text(data: ChartData, value: Decimal) -> str:
    text = format_number(value, data.decimals)
    return f"{text}%" if data.is_percent else text


def _no_data() -> str:
    return gettext("No data")


def _legend(styles, size: int, top: Decimal, *, lines: bool = False) -> tuple[tuple[LegendItem, ...], Decimal]:
    """Legend items flowing left to right, wrapping; returns the items and the y below them."""
    pad, swatch, gap = Decimal(4), Decimal(size * 2 if lines else size), Decimal(size)
    line = _q(size * Decimal("1.3"))
    items, x, y, row_height = [], pad, top, line
    for style in styles:
        room = WIDTH - 2 * pad - swatch - 4
        text_lines = wrap_text(style.name, room, size)
        width = swatch + 4 + max(text_width(t, size) for t in text_lines)
        if x > pad and x + width > WIDTH - pad:
            x, y, row_height = pad, y + row_height + 4, line
        height = line * len(text_lines)
        row_height = max(row_height, height)
        labels = tuple(
            Label(_q(x + swatch + 4), _q(y + line * i + size), text, "legend") for i, text in enumerate(text_lines)
        )
        box = Box(_q(x), _q(y + (line - size) / 2 + 1), swatch, Decimal(size))
        mark = marker(style.marker, x + swatch / 2, box.y + box.height / 2, _marker_size(size)) if lines else None
        items.append(LegendItem(style, box, labels, mark))
        x += width + gap
    return tuple(items), _q(y + row_height + size // 2)


def _fit_ticks(largest, length: Decimal, spacing_for) -> tuple[Decimal, ...]:
    """The most ticks (at most MAX_TICKS) spaced along `length` at least `spacing_for(ticks)` apart (the room
    their labels need); two ticks (0 and the top) when even those are closer."""
    for count in range(MAX_TICKS, 1, -1):
        ticks = nice_ticks(largest, count)
        if len(ticks) <= MAX_TICKS and length / (len(ticks) - 1) >= spacing_for(ticks):
            return ticks
    return nice_ticks(largest, 2)


def _largest(data: ChartData) -> Decimal | None:
    known = [v for s in data.series for v in s.values if v is not None]
    return max(known) if known else None


def _table(data: ChartData) -> Table:
    header = [data.category_label or gettext("Category")]
    for series in data.series:
        if data.unit and not data.is_percent:
            header.append(gettext("%(name)s (%(unit)s)") % {"name": series.name, "unit": data.unit})
        else:
            header.append(series.name)
    rows = tuple(
        Row(
            category,
            tuple(
                Cell(s.values[i], "" if s.values[i] is None else _value_text(data, s.values[i])) for s in data.series
            ),
        )
        for i, category in enumerate(data.categories)
    )
    return Table(_caption(data), tuple(header), rows)


def _caption(data: ChartData) -> str:
    return gettext("Data table: %(title)s") % {"title": data.title}


def _description(data: ChartData) -> str:
    if data.description:
        return data.description
    kind = {
        "bar": gettext("Bar chart"),
        "column": gettext("Column chart"),
        "line": gettext("Line chart"),
        "share": gettext("Stacked bar chart of shares"),
    }[data.kind]
    count = len(data.categories)
    parts = [
        ngettext("%(kind)s of %(count)s category.", "%(kind)s of %(count)s categories.", count)
        % {"kind": kind, "count": count}
    ]
    unit = f" {data.unit}" if data.unit and not data.is_percent else ""
    for series in data.series:
        known = [(v, c) for v, c in zip(series.values, data.categories, strict=True) if v is not None]
        if data.kind != "share" and known:
            high = max(known, key=lambda pair: pair[0])
            low = min(known, key=lambda pair: pair[0])
            parts.append(
                gettext("%(series)s: highest %(high_category)s, %(high)s; lowest %(low_category)s, %(low)s.")
                % {
                    "series": series.name,
                    "high_category": high[1],
                    "high": _value_text(data, high[0]) + unit,
                    "low_category": low[1],
                    "low": _value_text(data, low[0]) + unit,
                }
            )
        missing = [c for v, c in zip(series.values, data.categories, strict=True) if v is None]
        if missing and (data.kind != "share" or series is data.series[0]):
            parts.append(gettext("No data for %(categories)s.") % {"categories": gettext(", ").join(missing)})
    parts.append(gettext("The table with the chart gives every number."))
    return " ".join(parts)


def _bars(data: ChartData, size: int, large: bool) -> Chart:
    """Horizontal bars: label line(s), then one bar per series; values beside the bars; axis at the foot."""
    styles = _styles(data)
    pad = Decimal(4)
    line = _q(size * Decimal("1.3"))
    bar_height = _q(size * Decimal("1.35"))
    legend, top = _legend(styles, size, pad) if len(styles) > 1 else ((), pad)
    texts = [_value_text(data, v) for s in data.series for v in s.values if v is not None]
    room_for_values = max((text_width(t, size) for t in texts), default=Decimal(0)) + 6
    left = pad + 1
    right = WIDTH - pad - room_for_values
    largest = _largest(data)
    ticks = _fit_ticks(
        largest,
        right - left,
        lambda ts: max(text_width(_tick_text(data, t, ts), size) for t in ts) + size,
    )
    axis_max = ticks[-1]
    scale = (right - left) / axis_max
    labels, bars, gaps, bands = [], [], [], []
    y = top
    for index, category in enumerate(data.categories):
        for text in wrap_text(category, WIDTH - 2 * pad, size):
            labels.append(Label(_q(pad), _q(y + size), text, "category"))
            y += line
        y += 3
        band_top = y
        for s_index, series in enumerate(data.series):
            value = series.values[index]
            middle = y + bar_height / 2 + size * Decimal("0.35")
            if value is None:
                gaps.append(Gap(s_index, index, _q(left), _q(y)))
                labels.append(Label(_q(left + 3), _q(middle), _no_data(), "nodata"))
            else:
                width = _q(value * scale)
                text = _value_text(data, value)
                bars.append(Bar(_q(left), _q(y), width, bar_height, value, text, s_index, index, styles[s_index].fill))
                labels.append(Label(_q(left + width + 4), _q(middle), text, "value"))
            y += bar_height + 2
        bands.append((band_top, y - 2))
        y += _q(size * Decimal("0.7"))
    foot = y
    tick_marks = []
    places = _tick_places(ticks)
    for tick in ticks:
        x = _q(left + tick * scale)
        text = _tick_text(data, tick, ticks, places)
        anchor = "start" if tick == 0 else "end" if x + text_width(text, size) / 2 > WIDTH - pad else "middle"
        segments = tuple((x, _q(b_top - 2), x, _q(b_bottom + 2)) for b_top, b_bottom in bands)
        tick_marks.append(Tick(tick, Label(x, _q(foot + size), text, "tick", anchor), segments))
    axis = tuple((_q(left), _q(b_top - 2), _q(left), _q(b_bottom + 2)) for b_top, b_bottom in bands)
    return Chart(
        data=data,
        text_size=size,
        width=WIDTH,
        height=_q(foot + size + size // 2 + pad),
        styles=styles,
        legend=legend,
        ticks=tuple(tick_marks),
        bars=tuple(bars),
        gaps=tuple(gaps),
        labels=tuple(labels),
        table=_table(data),
        description=_description(data),
        large=large,
        axis=axis,
    )


def _tick_text(data: ChartData, tick: Decimal, ticks, places: int | None = None) -> str:
    text = format_number(tick, _tick_places(ticks) if places is None else places)
    return f"{text}%" if data.is_percent else text


def _columns(data: ChartData, size: int, large: bool) -> Chart:
    """Columns (or a line) over the categories in order; the value axis on the left."""
    styles = _styles(data)
    pad = Decimal(4)
    is_line = data.kind == "line"
    count, many = len(data.categories), len(data.series)
    legend, top = _legend(styles, size, pad, lines=is_line) if many > 1 else ((), pad)
    plot_height = Decimal(size * 12)
    largest = _largest(data)
    ticks = _fit_ticks(largest, plot_height, lambda ts: Decimal(size) * Decimal("1.8"))
    places = _tick_places(ticks)
    tick_texts = [_tick_text(data, t, ticks, places) for t in ticks]
    left = pad + max(text_width(t, size) for t in tick_texts) + 6
    right = Decimal(WIDTH) - pad - size // 2
    slot = (right - left) / count
    group = slot * (Decimal("0.5") if is_line else Decimal("0.78"))
    bar_width = group / many
    pitch = bar_width if not is_line else slot
    texts = [_value_text(data, v) for s in data.series for v in s.values if v is not None]
    widest = max((text_width(t, size) for t in texts), default=Decimal(0))
    if is_line and many > 1:
        value_mode = "none"  # labels of several lines would sit on each other; the table has them
    elif widest <= pitch - 2:
        value_mode = "across"
    elif not is_line and bar_width >= size:
        value_mode = "up"
    else:
        value_mode = "none"
    room = {"across": size + 4, "up": widest + 6, "none": size // 2}[value_mode]
    plot_top = top + room
    base = plot_top + plot_height
    scale = plot_height / ticks[-1]
    labels, bars, gaps, lines = [], [], [], []
    nodata = _no_data()
    nodata_across = text_width(nodata, size) <= pitch - 2
    for s_index, series in enumerate(data.series):
        points, path, pen_down = [], [], False
        for index, value in enumerate(series.values):
            centre = left + slot * index + slot / 2
            x = centre - group / 2 + bar_width * s_index if not is_line else centre
            middle = x + bar_width / 2 if not is_line else centre
            if value is None:
                gaps.append(Gap(s_index, index, _q(x), _q(base)))
                pen_down = False
                if is_line and many > 1:
                    continue
                if nodata_across:
                    labels.append(Label(_q(middle), _q(base - 4), nodata, "nodata", "middle"))
                elif pitch >= size:
                    labels.append(
                        Label(_q(middle + size * Decimal("0.35")), _q(base - 4), nodata, "nodata", rotate=True)
                    )
                else:
                    labels.append(Label(_q(middle), _q(base - 4), "–", "nodata", "middle"))
                continue
            height = _q(value * scale)
            y = base - height
            text = _value_text(data, value)
            if is_line:
                mark = marker(styles[s_index].marker, centre, y, _marker_size(size))
                points.append(Point(_q(centre), _q(y), value, text, index, mark))
                path.append(f"{'L' if pen_down else 'M'}{_q(centre)} {_q(y)}")
                pen_down = True
            else:
                bars.append(Bar(_q(x), _q(y), _q(bar_width), height, value, text, s_index, index, styles[s_index].fill))
            lift = Decimal(8) if is_line else Decimal(4)
            if value_mode == "across":
                labels.append(Label(_q(middle), _q(y - lift), text, "value", "middle"))
            elif value_mode == "up":
                labels.append(Label(_q(middle + size * Decimal("0.35")), _q(y - lift), text, "value", rotate=True))
        if is_line:
            lines.append(Line(s_index, " ".join(path), tuple(points), styles[s_index]))
    # Category labels: every `step`-th where they do not fit each slot (months: the table has them all);
    # a long one wraps onto at most CATEGORY_LINES lines of up to 6 em, kept inside the picture.
    size_ = Decimal(size)
    widest_category = min(max(text_width(c, size) for c in data.categories), size_ * 6)
    step = max(1, math.ceil((widest_category + size_ / 2) / slot))
    room = max(slot * step - size_ / 2, size_ * 2)
    line_height = _q(size_ * Decimal("1.2"))
    rows = 1
    for index, category in enumerate(data.categories):
        if index % step:
            continue
        lines_ = _clip_lines(wrap_text(category, room, size), CATEGORY_LINES, room, size)
        rows = max(rows, len(lines_))
        for number, text in enumerate(lines_):
            half = text_width(text, size) / 2
            x = min(max(left + slot * index + slot / 2, pad + half), WIDTH - pad - half)
            labels.append(Label(_q(x), _q(base + size + 4 + line_height * number), text, "category", "middle"))
    tick_marks = []
    for tick, text in zip(ticks, tick_texts, strict=True):
        y = _q(base - tick * scale)
        tick_marks.append(
            Tick(tick, Label(_q(left - 5), _q(y + size * Decimal("0.35")), text, "tick", "end"), ((left, y, right, y),))
        )
    axis = ((_q(left), _q(base), _q(right), _q(base)),)
    return Chart(
        data=data,
        text_size=size,
        width=WIDTH,
        height=_q(base + size + 4 + line_height * (rows - 1) + size // 2 + pad),
        styles=styles,
        legend=legend,
        ticks=tuple(tick_marks),
        bars=tuple(bars),
        lines=tuple(lines),
        gaps=tuple(gaps),
        labels=tuple(labels),
        table=_table(data),
        description=_description(data),
        values_in_table_only=value_mode == "none",
        large=large,
        axis=axis,
    )


def _shares(data: ChartData, size: int, large: bool) -> Chart:
    """Each category a bar of 100 %, its parts side by side; a part's name and share inside it when they
    fit, else on a row under the bar, moved along until no two labels overlap."""
    styles = _styles(data)
    pad = Decimal(4)
    line = _q(size * Decimal("1.3"))
    bar_height = _q(size * Decimal("1.9"))
    legend, top = _legend(styles, size, pad)
    left, right = pad + 1, Decimal(WIDTH) - pad - 1
    length = right - left
    labels, bars, gaps, bands = [], [], [], []
    rows = []
    y = top
    for index, category in enumerate(data.categories):
        for text in wrap_text(category, WIDTH - 2 * pad, size):
            labels.append(Label(_q(pad), _q(y + size), text, "category"))
            y += line
        y += 3
        values = [s.values[index] for s in data.series]
        total = sum((v for v in values if v is not None), Decimal(0))
        middle = y + bar_height / 2 + size * Decimal("0.35")
        if values[0] is None or total == 0:
            for s_index in range(len(values)):
                gaps.append(Gap(s_index, index, _q(left), _q(y)))
            labels.append(Label(_q(left + 3), _q(middle), _no_data(), "nodata"))
            rows.append(Row(category, tuple(Cell(None, "") for _ in range(len(values) + 1))))
            y += bar_height + _q(size * Decimal("0.9"))
            continue
        exact, rounded = shares(values, data.share_decimals)
        x = left
        below = []
        cells = []
        for s_index, (value, share, shown) in enumerate(zip(values, exact, rounded, strict=True)):
            width = _q(length * share / 100)
            text = f"{format_number(shown, data.share_decimals)}%"
            bars.append(Bar(_q(x), _q(y), width, bar_height, value, text, s_index, index, styles[s_index].fill, share))
            named = f"{styles[s_index].name} {text}"
            if value > 0 and text_width(named, size) <= width - 6:
                labels.append(Label(_q(x + width / 2), _q(middle), named, "inside", "middle"))
            elif value > 0 and text_width(text, size) <= width - 6:
                labels.append(Label(_q(x + width / 2), _q(middle), text, "inside", "middle"))
            else:
                below.append((x + width / 2, named))
            cells.append(Cell(shown, text, gettext("(%(amount)s)") % {"amount": format_number(value, data.decimals)}))
            x += width
        cells.append(Cell(total, format_number(total, data.decimals)))
        rows.append(Row(category, tuple(cells)))
        bands.append((y, y + bar_height))
        y += bar_height
        y = _place_below(below, labels, y, size, line, left, right)
        y += _q(size * Decimal("0.9"))
    foot = y
    ticks = _fit_ticks(Decimal(100), length, lambda ts: text_width("100%", size) + size)
    tick_marks = []
    for tick in ticks:
        x = _q(left + length * tick / 100)
        anchor = "start" if tick == 0 else "end" if tick == 100 else "middle"
        segments = tuple((x, _q(b_top - 2), x, _q(b_bottom + 2)) for b_top, b_bottom in bands)
        tick_marks.append(Tick(tick, Label(x, _q(foot + size), f"{format_number(tick, 0)}%", "tick", anchor), segments))
    header = [data.category_label or gettext("Category"), *(s.name for s in data.series)]
    header.append(gettext("Total (%(unit)s)") % {"unit": data.unit} if data.unit else gettext("Total"))
    table = Table(_caption(data), tuple(header), tuple(rows))
    return Chart(
        data=data,
        text_size=size,
        width=WIDTH,
        height=_q(foot + size + size // 2 + pad),
        styles=styles,
        legend=legend,
        ticks=tuple(tick_marks),
        bars=tuple(bars),
        gaps=tuple(gaps),
        labels=tuple(labels),
        table=table,
        description=_description(data),
        large=large,
    )


def _place_below(below, labels, y: Decimal, size: int, line: Decimal, left: Decimal, right: Decimal) -> Decimal:
    """Labels of parts too narrow to hold them, on rows under the bar: each centred under its part where it
    can be, kept inside the picture, on the first row where it overlaps no other; returns the y below."""
    if not below:
        return y
    rows: list[list[tuple[Decimal, Decimal]]] = []
    for centre, text in below:
        width = text_width(text, size)
        start = min(max(centre - width / 2, left), right - width)
        for number, row in enumerate([*rows, []]):
            if all(start + width + Decimal(size) / 2 <= a or start >= b + Decimal(size) / 2 for a, b in row):
                if number == len(rows):
                    rows.append(row)
                row.append((start, start + width))
                labels.append(Label(_q(start), _q(y + line * (number + 1) - 2), text, "below"))
                break
    return y + line * len(rows) + 2

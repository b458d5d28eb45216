"""The chart component (core/charts.py, the {% chart %} tag and core/templates/core/chart.html).

Geometry: bars proportional to values, nice ticks covering the largest value, None drawn as a gap and
never as zero, shares that add up to 100. Markup: the SVG parses as XML and is labelled for screen
readers, the table says exactly what the picture prints, colours come from the palette. Bad input is a
ValueError that says what is wrong.
"""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal as D

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from core import charts
from core.charts import Series

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = [f"{m}月" for m in range(1, 13)]


def tax_chart(**options):
    return charts.column_chart(
        "亩均税收",
        ["2020", "2021", "2022", "2023", "2024"],
        [Series("亩均税收", [D("28.4"), D("31.2"), None, D("35.6"), D("38.9")])],
        unit="万元/亩",
        category_label="年份",
        **options,
    )


def funnel_chart():
    return charts.bar_chart(
        "招商咨询漏斗",
        ["新咨询", "已分配专员", "已联系", "实地考察", "洽谈中", "已签约"],
        [Series("咨询数", [1280, 960, 803, 41, 22, 9])],
        unit="件",
    )


def officers_chart():
    return charts.bar_chart(
        "各专员首次答复用时",
        ["张伟（智能制造与新一代信息技术产业链招商专员）", "李娜", "王芳", "刘洋"],
        [Series("中位数", [D("1.5"), 2, None, D("0.5")]), Series("第90百分位", [4, D("6.5"), None, 3])],
        unit="工作日",
    )


def class_chart():
    return charts.share_chart(
        "各类企业占比",
        ["2021", "2022", "2023", "2024"],
        [
            Series("A类（优先发展）", [42, 45, None, 50]),
            Series("B类（提升发展）", [96, 101, None, 88]),
            Series("C类（调控帮扶）", [38, 30, None, 40]),
            Series("D类（倒逼整治）", [9, 6, None, 2]),
        ],
        unit="家",
        category_label="年份",
    )


def monthly_line():
    return charts.line_chart(
        "每月签约与咨询",
        MONTHS,
        [
            Series("咨询", [21, 34, 28, 40, None, 52, 61, 38, 30, 72, 55, 47]),
            Series("签约", [3, 5, 2, 4, None, 6, 7, 3, 2, 8, 5, 4]),
        ],
    )


def vacancy_chart():
    return charts.bar_chart(
        "各类载体空置率", ["土地", "标准厂房", "孵化器"], [Series("空置率", [D("12.5"), D("8.3"), None])], unit="%"
    )


ALL = [tax_chart, funnel_chart, officers_chart, class_chart, monthly_line, vacancy_chart]


def render(chart, **context) -> str:
    return Template('{% load charts %}{% chart chart csv_url="/data/x.csv" %}').render(
        Context({"chart": chart, **context})
    )


def svg_of(html: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg.*</svg>", html, re.S).group(0))  # noqa: S314 (our own markup)


def table_of(html: str) -> ET.Element:
    return ET.fromstring(re.search(r"<table.*</table>", html, re.S).group(0))  # noqa: S314 (our own markup)


def texts(svg: ET.Element, role: str) -> list[str]:
    return [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == f"chart-{role}"]


def cell_texts(table: ET.Element) -> list[list[str]]:
    """Each body row's data cells as shown: text (and detail), "" for the no-data mark."""
    rows = []
    for tr in table.find("tbody"):
        cells = []
        for td in tr.findall("td"):
            hidden = [s for s in td.findall("span") if s.get("aria-hidden") == "true"]
            cells.append("" if hidden else (td.text or "").strip())
        rows.append(cells)
    return rows


# --- numbers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("largest", "expected"),
    [
        (D("38.9"), ["0", "10", "20", "30", "40"]),
        (D("1280"), ["0", "500", "1000", "1500"]),
        (D("6.5"), ["0", "2", "4", "6", "8"]),
        (D("0.37"), ["0", "0.1", "0.2", "0.3", "0.4"]),
        (D("100"), ["0", "20", "40", "60", "80", "100"]),
        (None, ["0", "1"]),
        (D("0"), ["0", "1"]),
    ],
)
def test_nice_ticks_are_round_and_cover_the_largest_value(largest, expected):
    assert [f"{t:f}" for t in charts.nice_ticks(largest)] == expected


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(min_value=D("0.001"), max_value=D("1e12"), allow_nan=False, allow_infinity=False, places=3),
    st.integers(min_value=2, max_value=8),
)
def test_ticks_start_at_zero_step_evenly_by_one_two_or_five_and_reach_the_largest(largest, count):
    ticks = charts.nice_ticks(largest, count)
    assert ticks[0] == 0 and ticks[-1] >= largest and ticks[-2] < largest
    step = ticks[1] - ticks[0]
    assert all(b - a == step for a, b in zip(ticks, ticks[1:], strict=False))
    assert step.scaleb(-step.adjusted()).normalize() in {D(1), D(2), D(5)}


@pytest.mark.parametrize(
    ("number", "places", "text"),
    [(D("12345.6"), 1, "12,345.6"), (D("752"), 2, "752.00"), (D("0.125"), 2, "0.13"), (D("1234567"), 0, "1,234,567")],
)
def test_numbers_are_grouped_by_thousands_and_rounded_half_up(number, places, text):
    assert charts.format_number(number, places) == text


def test_decimals_default_to_the_values_own_at_most_two():
    assert tax_chart().data.decimals == 1
    assert funnel_chart().data.decimals == 0
    precise = charts.bar_chart("t", ["a"], [Series("s", [D("1.23456")])])
    assert precise.data.decimals == 2 and precise.bars[0].label == "1.23"
    assert charts.bar_chart("t", ["a"], [Series("s", [0.1])]).bars[0].label == "0.1"


@pytest.mark.parametrize(
    ("values", "places", "expected"),
    [
        ([1, 1, 1], 0, ["34", "33", "33"]),
        ([1, 1, 1], 1, ["33.4", "33.3", "33.3"]),
        ([42, 96, 38, 9], 0, ["23", "52", "20", "5"]),
        ([1, 0, 0], 0, ["100", "0", "0"]),
        ([1, 2, 3, 4, 5, 6, 7], 0, ["4", "7", "11", "14", "18", "21", "25"]),
    ],
)
def test_shares_round_to_exactly_one_hundred(values, places, expected):
    exact, rounded = charts.shares([D(v) for v in values], places)
    assert [f"{r:f}" for r in rounded] == expected
    assert sum(rounded) == 100
    assert abs(sum(exact) - 100) < D("1e-20")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=8).filter(any), st.integers(0, 2))
def test_rounded_shares_always_add_up_and_stay_within_one_quantum(values, places):
    exact, rounded = charts.shares([D(v) for v in values], places)
    assert sum(rounded) == 100
    quantum = D(1).scaleb(-places)
    assert all(abs(r - e) < quantum for r, e in zip(rounded, exact, strict=True))


# --- geometry ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("build", [funnel_chart, officers_chart, tax_chart])
def test_bar_lengths_are_proportional_to_values(build):
    chart = build()
    horizontal = chart.kind == "bar"
    lengths = [(bar.width if horizontal else bar.height, bar.value) for bar in chart.bars if bar.value]
    per_unit = [length / value for length, value in lengths]
    for (length, value), ratio in zip(lengths, per_unit, strict=True):
        # Coordinates are rounded to 0.1 unit, so each length is within 0.05 of exact.
        assert abs(length - value * per_unit[0]) <= D("0.1"), (length, value, ratio)


def test_the_axis_reaches_the_largest_value_and_ticks_sit_at_their_values():
    chart = funnel_chart()
    values = [tick.value for tick in chart.ticks]
    assert values == [0, 500, 1000, 1500]
    assert [tick.label.text for tick in chart.ticks] == ["0", "500", "1,000", "1,500"]
    zero, top = chart.ticks[0].lines[0][0], chart.ticks[-1].lines[0][0]
    longest = max(chart.bars, key=lambda bar: bar.value)
    assert abs(longest.width - (top - zero) * longest.value / 1500) <= D("0.1")


def test_a_missing_value_is_a_gap_never_a_zero():
    chart = tax_chart()
    assert [bar.category for bar in chart.bars] == [0, 1, 3, 4]
    assert [(gap.series, gap.category) for gap in chart.gaps] == [(0, 2)]
    assert [label.text for label in chart.labels if label.role == "nodata"] == ["无数据"]
    row = chart.table.rows[2]
    assert row.heading == "2022" and row.cells[0].value is None and row.cells[0].text == ""
    assert chart.table.has_gaps


def test_a_zero_is_drawn_as_zero_not_as_a_gap():
    chart = charts.bar_chart("t", ["a", "b"], [Series("s", [0, 5])])
    assert [(bar.value, bar.width, bar.label) for bar in chart.bars][0] == (0, 0, "0")
    assert chart.gaps == ()


def test_a_line_breaks_at_a_missing_month():
    chart = monthly_line()
    inquiries = chart.lines[0]
    assert inquiries.path.count("M") == 2  # January–April, then June–December
    assert len(inquiries.points) == 11 and 4 not in [p.category for p in inquiries.points]
    assert chart.values_in_table_only  # two lines of 12 months: no room for every value at 390 px


def test_share_segments_fill_the_bar_and_print_shares_that_add_up():
    chart = class_chart()
    for category in (0, 1, 3):
        segments = [bar for bar in chart.bars if bar.category == category]
        assert len(segments) == 4
        total = sum(bar.width for bar in segments)
        assert abs(total - (charts.WIDTH - 10)) <= D("0.3")
        assert sum(D(bar.label.rstrip("%")) for bar in segments) == 100
        assert all(abs(a.x + a.width - b.x) <= D("0.1") for a, b in zip(segments, segments[1:], strict=False))
    assert not [bar for bar in chart.bars if bar.category == 2]  # 2023: no data, no bar
    assert [row.cells[0].text for row in chart.table.rows] == ["23%", "25%", "", "28%"]
    assert chart.table.rows[0].cells[-1].text == "185"  # the total the shares are of


def test_a_share_too_narrow_for_its_label_is_labelled_under_the_bar_without_overlap():
    chart = charts.share_chart(
        "t", ["2024"], [Series(n, v) for n, v in zip("ABCD", ([90], [4], [3], [3]), strict=True)]
    )
    below = [label for label in chart.labels if label.role == "below"]
    assert [label.text for label in below] == ["B 4%", "C 3%", "D 3%"]
    boxes = sorted((label.y, label.x, label.x + charts.text_width(label.text, chart.text_size)) for label in below)
    for (y1, _, end), (y2, start, _) in zip(boxes, boxes[1:], strict=False):
        assert y1 != y2 or end <= start
    assert all(x >= 0 and end <= charts.WIDTH for _, x, end in boxes)


@pytest.mark.parametrize("build", ALL)
@pytest.mark.parametrize("large", [False, True])
def test_no_label_runs_outside_the_picture(build, large):
    chart = charts.layout(build().data, large=large)
    for label in chart.labels + tuple(tick.label for tick in chart.ticks):
        width = charts.text_width(label.text, chart.text_size)
        if label.rotate:
            assert label.y - width >= 0, label
            continue
        start = {"start": label.x, "middle": label.x - width / 2, "end": label.x - width}[label.anchor]
        assert start >= 0 and start + width <= charts.WIDTH + 1, label
        assert 0 < label.y <= chart.height, label


def label_extent(label, size):
    width = charts.text_width(label.text, size)
    if label.rotate:
        return label.x - size, label.y - width, label.x, label.y
    start = {"start": label.x, "middle": label.x - width / 2, "end": label.x - width}[label.anchor]
    return start, label.y - size, start + width, label.y


values = st.one_of(st.none(), st.decimals(min_value=0, max_value=D("1e7"), places=2), st.integers(0, 10**6))
names = st.text(alphabet="产业链招商专员ABC xyz2024年月", min_size=1, max_size=30).filter(str.strip)


@settings(max_examples=150, deadline=None)
@given(
    kind=st.sampled_from(charts.KINDS),
    categories=st.lists(names, min_size=1, max_size=14),
    series_count=st.integers(1, 4),
    large=st.booleans(),
    data=st.data(),
)
def test_any_input_is_drawn_inside_the_picture(kind, categories, series_count, large, data):
    rows = [
        data.draw(st.lists(values, min_size=len(categories), max_size=len(categories))) for _ in range(series_count)
    ]
    if kind == "share":  # a category is known in every part or in none
        known = [any(row[i] is not None for row in rows) for i in range(len(categories))]
        rows = [[(v or 0) if known[i] else None for i, v in enumerate(row)] for row in rows]
    series = [Series(f"系列{i}", row) for i, row in enumerate(rows)]
    chart = charts.layout(charts.chart_data(kind, "t", categories, series), large=large)
    for bar in chart.bars:
        assert bar.x >= 0 and bar.y >= 0 and bar.x + bar.width <= charts.WIDTH and bar.y + bar.height <= chart.height
    for label in chart.labels + tuple(tick.label for tick in chart.ticks):
        left, top, right, bottom = label_extent(label, chart.text_size)
        assert left >= 0 and right <= charts.WIDTH + 1 and top >= 0 and bottom <= chart.height, label
    assert len(chart.table.rows) == len(categories)
    drawn = {(b.series, b.category) for b in chart.bars} | {(g.series, g.category) for g in chart.gaps}
    drawn |= {(line.series, p.category) for line in chart.lines for p in line.points}
    assert drawn == {(s, c) for s in range(series_count) for c in range(len(categories))}


def test_long_category_labels_wrap_instead_of_being_cut():
    chart = charts.layout(officers_chart().data, large=True)
    lines = [label.text for label in chart.labels if label.role == "category"]
    assert lines[2] == "李娜" and "".join(lines[:2]) == "张伟（智能制造与新一代信息技术产业链招商专员）"
    assert all(charts.text_width(line, chart.text_size) <= charts.WIDTH - 8 for line in lines)


def test_text_is_at_least_12px_on_a_390px_phone_and_20px_in_the_large_text_mode():
    # The picture fills the column: 390 px less the container's padding (1rem each side; 20 px in large mode).
    assert charts.TEXT_SIZE * (390 - 32) / charts.WIDTH >= 12
    assert charts.LARGE_TEXT_SIZE * (390 - 40) / charts.WIDTH >= 20


def test_the_same_input_gives_the_same_chart():
    assert tax_chart() == tax_chart()
    assert class_chart() == class_chart()
    assert render(class_chart()) == render(class_chart())
    assert tax_chart().key == tax_chart().key != funnel_chart().key


def test_colours_come_from_the_palette_and_each_series_has_its_own_pattern_marker_and_dash():
    chart = class_chart()
    assert [style.colour for style in chart.styles] == list(charts.PALETTE[:4])
    assert len({style.pattern for style in chart.styles}) == 4
    line = monthly_line()
    assert len({(s.marker, s.dash) for s in line.styles}) == 2
    assert len({s.pattern for s in funnel_chart().styles}) == 1  # one series: plain colour


# --- markup --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("build", ALL)
def test_the_svg_parses_and_is_labelled_for_screen_readers(build):
    chart = build()
    html = render(chart)
    svg = svg_of(html)
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert (title.get("id"), title.text) == (title_id, chart.title)
    assert desc.get("id") == desc_id and desc.text.strip()
    assert svg.get("viewBox") == f"0 0 {charts.WIDTH} {chart.height}"
    assert f'<figure class="chart chart-{chart.kind}" id="{chart.key}">' in html
    assert "<figcaption" in html and 'href="/data/x.csv"' in html


def test_the_description_summarises_the_figures():
    assert tax_chart().description == (
        "柱状图，共 5 项。 亩均税收：最高为2024，38.9 万元/亩；最低为2020，28.4 万元/亩。 2022无数据。 "
        "图表所附的数据表列出全部数值。"
    )


@pytest.mark.parametrize("build", [tax_chart, funnel_chart, officers_chart, vacancy_chart])
def test_the_table_holds_exactly_the_plotted_numbers(build):
    chart = build()
    html = render(chart)
    svg, table = svg_of(html), table_of(html)
    rows = cell_texts(table)
    # Table cells, series by series, equal the bars' labels where a value exists and "" where not.
    by_series = [[row[i] for row in rows] for i in range(len(chart.data.series))]
    for bar in chart.bars:
        assert by_series[bar.series][bar.category] == bar.label
    for gap in chart.gaps:
        assert by_series[gap.series][gap.category] == ""
    # Every number printed in the picture is in the table, as often as it is printed.
    printed = texts(svg, "value")
    assert sorted(printed) == sorted(cell for row in rows for cell in row if cell)
    headers = [th.text for th in table.find("thead").iter("th")]
    assert all(th.get("scope") == "row" for th in table.find("tbody").iter("th"))
    assert [th.text for th in table.find("tbody").iter("th")] == list(chart.data.categories)
    if chart.data.unit != "%":
        assert all(chart.data.unit in header for header in headers[1:])


def test_the_share_tables_cells_are_the_printed_shares_and_their_amounts():
    chart = class_chart()
    html = render(chart)
    table = table_of(html)
    rows = cell_texts(table)
    assert rows[0][:4] == ["23%", "52%", "20%", "5%"] and rows[2] == ["", "", "", "", ""]
    details = [span.text for span in table.iter("span") if span.get("class") == "chart-detail"]
    assert details[:4] == ["（42）", "（96）", "（38）", "（9）"]
    printed = texts(svg_of(html), "inside") + texts(svg_of(html), "below")
    shares = [re.search(r"[\d.]+%$", text).group(0) for text in printed]
    assert sorted(shares) == sorted(bar.label for bar in chart.bars)
    assert sorted(shares) == sorted(cell for row in rows for cell in row[:4] if cell)


def test_the_picture_is_drawn_in_palette_colours_only():
    for build in ALL:
        svg = svg_of(render(build()))
        patterns = {p.get("id"): p.find(f"{SVG}rect").get("fill") for p in svg.iter(f"{SVG}pattern")}
        for element in svg.iter():
            fill = element.get("fill")
            if element.tag == f"{SVG}rect" and element in [p.find(f"{SVG}rect") for p in svg.iter(f"{SVG}pattern")]:
                continue
            if fill and fill != "none":
                if fill.startswith("url(#"):
                    fill = patterns[fill[5:-1]]
                assert fill in charts.PALETTE, (build.__name__, element.tag, fill)


def test_the_large_text_mode_lays_the_chart_out_with_larger_text():
    standard, large = render(funnel_chart()), render(funnel_chart(), DISPLAY_LARGE=True)
    assert f'font-size="{charts.TEXT_SIZE}"' in standard
    assert f'font-size="{charts.LARGE_TEXT_SIZE}"' in large
    assert svg_of(large).get("viewBox") != svg_of(standard).get("viewBox")  # taller, same width


def test_the_components_own_words_follow_the_language():
    with translation.override("en"):
        html = render(tax_chart())
        assert "Unit: 万元/亩" in html and ">No data<" in html and "Download these figures (CSV)" in html
        assert "Column chart of 5 categories." in html
    html = render(tax_chart())
    assert "单位：万元/亩" in html and ">无数据<" in html and "下载这些数据（CSV）" in html


def test_pattern_ids_stay_apart_between_two_charts_on_one_page():
    one, two = officers_chart(), charts.bar_chart("另一个", ["a"], [Series("x", [1]), Series("y", [2])])
    ids = {style.pattern_id for style in one.patterned} & {style.pattern_id for style in two.patterned}
    assert not ids


# --- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: charts.bar_chart("t", ["a", "b"], [Series("s", [1, -2])]),
            "cannot be negative; series “s”, category “b”",
        ),
        (lambda: charts.bar_chart("t", ["a", "b"], [Series("s", [1])]), "series “s” has 1 values for 2 categories"),
        (lambda: charts.bar_chart("t", ["a"], [Series("s", [float("nan")])]), "must be finite"),
        (lambda: charts.bar_chart("t", ["a"], [Series("s", [D("Infinity")])]), "must be finite"),
        (lambda: charts.bar_chart("t", ["a"], [Series("s", ["12"])]), "must be numbers or None"),
        (lambda: charts.bar_chart("t", ["a"], [Series("s", [True])]), "must be numbers or None"),
        (lambda: charts.bar_chart("t", [], [Series("s", [])]), "has no categories"),
        (lambda: charts.bar_chart("t", ["a"], []), "has no series"),
        (lambda: charts.bar_chart("", ["a"], [Series("s", [1])]), "needs a title"),
        (lambda: charts.bar_chart("t", ["a"], [Series(str(i), [1]) for i in range(9)]), "at most 8"),
        (lambda: charts.bar_chart("t", ["a"], [Series("s", [1])], key="1 bad"), "key '1 bad'"),
        (lambda: charts.bar_chart("t", ["a"], [Series("s", [1])], decimals=-1), "decimals must be"),
        (
            lambda: charts.share_chart("t", ["2024"], [Series("A", [1]), Series("B", [None])]),
            "category “2024” has some parts without data",
        ),
        (lambda: charts.shares([D(0), D(0)]), "total above zero"),
    ],
)
def test_bad_input_is_a_clear_value_error(build, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        build()

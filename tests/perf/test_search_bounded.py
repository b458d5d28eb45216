"""Site search at two table sizes: the same queries, and on PostgreSQL the same bounded number of
rows read per group, whether a word matches a few rows or every row (portal.search.group_preview)."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import search
from projects.models import Project

pytestmark = pytest.mark.django_db

CAP = 40  # portal.search.COUNT_CAP, small here so that two sizes past it stay quick to make


@pytest.fixture(autouse=True)
def _small_cap(monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", CAP)


def _demo(n):
    # Sample rows: every name starts with 示例, so q=示例 matches every row of each table.
    call_command(
        "generate_demo_data",
        projects=n,
        enterprises=n,
        spaces=n,
        news=n,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _rows_read(sql: str, params) -> int:
    """Rows the plan's table scans visit (returned or filtered out), from EXPLAIN ANALYZE.

    A bitmap index scan is left out: it reads the GIN index's posting list of the word, compressed
    ids, not rows; the heap scan after it is counted.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan

    def walk(node):
        rows = 0
        scan = node["Node Type"] in ("Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan")
        if scan and node.get("Relation Name", "").endswith(
            ("_project", "_enterprise", "_space", "_policy", "_newsitem")
        ):
            loops = node.get("Actual Loops", 1)
            rows += (node["Actual Rows"] + node.get("Rows Removed by Filter", 0)) * loops
        return rows + sum(walk(child) for child in node.get("Plans", []))

    return walk(plan[0]["Plan"])


def _search(q: str):
    with CaptureQueriesContext(connection) as captured:
        groups = search.search_groups(q)
    return groups, [(query["sql"], query.get("params")) for query in captured.captured_queries]


@pytest.mark.parametrize("q", ["示例", "智能"])
def test_the_page_of_all_groups_costs_the_same_queries_at_two_sizes(seeded, q):
    _demo(CAP + 20)
    small, small_queries = _search(q)
    _demo(CAP * 4)
    large, large_queries = _search(q)
    assert len(large_queries) == len(small_queries) <= 3 * len(search.GROUPS)
    for group in large:
        assert len(group["rows"]) <= search.SHOWN_PER_GROUP


def test_counts_stop_at_the_cap_and_say_so(seeded, client):
    _demo(CAP + 20)
    groups = {group["key"]: group for group in search.search_groups("示例")}
    assert groups["projects"]["capped"] and groups["projects"]["count"] == CAP
    in_list_order = search.GROUPS_BY_KEY["projects"].rows("示例")  # the list's own order, as /projects/?q=示例
    assert [row.pk for row in groups["projects"]["rows"]] == [row.pk for row in in_list_order[:5]]
    page = client.get("/search/", {"q": "示例"}).content.decode()
    assert f"超过 {CAP} 条" in page
    english = client.get("/en/search/", {"q": "示例"}).content.decode()
    assert f"more than {CAP}" in english


def test_below_the_cap_the_count_is_exact_and_the_order_the_lists(seeded):
    _demo(12)
    groups = {group["key"]: group for group in search.search_groups("示例")}
    assert not groups["projects"]["capped"]
    assert groups["projects"]["count"] == Project.objects.public().filter(name__startswith="示例").count() == 12
    for key in ("projects", "enterprises", "spaces", "news"):
        in_list_order = search.GROUPS_BY_KEY[key].rows("示例")
        assert [row.pk for row in groups[key]["rows"]] == [row.pk for row in in_list_order[:5]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN ANALYZE of PostgreSQL's plans")
# A word that every row holds: without a bound, the count would read every row. (At these sizes a
# word that matches nothing may be answered by reading the whole small table, the planner's choice;
# bench/search_plan.py shows the plans at 100,000 rows. Not bounded at any size: a word whose tokens
# are all in rows that lack the word itself, e.g. 示例项目 in sample rows holding 示例, 例项 and 项目:
# each such row is read once, as the lists' own keyword search does.)
@pytest.mark.parametrize("q", ["示例"])
def test_rows_read_per_group_do_not_grow_with_the_table(seeded, q):
    _demo(CAP * 3)
    _, small_queries = _search(q)
    small = max(_rows_read(sql, params) for sql, params in small_queries)
    _demo(CAP * 12)
    _, large_queries = _search(q)
    large = max(_rows_read(sql, params) for sql, params in large_queries)
    # At most the cap's ids (and what the filters drop next to them), then the first rows.
    assert small <= 3 * CAP and large <= 3 * CAP, (small, large)


def test_a_groups_own_pages_count_up_to_the_cap_and_say_so(seeded, client):
    _demo(CAP + 20)
    response = client.get("/search/", {"q": "示例", "type": "projects"})
    paginator = response.context["page_obj"].paginator
    assert paginator.capped and paginator.count == CAP and paginator.num_pages == CAP // 20
    page = response.content.decode()
    assert f"超过 {CAP} 条" in page and f"此处仅列出前 {CAP} 条" in page
    english = client.get("/en/search/", {"q": "示例", "type": "projects"}).content.decode()
    assert f"more than {CAP}" in english and f"The first {CAP} are shown here" in english
    assert client.get("/search/", {"q": "示例", "type": "projects", "page": CAP // 20 + 1}).status_code == 404
    below = client.get("/search/", {"q": "示例项目（1）", "type": "projects"})
    assert not below.context["page_obj"].paginator.capped


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN ANALYZE of PostgreSQL's plans")
def test_rows_read_by_a_groups_page_do_not_grow_with_the_table(seeded):
    def rows_read():
        with CaptureQueriesContext(connection) as captured:
            list(search.search_group_page(search.GROUPS_BY_KEY["projects"], "示例", 1))
        return max(_rows_read(query["sql"], query.get("params")) for query in captured.captured_queries)

    _demo(CAP * 3)
    small = rows_read()
    _demo(CAP * 12)
    large = rows_read()
    assert small <= 3 * CAP and large <= 3 * CAP, (small, large)

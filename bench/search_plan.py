"""Site search's work per group on the benchmark database: rows each query reads, and its time.

For each word, each group of /search/ (portal.search.find_preview, the page of all groups), the
queries it makes with EXPLAIN ANALYZE: the rows its table scans visit and the execution time. Run
after ``make bench`` has built kaiqu_bench (100,000 projects, 100,000 enterprises, spaces):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kaiqu_bench .venv/bin/python bench/search_plan.py [word …]
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaiqu.settings")

WORDS = ["智能", "芯片", "示例", "新能源汽车", "没有这个词", "示例项目"]


def plan_rows(node) -> int:
    rows = 0
    if node["Node Type"] in ("Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"):
        rows += (node["Actual Rows"] + node.get("Rows Removed by Filter", 0)) * node.get("Actual Loops", 1)
    return rows + sum(plan_rows(child) for child in node.get("Plans", []))


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import search

    if connection.vendor != "postgresql":
        sys.exit("Run against PostgreSQL (DATABASE_URL).")
    print(f"{'word':10} {'group':12} {'count':>8} {'queries':>8} {'rows read':>10} {'ms':>8}")
    for word in sys.argv[1:] or WORDS:
        for group in search.GROUPS:
            with CaptureQueriesContext(connection) as captured:
                _rows, count, capped = search.find_preview(group, word)
            read = elapsed = 0.0
            for query in captured.captured_queries:
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {query['sql']}")
                    (plan,) = cursor.fetchone()
                plan = json.loads(plan) if isinstance(plan, str) else plan
                read += plan_rows(plan[0]["Plan"])
                elapsed += plan[0]["Execution Time"]
            shown = f">{count}" if capped else str(count)
            queries = len(captured.captured_queries)
            print(f"{word:10} {group.key:12} {shown:>8} {queries:8} {read:10,.0f} {elapsed:8.1f}")


if __name__ == "__main__":
    main()

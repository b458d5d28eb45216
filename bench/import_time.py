"""`make bench-import`: a 10,000-row project import, timed end to end as the admin runs it (target ≤ 60 s).

On PostgreSQL (DATABASE_URL, default the database kaiqu_bench_import, created when missing):
migrate, load the seed's zones and industries, build a 10,000-row .xlsx with the template's
Chinese headings (one row updates an existing project), then run the background job the admin
starts for such a file — the check, then the confirmed write — through django-q2 in sync mode.
Prints the seconds of each step and the total. With BENCH_IMPORT_PROFILE=<file>, the two timed steps
run under cProfile and their statistics are saved there (read them with `python -m pstats <file>`)."""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "kaiqu_bench_import"
os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaiqu.settings")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
PROFILE = os.environ.get("BENCH_IMPORT_PROFILE")


def ensure_database():
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        return
    name = url.rsplit("/", 1)[1]
    listed = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SELECT datname FROM pg_database"],
        capture_output=True,
        text=True,
    ).stdout.split()
    if name not in listed:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def sheet(headers, rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    data = book.create_sheet()
    data.append(headers)
    for row in rows:
        data.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main():
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import translation

    call_command("migrate", verbosity=0)
    call_command("load_seed", stdout=open(os.devnull, "w"))  # noqa: SIM115

    from django_q.conf import Conf

    from core.models import SpreadsheetJob
    from core.spreadsheets.jobs import confirm_import, start_import
    from projects.models import Project
    from projects.resources import ProjectResource
    from zones.models import Zone

    Conf.SYNC = True  # django-q2 reads Q_CLUSTER once, at start-up: run the tasks in this process
    translation.activate("zh-hans")
    zones = list(Zone.objects.values_list("name", flat=True))
    headers = [
        "项目编号",
        "名称",
        "投资方",
        "产业",
        "片区",
        "已披露投资额",
        "总投资（亿元）",
        "签约日期",
        "阶段",
        "状态",
    ]
    rows = [
        [f"QK-2031-{i:05d}", f"基准项目{i}", f"投资方{i}", "新材料", zones[i % len(zones)], "是", f"{i % 50 + 1}.5",
         "2031-06-01", "签约" if i % 2 else "开工", "正常"]
        for i in range(1, ROWS + 1)
    ]  # fmt: skip
    content = sheet(headers, rows)
    # Every run imports 10,000 new rows (the costlier case): the previous run's rows go first.
    Project.objects.filter(code__startswith="QK-2031-").delete()
    Project.history.filter(code__startswith="QK-2031-").delete()
    print(f"{ROWS:,} new rows, {len(content) / 1e6:.1f} MB xlsx, database {connection.vendor} "
          f"{connection.settings_dict['NAME']}")  # fmt: skip

    profiler = None
    if PROFILE:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    job = start_import(
        user=None,
        resource_class=ProjectResource,
        model=Project,
        file_name="bench.xlsx",
        file_format="xlsx",
        data=content,
        rows=ROWS,
    )
    checked = time.perf_counter()
    job.refresh_from_db()
    if job.status != SpreadsheetJob.Status.CHECKED:
        sys.exit(f"The check failed: {job.status} {job.error} {job.report.get('rows', [])[:3]}")
    confirm_import(job)
    written = time.perf_counter()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(PROFILE)
    job.refresh_from_db()
    if job.status != SpreadsheetJob.Status.DONE:
        sys.exit(f"The write failed: {job.status} {job.error}")
    totals = job.report["totals"]
    print(f"check (parse + validate every row): {checked - started:.1f} s")
    print(f"write (parse + validate again + bulk save with history and stage log): {written - checked:.1f} s")
    print(f"total: {written - started:.1f} s  (new {totals['new']}, update {totals['update']}, skip {totals['skip']})")
    job.upload.delete(save=False)
    job.delete()


if __name__ == "__main__":
    main()

"""`make bench-downloads`: memory while /data/projects.csv and .json stream 1,000, 10,000 and 100,000 rows.

Sets up the database (``BENCH_DATABASE``, default kaiqu_bench, the one ``make bench`` uses: migrate,
seed, sample projects up to 100,000 with ``generate_demo_data``, which writes them with COPY), then
measures each download in a fresh process on PostgreSQL: the download view through the whole
middleware stack (Django's test client), its body read chunk by chunk and thrown away, as a client
reading the stream does. The dataset is the first N published projects by id (the view's queryset,
narrowed; everything else is the view's own code).

For each format and size it prints the peak of Python's allocations while the body streams
(tracemalloc: the rows, the serializer, the chunks) and the growth of the process's peak resident
memory (VmHWM, reset before the request: also what the database driver holds in C), then the
ratios of the largest download's peaks to the smallest's. Flat memory: ratios near 1 while the row
count grows a hundredfold.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DB = os.environ.get("BENCH_DATABASE", "kaiqu_bench")
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB}"
SIZES = (1_000, 10_000, 100_000)
COUNT_PUBLISHED = (
    "import django; django.setup()\nfrom projects.models import Project\nprint(Project.objects.public().count())"
)
FORMATS = ("csv", "json")


def env() -> dict:
    values = dict(os.environ)
    values.update(
        DATABASE_URL=DATABASE_URL,
        DJANGO_SETTINGS_MODULE="kaiqu.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",  # noqa: S106
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_LOG_LEVEL="WARNING",
        API_RATE_LIMIT="100000/min",
    )
    return values


def run(*args):
    print("$", " ".join(args), flush=True)
    subprocess.run(args, check=True, cwd=ROOT, env=env())


def ensure_database(rows: int):
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{DB}'"],  # noqa: S608
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        run("createdb", "-h", "127.0.0.1", "-U", "postgres", DB)
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v0")
    run(PYTHON, "manage.py", "load_seed")
    # Sample rows are published 95 times in 100: top up until enough are.
    for _ in range(5):
        count = subprocess.run(
            [
                PYTHON,
                "-c",
                COUNT_PUBLISHED,
            ],
            check=True,
            cwd=ROOT,
            env=env(),
            capture_output=True,
            text=True,
        ).stdout.strip()
        missing = max(0, rows - int(count))
        if not missing:
            print(f"reusing {count} published projects")
            return
        started = time.monotonic()
        run(PYTHON, "manage.py", "generate_demo_data", "--projects", str(missing * 100 // 95 + 10))
        print(f"generated in {time.monotonic() - started:.1f} s")
    raise SystemExit("could not make enough published projects")


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(field)


def measure(fmt: str, rows: int) -> dict:
    """In this process: stream the download of the first `rows` published projects once."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import dataclasses
    import tracemalloc

    from django.test import Client

    from api import datasets
    from projects.models import Project

    spec = datasets.DATASETS["projects"]
    ids = Project.objects.public().order_by("id").values_list("id", flat=True)
    client = Client()
    # Warm up on 10 rows (imports, translations, the connection), so the measured request adds only itself.
    datasets.DATASETS["projects"] = dataclasses.replace(spec, queryset=spec.queryset.filter(id__lte=ids[9]))
    b"".join(client.get(f"/data/projects.{fmt}").streaming_content)
    datasets.DATASETS["projects"] = dataclasses.replace(spec, queryset=spec.queryset.filter(id__lte=ids[rows - 1]))

    Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM (the peak RSS) to the current RSS
    rss_before = _rss_kb("VmRSS")
    started = time.monotonic()
    tracemalloc.start()
    response = client.get(f"/data/projects.{fmt}")
    if response.status_code != 200:
        raise SystemExit(f"/data/projects.{fmt} answered {response.status_code}")
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    python_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    seconds = time.monotonic() - started
    return {
        "fmt": fmt,
        "rows": int(response["X-Total-Count"]),
        "bytes": size,
        "python_peak": python_peak,
        "rss_growth": (_rss_kb("VmHWM") - rss_before) * 1024,
        "seconds": seconds,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", nargs=2, metavar=("FORMAT", "ROWS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], int(args.measure[1]))))
        return
    os.chdir(ROOT)
    ensure_database(max(SIZES))
    print(f"load average at the start: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    results = {}
    for fmt in FORMATS:
        for rows in SIZES:
            out = subprocess.run(
                [PYTHON, __file__, "--measure", fmt, str(rows)],
                check=True,
                cwd=ROOT,
                env=env(),
                capture_output=True,
                text=True,
            ).stdout
            results[fmt, rows] = json.loads(out.strip().splitlines()[-1])
    print(f"load average at the end: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print(f"\n{'download':22} {'rows':>8} {'MB out':>8} {'seconds':>8} {'Python peak MB':>15} {'RSS growth MB':>14}")
    for (fmt, _rows), r in results.items():
        print(
            f"/data/projects.{fmt:8} {r['rows']:8,} {r['bytes'] / 1e6:8.1f} {r['seconds']:8.1f}"
            f" {r['python_peak'] / 2**20:15.2f} {r['rss_growth'] / 2**20:14.2f}"
        )
    small, large = min(SIZES), max(SIZES)
    for fmt in FORMATS:
        a, b = results[fmt, small], results[fmt, large]
        print(
            f"{fmt}: {large:,} rows / {small:,} rows: {large // small}× the rows, "
            f"Python peak ×{b['python_peak'] / a['python_peak']:.2f}, "
            f"RSS growth ×{b['rss_growth'] / max(a['rss_growth'], 1):.2f} "
            f"({a['rss_growth'] / 2**20:.1f} → {b['rss_growth'] / 2**20:.1f} MB)"
        )


if __name__ == "__main__":
    sys.exit(main())

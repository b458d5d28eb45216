"""`make bench`: the public pages under load, on PostgreSQL with 100,000 + 100,000 sample rows.

Sets up the database kaiqu_bench (migrate, seed, sample rows unless already there), collects the
static files, then runs gunicorn (5 sync workers, DEBUG off, whitenoise) on 127.0.0.1:8500 twice —
page cache off, then on (Redis db 3) — and measures every page with wrk, 20 connections. Prints
requests/s, p50, p95, each page's ratio to a static file of the project list's size served by the
same gunicorn, and each worker's RSS before and after the measured requests.

Each page is measured twice between two measurements of the static file (static, page, page,
static, next page, next page, static…), and its ratio is its two rates over the two static rates
around them, so a load that drifts during the run favours no page. ``BENCH_RUNS`` runs (3 by
default) and each ratio's median over them; the load average at the start and end of each run.
"""

import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
# Overridable so that several checkouts on one machine can run it at once without sharing a port,
# a database or a Redis db: BENCH_PORT, BENCH_DATABASE, BENCH_REDIS_DB.
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8500"))
BASE = f"http://{HOST}:{PORT}"
DB = os.environ.get("BENCH_DATABASE", "kaiqu_bench")
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB}"
REDIS_DB = os.environ.get("BENCH_REDIS_DB", "3")
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
DURATION = os.environ.get("BENCH_DURATION", "3s")
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
CONNECTIONS = 20
LUA = Path(__file__).resolve().parent / "percentiles.lua"
STATIC_NAME = "bench-ceiling.html"
PAIRS = (("/projects/", "/api/v1/projects/"), ("/projects/ 3 filters", "/api/v1/projects/ 3 filters"))


def env(**extra) -> dict:
    values = dict(os.environ)
    values.update(
        DATABASE_URL=DATABASE_URL,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",  # noqa: S106
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_LOG_LEVEL="WARNING",
    )
    values.update(extra)
    return values


def run(*args, **kwargs):
    print("$", " ".join(args), flush=True)
    return subprocess.run(args, check=True, cwd=ROOT, env=env(), **kwargs)


def django_eval(code: str) -> str:
    script = "import django; django.setup()\n" + code
    out = subprocess.run(
        [PYTHON, "-c", script],
        check=True,
        cwd=ROOT,
        env=env(DJANGO_SETTINGS_MODULE="kaiqu.settings"),
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("wrk is missing: installing it with apt-get", flush=True)
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)


def ensure_database():
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
    # make run's sample policies and service requests (manage.py setup_site), when there are none yet.
    run(PYTHON, "manage.py", "generate_demo_data", "--policies", "8", "--service-requests", "40", "--if-none")
    run(PYTHON, "manage.py", "generate_demo_data", "--news", "16", "--if-none")
    counts = django_eval(
        "from projects.models import Project; from enterprises.models import Enterprise\n"
        "print(Project.objects.filter(is_demo=True).count(), Enterprise.objects.filter(is_demo=True).count())"
    ).split()
    projects, enterprises = (int(c) for c in counts)
    missing_p, missing_e = max(0, ROWS - projects), max(0, ROWS - enterprises)
    if missing_p or missing_e:
        started = time.monotonic()
        run(PYTHON, "manage.py", "generate_demo_data", "--projects", str(missing_p), "--enterprises", str(missing_e))
        print(f"generated in {time.monotonic() - started:.1f} s (wall clock, including start-up)")
    else:
        print(f"reusing {projects} sample projects and {enterprises} sample enterprises")
    # Sample spaces up to the same table size (only what is missing is added).
    run(PYTHON, "manage.py", "generate_demo_data", "--spaces", str(ROWS), "--top-up")
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0")


def pick_urls() -> dict[str, str]:
    info = django_eval(
        "import math\n"
        "from projects.models import Project\nfrom zones.models import Zone\nfrom industries.models import Industry\n"
        "from django.test import Client\n"
        "p = Project.objects.public().filter(is_demo=True).order_by('id').first()\n"
        "n = Project.objects.public().count()\n"
        "z = Zone.objects.order_by('order').first(); i = Industry.objects.order_by('order').first()\n"
        "r = Client(HTTP_HOST='localhost').get('/projects/')\n"
        "from news.models import NewsItem\n"
        "item = NewsItem.objects.public().exclude(kind='event').order_by('id').first()\n"
        "print(p.slug, math.ceil(n / 20), z.slug, i.slug, len(r.content), r.status_code, item.slug)"
    ).split()
    slug, last_page, zone, industry, size, status, news_slug = info
    if status != "200":  # the ceiling must be the size of the list page, not of an error page
        raise SystemExit(f"/projects/ answered {status} while sizing the static file")
    static_root = Path(django_eval("from django.conf import settings; print(settings.STATIC_ROOT)"))
    body = ("<!-- ceiling for the benchmark: the size of /projects/ -->\n" + "x" * int(size))[: int(size)]
    (static_root / STATIC_NAME).write_text(body)
    q = urllib.parse.quote("芯片")
    # The API's list beside the HTML list it mirrors: measured one after the other, under the same load.
    urls = {
        "static (ceiling)": f"/static/{STATIC_NAME}",
        "/": "/",
        "/projects/": "/projects/",
        "/api/v1/projects/": "/api/v1/projects/",
        "/projects/ 3 filters": f"/projects/?zone={zone}&chain={industry}&stage=construction",
        "/api/v1/projects/ 3 filters": f"/api/v1/projects/?zone={zone}&chain={industry}&stage=construction",
        "keyword search": f"/projects/?q={q}",
        "last page": f"/projects/?page={last_page}",
        "project detail": f"/projects/{slug}/",
        "/enterprises/": "/enterprises/",
        "/spaces/": "/spaces/",
        "/spaces/ 3 filters": f"/spaces/?zone={zone}&kind=factory&min_power_kva=1000",
        "/policies/": "/policies/",
        "/service/": "/service/",
        # The speed ledger and the space market (portal.figures, spaces.market): computed per content version.
        "/figures/": "/figures/",
        "/news/": "/news/",
        "/events/": "/events/",
        "news detail": f"/news/{news_slug}/",
        "/search/?q=智能": f"/search/?q={urllib.parse.quote('智能')}",
        # make run's sample policies are there (generate_demo_data --policies); the profile of issue 25.
        "policy checker": "/policies/check/?industry=new-energy&in_zone=yes&founded_year=2015&employees=200"
        "&investment=3&revenue=50000&rd_share=5",
    }
    # BENCH_PAGES="/projects/,/api/v1/projects/" measures only those (and the static file).
    chosen = [name.strip() for name in os.environ.get("BENCH_PAGES", "").split(",") if name.strip()]
    unknown = set(chosen) - set(urls)
    if unknown:
        raise SystemExit(f"BENCH_PAGES names no page: {', '.join(sorted(unknown))} (pages: {', '.join(urls)})")
    if chosen:
        urls = {name: path for name, path in urls.items() if name in chosen or name == "static (ceiling)"}
    return urls


def start_gunicorn(cached: bool):
    # The API's per-client limit (api/throttling.py) is raised: wrk is one client. Its counting still runs.
    extra = {"REDIS_URL": REDIS_URL, "KAIQU_PAGE_CACHE": "1" if cached else "0", "API_RATE_LIMIT": "100000000/min"}
    log = open(ROOT / "bench" / f"gunicorn-{'cached' if cached else 'uncached'}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [GUNICORN, "kaiqu.wsgi:application", "-w", "5", "-k", "sync", "-b", f"{HOST}:{PORT}", "--timeout", "60"],
        cwd=ROOT,
        env=env(**extra),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"{BASE}/healthz", timeout=2) as response:  # noqa: S310 - local URL
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        proc.terminate()
        raise SystemExit("gunicorn did not answer /healthz")
    time.sleep(1)
    return proc


def workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(c) for c in children)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


def wrk(path: str, duration: str, base: str = BASE) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}", "-s", str(LUA), base + path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result = {"rps": 0.0, "p50": math.nan, "p95": math.nan, "requests": 0, "errors": 0}
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            result["rps"] = float(line.split()[1])
        elif line.startswith("BENCH "):
            _, p50, p95, requests, non2xx = line.split()
            result.update(p50=float(p50) / 1000, p95=float(p95) / 1000, requests=int(requests), errors=int(non2xx))
    return result


def measure(urls: dict[str, str], cached: bool, rss_check: bool) -> tuple[dict, dict | None]:
    """One run: each page twice between two static measurements; its ratio to the static rate around it."""
    proc = start_gunicorn(cached)
    static = urls["static (ceiling)"]
    try:
        for path in urls.values():
            wrk(path, "2s")  # warm up: connections, templates, caches
        pids = workers(proc.pid)
        before = {pid: rss_mb(pid) for pid in pids}
        results = {}
        total = 0
        ceiling = wrk(static, DURATION)
        results["static (ceiling)"] = dict(ceiling, ratio=1.0)
        for name, path in urls.items():
            if name == "static (ceiling)":
                continue
            first, second = wrk(path, DURATION), wrk(path, DURATION)
            after_static = wrk(static, DURATION)
            rps = (first["rps"] + second["rps"]) / 2
            around = (ceiling["rps"] + after_static["rps"]) / 2 or 1
            results[name] = {
                "rps": rps,
                "p50": (first["p50"] + second["p50"]) / 2,
                "p95": max(first["p95"], second["p95"]),
                "errors": first["errors"] + second["errors"],
                "ratio": rps / around,
            }
            total += first["requests"] + second["requests"]
            ceiling = after_static
        rss = None
        if rss_check:
            deadline = time.monotonic() + 90
            while total < 20_000 and time.monotonic() < deadline:
                total += wrk(urls.get("project detail", list(urls.values())[-1]), "5s")["requests"]
            after = {pid: rss_mb(pid) for pid in pids}
            rss = {"before": before, "after": after, "requests": total}
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    return results, rss


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def report(label: str, runs: list[dict], rss: dict | None):
    print(f"\n== {label}: {len(runs)} run(s), ratio = the page's rate over the static file's around it")
    header = " ".join(f"{'run ' + str(i + 1):>8}" for i in range(len(runs)))
    print(f"{'page':28} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'non-2xx':>8} {header} {'median':>8}")
    for name in runs[0]:
        ratios = [run[name]["ratio"] for run in runs]
        rates = sorted(run[name]["rps"] for run in runs)
        last = runs[-1][name]
        cells = " ".join(f"{ratio:8.1%}" for ratio in ratios)
        print(
            f"{name:28} {rates[len(rates) // 2]:9.1f} {last['p50']:8.1f} {last['p95']:8.1f} {last['errors']:8d} "
            f"{cells} {statistics.median(ratios):8.1%}"
        )
    if rss:
        before, after = rss["before"], rss["after"]
        cells = ", ".join(f"{pid}: {before[pid]:.0f}→{after[pid]:.0f} MB" for pid in before)
        print(f"worker RSS before→after {rss['requests']} requests (run 1): {cells}")


def main():
    os.chdir(ROOT)
    ensure_wrk()
    ensure_database()
    urls = pick_urls()
    print("\npages:")
    for name, path in urls.items():
        print(f"  {name:28} {path}")
    subprocess.run(["redis-cli", "-n", REDIS_DB, "FLUSHDB"], check=False, capture_output=True)
    modes = {"uncached (KAIQU_PAGE_CACHE=0)": False, f"cached (Redis db {REDIS_DB})": True}
    runs = {label: [] for label in modes}
    rss = {}
    for number in range(RUNS):
        print(f"run {number + 1} of {RUNS}: load average at the start {load_average()}", flush=True)
        for label, cached in modes.items():
            results, checked = measure(urls, cached, rss_check=number == 0)
            runs[label].append(results)
            rss[label] = rss.get(label) or checked
        print(f"run {number + 1} of {RUNS}: load average at the end {load_average()}", flush=True)
    print(f"\nwrk -t2 -c{CONNECTIONS} -d{DURATION}; gunicorn 5 sync workers; {os.cpu_count()} CPUs")
    for label in modes:
        report(label, runs[label], rss[label])
    uncached = runs["uncached (KAIQU_PAGE_CACHE=0)"]
    if "/projects/" in uncached[0] and "last page" in uncached[0]:
        ratio = statistics.median(run["last page"]["rps"] / (run["/projects/"]["rps"] or 1) for run in uncached)
        print(f"\nlast page / first page (uncached, median): {ratio:.2f}")
    for html, api in PAIRS:
        if html in uncached[0] and api in uncached[0]:
            for label in modes:
                ratio = statistics.median(run[api]["rps"] / (run[html]["rps"] or 1) for run in runs[label])
                print(f"{api} / {html} ({label}, median): {ratio:.2f}")


if __name__ == "__main__":
    sys.exit(main())

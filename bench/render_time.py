"""CPU milliseconds per uncached request for every page `make bench` measures, in one process.

Prepare a database once, then run this script against it:

    export DATABASE_URL=sqlite:////tmp/perf2.sqlite3 DJANGO_STATIC_ROOT=/tmp/perf2-static KAIQU_PAGE_CACHE=0
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_seed
    .venv/bin/python manage.py generate_demo_data --projects 2000 --enterprises 2000
    .venv/bin/python manage.py collectstatic --noinput
    .venv/bin/python bench/render_time.py [--profile PATH [--profile-page NAME]] [-n 200]

For each page of bench/run.py's list (and the static file of the project list's size that
``make bench`` uses as its ceiling, served by WhiteNoise through the same middleware stack) it
prints CPU, wall and template-render time per request (the round with the least CPU of 5), and
"≈ ratio": the static file's CPU over the page's, what ``make bench`` would measure as the page's
share of the static rate if CPU were the only limit. CPU time is this process's only, so it is
steady on a shared, loaded machine where wall-clock times are not. The page cache must be off
(``KAIQU_PAGE_CACHE=0``) or the numbers measure the cache instead; fragment caches stay on.
"""

import argparse
import contextlib
import math
import os
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaiqu.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")

STATIC_NAME = "bench-ceiling.html"
# The pages bench/run.py measures besides the directories (its EXTRA_PAGES).
EXTRA_PAGES = {
    "/policies/": "/policies/",
    "/service/": "/service/",
    "/search/?q=智能": f"/search/?q={urllib.parse.quote('智能')}",
    "policy checker": "/policies/check/?industry=new-energy&in_zone=yes&founded_year=2015&employees=200"
    "&investment=3&revenue=50000&rd_share=5",
}


def pages() -> dict[str, str]:
    """The pages of bench/run.py, picked the same way (first sample project, first zone and industry)."""
    from django.conf import settings
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from industries.models import Industry
    from projects.models import Project
    from zones.models import Zone

    detail = Project.objects.public().filter(is_demo=True).order_by("id").first()
    detail = detail or Project.objects.public().order_by("id").first()
    if detail is None:
        sys.exit("No published project: prepare the database first (see the docstring).")
    zone = Zone.objects.order_by("order").first()
    industry = Industry.objects.order_by("order").first()
    last_page = max(1, math.ceil(Project.objects.public().count() / 20))
    size = len(Client(HTTP_HOST="localhost").get("/projects/").content)
    static_file = Path(settings.STATIC_ROOT) / STATIC_NAME
    static_file.write_text(("<!-- ceiling for the benchmark: the size of /projects/ -->\n" + "x" * size)[:size])
    urls = {
        "static (ceiling)": f"/static/{STATIC_NAME}",
        "/": "/",
        "/projects/": "/projects/",
        "/projects/ 3 filters": f"/projects/?zone={zone.slug}&chain={industry.slug}&stage=construction",
        "keyword search": f"/projects/?q={urllib.parse.quote('芯片')}",
        "last page": f"/projects/?page={last_page}",
        "project detail": detail.get_absolute_url(),
        "/enterprises/": "/enterprises/",
        "/en/projects/": "/en/projects/",
    }
    for name, route in (("/spaces/", "spaces:list"), ("/api/v1/projects/", "api:project-list")):
        with contextlib.suppress(NoReverseMatch):  # routes other branches add
            urls[name] = reverse(route)
    urls.update(EXTRA_PAGES)
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="requests per page, in 5 rounds (after 20 warm-up requests)")
    parser.add_argument("--profile", help="write cProfile stats of one page to this file")
    parser.add_argument("--profile-page", default="/projects/", help="the page (a name in the list) to profile")
    parser.add_argument(
        "--cached",
        action="store_true",
        help="the page cache's hit path instead (KAIQU_PAGE_CACHE=1, REDIS_URL); pages not stored are left out",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.template.backends.django import Template
    from django.test import Client

    if settings.DEBUG or args.cached != settings.PAGE_CACHE_ENABLED:
        sys.exit("Run with DEBUG off and KAIQU_PAGE_CACHE=0 (with --cached: KAIQU_PAGE_CACHE=1 and REDIS_URL).")
    urls = pages()
    # Time spent in template rendering (includes queries the template triggers, e.g. the page's rows).
    render_ms = [0.0]
    depth = [0]
    original_render = Template.render

    def timed_render(self, *args, **kwargs):
        depth[0] += 1
        start = time.perf_counter()
        try:
            return original_render(self, *args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:  # the page's template, not a fragment rendered inside it
                render_ms[0] += (time.perf_counter() - start) * 1000

    Template.render = timed_render
    client = Client(HTTP_HOST="localhost")
    ceiling = None
    print(f"{'page':24} {'CPU ms':>7} {'wall ms':>8} {'render':>7} {'≈ ratio':>8} {'bytes':>9}")
    for name, url in urls.items():
        for _ in range(20):
            response = client.get(url)
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")
        if args.cached and name != "static (ceiling)" and response.get("X-Page-Cache") != "hit":
            print(f"{name:24} not stored (X-Page-Cache: {response.get('X-Page-Cache')})")
            continue
        size = len(b"".join(response) if response.streaming else response.content)
        # The round with the least CPU of 5: other processes on a shared machine only ever add to it.
        best = None
        count = max(1, args.n // 5)
        for _ in range(5):
            render_ms[0] = 0.0
            start, start_cpu = time.perf_counter(), time.process_time()
            for _ in range(count):
                response = client.get(url)
                if response.streaming:
                    b"".join(response)
            times = (
                (time.process_time() - start_cpu) * 1000 / count,
                (time.perf_counter() - start) * 1000 / count,
                render_ms[0] / count,
            )
            best = times if best is None or times[0] < best[0] else best
        cpu, wall, render = best
        ceiling = ceiling or cpu
        print(f"{name:24} {cpu:7.2f} {wall:8.2f} {render:7.2f} {ceiling / cpu:8.1%} {size:9,}")
    if args.profile:
        import cProfile

        url = urls[args.profile_page]
        # CPU time, not wall time: other processes on a shared machine do not show up in the profile.
        profiler = cProfile.Profile(time.process_time)
        profiler.runctx(f"for _ in range(200): client.get({url!r})", globals(), locals())
        profiler.dump_stats(args.profile)


if __name__ == "__main__":
    main()

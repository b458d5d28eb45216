"""Milliseconds per uncached request for the public pages, in one process (Django test client).

Prepare a database once, then run this script against it:

    export DATABASE_URL=sqlite:////tmp/perf2.sqlite3 DJANGO_STATIC_ROOT=/tmp/perf2-static KAIQU_PAGE_CACHE=0
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_seed
    .venv/bin/python manage.py generate_demo_data --projects 2000 --enterprises 2000
    .venv/bin/python manage.py collectstatic --noinput
    .venv/bin/python bench/render_time.py [--profile PATH] [-n 200]

Prints CPU, wall and template-render time per request (best of 5 rounds). Measures the whole
request (middleware, queries, rendering); the page cache must be off
(``KAIQU_PAGE_CACHE=0``) or the numbers measure the cache instead.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaiqu.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="requests per page, in 5 rounds (after 20 warm-up requests)")
    parser.add_argument("--profile", help="write cProfile stats of /projects/ to this file")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.template.backends.django import Template
    from django.test import Client

    from projects.models import Project

    if settings.DEBUG or settings.PAGE_CACHE_ENABLED:
        sys.exit("Run with DEBUG off and KAIQU_PAGE_CACHE=0.")
    detail = Project.objects.public().newest_first().first()
    if detail is None:
        sys.exit("No published project: prepare the database first (see the docstring).")
    pages = ["/projects/", "/enterprises/", "/", detail.get_absolute_url(), "/en/projects/"]
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
    for url in pages:
        for _ in range(20):
            response = client.get(url)
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")
        # The best of 5 rounds: other processes on a shared machine only ever make a round slower.
        best = None
        for _ in range(5):
            render_ms[0] = 0.0
            start, start_cpu = time.perf_counter(), time.process_time()
            for _ in range(args.n // 5):
                client.get(url)
            count = args.n // 5
            times = (
                (time.process_time() - start_cpu) * 1000 / count,
                (time.perf_counter() - start) * 1000 / count,
                render_ms[0] / count,
            )
            best = times if best is None or times[1] < best[1] else best
        cpu, wall, render = best
        print(f"{url:<34} {cpu:5.1f} ms CPU {wall:5.1f} ms wall {render:5.1f} ms render  ({len(response.content):,} B)")
    if args.profile:
        import cProfile

        cProfile.runctx("for _ in range(100): client.get('/projects/')", globals(), locals(), args.profile)


if __name__ == "__main__":
    main()

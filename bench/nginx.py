"""`make bench-nginx` (and the end of `make bench`): the project list through nginx, with and without the
opt-in micro-cache, against a static file that nginx serves itself.

One gunicorn as bench/run.py starts it (5 sync workers, page cache on in Redis db BENCH_REDIS_DB, on
BENCH_PORT), on the database bench/run.py prepares, and in front of it deploy/nginx.conf rendered twice
as docs/deployment.md says: with deploy/kaiqu-micro-cache.conf beside it (BENCH_PORT + 1) and without
(BENCH_PORT + 2). wrk, 20 connections, measures:

- nginx's static file: a file of /projects/' size, served by nginx itself from its /media/ location;
- /projects/ through the micro-cache (nginx answers; gunicorn sees one request per validity period);
- /projects/ through nginx without it (every request reaches gunicorn, which answers from its page cache);
- /projects/ straight from gunicorn (its page cache), as bench/run.py measures it.

Each is measured twice, in the order A B C D D C B A, and the mean is compared with the static file's.

BENCH_REUSE_DATABASE=1 skips bench/run.py's set-up of the database (migrate, seed, sample rows): the
database is only read then (`make bench` passes it, bench/run.py has just prepared it).
"""

import os
import re
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (  # noqa: E402 - bench/ is not a package; bench/run.py is the sibling script
    CONNECTIONS,
    DURATION,
    HOST,
    PORT,
    PYTHON,
    REDIS_DB,
    ROOT,
    ensure_database,
    ensure_wrk,
    run,
    start_gunicorn,
    wrk,
)

MICRO_PORT, PLAIN_PORT = PORT + 1, PORT + 2
STATIC_NAME = "bench-ceiling.bin"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MICRO_CACHE_CONF = ROOT / "deploy" / "kaiqu-micro-cache.conf"
VALID_SECONDS = re.search(r"proxy_cache_valid 200 (\d+)s;", MICRO_CACHE_CONF.read_text()).group(1)


def render_nginx(run_dir: Path, port: int, media_root: Path, micro_cache: bool) -> Path:
    values = {
        "KAIQU_RUN_DIR": str(run_dir),
        "KAIQU_LISTEN": f"{HOST}:{port}",
        "KAIQU_MEDIA_ROOT": str(media_root),
        "KAIQU_UPSTREAMS": f"server {HOST}:{PORT};",
    }
    conf = run_dir / "nginx.conf"
    conf.write_text(string.Template((ROOT / "deploy" / "nginx.conf").read_text()).safe_substitute(values))
    if micro_cache:  # turning it on is copying the file beside the rendered one (docs/deployment.md)
        shutil.copy(MICRO_CACHE_CONF, run_dir / MICRO_CACHE_CONF.name)
    return conf


def start_nginx(run_dir: Path, port: int, media_root: Path, micro_cache: bool) -> subprocess.Popen:
    run_dir.mkdir(mode=0o755)
    conf = render_nginx(run_dir, port, media_root, micro_cache)
    subprocess.run([NGINX, "-t", "-q", "-p", str(run_dir), "-e", "stderr", "-c", str(conf)], check=True)
    proc = subprocess.Popen(  # noqa: S603
        [NGINX, "-p", str(run_dir), "-e", "stderr", "-c", str(conf), "-g", "daemon off;"], start_new_session=True
    )
    for _ in range(50):
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2):  # noqa: S310 - local URL
                return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit(f"nginx on {port} did not answer")


def get(port: int, path: str) -> tuple[bytes, dict]:
    with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=30) as response:  # noqa: S310 - local URL
        return response.read(), dict(response.headers)


def check(condition: bool, what: str, headers: dict):
    if not condition:
        raise SystemExit(f"{what}: not what this row should measure ({headers})")


def upstream_share(access_log: Path, offset: int) -> tuple[int, int]:
    """Requests logged by nginx since `offset`, and how many of them went to gunicorn (an upstream address)."""
    with access_log.open("rb") as f:
        f.seek(offset)
        lines = f.read().splitlines()
    return len(lines), sum(1 for line in lines if b'"upstream":""' not in line)


def main():
    os.chdir(ROOT)
    ensure_wrk()
    if os.environ.get("BENCH_REUSE_DATABASE") == "1":
        print("BENCH_REUSE_DATABASE=1: the database is used as it is (read only)")
        run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0")
    else:
        ensure_database()
    subprocess.run(["redis-cli", "-n", REDIS_DB, "FLUSHDB"], check=False, capture_output=True)
    work = Path(tempfile.mkdtemp(prefix="kaiqu-bench-nginx-"))
    work.chmod(0o755)  # nginx's workers run as another user when started by root
    media = work / "media"
    media.mkdir(mode=0o755)
    procs = []
    try:
        procs.append(start_gunicorn(cached=True))
        page, _ = get(PORT, "/projects/")
        (media / STATIC_NAME).write_bytes(b"x" * len(page))
        (media / STATIC_NAME).chmod(0o644)
        procs.append(start_nginx(work / "nginx-micro", MICRO_PORT, media, micro_cache=True))
        procs.append(start_nginx(work / "nginx-plain", PLAIN_PORT, media, micro_cache=False))

        # What each row measures, checked once before it is measured.
        static, headers = get(MICRO_PORT, f"/media/{STATIC_NAME}")
        check(len(static) == len(page) and "X-Micro-Cache" not in headers, "static file", headers)
        get(MICRO_PORT, "/projects/")
        body, headers = get(MICRO_PORT, "/projects/")
        check(headers.get("X-Micro-Cache") == "HIT" and len(body) == len(page), "micro-cache HIT", headers)
        get(PLAIN_PORT, "/projects/")
        body, headers = get(PLAIN_PORT, "/projects/")
        check("X-Micro-Cache" not in headers and headers.get("X-Page-Cache") == "hit", "app page cache", headers)

        rows = {
            "nginx static file": (MICRO_PORT, f"/media/{STATIC_NAME}"),
            "/projects/ nginx micro-cache": (MICRO_PORT, "/projects/"),
            "/projects/ nginx, no micro-cache": (PLAIN_PORT, "/projects/"),
            "/projects/ gunicorn direct": (PORT, "/projects/"),
        }
        print(f"\n/projects/ is {len(page):,} bytes; the static file the same")
        print(f"load average at the start: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
        for port, path in rows.values():
            wrk(path, "2s", base=f"http://{HOST}:{port}")  # warm up
        results = {name: [] for name in rows}
        served = upstream = 0  # by the micro-cache's nginx for /projects/, and of those by gunicorn
        access_log = work / "nginx-micro" / "access.log"
        for name in [*rows, *reversed(rows)]:
            port, path = rows[name]
            offset = access_log.stat().st_size
            results[name].append(wrk(path, DURATION, base=f"http://{HOST}:{port}"))
            if name == "/projects/ nginx micro-cache":
                logged, passed_on = upstream_share(access_log, offset)
                served, upstream = served + logged, upstream + passed_on
        load_end = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    finally:
        for proc in reversed(procs):
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nwrk -t2 -c{CONNECTIONS} -d{DURATION}, each row twice (A B C D D C B A); gunicorn 5 sync workers,")
    print(f"nginx {nginx_version()} (worker_processes auto); {os.cpu_count()} CPUs; micro-cache {VALID_SECONDS} s")
    ceiling = sum(r["rps"] for r in results["nginx static file"]) / 2 or 1
    print(f"{'page':34} {'req/s':>9} {'(passes)':>19} {'p50 ms':>7} {'p95 ms':>7} {'ratio':>7} {'non-2xx':>8}")
    for name, passes in results.items():
        rps = sum(r["rps"] for r in passes) / 2
        p50 = sum(r["p50"] for r in passes) / 2
        p95 = sum(r["p95"] for r in passes) / 2
        errors = sum(r["errors"] for r in passes)
        both = " / ".join(f"{r['rps']:.0f}" for r in passes)
        print(f"{name:34} {rps:9.1f} {both:>19} {p50:7.1f} {p95:7.1f} {rps / ceiling:7.1%} {errors:8d}")
    print(f"micro-cache passes: {upstream} of {served:,} requests for /projects/ reached gunicorn, the rest were HITs")
    print(f"load average at the end: {load_end}")


def nginx_version() -> str:
    out = subprocess.run([NGINX, "-v"], capture_output=True, text=True, check=False).stderr
    return out.strip().rsplit("/", 1)[-1]


if __name__ == "__main__":
    sys.exit(main())

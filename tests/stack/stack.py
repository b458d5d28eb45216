"""Starts and stops the production stack on loopback: PostgreSQL, Redis, two gunicorns, nginx.

Ports: nginx 8400, gunicorn 8401 and 8402 (8403 for the start-up-without-database check),
a mail server (tests/stack/mailserver.py, in this process) on 8404, a second nginx on 8405 with the
opt-in micro-cache on (deploy/kaiqu-micro-cache.conf) in front of the same two gunicorns, a private
PostgreSQL on 55432 and a private Redis on 56379 (all shifted by
KAIQU_STACK_PORT_OFFSET when set). Everything lives in one temporary
directory and is stopped by `Stack.stop()` (pytest calls it from a finaliser, the shell script
from a trap), so stopping this PostgreSQL harms nothing else.
"""

import glob
import http.client
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.stack.mailserver import StallingSMTPServer

ROOT = Path(__file__).resolve().parents[2]
# KAIQU_STACK_PORT_OFFSET shifts every port, so that two checkouts on one machine can each run it.
_OFFSET = int(os.environ.get("KAIQU_STACK_PORT_OFFSET", "0"))
NGINX_PORT = 8400 + _OFFSET
APP_PORTS = (8401 + _OFFSET, 8402 + _OFFSET)
SPARE_APP_PORT = 8403 + _OFFSET
SMTP_PORT = 8404 + _OFFSET
MICRO_NGINX_PORT = 8405 + _OFFSET
PG_PORT = 55432 + _OFFSET
REDIS_PORT = 56379 + _OFFSET
ADMIN_USER = "stackadmin"


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} not found under /usr/lib/postgresql/*/bin")
    return found[-1]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_for(predicate, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise RuntimeError(f"timed out after {timeout}s waiting for {what}")


class Stack:
    def __init__(self):
        given = os.environ.get("KAIQU_STACK_DIR")  # deploy/stack_test.sh passes one so its trap can clean up
        self.dir = Path(given) if given else Path(tempfile.mkdtemp(prefix="kaiqu-stack-"))
        self.dir.mkdir(parents=True, exist_ok=True)
        self.dir.chmod(0o755)  # nginx workers and postgres run as other users and must get in
        self.pg_dir = self.dir / "pg"
        self.static_root = self.dir / "static"
        self.media_root = self.dir / "media"
        self.nginx_dir = self.dir / "nginx"
        self.micro_nginx_dir = self.dir / "nginx-micro"
        self.logs = self.dir / "logs"
        for d in (self.static_root, self.media_root, self.nginx_dir, self.micro_nginx_dir, self.logs):
            d.mkdir(mode=0o755)
        self.admin_password = secrets.token_urlsafe(16)
        self.procs: dict[str, subprocess.Popen] = {}
        self.is_root = os.geteuid() == 0
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "AXES_"))},
            "DJANGO_SETTINGS_MODULE": "kaiqu.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_TRUSTED_PROXY_COUNT": "1",
            "DJANGO_HTTPS": "0",
            "DJANGO_STATIC_ROOT": str(self.static_root),
            "DJANGO_MEDIA_ROOT": str(self.media_root),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/kaiqu",
            "DATABASE_CONNECT_TIMEOUT": "2",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "AXES_FAILURE_LIMIT": "5",
            "INQUIRY_MIN_SECONDS": "0",
            # The test's own mail server (it can be told to hang); the worker sends through it.
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(SMTP_PORT),
            # Short job timings, so that a killed worker's job comes back within the test:
            # a job is stopped after 15 s and handed out again 25 s after it was taken.
            "JOBS_TIMEOUT": "15",
            "JOBS_RETRY": "25",
            "GUNICORN_WORKERS": "2",
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SUPERUSER_PASSWORD": self.admin_password,
        }

    # --- processes ---------------------------------------------------------------------
    def _as_postgres(self, argv: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *argv] if self.is_root else argv

    def _popen(self, name: str, argv: list[str], **kwargs) -> subprocess.Popen:
        out = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(  # noqa: S603
            argv, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=self.env, start_new_session=True, **kwargs
        )
        self.procs[name] = proc
        return proc

    def _run(self, argv: list[str], **kwargs):
        result = subprocess.run(  # noqa: S603
            argv, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300, **kwargs
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def check_ports_free(self):
        ports = (NGINX_PORT, MICRO_NGINX_PORT, *APP_PORTS, SPARE_APP_PORT, SMTP_PORT, PG_PORT, REDIS_PORT)
        busy = [p for p in ports if port_open(p)]
        if busy:
            raise RuntimeError(f"ports already in use (a previous run left something behind?): {busy}")

    def start_postgres(self, init: bool = False):
        if init:
            self.pg_dir.mkdir(mode=0o700)
            if self.is_root:
                shutil.chown(self.pg_dir, "postgres", "postgres")
            self._run(
                self._as_postgres(
                    [_pg_bin("initdb"), "-D", str(self.pg_dir / "data"), "-U", "postgres", "-A", "trust"]
                    + ["-E", "UTF8", "--no-sync", "--locale=C.UTF-8"]
                )
            )
        self._run(
            self._as_postgres(
                [_pg_bin("pg_ctl"), "-D", str(self.pg_dir / "data"), "-l", str(self.pg_dir / "server.log"), "-w"]
                + ["-o", f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -k {self.pg_dir} -c fsync=off", "start"]
            )
        )

    def stop_postgres(self):
        self._run(self._as_postgres([_pg_bin("pg_ctl"), "-D", str(self.pg_dir / "data"), "-m", "fast", "-w", "stop"]))

    def postgres_running(self) -> bool:
        return port_open(PG_PORT)

    def start_redis(self):
        # Production's configuration (maxmemory + allkeys-lru), on this stack's port.
        self._popen(
            "redis",
            ["redis-server", str(ROOT / "deploy" / "redis.conf"), "--port", str(REDIS_PORT), "--bind", "127.0.0.1"]
            + ["--pidfile", str(self.dir / "redis.pid")],
        )
        wait_for(lambda: port_open(REDIS_PORT), 10, "redis")

    def stop_redis(self):
        self._stop("redis")
        wait_for(lambda: not port_open(REDIS_PORT), 10, "redis to stop")

    def redis(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=REDIS_PORT, socket_timeout=2)

    def prepare_app(self):
        python = sys.executable
        self._run(
            self._as_postgres([_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "kaiqu"])
        )
        self._run([python, "manage.py", "migrate", "--noinput"])
        self._run([python, "manage.py", "load_seed"])
        self._run([python, "manage.py", "collectstatic", "--noinput"])
        self._run(
            [python, "manage.py", "createsuperuser", "--noinput", "--username", ADMIN_USER, "--email", "a@example.com"]
        )

    def start_app(self, port: int, wait_until_up: bool = True):
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self._popen(
            f"gunicorn-{port}",
            [gunicorn, "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
            + ["--pid", str(self.dir / f"gunicorn-{port}.pid"), "kaiqu.wsgi"],
        )
        if wait_until_up:
            wait_for(lambda: port_open(port), 30, f"gunicorn on {port}")

    def stop_app(self, port: int):
        self._stop(f"gunicorn-{port}")

    def start_worker(self):
        """The django-q2 cluster (`manage.py qcluster`), in a process group of its own."""
        proc = self._popen("worker", [sys.executable, "manage.py", "qcluster"])
        (self.dir / "worker.pid").write_text(str(proc.pid))  # deploy/stack_test.sh's trap kills its group

    def kill_worker(self):
        """SIGKILL the whole cluster (sentinel, pusher, workers, monitor): no chance to clean up."""
        proc = self.procs.pop("worker")
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def render_nginx(self, micro_cache: bool = False) -> Path:
        """deploy/nginx.conf rendered as docs/deployment.md says; with `micro_cache`, the opt-in file
        deploy/kaiqu-micro-cache.conf copied beside it (which is all that turning it on takes)."""
        run_dir, port = (self.micro_nginx_dir, MICRO_NGINX_PORT) if micro_cache else (self.nginx_dir, NGINX_PORT)
        template = string.Template((ROOT / "deploy" / "nginx.conf").read_text())
        values = {
            "KAIQU_RUN_DIR": str(run_dir),
            "KAIQU_LISTEN": f"127.0.0.1:{port}",
            "KAIQU_MEDIA_ROOT": str(self.media_root),
            "KAIQU_UPSTREAMS": " ".join(f"server 127.0.0.1:{p};" for p in APP_PORTS),
        }
        conf = run_dir / "nginx.conf"
        conf.write_text(template.safe_substitute(values))
        if micro_cache:
            shutil.copy(ROOT / "deploy" / "kaiqu-micro-cache.conf", run_dir / "kaiqu-micro-cache.conf")
        return conf

    def start_nginx(self, micro_cache: bool = False):
        conf = self.render_nginx(micro_cache)
        run_dir, port = conf.parent, MICRO_NGINX_PORT if micro_cache else NGINX_PORT
        self._run(["/usr/sbin/nginx", "-t", "-q", "-p", str(run_dir), "-e", "stderr", "-c", str(conf)])
        self._popen(
            "nginx-micro" if micro_cache else "nginx",
            ["/usr/sbin/nginx", "-p", str(run_dir), "-e", "stderr", "-c", str(conf), "-g", "daemon off;"],
        )
        wait_for(lambda: port_open(port), 10, "nginx")

    def start(self):
        self.check_ports_free()
        self.start_postgres(init=True)
        self.start_redis()
        self.prepare_app()
        self.smtp = StallingSMTPServer(SMTP_PORT)
        self.start_worker()
        for port in APP_PORTS:
            self.start_app(port)
        self.start_nginx()
        self.start_nginx(micro_cache=True)

    def _stop(self, name: str):
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)  # gunicorn, nginx and redis all shut down cleanly on TERM
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)

    def stop(self, keep_dir: bool = False):
        if "worker" in self.procs and self.procs["worker"].poll() is None:
            os.killpg(self.procs["worker"].pid, signal.SIGTERM)  # the cluster's children too
        for name in list(self.procs):
            self._stop(name)
        if getattr(self, "smtp", None):
            self.smtp.close()
        if self.postgres_running() and (self.pg_dir / "data" / "postmaster.pid").exists():
            self.stop_postgres()
        if not keep_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


class Client:
    """A tiny HTTP client with a cookie jar; remembers every body it saw."""

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self.bodies: list[tuple[str, bytes]] = []

    def request(self, method: str, path: str, port: int = NGINX_PORT, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        all_headers = {"Host": f"127.0.0.1:{port}", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(body, dict):
            from urllib.parse import urlencode

            body = urlencode(body).encode()
            all_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        self.bodies.append((path, data))
        return response.status, response.headers, data

    def get(self, path: str, port: int = NGINX_PORT, headers=None):
        return self.request("GET", path, port=port, headers=headers)

    def post(self, path: str, data: dict, port: int = NGINX_PORT, headers=None):
        return self.request("POST", path, port=port, body=data, headers=headers)

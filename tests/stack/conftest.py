import os
import time

import pytest

from tests.stack.stack import APP_PORTS, MICRO_NGINX_PORT, NGINX_PORT, PG_PORT, REDIS_PORT, Stack


@pytest.fixture(scope="session")
def stack():
    """One stack for every module in tests/stack/ (they run in file order against it)."""
    stack = Stack()
    try:
        started = time.monotonic()
        stack.start()
        elapsed = time.monotonic() - started
        apps = " ".join(f":{p}" for p in APP_PORTS)
        print(
            f"[stack] PostgreSQL :{PG_PORT}, Redis :{REDIS_PORT}, gunicorn {apps}, nginx :{NGINX_PORT}, "
            f"nginx with the micro-cache :{MICRO_NGINX_PORT} up in {elapsed:.1f}s",
            flush=True,
        )
        yield stack
    finally:
        failed = os.environ.get("KAIQU_STACK_KEEP") == "1"
        stack.stop(keep_dir=failed)
        print("[stack] everything stopped" + (f"; files kept in {stack.dir}" if failed else ""), flush=True)

"""The production stack, through nginx: run with `make stack` or `.ci/run` (KAIQU_STACK=1).

The tests share one stack and run in file order; each prints what it measured.
"""

import io
import json
import os
import re
import socket
import time

import pytest

from tests.security.htmlforms import form_fields
from tests.stack.stack import (
    ADMIN_USER,
    APP_PORTS,
    NGINX_PORT,
    PG_PORT,
    SPARE_APP_PORT,
    Client,
    Stack,
    wait_for,
)

pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(os.environ.get("KAIQU_STACK") != "1", reason="the stack test runs with KAIQU_STACK=1"),
]

PAGES = ["/", "/about/", "/zones/", "/zones/north/", "/projects/", "/enterprises/", "/inquiry/", "/inquiry/status/"]
PAGES += ["/privacy/", "/en/", "/en/projects/", "/sitemap.xml", "/robots.txt", "/healthz"]


def say(message: str):
    print(f"[stack] {message}", flush=True)


@pytest.fixture(scope="module")
def client(stack):
    return Client()


def login(client: Client, port: int, username: str = ADMIN_USER, password: str = "", expect: int = 302):
    status, _, body = client.get("/admin/login/", port=port)
    assert status == 200
    data = form_fields(body.decode(), form_id="login-form")
    data.update(username=username, password=password, next="/admin/")
    status, headers, body = client.post("/admin/login/", data, port=port)
    return status, headers, body


def requests_per_server(stack: Stack, path: str, method: str = "POST") -> dict[int, int]:
    counts = {}
    for port in APP_PORTS:
        count = 0
        for line in stack.log(f"gunicorn-{port}").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("logger") == "kaiqu.request" and record.get("path") == path and record["method"] == method:
                count += 1
        counts[port] = count
    return counts


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def test_pages_through_nginx(stack, client):
    for path in PAGES:
        status, headers, body = client.get(path)
        assert status == 200, (path, status, body[:300])
        assert headers["Server"] == "nginx"  # no version number
    status, headers, _ = client.get("/projects/")
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    say(f"{len(PAGES)} public pages answered 200 through nginx")


def test_redis_is_a_bounded_lru_store_apart_from_the_limits(stack, client):
    """deploy/redis.conf: maxmemory + allkeys-lru; the forms' rate limits are in PostgreSQL, not in that Redis."""
    redis = stack.redis()
    config = redis.config_get("maxmemory*")
    assert config["maxmemory-policy"] == "allkeys-lru" and int(config["maxmemory"]) > 0
    client.get("/projects/")
    before = sorted(redis.scan_iter("*"))
    for n in range(20):
        assert client.get(f"/projects/?utm_source=stack{n}")[0] == 200
    assert sorted(redis.scan_iter("*")) == before  # junk parameters made no entries
    assert not [key for key in before if b"inquiry-rate" in key or b"inquiry-sent" in key]
    say(f"Redis: maxmemory {int(config['maxmemory']) // 2**20} MB, allkeys-lru; 20 junk URLs added none of its keys")


def _logs_since(stack, offsets):
    return {port: stack.log(f"gunicorn-{port}")[offsets[port] :] for port in APP_PORTS}


def test_redis_stopped_the_site_still_works_and_recovers(stack):
    """Redis stopped: pages, admin log-in and an inquiry work (uncached); back to cached when it returns."""
    client = Client()
    for _ in range(3):
        client.get("/about/")
    assert client.get("/about/")[1]["X-Page-Cache"] == "hit"
    offsets = {port: len(stack.log(f"gunicorn-{port}")) for port in APP_PORTS}
    stack.stop_redis()
    stopped_at = time.monotonic()
    try:
        for path in PAGES:
            status, headers, body = client.get(path)
            assert status == 200, (path, status, body[:300])
            assert headers.get("X-Page-Cache") != "hit", path
        body = json.loads(client.get("/healthz")[2])
        assert body == {"status": "degraded", "database": "up", "cache": "down"}, body

        status, _, _ = login(client, NGINX_PORT, password=stack.admin_password)
        assert status == 302
        assert client.get("/admin/")[0] == 200

        visitor = Client()
        _, _, form = visitor.get("/inquiry/")
        data = form_fields(form.decode())
        data.update(
            contact_name="缓存停机",
            company="缓存停机测试公司",
            email="redis-down@example.com",
            phone="13800000000",
            message="Redis is down",
            consent="on",
        )
        status, headers, _ = visitor.post("/inquiry/", data)
        assert status in {302, 303}, status
        from tests.stack.stack import _pg_bin

        counted = stack._run(
            [_pg_bin("psql"), "-At", f"postgresql://postgres@127.0.0.1:{PG_PORT}/kaiqu", "-c"]
            + ["SELECT count(*) FROM core_ratecounter WHERE key LIKE 'inquiry-rate:%'"]
        )
        assert int(counted.stdout) >= 1  # the rate limit counted in PostgreSQL while Redis was down
        elapsed = time.monotonic() - stopped_at
        logs = _logs_since(stack, offsets)
        for port, text in logs.items():
            assert "Traceback" not in text and '"level": "ERROR"' not in text, (port, text[-2000:])
        warnings = sum(text.count("cache unavailable") for text in logs.values())
        assert 1 <= warnings <= 2 * len(APP_PORTS)  # once a minute per worker process, not per request
        say(f"Redis stopped: {len(PAGES)} pages 200, admin log-in 302, inquiry {status} in {elapsed:.1f}s")
        say(f"Redis stopped: {warnings} 'cache unavailable' warnings in the app logs, no traceback")
    finally:
        stack.start_redis()
    restarted = time.monotonic()
    anonymous = Client()

    def cached_again():
        # Both app servers (round robin) read what either stored.
        return [anonymous.get("/about/")[1].get("X-Page-Cache") for _ in range(3)][1:] == ["hit", "hit"]

    wait_for(cached_again, 30, "pages cached again", interval=0.5)
    assert json.loads(anonymous.get("/healthz")[2])["cache"] == "up"
    say(f"Redis restarted: pages cached again after {time.monotonic() - restarted:.1f}s, /healthz cache up")


def test_static_served_by_whitenoise_through_nginx(stack, client):
    manifest = json.loads((stack.static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    status, headers, body = client.get(f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]
    status, _, _ = client.get("/static/css/does-not-exist.css")
    assert status == 404
    say(f"static /static/{hashed}: 200, {headers['Cache-Control']}, encoding {headers.get('Content-Encoding')}")


def test_media_served_as_images_only_with_nosniff(stack, client):
    from PIL import Image

    image_dir = stack.media_root / "projects" / "images"
    image_dir.mkdir(parents=True)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (255, 0, 0)).save(buffer, format="JPEG")
    (image_dir / "stack.jpg").write_bytes(buffer.getvalue())
    (stack.media_root / "evil.html").write_text("<script>alert(1)</script>")
    (stack.media_root / "evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    for path in stack.media_root.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)

    status, headers, body = client.get("/media/projects/images/stack.jpg")
    assert status == 200 and headers["Content-Type"] == "image/jpeg" and body == buffer.getvalue()
    assert headers["X-Content-Type-Options"] == "nosniff"
    for name in ["evil.html", "evil.svg"]:
        status, headers, _ = client.get(f"/media/{name}")
        assert headers["Content-Type"] == "application/octet-stream", name
        assert headers["X-Content-Type-Options"] == "nosniff" and "sandbox" in headers["Content-Security-Policy"]
    status, _, _ = client.request("POST", "/media/projects/images/stack.jpg", body=b"x")
    assert status == 403
    say("media: image/jpeg with nosniff; .html and .svg uploads served as application/octet-stream, sandboxed")


@pytest.mark.parametrize(
    "raw_path",
    [
        "/media/../kaiqu/settings.py",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/..%2f..%2fkaiqu/settings.py",
        "/media/projects/../../../etc/passwd",
        "/media//etc/passwd",
    ],
)
def test_media_path_traversal(stack, raw_path):
    with socket.create_connection(("127.0.0.1", NGINX_PORT), timeout=10) as conn:
        conn.sendall(f"GET {raw_path} HTTP/1.1\r\nHost: 127.0.0.1:{NGINX_PORT}\r\nConnection: close\r\n\r\n".encode())
        response = b""
        while chunk := conn.recv(65536):
            response += chunk
    status = int(response.split(b" ", 2)[1])
    assert status in {400, 403, 404}, response[:200]
    assert b"root:" not in response and b"SECRET_KEY" not in response


def test_oversized_body_is_413(stack):
    with socket.create_connection(("127.0.0.1", NGINX_PORT), timeout=10) as conn:
        conn.sendall(
            (
                f"POST /inquiry/ HTTP/1.1\r\nHost: 127.0.0.1:{NGINX_PORT}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 11000000\r\n\r\n"
            ).encode()
            + b"a=" * 1000
        )
        status_line = conn.recv(4096).split(b"\r\n", 1)[0]
    assert status_line.split(b" ")[1] == b"413", status_line
    say(f"11 MB body → {status_line.decode()}")


def body_status(path: str, length: int) -> bytes:
    """What nginx answers a POST announcing `length` bytes of body, of which only a few are sent: its
    status at once if the size is refused, else b"waiting" (it is reading the body it accepted)."""
    with socket.create_connection(("127.0.0.1", NGINX_PORT), timeout=3) as conn:
        conn.sendall(
            (
                f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{NGINX_PORT}\r\n"
                f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {length}\r\n\r\n"
            ).encode()
            + b"--x\r\n"
        )
        try:
            return conn.recv(4096).split(b"\r\n", 1)[0].split(b" ")[1]
        except TimeoutError:
            return b"waiting"


def test_the_service_form_takes_three_full_size_attachments(stack):
    # Three 5 MB attachments and the form pass nginx; more does not; other paths keep 10 MB.
    assert body_status("/service/request/", 15_800_000) == b"waiting"
    assert body_status("/en/service/request/", 15_800_000) == b"waiting"
    assert body_status("/service/request/", 17_000_000) == b"413"
    assert body_status("/inquiry/", 15_800_000) == b"413"
    say("service form: 15.8 MB passes nginx, 17 MB → 413; the inquiry form keeps 10 MB")


def sql(stack: Stack, query: str) -> str:
    from tests.stack.stack import _pg_bin

    return stack._run([_pg_bin("psql"), "-At", f"postgresql://postgres@127.0.0.1:{PG_PORT}/kaiqu", "-c", query]).stdout


def post_inquiry(email: str, ip: str) -> tuple[int, float]:
    client = Client()
    _, _, body = client.get("/inquiry/")
    data = form_fields(body.decode())
    data.update(contact_name="邮件测试", company="测试公司", email=email, message="mail fault probe", consent="on")
    started = time.monotonic()
    status, _, _ = client.post("/inquiry/", data, headers={"X-Forwarded-For": ip})
    return status, time.monotonic() - started


# The two mail tests run before the rate-limit tests: through nginx every POST counts against
# 127.0.0.1, and those tests use the limit up.
def test_inquiry_answers_at_once_while_the_mail_server_hangs_and_the_mail_goes_out_later(stack):
    stack.smtp.stall()
    try:
        status, elapsed = post_inquiry("hang@example.com", "10.88.0.1")
        assert status == 302 and elapsed < 3, (status, elapsed)
        # The worker has taken the job and waits for the mail server's greeting.
        wait_for(lambda: stack.smtp.waiting >= 1, 20, "the worker to connect to the hanging mail server")
        held = time.monotonic()
        time.sleep(2)
        assert stack.smtp.received("hang@example.com") == 0
    finally:
        stack.smtp.answer()
    wait_for(lambda: stack.smtp.received("hang@example.com") == 1, 30, "the acknowledgement to go out")
    statuses = sql(stack, "SELECT status FROM inquiries_outboxmail m JOIN inquiries_inquiry i ON i.id = m.inquiry_id")
    say(
        f"mail server silent: inquiry POST via nginx answered {status} in {elapsed:.2f}s; the mail went out "
        f"{time.monotonic() - held:.1f}s after the worker connected, once the server answered "
        f"(outbox: {sorted(set(statuses.split()))})"
    )


def test_a_worker_killed_mid_job_is_restarted_and_the_job_completes(stack):
    stack.smtp.stall()
    try:
        status, _ = post_inquiry("killed@example.com", "10.88.0.2")
        assert status == 302
        wait_for(lambda: stack.smtp.waiting >= 1, 20, "the worker to be in the middle of the mail job")
        stack.kill_worker()
        killed = time.monotonic()
    finally:
        stack.smtp.answer()
    mail_ids = sql(
        stack,
        "SELECT m.id FROM inquiries_outboxmail m JOIN inquiries_inquiry i ON i.id = m.inquiry_id "
        "WHERE i.email = 'killed@example.com' ORDER BY m.id",
    ).split()
    job = f"mail [{', '.join(mail_ids)}]"
    assert sql(stack, "SELECT count(*) FROM django_q_ormq WHERE lock > now()").strip() != "0"  # taken, unacknowledged
    stack.start_worker()
    wait_for(
        lambda: sql(stack, f"SELECT success FROM django_q_task WHERE name = '{job}'").strip() == "t",  # noqa: S608
        90,
        "the killed worker's job to be handed out again and complete",
        interval=1,
    )
    wait_for(lambda: stack.smtp.received("killed@example.com") >= 1, 30, "the acknowledgement")
    assert stack.smtp.received("killed@example.com") == 1
    ids = ", ".join(mail_ids)  # numbers read from the database
    statuses = sql(stack, f"SELECT status, attempts FROM inquiries_outboxmail WHERE id IN ({ids})")  # noqa: S608
    assert all(line.startswith("sent|") for line in statuses.split()), statuses
    say(
        f"worker killed (SIGKILL) in the middle of '{job}': restarted, the job completed "
        f"{time.monotonic() - killed:.0f}s later (JOBS_RETRY=25); outbox {statuses.split()}, acknowledgement sent once"
    )


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = f"kaiqu{time.time_ns()}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, content) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: text/csv\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _csrf(body: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()


def test_a_worker_killed_while_writing_a_large_import_leaves_the_database_unchanged(stack):
    """400 spaces (a background job above 300 rows), the worker SIGKILLed inside the write's transaction."""
    admin = Client()
    assert login(admin, NGINX_PORT, password=stack.admin_password)[0] == 302
    rows = ["code,name,slug,kind,zone,floor_area_m2,offers_lease,status"]
    rows += [f"ZT-2030-{n:03d},压测载体{n},stack-space-{n},factory,north,5000,是,available" for n in range(1, 401)]
    _, _, page = admin.get("/admin/spaces/space/import/")
    body, content_type = _multipart(
        {"csrfmiddlewaretoken": _csrf(page), "format": "0", "resource": "0"},
        {"import_file": ("spaces-400.csv", "\n".join(rows).encode())},
    )
    status, headers, _ = admin.request(
        "POST", "/admin/spaces/space/import/", body=body, headers={"Content-Type": content_type}
    )
    assert status == 302, status
    job_url = headers["Location"]
    job_id = re.search(r"/spreadsheetjob/(\d+)/", job_url).group(1)

    def job_status() -> str:
        return sql(stack, f"SELECT status FROM core_spreadsheetjob WHERE id = {job_id}").strip()  # noqa: S608

    wait_for(lambda: job_status() == "checked", 60, "the worker to check the 400 rows", interval=0.5)
    before = sql(stack, "SELECT count(*) FROM spaces_space").strip()
    # Ids come from a sequence, which moves on for everyone to see even inside a transaction that is
    # not committed: when it has moved 50 on, the worker is well inside the write of the 400 rows (which
    # takes several seconds row by row, and must end within the stack's JOBS_TIMEOUT of 15 s).
    sequence = sql(stack, "SELECT pg_get_serial_sequence('spaces_space', 'id')").strip()

    def ids_taken() -> int:
        return int(sql(stack, f"SELECT last_value FROM {sequence}").strip())  # noqa: S608

    start = ids_taken()
    _, _, page = admin.get(job_url)
    status, _, _ = admin.post(f"/admin/core/spreadsheetjob/{job_id}/write/", {"csrfmiddlewaretoken": _csrf(page)})
    assert status == 302

    wait_for(lambda: ids_taken() >= start + 50, 15, "the worker to be inside the write", interval=0.02)
    stack.kill_worker()
    killed = time.monotonic()
    in_flight = ids_taken() - start
    assert job_status() == "writing"  # killed before the write could end
    assert sql(stack, "SELECT count(*) FROM spaces_space").strip() == before
    assert sql(stack, "SELECT count(*) FROM spaces_space WHERE code LIKE 'ZT-2030-%'").strip() == "0"

    stack.start_worker()
    wait_for(lambda: job_status() == "failed", 90, "the interrupted write to be reported", interval=1)
    assert sql(stack, "SELECT count(*) FROM spaces_space").strip() == before
    _, _, page = admin.get(job_url)
    text = page.decode()
    assert "写入时中断" in text and "未写入任何数据" in text and "已写入" not in text
    say(
        f"400-row spaces import: worker SIGKILLed after {in_flight} rows were inserted in its transaction; "
        f"spaces {before} before and after; "
        f"the job reported failed (interrupted, nothing written) {time.monotonic() - killed:.0f}s later"
    )


def test_login_lockout_counts_across_both_app_servers(stack, client):
    """Failed log-ins alternate between the servers (round robin) and forge X-Forwarded-For."""
    limit = 5
    statuses = []
    per_server = {}
    for n in range(16):
        # Go on past the lock-out until each server has answered at least two of the POSTs.
        if n > limit and all(count >= 2 for count in per_server.values()):
            break
        if n % 2:
            client.get("/healthz")  # see the inquiry test: breaks lock-step round robin
        _, _, body = client.get("/admin/login/")
        data = form_fields(body.decode(), form_id="login-form")
        data.update(username="probe", password=f"wrong-{n}", next="/admin/")
        status, _, _ = client.post("/admin/login/", data, headers={"X-Forwarded-For": f"10.66.0.{n}"})
        statuses.append(status)
        per_server = requests_per_server(stack, "/admin/login/")
    assert all(count >= 2 for count in per_server.values()), per_server
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert set(statuses[limit - 1 :]) == {429}, statuses
    status, _, body = client.get("/admin/login/")
    say(f"login failures via nginx {statuses}; POSTs per app server {per_server}")


def test_inquiry_rate_limit_counts_across_both_app_servers(stack, client):
    status, _, body = client.get("/inquiry/")
    assert status == 200, status
    assert 'method="post"' in body.decode().lower(), "the inquiry page has no form"
    statuses = []
    before = requests_per_server(stack, "/inquiry/")
    per_server = dict.fromkeys(before, 0)
    for n in range(40):
        if n >= 8 and all(count >= 2 for count in per_server.values()):
            break
        if n >= 8:
            # nginx leaves out an app server for fail_timeout (10 s) after one failed connection; a
            # slower pace then lets it back in, so that both servers see POSTs of this test.
            time.sleep(0.5)
        # nginx balances round robin; an extra request on odd turns keeps the form GET and the
        # POST from always landing on the same two servers in lock-step.
        if n % 2:
            client.get("/healthz")
        _, _, body = client.get("/inquiry/")
        data = form_fields(body.decode())
        data.update(
            contact_name="压力测试",
            company=f"测试公司{n}",
            email=f"stack{n}@example.com",
            phone="13800000000",
            message="stack rate limit probe",
            consent="on",
        )
        status, _, _ = client.post("/inquiry/", data, headers={"X-Forwarded-For": f"10.77.0.{n}"})
        statuses.append(status)
        per_server = {port: count - before[port] for port, count in requests_per_server(stack, "/inquiry/").items()}
    assert all(count >= 2 for count in per_server.values()), per_server
    assert 429 in statuses, statuses
    first_refusal = statuses.index(429)
    assert all(s in {302, 303} for s in statuses[:first_refusal]), statuses
    say(f"inquiry POSTs via nginx {statuses}; per app server {per_server}")


def test_api_limit_counts_stored_answers_across_both_app_servers_in_redis(stack, client):
    """One Redis counter per client and minute, shared by both servers, counted with the page lookup."""
    left = 60 - time.time() % 60
    if left < 15:  # all requests in one calendar minute: the counter's window
        time.sleep(left + 0.5)
    offsets = requests_per_server(stack, "/api/v1/zones/", method="GET")
    answers = [client.get("/api/v1/zones/") for _ in range(125)]
    statuses = [status for status, _, _ in answers]
    first_refusal = statuses.index(429)  # the default limit, 120 a minute (other tests' API calls count too)
    assert 0 < first_refusal <= 120 and set(statuses[first_refusal:]) == {429}, statuses
    assert set(statuses[:first_refusal]) == {200}
    assert any(headers.get("X-Page-Cache") == "hit" for _, headers, _ in answers[:first_refusal])
    refused = answers[first_refusal][1]
    assert 1 <= int(refused["Retry-After"]) <= 60 and refused["Access-Control-Allow-Origin"] == "*"
    per_server = requests_per_server(stack, "/api/v1/zones/", method="GET")
    assert all(per_server[port] - offsets[port] >= 10 for port in APP_PORTS), (offsets, per_server)
    redis = stack.redis()
    counters = list(redis.scan_iter("*api-rate*"))
    assert counters and not [key for key in counters if b"127.0.0.1" in key]
    assert all(0 < redis.ttl(key) <= 60 for key in counters)
    say(f"API via nginx: 429 after {first_refusal} answers in this minute, both servers counting in one Redis key")


def test_edit_on_one_server_is_visible_at_once_on_the_other(stack):
    client = Client()
    status, headers, _ = login(client, APP_PORTS[0], password=stack.admin_password)
    assert status == 302, status
    status, _, body = client.get("/admin/portal/pageblock/?page=about", port=APP_PORTS[0])
    assert status == 200
    block_id = re.search(rb"/admin/portal/pageblock/(\d+)/change/", body).group(1).decode()
    change = f"/admin/portal/pageblock/{block_id}/change/"
    _, _, body = client.get(change, port=APP_PORTS[0])
    data = form_fields(body.decode(), form_id="pageblock_form")
    new_title = f"区位优势·{time.time_ns()}"
    data["title"] = new_title
    data["_save"] = "Save"
    status, _, body = client.post(change, data, port=APP_PORTS[0])
    assert status == 302, body[:2000]
    started = time.monotonic()
    status, _, body = client.get("/about/", port=APP_PORTS[1])
    assert status == 200 and new_title in body.decode()
    say(f"title saved via :{APP_PORTS[0]}, read via :{APP_PORTS[1]} {1000 * (time.monotonic() - started):.0f} ms later")


def test_backup_with_pg_dump_restores_into_a_new_database(stack):
    """The backup and restore commands of docs/operations.md, against the private PostgreSQL."""
    from tests.stack.stack import _pg_bin

    dump = stack.dir / "kaiqu.dump"
    url = f"postgresql://postgres@127.0.0.1:{PG_PORT}"
    stack._run([_pg_bin("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}", f"{url}/kaiqu"])
    stack._run([_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "kaiqu_restored"])
    stack._run([_pg_bin("pg_restore"), "--no-owner", f"--dbname={url}/kaiqu_restored", str(dump)])
    counts = {}
    for db in ["kaiqu", "kaiqu_restored"]:
        result = stack._run(
            [_pg_bin("psql"), "-At", f"{url}/{db}", "-c"]
            + ["SELECT (SELECT count(*) FROM projects_project), (SELECT count(*) FROM portal_pageblock)"]
        )
        counts[db] = result.stdout.strip()
    assert counts["kaiqu"] == counts["kaiqu_restored"] and counts["kaiqu"] != "0|0"
    size = dump.stat().st_size // 1024
    say(f"pg_dump ({size} KiB) restored with pg_restore: projects|page blocks {counts['kaiqu_restored']} in both")


def test_healthz_follows_postgres_without_app_restart(stack, client):
    pids = {p: stack.procs[f"gunicorn-{p}"].pid for p in APP_PORTS}
    assert client.get("/healthz")[0] == 200
    stack.stop_postgres()
    stopped_at = time.monotonic()
    try:
        outage = [client.get("/healthz") for _ in range(4)]
        direct = [client.get("/healthz", port=p) for p in APP_PORTS]
        page_status, _, page = client.get("/projects/")
        for status, _, body in outage + direct:
            assert status == 503 and json.loads(body)["database"] == "down"
        assert page_status in {500, 503} and b"Traceback" not in page and b"psycopg" not in page
        say(f"PostgreSQL stopped: /healthz 503 on both servers within {time.monotonic() - stopped_at:.1f}s")

        # Start-up without a database: the app starts, /healthz says 503, static is served.
        stack.start_app(SPARE_APP_PORT)
        manifest = json.loads((stack.static_root / "staticfiles.json").read_text())["paths"]
        status, _, body = client.get("/healthz", port=SPARE_APP_PORT)
        assert status == 503 and b"Traceback" not in body
        assert client.get(f"/static/{manifest['css/site.css']}", port=SPARE_APP_PORT)[0] == 200
        say(f"gunicorn :{SPARE_APP_PORT} started with the database down: /healthz 503, static 200")
        stack.stop_app(SPARE_APP_PORT)
    finally:
        stack.start_postgres()
    restarted = time.monotonic()
    wait_for(lambda: all(client.get("/healthz", port=p)[0] == 200 for p in APP_PORTS), 10, "healthz back to 200")
    recovery = time.monotonic() - restarted
    assert client.get("/healthz")[0] == 200 and client.get("/projects/")[0] == 200
    assert {p: stack.procs[f"gunicorn-{p}"].pid for p in APP_PORTS} == pids  # no app-server restart
    say(f"PostgreSQL restarted: /healthz 200 on both servers after {recovery:.1f}s, same gunicorn pids")


def test_no_response_carried_a_traceback(stack, client):
    leaked = [path for path, body in client.bodies if b"Traceback" in body or b'File "/' in body]
    assert leaked == []
    say(f"{len(client.bodies)} responses checked: no traceback in any body")


def test_logs_are_json_and_free_of_personal_data(stack):
    for port in APP_PORTS:
        lines = [line for line in stack.log(f"gunicorn-{port}").splitlines() if line.strip()]
        not_json = [line for line in lines if not _is_json(line)]
        assert not_json == [], not_json[:5]  # every line is JSON (mail printed to stdout would show here)
        records = [json.loads(line) for line in lines]
        assert any(r.get("logger") == "kaiqu.request" for r in records)
        text = "\n".join(lines)
        assert "@example.com" not in text and "13800000000" not in text and stack.admin_password not in text
    access = (stack.nginx_dir / "access.log").read_text().splitlines()
    assert access and all("status" in json.loads(line) and "?" not in json.loads(line)["path"] for line in access)
    say(f"app logs and {len(access)} nginx access-log lines are JSON without personal data")

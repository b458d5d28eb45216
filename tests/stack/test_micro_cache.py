"""The opt-in micro-cache (deploy/kaiqu-micro-cache.conf), through the stack's second nginx, which has it
on, in front of the same two gunicorns; and the first nginx, without it, caching nothing.

Runs with `make stack` (KAIQU_STACK=1), before tests/stack/test_stack.py, on the same stack. Whether an
answer came from nginx is read from `X-Micro-Cache` and, independently, from the app servers' request
logs: an answer nginx served never reached them.
"""

import json
import os
import re
import time

import pytest

from tests.security.htmlforms import form_fields
from tests.stack.stack import ADMIN_USER, APP_PORTS, MICRO_NGINX_PORT, NGINX_PORT, ROOT, Client

pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(os.environ.get("KAIQU_STACK") != "1", reason="the stack test runs with KAIQU_STACK=1"),
]

# The validity the file sets, N: the test reads it so that file, docs and test cannot drift apart.
VALID_SECONDS = int(
    re.search(r"proxy_cache_valid 200 (\d+)s;", (ROOT / "deploy" / "kaiqu-micro-cache.conf").read_text()).group(1)
)


def say(message: str):
    print(f"[stack] {message}", flush=True)


def micro(client: Client, path: str, headers=None):
    return client.get(path, port=MICRO_NGINX_PORT, headers=headers)


def app_requests(stack, path: str, method: str = "GET") -> int:
    """How many requests for `path` (logged without its query string) the app servers have answered."""
    count = 0
    for port in APP_PORTS:
        for line in stack.log(f"gunicorn-{port}").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("logger") == "kaiqu.request" and record.get("path") == path and record["method"] == method:
                count += 1
    return count


def counted(stack, path: str, before: int, expected: int):
    """The app's request log is written when the answer is sent: wait a moment for the line to appear."""
    deadline = time.monotonic() + 5
    while app_requests(stack, path) - before < expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return app_requests(stack, path) - before


def test_a_second_anonymous_get_is_served_by_nginx(stack):
    client = Client()
    before = app_requests(stack, "/projects/")
    first = micro(client, "/projects/")
    second = micro(client, "/projects/")
    assert first[0] == second[0] == 200
    assert first[1]["X-Micro-Cache"] in {"MISS", "EXPIRED"}
    assert second[1]["X-Micro-Cache"] == "HIT" and second[2] == first[2]
    time.sleep(0.3)
    assert counted(stack, "/projects/", before, 1) == 1  # the HIT never reached an app server
    # HEAD is answered from the same entry.
    assert client.request("HEAD", "/projects/", port=MICRO_NGINX_PORT)[1]["X-Micro-Cache"] == "HIT"
    # The language is in the path, the path in the key: the English list is an entry of its own.
    english = [micro(client, "/en/projects/") for _ in range(2)]
    assert [r[1]["X-Micro-Cache"] for r in english][1] == "HIT"
    assert english[1][1]["Content-Language"] == "en" and second[1]["Content-Language"] == "zh-hans"
    assert english[1][2] != second[2]
    say(f"micro-cache (N = {VALID_SECONDS} s): /projects/ {first[1]['X-Micro-Cache']} then HIT, the app saw one")


@pytest.mark.parametrize(
    ("name", "headers"),
    [
        ("session cookie", {"Cookie": "csrftoken=abc; sessionid=not-a-session"}),
        ("messages cookie", {"Cookie": "messages=whatever"}),
        ("display-mode cookie", {"Cookie": "kaiqu_display=large"}),
        ("Authorization", {"Authorization": "Basic c3RhY2thZG1pbjp4"}),
    ],
)
def test_personal_requests_bypass_the_micro_cache(stack, name, headers):
    """Neither served from nginx nor stored: the next anonymous GET of the same URL is not a HIT."""
    path = f"/projects/?micro={name.replace(' ', '-')}"
    client = Client()
    warm = micro(client, path)  # an anonymous answer stored for this URL
    assert micro(client, path)[1]["X-Micro-Cache"] == "HIT", warm[1]["X-Micro-Cache"]
    before = app_requests(stack, "/projects/")
    answers = [micro(Client(), path, headers=headers) for _ in range(2)]
    assert [status for status, _, _ in answers] == [200, 200]
    assert [h["X-Micro-Cache"] for _, h, _ in answers] == ["BYPASS", "BYPASS"]
    assert counted(stack, "/projects/", before, 2) == 2  # both reached the app
    # And what the app answered them was not stored for anyone else.
    fresh = f"/projects/?micro={name.replace(' ', '-')}-fresh"
    assert micro(Client(), fresh, headers=headers)[1]["X-Micro-Cache"] == "BYPASS"
    assert micro(Client(), fresh)[1]["X-Micro-Cache"] == "MISS"
    say(f"micro-cache: a request with the {name} → BYPASS (reached the app, stored nothing)")


def test_staff_pages_and_healthz_bypass_the_micro_cache(stack):
    client = Client()
    for path in ["/admin/login/", "/en/admin/login/", "/healthz"]:
        answers = [micro(client, path) for _ in range(2)]
        assert [h.get("X-Micro-Cache") for _, h, _ in answers] == ["BYPASS", "BYPASS"], path
    say("micro-cache: /admin/ and /healthz → BYPASS")


def test_answers_that_set_a_cookie_or_forbid_storing_are_never_stored(stack):
    # The inquiry form sets the CSRF cookie (and says no-store): every visitor gets a token of their own.
    before = app_requests(stack, "/inquiry/")
    answers = [micro(Client(), "/inquiry/") for _ in range(3)]
    for status, headers, _ in answers:
        assert status == 200 and any("csrftoken=" in cookie for cookie in headers.get_all("Set-Cookie") or [])
    assert [headers["X-Micro-Cache"] for _, headers, _ in answers] == ["MISS"] * 3
    tokens = {re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1) for _, _, body in answers}
    assert len(tokens) == 3
    assert counted(stack, "/inquiry/", before, 3) == 3
    # The policy checker sets no cookie but says no-store (its answer is about one enterprise).
    checker = [micro(Client(), "/policies/check/") for _ in range(2)]
    assert "Set-Cookie" not in checker[1][1] and "no-store" in checker[1][1]["Cache-Control"]
    assert [headers["X-Micro-Cache"] for _, headers, _ in checker] == ["MISS", "MISS"]
    say("micro-cache: /inquiry/ (sets csrftoken) and /policies/check/ (no-store) MISS every time, never stored")


def test_the_api_is_keyed_by_accept(stack):
    """An answer stored for one Accept is not served to a client asking for another format."""
    client = Client()
    json_answers = [micro(client, "/api/v1/zones/", headers={"Accept": "application/json"}) for _ in range(2)]
    assert [h["X-Micro-Cache"] for _, h, _ in json_answers][1] == "HIT"
    status, headers, _ = micro(client, "/api/v1/zones/", headers={"Accept": "text/html"})
    assert status == 406 and headers["X-Micro-Cache"] in {"MISS", "EXPIRED"}
    say("micro-cache: /api/v1/zones/ JSON HIT; Accept: text/html still gets the app's 406")


def _login(client: Client, port: int, password: str):
    _, _, body = client.get("/admin/login/", port=port)
    data = form_fields(body.decode(), form_id="login-form")
    data.update(username=ADMIN_USER, password=password, next="/admin/")
    status, _, _ = client.post("/admin/login/", data, port=port)
    assert status == 302, status


def test_after_an_edit_a_page_is_at_most_n_seconds_old(stack):
    staff = Client()
    app = APP_PORTS[0]
    _login(staff, app, stack.admin_password)
    _, _, body = staff.get("/admin/portal/pageblock/?page=about", port=app)
    block_id = re.search(rb"/admin/portal/pageblock/(\d+)/change/", body).group(1).decode()
    change = f"/admin/portal/pageblock/{block_id}/change/"
    _, _, body = staff.get(change, port=app)
    data = form_fields(body.decode(), form_id="pageblock_form")
    new_title = f"微缓存·{time.time_ns()}"
    data.update(title=new_title, _save="Save")

    visitor = Client()
    status, headers, stored = micro(visitor, "/about/")
    stored_at = time.monotonic()
    assert status == 200 and headers["X-Micro-Cache"] in {"MISS", "EXPIRED"}
    assert new_title.encode() not in stored
    status, _, _ = staff.post(change, data, port=app)
    edited_at = time.monotonic()
    assert status == 302
    assert new_title in staff.get("/about/", port=app)[2].decode()  # the app itself is fresh at once
    assert new_title in Client().get("/about/", port=NGINX_PORT)[2].decode()  # and so is nginx without it

    # The micro-cache still serves the page as it was stored: this is the documented staleness.
    status, headers, body = micro(visitor, "/about/")
    served_at = time.monotonic()
    assert served_at - stored_at < VALID_SECONDS, "the machine is too slow for this check"
    assert headers["X-Micro-Cache"] == "HIT" and body == stored

    time.sleep(max(0.0, VALID_SECONDS + 1 - (time.monotonic() - edited_at)))
    status, headers, body = micro(visitor, "/about/")
    assert status == 200 and headers["X-Micro-Cache"] in {"EXPIRED", "MISS"}
    assert new_title in body.decode()
    say(
        f"micro-cache: /about/ edited; {served_at - edited_at:.1f}s later still the old page (HIT), "
        f"{time.monotonic() - edited_at:.1f}s later the new one ({headers['X-Micro-Cache']}); N = {VALID_SECONDS} s"
    )


def test_without_the_micro_cache_nginx_caches_nothing(stack):
    """The default: deploy/nginx.conf alone. No X-Micro-Cache header, every request reaches the app."""
    client = Client()
    before = app_requests(stack, "/projects/")
    answers = [client.get("/projects/", port=NGINX_PORT) for _ in range(3)]
    assert all(status == 200 and "X-Micro-Cache" not in headers for status, headers, _ in answers)
    assert counted(stack, "/projects/", before, 3) == 3
    assert not (stack.nginx_dir / "micro-cache").exists()
    assert (stack.micro_nginx_dir / "micro-cache").is_dir()
    say(f"without the micro-cache: three GETs of /projects/ through nginx :{NGINX_PORT} all reached the app")

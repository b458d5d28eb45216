"""Hostile input over every public entry point of the URL contract (the routes of kaiqu/urls.py).

The rule under test: bad input gets a clear 4xx (or is ignored), never a 500, never a traceback,
never an executed template or script, never a mail storm.
"""

from urllib.parse import quote

import pytest
from django.core import mail
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from projects.models import Project, ProjectImage
from tests.security import images
from tests.security.htmlforms import form_fields

pytestmark = pytest.mark.django_db

PROJECT = "morgan-stanley-lekun-renhe-park"
ENTERPRISE = "xihu-byd"
LIST_PAGES = ["/projects/", "/enterprises/", "/zones/", "/en/projects/", "/en/enterprises/"]
ENTRY_POINTS = [
    "/",
    "/about/",
    "/zones/",
    "/zones/north/",
    "/projects/",
    f"/projects/{PROJECT}/",
    "/enterprises/",
    f"/enterprises/{ENTERPRISE}/",
    "/inquiry/",
    "/inquiry/status/",
    "/privacy/",
    "/healthz",
    "/sitemap.xml",
    "/robots.txt",
    "/en/",
    "/en/about/",
    "/en/projects/",
    f"/en/enterprises/{ENTERPRISE}/",
    "/en/inquiry/",
]
SQL = "' OR 1=1 --"
TEMPLATE = "{{ 4649|add:1 }}{% debug %}{% load log %}{% now 'Y' %}"
SCRIPT = '"><script>alert(1)</script>'
HOSTILE_QUERIES = [
    "page=abc",
    "page=-1",
    "page=0",
    "page=1.5",
    "page=99999999999999999999999999",
    f"q={SQL}",
    "q=%7B%7B%207*7%20%7D%7D%7B%25%20debug%20%25%7D",
    "q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "q=%ff%fe%00",
    "q=%00",
    "q=" + quote("长" * 5000),
    "zone=../../etc/passwd&chain=%27&stage=%3B",
    "year=99999999999&min_investment=NaN&max_investment=1e400",
    "min_investment=-inf&max_investment=abc",
    "sort=-id;DROP TABLE projects_project&sort=__class__",
    "tag=%ff&grid=-1&stage=<x>",
    "zone=north&zone=south&zone=&page=1&page=2",
    "q[]=1&q[a]=2&=&&&==",
]


def assert_not_server_error(response, context=""):
    assert response.status_code < 500, (context, response.status_code)
    body = response.content
    assert b"Traceback" not in body and b"SECRET_KEY" not in body, context


# --- every entry point answers plain requests (the contract) --------------------------------
@pytest.mark.parametrize("path", ENTRY_POINTS)
def test_entry_point_answers(client, public, path):
    response = client.get(path)
    assert response.status_code == 200, path


# --- malformed and oversized query strings ---------------------------------------------------
@pytest.mark.parametrize("query", HOSTILE_QUERIES)
@pytest.mark.parametrize("path", LIST_PAGES)
def test_hostile_query_on_list_pages(client, public, path, query):
    response = client.get(path, QUERY_STRING=query)
    assert_not_server_error(response, f"{path}?{query}")
    assert b"<script>alert(1)</script>" not in response.content
    assert b"{% debug %}" not in response.content or b"{&#x27;" not in response.content


@pytest.mark.parametrize("query", [f"q={SQL}", "page=%ff", "x=" + "a" * 20000, "a=1&" * 150])
@pytest.mark.parametrize("path", ENTRY_POINTS)
def test_hostile_query_on_every_entry_point(client, public, path, query):
    assert_not_server_error(client.get(path, QUERY_STRING=query), f"{path}?{query}")


@pytest.mark.parametrize("path", ["/projects/", "/enterprises/", "/en/projects/"])
def test_page_past_the_end_is_404(client, public, path):
    response = client.get(path, {"page": "999999"})
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/projects/", "/enterprises/", "/zones/", "/inquiry/status/"])
def test_nul_in_the_query_string_is_not_an_error(client, public, path):
    # PostgreSQL refuses NUL in text: the views must drop or refuse it before it reaches a query.
    assert client.get(path, QUERY_STRING="q=a%00b&zone=%00&page=%00").status_code in {200, 400, 404}


@pytest.mark.parametrize("path", ["/projects/", "/enterprises/"])
def test_too_many_query_fields_is_400(client, public, path):
    query = "&".join(f"f{n}=1" for n in range(300))
    assert client.get(path, QUERY_STRING=query).status_code == 400


# --- unknown or malformed hosts --------------------------------------------------------------
@pytest.mark.parametrize(
    "host",
    ["evil.example.net", "127.0.0.1:8000@evil.example.net", "[::1", "a" * 300, "invest.example.gov.cn.evil.net"],
)
@pytest.mark.parametrize("path", ["/", "/projects/", "/inquiry/", "/healthz", "/admin/login/"])
def test_unknown_host_is_400_without_mail(client, public, path, host, settings):
    settings.ADMINS = [("ops", "ops@example.gov.cn")]  # Django's mail_admins handler would write to them
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 400
    assert mail.outbox == []


# --- detail keys and paths -------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/projects/99999999999999999999999999999/",
        "/projects/%C2%B2/",  # "²": isdigit() but not int()
        "/projects/%ff%fe/",
        f"/projects/{SQL}/",
        "/projects/%7B%7Bx%7D%7D/",
        "/enterprises/99999999999999999999999999999/",
        "/enterprises/-1/",
        "/enterprises/%00/",
        "/projects/%00/",
        "/zones/north%00/",
        "/zones/%ff/",
        "/zones/../../etc/passwd/",
        "/en/projects/%C2%B2/",
    ],
)
def test_hostile_detail_keys_are_404(client, public, path):
    response = client.get(path)
    assert response.status_code == 404, path


@pytest.mark.parametrize(
    "path",
    [
        "/media/../kaiqu/settings.py",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/..%2f..%2fmanage.py",
        "/static/../kaiqu/settings.py",
        "/static/%2e%2e/kaiqu/settings.py",
        "/media/projects/images/../../../../etc/passwd",
    ],
)
def test_path_traversal_in_media_and_static_urls(client, public, path):
    response = client.get(path)
    assert response.status_code in {400, 404}
    assert b"SECRET_KEY" not in response.content and b"root:" not in response.content


# --- methods and CSRF ------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize(
    "path", ["/", "/about/", "/projects/", f"/projects/{PROJECT}/", "/enterprises/", "/zones/north/", "/healthz"]
)
def test_wrong_method_is_405(client, public, path, method):
    assert getattr(client, method)(path).status_code == 405


@pytest.mark.parametrize("path", ["/", "/projects/", "/privacy/", "/robots.txt", "/healthz"])
def test_post_to_a_read_only_page_is_405(client, public, path):
    assert client.post(path, {"a": "b"}).status_code == 405


@pytest.mark.parametrize("path", ["/inquiry/", "/en/inquiry/", "/admin/login/", "/inquiry/status/"])
def test_post_without_csrf_token_is_403(public, path):
    client = Client(enforce_csrf_checks=True)
    client.get(path)  # has the cookie, but the form's token is missing
    response = client.post(path, {"email": "a@example.com", "username": "x", "password": "y"})
    assert response.status_code in {403, 405}  # 405 where the page takes no POST at all
    if path != "/inquiry/status/":
        assert response.status_code == 403


# --- oversized and malformed bodies ----------------------------------------------------------
def test_oversized_form_body_is_400(public, settings):
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "A" * 32  # a CSRF cookie, so the middleware goes on to read the body
    body = "message=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post("/inquiry/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_too_many_fields_in_a_body_is_400(public):
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "A" * 32
    body = "&".join(f"f{n}=1" for n in range(500))
    response = client.post("/inquiry/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"email=%ff%fe&message=\xff\xfe\xfd", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00\x00garbage", "application/x-www-form-urlencoded; charset=utf-8"),
        (b"email=a", "application/x-www-form-urlencoded; charset=no-such-charset"),
        (b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x', "multipart/form-data; boundary=x"),
        (b"not multipart at all", "multipart/form-data"),
        (b'{"email": "a@example.com"}', "application/json"),
    ],
    ids=["latin-bytes", "utf16-bom", "unknown-charset", "truncated-multipart", "multipart-no-boundary", "json"],
)
@pytest.mark.parametrize("path", ["/inquiry/", "/inquiry/status/"])
def test_malformed_bodies_never_500(client, public, path, body, content_type):
    assert_not_server_error(client.generic("POST", path, body, content_type=content_type), path)


@pytest.mark.parametrize("payload", [SQL, TEMPLATE, SCRIPT, "\x00", "\u202e\ufeff", "𠜎" * 3000])
def test_metacharacters_in_every_inquiry_field(client, public, payload):
    page = client.get("/inquiry/")
    data = form_fields(page.content.decode())
    for name in list(data) + ["contact_name", "company", "email", "phone", "message", "land_need", "investment"]:
        if name not in {"csrfmiddlewaretoken"}:
            data[name] = payload
    response = client.post("/inquiry/", data)
    assert_not_server_error(response, payload)
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize("payload", [SQL, TEMPLATE, SCRIPT])
def test_metacharacters_in_status_lookup(client, public, payload):
    for response in [
        client.get("/inquiry/status/", {"reference": payload, "email": payload, "phone": payload}),
        client.post("/inquiry/status/", {"reference": payload, "email": payload, "phone": payload}),
    ]:
        assert_not_server_error(response, payload)
        assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize("payload", [SQL, TEMPLATE, SCRIPT])
def test_metacharacters_in_stored_content_are_shown_as_text(client, public, payload):
    project = Project.objects.public().get(slug=PROJECT)
    Project.objects.filter(pk=project.pk).update(name=payload, summary=payload, investor=payload)
    for path in [f"/projects/{PROJECT}/", "/projects/", "/"]:
        response = client.get(path)
        assert_not_server_error(response, path)
        assert b"<script>alert(1)</script>" not in response.content
        assert b"4650" not in response.content  # the template in the content was not evaluated


# --- image bombs and disguised files through the admin forms ---------------------------------
@pytest.fixture
def staff_client(client, public):
    from tests.factories import UserFactory

    user = UserFactory(username="editor", is_superuser=True)
    client.force_login(user)
    return client


def _post_project_with_image(client, data_bytes: bytes, name: str):
    project = Project.objects.get(slug=PROJECT)
    url = f"/admin/projects/project/{project.pk}/change/"
    data = form_fields(client.get(url).content.decode(), form_id="project_form")
    prefix = "images"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-alt_text": "上传测试",
            f"{prefix}-0-order": "0",
            f"{prefix}-0-project": str(project.pk),
        }
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    data[f"{prefix}-0-image"] = SimpleUploadedFile(name, data_bytes)
    data["_save"] = "Save"
    return project, client.post(url, data)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (images.png_header_only(100_000, 100_000), "bomb.png"),
        (images.png_header_only(9_000, 9_000), "big.png"),
        (images.SVG, "logo.svg"),
        (images.SVG, "photo.jpg"),
        (images.HTML, "photo.png"),
        (images.gif(), "anim.gif"),
    ],
    ids=["bomb", "over-pixel-cap", "svg", "svg-as-jpg", "html-as-png", "gif"],
)
def test_admin_refuses_bombs_and_disguised_files(staff_client, data, name):
    project, response = _post_project_with_image(staff_client, data, name)
    assert response.status_code == 200  # the form again, with the error on the image
    assert "errornote" in response.content.decode() or "errorlist" in response.content.decode()
    assert not ProjectImage.objects.filter(project=project).exists()


def test_admin_accepts_a_real_photo_and_strips_it(staff_client):
    project, response = _post_project_with_image(staff_client, images.jpeg(size=(1000, 500), comment=b"<x>"), "a.html")
    assert response.status_code == 302, response.content.decode()[:3000]
    image = ProjectImage.objects.get(project=project)
    assert image.image.name.endswith(".jpg") and image.thumbnail.name.endswith(".webp")
    with image.image.open("rb") as f:
        assert b"<x>" not in f.read()


def test_admin_refuses_svg_logo(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from enterprises.models import Enterprise

    enterprise = Enterprise.objects.get(slug=ENTERPRISE)
    url = f"/admin/enterprises/enterprise/{enterprise.pk}/change/"
    data = form_fields(staff_client.get(url).content.decode(), form_id="enterprise_form")
    data["logo"] = SimpleUploadedFile("logo.png", images.SVG)
    data["_save"] = "Save"
    response = staff_client.post(url, data)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    enterprise.refresh_from_db()
    assert not enterprise.logo


# --- property test: random query strings at every list page ---------------------------------
query_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
query_pairs = st.lists(
    st.tuples(
        st.sampled_from(["q", "zone", "chain", "stage", "year", "min_investment", "max_investment", "sort", "page"])
        | st.sampled_from(["tag", "grid", "industry"])
        | query_text,
        query_text | st.integers(min_value=-(10**30), max_value=10**30).map(str),
    ),
    max_size=6,
)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=query_pairs, raw=st.binary(max_size=40))
def test_random_query_strings_never_500(client, public, pairs, raw):
    from urllib.parse import quote, urlencode

    query = urlencode(pairs) + "&" + quote(raw)
    for path in LIST_PAGES:
        response = client.get(path, QUERY_STRING=query)
        assert response.status_code < 500, (path, query)

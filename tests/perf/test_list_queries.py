"""Query counts of the directories at two table sizes, deep pages included (docs/style.md: pinned at two sizes)."""

import pytest
from django.core.management import call_command
from django.utils import translation

from core.directory import by_display_name
from core.pagination import FastPaginator
from projects.models import Project

pytestmark = pytest.mark.django_db

PAGES = [
    "/projects/",
    "/projects/?page=2",
    "/projects/?zone=north&stage=construction",
    "/projects/?q=示例",
    "/projects/?sort=investment&page=2",
    "/enterprises/",
    "/enterprises/?page=2",
    "/spaces/",
    "/spaces/?page=2",
    "/spaces/?kind=factory&min_power_kva=500&tenure=lease&chain=new-materials",
    "/spaces/?q=示例&status=all",
    "/spaces/?sort=area_desc&page=2",
    "/zones/south/",
    "/",
]


def _demo(n):
    call_command("generate_demo_data", projects=n, enterprises=n, spaces=n, stdout=open("/dev/null", "w"))  # noqa: SIM115


def _queries(client, django_assert_max_num_queries, url, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url, HTTP_COOKIE="sessionid=none")  # a session cookie: bypass the page cache
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", PAGES)
def test_query_count_does_not_grow_with_rows(seeded, client, django_assert_max_num_queries, url):
    _demo(45)
    small = _queries(client, django_assert_max_num_queries, url, 12)
    _demo(200)
    large = _queries(client, django_assert_max_num_queries, url, 12)
    assert large == small


def test_count_is_remembered_until_content_changes(seeded, client, django_assert_num_queries):
    _demo(45)
    client.get("/projects/", HTTP_COOKIE="sessionid=none")
    with django_assert_num_queries(0):  # the page's rows, the count and the choices come from the cache
        client.get("/projects/", HTTP_COOKIE="sessionid=none")
    _demo(5)
    response = client.get("/projects/", HTTP_COOKIE="sessionid=none")
    assert response.context["paginator"].count == Project.objects.public().count()


def test_page_rows_are_remembered_until_content_changes(seeded, client):
    _demo(45)
    first = client.get("/projects/?page=2", HTTP_COOKIE="sessionid=none").context["object_list"][0]
    first.is_published = False
    first.save()
    response = client.get("/projects/?page=2", HTTP_COOKIE="sessionid=none")
    shown = [project.pk for project in response.context["object_list"]]
    assert first.pk not in shown
    assert shown == list(Project.objects.public().newest_first().values_list("pk", flat=True)[20:40])
    assert first.name not in response.content.decode()


def test_remembered_rows_follow_the_language_of_the_name_sort(seeded, client):
    _demo(45)
    for prefix in ("", "/en", ""):
        response = client.get(f"{prefix}/projects/?sort=name", HTTP_COOKIE="sessionid=none")
        language = "en" if prefix else "zh-hans"
        with translation.override(language):
            expected = list(by_display_name(Project.objects.public()).values_list("pk", flat=True)[:20])
        assert [project.pk for project in response.context["object_list"]] == expected, language


def test_deep_page_holds_the_same_rows_as_plain_offset(seeded):
    _demo(90)
    queryset = Project.objects.public().order_by("-signed_on", "-id")
    paginator = FastPaginator(queryset, 20)
    last = paginator.num_pages
    expected = list(queryset[(last - 1) * 20 :])
    assert list(paginator.page(last).object_list) == expected
    assert list(paginator.page(2).object_list) == list(queryset[20:40])


def test_the_last_page_by_name_redirects_to_its_number_whose_answer_is_stored(seeded, client):
    _demo(45)
    last = FastPaginator(Project.objects.public(), 20).num_pages
    response = client.get("/projects/?zone=&page=last&sort=newest")
    assert response.status_code == 302
    assert response["Location"] == f"/projects/?zone=&page={last}&sort=newest"
    assert client.get(f"/projects/?page={last}").status_code == 200
    assert client.get(f"/projects/?page={last}")["X-Page-Cache"] == "hit"
    assert client.get("/projects/?page=last")["Location"] == f"/projects/?page={last}"
    assert (
        client.get("/projects/?q=没有这个词&page=last")["Location"]
        == "/projects/?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA%E8%AF%8D"
    )


@pytest.mark.parametrize(
    "url", ["/projects/", "/enterprises/", "/spaces/", "/api/v1/projects/", "/api/v1/enterprises/"]
)
def test_a_page_whose_cards_are_remembered_reads_no_row(seeded, client, monkeypatch, url):
    """Its rows are known by their identities (core.pagination.PageRows): with every card (and the
    spaces' map) in the cache, the rows are neither queried nor unpickled from the cache."""
    from core.pagination import PageRows

    _demo(45)
    first = client.get(url, HTTP_COOKIE="sessionid=none")
    loads = []
    original = PageRows.rows.fget
    monkeypatch.setattr(PageRows, "rows", property(lambda self: loads.append(1) or original(self)))
    second = client.get(url, HTTP_COOKIE="sessionid=none")
    assert second.status_code == 200
    assert second.content == first.content
    assert loads == []


def test_a_changed_row_gets_its_card_and_map_rendered_again(seeded, client):
    from spaces.models import Space

    _demo(45)
    client.get("/spaces/", HTTP_COOKIE="sessionid=none")
    space = Space.objects.public().newest_first().first()
    space.name = "改名后的示例空间"
    space.save()
    page = client.get("/spaces/", HTTP_COOKIE="sessionid=none").content.decode()
    assert page.count("改名后的示例空间") >= 1 + (space.latitude is not None)  # the card, and the map when placed

"""/search/?q=: projects, enterprises and policies, grouped, in both languages."""

import pytest

from tests.factories import EnterpriseFactory, ProjectFactory, SpaceFactory
from tests.policies.factories import PolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(db):
    for row in [
        ProjectFactory(slug="battery-plant", name="动力电池工厂", name_en="Power battery plant"),
        ProjectFactory(slug="pump", name="水泵项目", name_en="Pump project"),
        EnterpriseFactory(slug="battery-co", name="电池科技公司", name_en="Battery Tech Co"),
    ]:
        row.refresh_search()  # as the services do on save
        row.save()
    SpaceFactory(slug="battery-hall", name="电池产业厂房", name_en="Battery industry hall")
    PolicyFactory(slug="battery-policy", title="新能源电池扶持政策", title_en="Battery support policy")
    PolicyFactory(slug="hidden", title="电池内部政策", is_published=False)


@pytest.mark.parametrize(("url", "q"), [("/search/", "电池"), ("/en/search/", "battery")])
def test_search_groups_results_across_directories(client, rows, url, q):
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    groups = {g["key"]: [row.slug for row in g["rows"]] for g in response.context["groups"]}
    assert groups == {
        "projects": ["battery-plant"],
        "enterprises": ["battery-co"],
        "spaces": ["battery-hall"],
        "policies": ["battery-policy"],
    }
    page = response.content.decode()
    assert "/projects/battery-plant/" in page and "/policies/battery-policy/" in page


def test_search_uses_the_tokenised_index_words_in_any_order(client, rows):
    groups = client.get("/search/", {"q": "工厂 动力"}).context["groups"]
    assert [row.slug for row in groups[0]["rows"]] == ["battery-plant"]


def test_too_long_query_is_an_error_not_a_500(client, rows):
    response = client.get("/search/", {"q": "x" * 201})
    assert response.status_code == 200 and response.context["form"].errors and not response.context["groups"]


def test_search_and_open_data_pages_in_sitemap_with_alternates(client, db):
    body = client.get("/sitemap.xml").content.decode()
    for path in ["/search/", "/data/", "/api/docs/"]:
        assert f"<loc>http://testserver{path}</loc>" in body
        assert f'hreflang="en" href="http://testserver/en{path}"' in body

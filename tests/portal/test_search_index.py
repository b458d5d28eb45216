"""Issue 24, item 7: search finds what the cards show, and the header and footer lead to search and data.

The index holds, besides a row's own text, its zone's and industry's names, its stage, kind, status
or level labels in both languages, a space's target industries and a policy's themes, industries
and measures. Item 8: the filters fold once applied, so the results come first on a phone.
"""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from enterprises.models import Enterprise
from policies.models import Policy
from projects.models import Project
from projects.services import project_save
from spaces.models import Space
from tests.factories import EnterpriseFactory, IndustryFactory, ProjectFactory, SpaceFactory, ZoneFactory
from tests.policies.factories import MeasureFactory, PolicyFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def found(client, url: str, q: str) -> dict[str, list[str]]:
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return {group["key"]: [row.slug for row in group["rows"]] for group in response.context["groups"]}


@pytest.fixture
def new_energy(db):
    """A project, an enterprise, a space and a policy of the new-energy industry, as the article's data has."""
    industry = IndustryFactory(name="新能源", name_en="New energy", slug="new-energy")
    south = ZoneFactory(name="南创", name_en="South: Innovation", slug="south")
    project = ProjectFactory.build(
        slug="battery-base", name="动力电池基地", name_en="Battery base", industry=industry, zone=south
    )
    project_save(project=project)
    # A plain save refreshes the search text too (core.directory.connect_search_signals).
    enterprise = EnterpriseFactory(slug="cell-maker", name="某电芯公司", name_en="A cell maker", industry=industry)
    space = SpaceFactory(slug="hall-5", name="标准厂房5号", name_en="Standard factory 5", zone=south)
    space.target_industries.add(industry)  # as the admin saves a space's industries: after the row
    policy = PolicyFactory(slug="green-policy", title="绿色制造扶持办法", title_en="Support for green manufacturing")
    policy.industries.add(industry)
    MeasureFactory(policy=policy, title="固定资产投资补助", title_en="Fixed-asset investment subsidy")
    return {"project": project, "enterprise": enterprise, "space": space, "policy": policy}


@pytest.mark.parametrize(
    ("url", "q"), [("/en/search/", "new energy"), ("/search/", "新能源"), ("/en/search/", "New Energy")]
)
def test_the_industry_name_finds_every_directory_in_both_languages(client, new_energy, url, q):
    assert found(client, url, q) == {
        "projects": ["battery-base"],
        "enterprises": ["cell-maker"],
        "spaces": ["hall-5"],
        "policies": ["green-policy"],
        "news": [],  # a news item names no industry of its own
    }


@pytest.mark.parametrize("q", ["subsidy", "投资补助"])
def test_a_measure_title_finds_its_policy(client, new_energy, q):
    assert found(client, "/en/search/", q)["policies"] == ["green-policy"]


def test_measures_and_themes_changed_later_are_found_and_a_deleted_measure_no_longer(client, new_energy):
    policy = new_energy["policy"]
    measure = MeasureFactory(policy=policy, title="人才安居补贴", title_en="Housing allowance for talent")
    assert found(client, "/en/search/", "housing allowance")["policies"] == ["green-policy"]
    policy.themes.add(ThemeFactory(slug="carbon", name="双碳", name_en="Carbon peak"))
    assert found(client, "/en/search/", "carbon peak")["policies"] == ["green-policy"]
    measure.delete()
    assert found(client, "/en/search/", "housing allowance")["policies"] == []


def test_zone_and_stage_labels_are_searched_in_both_languages(client, new_energy):
    project = new_energy["project"]
    project.stage = Project.Stage.PRODUCTION
    project.production_on = datetime.date(2024, 5, 1)
    project.started_on = datetime.date(2022, 5, 1)
    project_save(project=project, previous_stage=Project.Stage.SIGNED)
    with translation.override("zh-hans"):
        production_zh = str(Project.Stage.PRODUCTION.label)
    assert production_zh != "In production"  # the Chinese label exists, so both are indexed
    for url, q in [("/en/search/", "in production south"), ("/search/", f"{production_zh} 南创")]:
        assert found(client, url, q)["projects"] == ["battery-base"]


def test_a_space_being_fitted_out_is_found_and_its_status_shown(client, db):
    SpaceFactory(
        slug="south-83-mu",
        name="南创83亩存量空间",
        name_en="83 mu of existing space in the south",
        kind=Space.Kind.RENEWAL,
        status=Space.Status.FITTING,
    )
    response = client.get("/search/", {"q": "83亩"})
    groups = {group["key"]: group for group in response.context["groups"]}
    assert [row.slug for row in groups["spaces"]["rows"]] == ["south-83-mu"]
    page = response.content.decode()
    with translation.override("zh-hans"):
        status = str(Space.Status.FITTING.label)
    assert re.search(rf'href="/spaces/south-83-mu/".*?space-status-fitting">{status}<', page, re.S)
    # The group's own page links to the list with every status, so the list shows it too.
    english = client.get("/en/search/", {"q": "83 mu", "type": "spaces"})
    assert [row.slug for row in english.context["page_obj"].object_list] == ["south-83-mu"]
    assert "status=all" in english.context["list_url"]


def test_the_refresh_command_and_migration_rewrite_stale_search_text(client, new_energy):
    """Rows written before the index held labels and names: the migration (and the command) fill them."""
    from importlib import import_module

    from django.apps import apps

    for model in (Project, Enterprise, Space, Policy):
        model.objects.update(search_text="", search_tokens="")
    assert found(client, "/en/search/", "new energy") == {
        k: [] for k in ("projects", "enterprises", "spaces", "policies", "news")
    }
    import_module("portal.migrations.0008_refresh_search_text").refresh(apps, None)
    assert found(client, "/en/search/", "new energy")["spaces"] == ["hall-5"]
    Space.objects.update(search_text="", search_tokens="")
    call_command("refresh_search", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert found(client, "/en/search/", "new energy")["spaces"] == ["hall-5"]


def test_sample_spaces_are_found_by_their_target_industries(client, db):
    """The demo writer adds the industries in bulk (no signal): it refreshes the text itself."""
    from portal.demo.spaces import demo_spaces_generate

    for slug, name, name_en in [("new-energy", "新能源", "New energy"), ("life-health", "生命健康", "Life and health")]:
        IndustryFactory(slug=slug, name=name, name_en=name_en)
    ZoneFactory()
    demo_spaces_generate(count=12)
    targeted = Space.objects.filter(target_industries__slug="new-energy").values_list("pk", flat=True)
    assert targeted
    assert set(Space.objects.search("new energy").values_list("pk", flat=True)) == set(targeted)


# --- item 7: where search and data are linked --------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "search", "data"), [("", "/search/", "/data/"), ("/en", "/en/search/", "/en/data/")]
)
def test_every_page_has_a_labelled_search_box_and_links_the_data_catalogue(client, db, prefix, search, data):
    for path in ["/", "/projects/", "/policies/"]:
        page = client.get(prefix + path).content.decode()
        header = page[page.index("<header") : page.index("</header>")]
        form = re.search(r'<form class="header-search" method="get" action="([^"]+)"[^>]*role="search"', header)
        assert form and form.group(1) == search, path
        field = re.search(r'<input type="search" id="(header-q)" name="q"', header)
        assert field and f'<label for="{field.group(1)}"' in header
        footer = page[page.index("<footer") : page.index("</footer>")]
        assert f'href="{data}"' in footer, path
    assert client.get(data).status_code == 200


# --- item 8: the filters fold once applied ------------------------------------------------------------


@pytest.mark.parametrize("path", ["/projects/", "/enterprises/", "/spaces/", "/policies/"])
def test_filters_are_open_until_one_is_applied_then_folded_with_what_is_applied(client, db, path):
    ZoneFactory(slug="south", name="南创", name_en="South: Innovation")
    page = client.get(path).content.decode()
    assert re.search(r'<details class="filter-panel" open>', page)
    page = client.get(f"/en{path}", {"zone": "south"} if path != "/policies/" else {"level": "zone"}).content.decode()
    panel = re.search(r'<details class="filter-panel"( open)?>\s*<summary[^>]*>(.*?)</summary>', page, re.S)
    assert panel and panel.group(1) is None, "an applied filter leaves the form folded"
    label = "Level" if path == "/policies/" else "Zone"
    assert re.sub(r"<[^>]+>|\s+", " ", panel.group(2)).split() == ["Filters", "1", "applied:", label]
    # The results follow the folded form at once: the count is the next heading.
    assert page.index("</details>") < page.index('id="results-heading"')


def test_a_filter_to_correct_keeps_the_form_open(client, db):
    page = client.get("/spaces/", {"min_area": "-5"}).content.decode()
    assert '<details class="filter-panel" open>' in page and 'role="alert"' in page

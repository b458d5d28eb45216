"""The industry pages (issue 28): presence derived from the records, targets with the prefilled inquiry
link, fixed query counts, the reserved `targets` slug, both languages."""

from types import SimpleNamespace
from xml.etree import ElementTree

import pytest

from industries.models import ChainNode
from portal.chains import MISSING, PARTIAL, PRESENT, SAMPLE, Counts, presence
from tests.factories import IndustryFactory, SpaceFactory, ZoneFactory
from tests.policies.factories import PolicyFactory
from tests.publicsite.builders import count_queries, make_enterprise, make_project

pytestmark = pytest.mark.django_db


def link(industry, name, *, stage=ChainNode.Stage.MIDSTREAM, parent=None, **fields):
    node = ChainNode(industry=industry, stage=stage, name=name, parent=parent, **fields)
    node.full_clean()
    node.save()
    return node


def target(industry, name, brief="寻找先进封装企业。", **fields):
    return link(industry, name, is_target=True, target_kind=ChainNode.TargetKind.FILL, target_brief=brief, **fields)


@pytest.fixture
def chips(db):
    return IndustryFactory(slug="chips", name="集成电路", name_en="Integrated circuits", category="chain")


@pytest.fixture
def zone(db):
    return ZoneFactory(slug="north", name="北智")


def state_on_page(client, industry, node):
    response = client.get(f"/industries/{industry.slug}/")
    assert response.status_code == 200
    return response.context["states"][node.pk]


# The rule itself, as a pure function of the links and the counts.


def nodes(*pairs):
    return [SimpleNamespace(pk=pk, parent_id=parent) for pk, parent in pairs]


def test_presence_of_a_link_without_sub_links_follows_its_own_records():
    links = nodes((1, None), (2, None), (3, None))
    states = presence(links, {1: Counts(real=1, sample=3), 2: Counts(sample=2)})
    assert states == {1: PRESENT, 2: SAMPLE, 3: MISSING}


def test_a_link_is_partial_when_only_some_sub_links_are_present_and_present_when_all_are():
    links = nodes((1, None), (2, 1), (3, 1), (4, None), (5, 4), (6, 4))
    states = presence(links, {2: Counts(real=1), 5: Counts(real=2), 6: Counts(real=1)})
    assert states[1] == PARTIAL and states[2] == PRESENT and states[3] == MISSING
    assert states[4] == PRESENT


def test_a_real_record_on_the_link_itself_makes_it_present_whatever_its_sub_links():
    links = nodes((1, None), (2, 1))
    assert presence(links, {1: Counts(real=1)}) == {1: PRESENT, 2: MISSING}


def test_a_link_with_only_sample_records_below_it_is_sample_and_a_grandchild_counts():
    links = nodes((1, None), (2, 1), (3, 2))
    assert presence(links, {3: Counts(sample=1)}) == {1: SAMPLE, 2: SAMPLE, 3: SAMPLE}
    assert presence(links, {3: Counts(real=1)}) == {1: PRESENT, 2: PRESENT, 3: PRESENT}


def test_presence_does_not_loop_on_a_cycle():
    links = nodes((1, 2), (2, 1))
    assert set(presence(links, {1: Counts(real=1)})) == {1, 2}


# Presence on the page follows the records, through the page cache.


def test_publishing_the_first_real_firm_makes_a_link_present_and_unpublishing_makes_it_missing(client, chips, zone):
    design = link(chips, "芯片设计")
    assert state_on_page(client, chips, design) == MISSING
    firm = make_enterprise(name="某设计公司", zone=zone, industry=chips, chain_node=design, is_published=False)
    assert state_on_page(client, chips, design) == MISSING
    firm.is_published = True
    firm.save()
    assert state_on_page(client, chips, design) == PRESENT
    firm.is_published = False
    firm.save()
    assert state_on_page(client, chips, design) == MISSING


def test_a_link_with_only_sample_firms_shows_as_sample(client, chips, zone):
    design = link(chips, "芯片设计")
    make_enterprise(name="示例设计公司", zone=zone, industry=chips, chain_node=design, is_demo=True)
    assert state_on_page(client, chips, design) == SAMPLE
    body = client.get("/industries/chips/").content.decode()
    assert "chain-node-sample" in body and "示例设计公司" in body and "badge-demo" in body
    make_project(name="真实项目", zone=zone, industry=chips, chain_node=design)
    assert state_on_page(client, chips, design) == PRESENT


def test_a_parent_link_is_partial_when_one_of_two_sub_links_is_present(client, chips, zone):
    top = link(chips, "制造")
    wafer = link(chips, "晶圆", parent=top)
    link(chips, "封测", parent=top)
    make_project(name="晶圆项目", zone=zone, industry=chips, chain_node=wafer)
    response = client.get("/industries/chips/")
    body = response.content.decode()
    assert response.context["states"][top.pk] == PARTIAL
    assert "chain-node-partial" in body and "部分在区" in body


# What the pages show.


def test_detail_page_lists_targets_with_the_prefilled_inquiry_link(client, chips, zone):
    design = link(chips, "芯片设计", stage=ChainNode.Stage.UPSTREAM)
    packaging = target(chips, "先进封装", parent=design)
    body = client.get("/industries/chips/").content.decode()
    assert f'href="/inquiry/?industry=chips&amp;node={packaging.pk}"' in body
    assert "寻找先进封装企业。" in body
    assert '<svg class="chain-diagram"' in body and 'role="img"' in body and "<title" in body and "<desc" in body
    assert " style=" not in body.split('<main id="main"')[1]  # the CSP forbids inline styles


def test_target_list_covers_every_chain_and_is_not_taken_as_a_slug(client, chips):
    other = IndustryFactory(slug="life-health", name="生命健康", category="chain")
    first = target(chips, "先进封装")
    second = target(other, "医疗器械", brief="寻找医疗器械企业。")
    link(other, "不是目标")
    response = client.get("/industries/targets/")
    assert response.status_code == 200
    assert response.templates[0].name == "industries/target_list.html"
    body = response.content.decode()
    for node in (first, second):
        assert f'href="/inquiry/?industry={node.industry.slug}&amp;node={node.pk}"' in body
    assert "不是目标" not in body and "寻找医疗器械企业。" in body


def test_unknown_industry_is_404(client, db):
    assert client.get("/industries/atlantis/").status_code == 404
    assert client.get("/en/industries/atlantis/").status_code == 404


def test_list_groups_the_industries_with_published_counts(client, chips, zone):
    make_project(name="公开项目", zone=zone, industry=chips)
    make_project(name="隐藏项目", zone=zone, industry=chips, is_published=False)
    make_enterprise(zone=zone, industry=chips)
    response = client.get("/industries/")
    (shown,) = response.context["industry_groups"]["chain"]
    assert (shown.project_count, shown.enterprise_count, shown.target_count) == (1, 1, 0)
    assert 'href="/industries/chips/"' in response.content.decode()


def test_detail_shows_only_published_records_lead_firms_spaces_policies_and_disclosed_investment(client, chips, zone):
    design = link(chips, "芯片设计")
    make_enterprise(name="链主公司", zone=zone, industry=chips, lead_of=chips)
    make_enterprise(name="隐藏公司", zone=zone, industry=chips, chain_node=design, is_published=False)
    make_project(name="披露项目", zone=zone, industry=chips, chain_node=design)
    make_project(
        name="未披露项目", zone=zone, industry=chips, chain_node=design, investment_disclosed=False, investment=None
    )
    space = SpaceFactory(zone=zone, name="集成电路厂房")
    space.target_industries.add(chips)
    named = PolicyFactory(title="集成电路专项政策")
    named.industries.add(chips)
    PolicyFactory(title="普惠政策")  # no industry: open to every industry
    response = client.get("/industries/chips/")
    body = response.content.decode()
    for text in ("链主公司", "披露项目", "未披露项目", "集成电路厂房", "集成电路专项政策", "普惠政策"):
        assert text in body, text
    assert "隐藏公司" not in body
    assert response.context["project_totals"]["count"] == 2
    assert response.context["project_totals"]["investment"] == 10.5  # the undisclosed one is not a zero


@pytest.mark.parametrize(
    ("prefix", "expected", "absent"),
    [
        (
            "/en",
            (
                "Integrated circuits",
                "Not yet in the zone",
                "Tell us you can fill this",
                "Investment targets",
                "Upstream",
            ),
            ("尚未在区", "上游", "招商目标"),
        ),
        ("", ("集成电路", "尚未在区", "我能承接", "招商目标", "上游"), ("Not yet in the zone", "Upstream")),
    ],
)
def test_pages_read_in_each_language(client, chips, prefix, expected, absent):
    link(chips, "芯片设计", name_en="Chip design", stage=ChainNode.Stage.UPSTREAM)
    target(chips, "先进封装", name_en="Advanced packaging", target_brief_en="Packaging firms wanted.")
    body = client.get(f"{prefix}/industries/chips/").content.decode()
    for text in expected:
        assert text in body, text
    for text in absent:
        assert text not in body, text
    if prefix:
        assert "Chip design" in body and "Packaging firms wanted." in body and "芯片设计" not in body


def test_query_counts_do_not_grow_with_rows(client, chips, zone):
    def grow(n):
        for i in range(n):
            node = link(
                chips,
                f"环节{ChainNode.objects.count()}",
                is_target=i % 2 == 0,
                target_kind=ChainNode.TargetKind.FILL if i % 2 == 0 else "",
                target_brief="简介" if i % 2 == 0 else "",
            )
            link(chips, f"子环节{node.pk}", parent=node)
            make_enterprise(zone=zone, industry=chips, chain_node=node, lead_of=chips if i == 0 else None)
            make_project(zone=zone, industry=chips, chain_node=node, is_demo=i % 3 == 0)

    urls = ("/industries/", "/industries/chips/", "/industries/targets/", "/en/industries/chips/")
    grow(2)
    small = [count_queries(client, url) for url in urls]
    grow(20)
    large = [count_queries(client, url) for url in urls]
    # list: industries with counts; detail: industry, links, two presence counts, enterprises and projects on
    # the links, lead firms, space, policies, two totals; targets: targets with their industries; each with the
    # footer's site settings (cold cache)
    assert small == large == [2, 12, 2, 12]


def test_enterprise_page_says_lead_firm_of_the_chain_and_links_to_it(client, chips, zone):
    design = link(chips, "芯片设计")
    firm = make_enterprise(name="链主公司", zone=zone, industry=chips, lead_of=chips, chain_node=design)
    body = client.get(firm.get_absolute_url()).content.decode()
    assert "集成电路产业链链主" in body and 'href="/industries/chips/"' in body
    assert f'href="/industries/chips/#link-{design.pk}"' in body
    english = client.get(f"/en{firm.get_absolute_url()}").content.decode()
    assert "Lead firm of the Integrated circuits chain" in english and 'href="/en/industries/chips/"' in english


def test_home_industry_chips_lead_to_the_industry_pages(client, seeded):
    body = client.get("/").content.decode()
    assert 'href="/industries/life-health/"' in body and 'href="/industries/"' in body


def test_sitemap_lists_the_industry_pages(client, chips):
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own sitemap)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text.split("testserver", 1)[-1] for loc in root.iterfind(".//s:loc", ns)}
    assert {"/industries/", "/industries/targets/", "/industries/chips/", "/en/industries/chips/"} <= locations


def test_site_search_finds_industries_and_chain_links(client, chips):
    packaging = target(chips, "先进封装", name_en="Advanced packaging")
    body = client.get("/search/?q=封装").content.decode()
    assert f'href="/industries/chips/#link-{packaging.pk}"' in body
    assert 'href="/en/industries/chips/"' in client.get("/en/search/?q=circuits").content.decode()
    assert "group-chains" not in client.get("/search/?q=不存在的词").content.decode()


def test_project_page_names_its_chain_link_and_links_to_the_chain(client, chips, zone):
    design = link(chips, "芯片设计")
    project = make_project(name="设计项目", zone=zone, industry=chips, chain_node=design)
    body = client.get(project.get_absolute_url()).content.decode()
    assert f'href="/industries/chips/#link-{design.pk}"' in body and "芯片设计" in body


def test_the_pages_and_the_api_give_the_same_targets_and_links(client, chips, zone):
    """/industries/targets/ and /api/v1/targets/ list the same targets with the same pre-filled inquiry
    address; a chain page's links are the API's links of that industry."""
    energy = IndustryFactory(slug="energy", name="新能源", name_en="New energy", category="new")
    top = link(chips, "晶圆制造", stage=ChainNode.Stage.UPSTREAM)
    link(chips, "光刻胶", parent=top, stage=ChainNode.Stage.UPSTREAM)
    packaging = target(chips, "先进封装")
    battery = target(energy, "动力电池", brief="寻找动力电池企业。")
    page = client.get("/industries/targets/").content.decode()
    api = client.get("/api/v1/targets/").json()
    rows = api["results"] if isinstance(api, dict) else api
    assert sorted(row["id"] for row in rows) == sorted([packaging.pk, battery.pk])
    for row in rows:
        path = row["inquiry_url"].split("://", 1)[-1].split("/", 1)[1]
        assert f'href="/{path}"'.replace("&", "&amp;") in page or f'href="/{path}"' in page, path
    listed = client.get("/api/v1/industries/").json()
    industries = {row["slug"]: row for row in (listed["results"] if isinstance(listed, dict) else listed)}
    on_page = client.get("/industries/chips/").context["states"]
    assert sorted(node["id"] for node in industries["chips"]["chain_nodes"]) == sorted(on_page)

"""Industry chains in the open data (issue 28): each industry's links in /api/v1/industries/, the
investment targets at /api/v1/targets/ and in the `targets` dataset, and the chain link (and lead-firm
chain) of projects and enterprises."""

import csv
import io

import pytest
from django.utils import translation

from industries.models import ChainNode
from tests.factories import EnterpriseFactory, IndustryFactory, ProjectFactory

pytestmark = pytest.mark.django_db

# The client's rate-limit counter and the page cache add their own queries; the tests count the chain's.
NO_SESSION = {"HTTP_COOKIE": "sessionid=none"}


def link(industry, name, *, stage=ChainNode.Stage.MIDSTREAM, parent=None, order=0, brief="", kind="", **fields):
    row = ChainNode(
        industry=industry,
        stage=stage,
        name=name,
        parent=parent,
        order=order,
        is_target=bool(brief),
        target_kind=kind,
        target_brief=brief,
        **fields,
    )
    row.full_clean()
    row.save()
    return row


@pytest.fixture
def chain():
    chips = IndustryFactory(slug="chips", name="集成电路", order=1)
    energy = IndustryFactory(slug="energy", name="新能源", order=2)
    wafer = link(chips, "晶圆制造", stage=ChainNode.Stage.MIDSTREAM, order=2, name_en="Wafer fabrication")
    design = link(chips, "芯片设计", stage=ChainNode.Stage.UPSTREAM, order=1)
    packaging = link(
        chips,
        "先进封装",
        parent=wafer,
        order=3,
        brief="寻找先进封装测试企业",
        kind=ChainNode.TargetKind.FILL,
        target_brief_en="Advanced packaging and test firms",
    )
    cells = link(energy, "电芯", brief="寻找电芯企业", kind=ChainNode.TargetKind.STRENGTHEN)
    return {"chips": chips, "energy": energy, "wafer": wafer, "design": design, "packaging": packaging, "cells": cells}


def _csv(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_industries_list_each_industrys_links_in_order(client, chain):
    industries = {row["slug"]: row for row in client.get("/api/v1/industries/").json()}
    nodes = industries["chips"]["chain_nodes"]
    assert [node["name"] for node in nodes] == ["芯片设计", "晶圆制造", "先进封装"]
    packaging = nodes[2]
    assert packaging == {
        "id": chain["packaging"].pk,
        "stage": "midstream",
        "stage_name": "中游",
        "stage_name_en": "Midstream",
        "name": "先进封装",
        "name_en": "",
        "parent": chain["wafer"].pk,
        "order": 3,
        "is_target": True,
        "target_kind": "fill",
        "target_brief": "寻找先进封装测试企业",
        "target_brief_en": "Advanced packaging and test firms",
        "is_demo": False,
        "english_out_of_date": [],
    }
    assert nodes[1]["parent"] is None and nodes[1]["name_en"] == "Wafer fabrication"
    assert nodes[1]["is_target"] is False and nodes[1]["target_kind"] == ""
    assert [node["name"] for node in industries["energy"]["chain_nodes"]] == ["电芯"]


def test_targets_are_the_target_links_of_every_chain_in_the_chains_order(client, chain):
    rows = client.get("/api/v1/targets/").json()
    assert [row["id"] for row in rows] == [chain["packaging"].pk, chain["cells"].pk]
    packaging = rows[0]
    assert packaging["industry"] == {"slug": "chips", "name": "集成电路", "name_en": ""}
    assert (packaging["target_kind"], packaging["target_kind_name_en"]) == ("fill", "Fill the link (补链)")
    assert packaging["target_brief"] == "寻找先进封装测试企业"
    assert packaging["parent"] == chain["wafer"].pk
    assert packaging["inquiry_url"] == f"http://testserver/inquiry/?industry=chips&node={chain['packaging'].pk}"


def test_a_target_is_found_by_its_id_and_anything_else_is_a_404(client, chain):
    found = client.get(f"/api/v1/targets/{chain['cells'].pk}/").json()
    assert found["name"] == "电芯" and found["industry"]["slug"] == "energy"
    assert client.get(f"/api/v1/targets/{chain['wafer'].pk}/").status_code == 404  # a link, not a target
    assert client.get("/api/v1/targets/cells/").status_code == 404  # no slugs
    assert client.get("/api/v1/targets/99999999/").status_code == 404


def test_the_inquiry_url_of_a_target_opens_the_form_pre_filled(client, chain):
    url = client.get(f"/api/v1/targets/{chain['packaging'].pk}/").json()["inquiry_url"]
    page = client.get(url.removeprefix("http://testserver")).content.decode()
    assert "先进封装" in page and f'name="chain_node" value="{chain["packaging"].pk}"' in page


def test_targets_download_has_a_row_per_target_with_its_inquiry_url_last(client, chain):
    response = client.get("/data/targets.csv")
    assert response.status_code == 200
    rows = _csv(client, "/data/targets.csv")
    assert [row["name"] for row in rows] == ["先进封装", "电芯"]
    assert list(rows[0])[-1] == "inquiry_url"
    assert rows[0]["industry.slug"] == "chips" and rows[0]["target_kind"] == "fill"
    assert rows[0]["inquiry_url"].endswith(f"/inquiry/?industry=chips&node={chain['packaging'].pk}")
    body = b"".join(client.get("/data/targets.json").streaming_content).decode()
    assert '"dataset": "targets"' in body and "寻找电芯企业" in body


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_catalogue_lists_the_targets_with_a_full_description(client, chain, language):
    from api.datasets import DATASETS

    prefix = "" if language == "zh-hans" else "/en"
    page = client.get(f"{prefix}/data/").content.decode()
    assert 'href="/data/targets.csv"' in page and "/api/v1/targets/" in page
    with translation.override(language):
        description, title = str(DATASETS["targets"].description), str(DATASETS["targets"].title)
    assert len(description) >= 50
    assert description in page and title in page
    if language == "zh-hans":
        assert not description.isascii()


def test_projects_and_enterprises_give_their_chain_link_and_lead_firm_chain(client, chain):
    ProjectFactory(slug="fab", industry=chain["chips"], chain_node=chain["wafer"])
    ProjectFactory(slug="other", industry=chain["chips"])
    EnterpriseFactory(slug="leader", industry=chain["chips"], chain_node=chain["design"], lead_of=chain["chips"])
    EnterpriseFactory(slug="plain", industry=chain["energy"])
    assert client.get("/api/v1/projects/fab/").json()["chain_node"] == chain["wafer"].pk
    assert client.get("/api/v1/projects/other/").json()["chain_node"] is None
    leader = client.get("/api/v1/enterprises/leader/").json()
    assert (leader["chain_node"], leader["lead_of"]) == (chain["design"].pk, "chips")
    plain = client.get("/api/v1/enterprises/plain/").json()
    assert (plain["chain_node"], plain["lead_of"]) == (None, None)
    rows = {row["slug"]: row for row in _csv(client, "/data/enterprises.csv")}
    assert (rows["leader"]["chain_node"], rows["leader"]["lead_of"]) == (str(chain["design"].pk), "chips")
    assert {row["slug"]: row["chain_node"] for row in _csv(client, "/data/projects.csv")}["fab"] == str(
        chain["wafer"].pk
    )


def _add_links(industries, per_industry, prefix):
    for industry in industries:
        top = None
        for n in range(per_industry):
            target = {"brief": "寻找企业", "kind": ChainNode.TargetKind.EXTEND} if n % 3 else {}
            top = link(industry, f"{prefix}{n}", parent=top if n % 2 else None, order=n, **target)


@pytest.mark.parametrize("url", ["/api/v1/industries/", "/api/v1/targets/", "/data/targets.csv"])
def test_query_count_does_not_grow_with_links(client, django_assert_max_num_queries, url):
    industries = [IndustryFactory(slug=f"ind-{n}", order=n) for n in range(3)]

    def read():
        with django_assert_max_num_queries(12) as captured:
            response = client.get(url, **NO_SESSION)
            assert response.status_code == 200
            if response.streaming:
                b"".join(response.streaming_content)
        return [q["sql"] for q in captured.captured_queries if "industries_" in q["sql"]]

    _add_links(industries, 3, "小")
    small = read()
    more = [IndustryFactory(slug=f"more-{n}", order=10 + n) for n in range(4)]
    _add_links(industries + more, 9, "大")
    large = read()
    assert len(small) == len(large) <= 2  # the industries, then their links (or the targets with their industries)

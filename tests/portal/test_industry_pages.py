"""The industry pages (issue 28): presence derived from the records, targets with the prefilled inquiry
link, fixed query counts, the reserved `targets` slug, both languages."""

import pytest

from industries.models import ChainNode, Industry
from portal.chains import MISSING, PARTIAL, PRESENT, SAMPLE, Counts, presence
from tests.factories import IndustryFactory, ZoneFactory
from tests.publicsite.builders import count_queries, make_enterprise, make_project, populate

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


def state_on_page(client, industry, node):
    return client.get(f"/industries/{industry.slug}/").context["states"][node.pk]


def test_smoke(client, chips):
    design = link(chips, "芯片设计", stage=ChainNode.Stage.UPSTREAM)
    target(chips, "先进封装", parent=design)
    zone = ZoneFactory()
    make_enterprise(name="某设计公司", zone=zone, industry=chips, chain_node=design)
    for url in ("/industries/", "/industries/chips/", "/industries/targets/", "/en/industries/chips/"):
        response = client.get(url)
        assert response.status_code == 200, url
    print(client.get("/industries/chips/").content.decode())

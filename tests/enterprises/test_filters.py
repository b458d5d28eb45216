import pytest

from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise
from tests.factories import IndustryFactory, RecognitionFactory, RecognitionTypeFactory, ServiceGridFactory, ZoneFactory
from tests.publicsite.builders import make_enterprise

pytestmark = pytest.mark.django_db


def names(data: dict) -> list[str]:
    filterset = EnterpriseFilter(data, queryset=Enterprise.objects.public())
    assert filterset.is_valid(), filterset.errors
    return [e.name for e in filterset.qs]


def errors(data: dict) -> dict:
    filterset = EnterpriseFilter(data, queryset=Enterprise.objects.public())
    assert not filterset.is_valid()
    return filterset.errors


@pytest.fixture
def world():
    north, south = ZoneFactory(slug="north", name="北智"), ZoneFactory(slug="south", name="南创")
    materials, it = IndustryFactory(slug="new-materials"), IndustryFactory(slug="next-gen-it")
    grid1 = ServiceGridFactory(number=1, zone=north)
    grid2 = ServiceGridFactory(number=2, zone=south)
    high_tech = RecognitionTypeFactory(slug="high-tech", name="国家高新技术企业")
    RecognitionTypeFactory(slug="hidden-champion", name="隐形冠军")
    heshun = make_enterprise(
        name="和顺科技",
        zone=north,
        industry=materials,
        grid=grid1,
        listing_status="listed",
        exchange="chinext",
        founded_year=2003,
    )
    huibo = make_enterprise(
        name="慧博云通",
        summary="总部整体落户",
        zone=south,
        industry=it,
        grid=grid2,
        listing_status="pre_ipo",
        founded_year=2009,
    )
    RecognitionFactory(enterprise=huibo, kind=high_tech, year=2022)
    RecognitionFactory(enterprise=huibo, kind=high_tech, year=2021)  # twice: must still be listed once
    make_enterprise(name="卡深科技", zone=south, industry=materials, founded_year=None)
    make_enterprise(name="隐藏企业", zone=north, industry=materials, is_published=False)
    return {"heshun": heshun, "huibo": huibo}


def test_no_filter_lists_published_enterprises_by_name(world):
    assert names({}) == sorted(["和顺科技", "慧博云通", "卡深科技"])


def test_q_matches_name_and_summary_literally(world):
    assert names({"q": "慧博"}) == ["慧博云通"]
    assert names({"q": "总部整体"}) == ["慧博云通"]
    assert names({"q": "隐藏"}) == []
    for text in ['"', "%", "_", "\\"]:
        assert names({"q": text}) == []
    assert "q" in errors({"q": "长" * 1000})


def test_zone_and_chain_narrow(world):
    assert names({"zone": "north"}) == ["和顺科技"]
    assert names({"chain": "new-materials"}) == sorted(["和顺科技", "卡深科技"])
    assert "zone" in errors({"zone": "nowhere"})
    assert "chain" in errors({"chain": "nothing"})


def test_tag_listed_and_pre_ipo(world):
    assert names({"tag": "listed"}) == ["和顺科技"]
    assert names({"tag": "pre_ipo"}) == ["慧博云通"]


def test_tag_recognition_lists_each_holder_once(world):
    assert names({"tag": "high-tech"}) == ["慧博云通"]
    assert names({"tag": "hidden-champion"}) == []
    assert "tag" in errors({"tag": "nobel-prize"})


def test_grid_narrows_by_number(world):
    assert names({"grid": "1"}) == ["和顺科技"]
    assert names({"grid": "2"}) == ["慧博云通"]
    for value in ["9", "abc", "-1", "1.5"]:
        assert "grid" in errors({"grid": value})


def test_sort_values(world):
    assert names({"sort": "newest"}) == ["慧博云通", "和顺科技", "卡深科技"]
    assert names({"sort": "name"}) == names({})
    assert "sort" in errors({"sort": "founded_year"})


def test_filters_combine(world):
    assert names({"zone": "south", "chain": "next-gen-it", "tag": "high-tech", "grid": "2", "q": "慧博"}) == [
        "慧博云通"
    ]
    assert names({"zone": "north", "tag": "pre_ipo"}) == []
    assert names({"chain": "new-materials", "sort": "newest"}) == ["和顺科技", "卡深科技"]


def test_unknown_parameters_are_ignored(world):
    assert names({"utm_source": "x", "tag": "listed"}) == ["和顺科技"]

import datetime
from decimal import Decimal

import pytest

from projects.filters import ProjectFilter
from projects.models import Project
from tests.factories import IndustryFactory, ZoneFactory
from tests.publicsite.builders import make_project

pytestmark = pytest.mark.django_db


def names(data: dict) -> list[str]:
    filterset = ProjectFilter(data, queryset=Project.objects.public())
    assert filterset.is_valid(), filterset.errors
    return [p.name for p in filterset.qs]


def errors(data: dict) -> dict:
    filterset = ProjectFilter(data, queryset=Project.objects.public())
    assert not filterset.is_valid()
    return filterset.errors


@pytest.fixture
def world():
    north, south = ZoneFactory(slug="north", name="北智"), ZoneFactory(slug="south", name="南创")
    health, materials = IndustryFactory(slug="life-health"), IndustryFactory(slug="new-materials")
    make_project(
        name="心血管总部",
        investor="杭州心血管医疗科技",
        zone=south,
        industry=health,
        stage="construction",
        signed_on=datetime.date(2021, 3, 1),
        started_on=datetime.date(2021, 9, 1),
        investment=Decimal("30"),
    )
    make_project(
        name="新材料工厂",
        investor="卡深科技",
        summary="上万平方米闲置厂房",
        zone=north,
        industry=materials,
        signed_on=datetime.date(2022, 5, 1),
        investment=Decimal("5.5"),
    )
    make_project(
        name="保密项目",
        investor="某基金",
        zone=north,
        industry=health,
        signed_on=datetime.date(2022, 12, 31),
        investment=Decimal("99"),
        investment_disclosed=False,
    )
    make_project(
        name="未签日期",
        investor="某公司",
        zone=south,
        industry=materials,
        signed_on=None,
        investment=None,
        investment_disclosed=False,
    )
    make_project(name="未发布", zone=north, industry=health, is_published=False)


def test_no_filter_lists_every_published_project_newest_first(world):
    assert names({}) == ["保密项目", "新材料工厂", "心血管总部", "未签日期"]


def test_q_matches_name_investor_and_summary(world):
    assert names({"q": "心血管"}) == ["心血管总部"]
    assert names({"q": "卡深"}) == ["新材料工厂"]
    assert names({"q": "闲置厂房"}) == ["新材料工厂"]
    assert names({"q": "不存在的词"}) == []


def test_q_never_finds_unpublished_projects(world):
    assert names({"q": "未发布"}) == []


@pytest.mark.parametrize("text", ['"', "%", "_", "\\", "'; DROP TABLE x; --", "100%", "a_b"])
def test_q_matches_special_characters_literally(world, text):
    assert names({"q": text}) == []


def test_q_with_special_characters_finds_literal_match(world):
    make_project(name="增长100%_计划\\二期", investor="X")
    assert names({"q": "100%_"}) == ["增长100%_计划\\二期"]
    assert names({"q": "计划\\二"}) == ["增长100%_计划\\二期"]


def test_q_longer_than_200_characters_is_refused(world):
    assert "q" in errors({"q": "x" * 1000})


def test_zone_narrows_to_the_zone(world):
    assert names({"zone": "north"}) == ["保密项目", "新材料工厂"]
    assert names({"zone": "south"}) == ["心血管总部", "未签日期"]


def test_unknown_zone_is_an_error_not_ignored(world):
    assert "zone" in errors({"zone": "mars"})


def test_chain_narrows_to_the_industry(world):
    assert names({"chain": "life-health"}) == ["保密项目", "心血管总部"]
    assert "chain" in errors({"chain": "unknown"})


def test_stage_narrows(world):
    assert names({"stage": "construction"}) == ["心血管总部"]
    assert names({"stage": "production"}) == []
    assert "stage" in errors({"stage": "terminated-ish"})


def test_year_narrows_to_the_calendar_year(world):
    assert names({"year": "2022"}) == ["保密项目", "新材料工厂"]
    assert names({"year": "2021"}) == ["心血管总部"]
    assert names({"year": "2020"}) == []


@pytest.mark.parametrize("value", ["abc", "2021.5", "1800", "99999", "-1"])
def test_bad_year_is_an_error(world, value):
    assert "year" in errors({"year": value})


def test_investment_bounds_use_disclosed_amounts_only(world):
    assert names({"min_investment": "10"}) == ["心血管总部"]
    assert names({"max_investment": "10"}) == ["新材料工厂"]
    assert names({"min_investment": "5.5", "max_investment": "30"}) == ["新材料工厂", "心血管总部"]
    # 99 is undisclosed: no bound may reveal it.
    assert names({"min_investment": "50"}) == []


@pytest.mark.parametrize("value", ["abc", "-1", "1e999", "12345678901234"])
def test_bad_investment_is_an_error(world, value):
    assert "min_investment" in errors({"min_investment": value})


def test_min_above_max_is_an_error(world):
    assert "max_investment" in errors({"min_investment": "10", "max_investment": "1"})


def test_sort_by_investment_puts_undisclosed_last(world):
    ordered = names({"sort": "investment"})
    assert ordered[:2] == ["心血管总部", "新材料工厂"]
    assert set(ordered[2:]) == {"保密项目", "未签日期"}


def test_sort_by_name_and_newest(world):
    assert names({"sort": "name"}) == sorted(["保密项目", "新材料工厂", "心血管总部", "未签日期"])
    assert names({"sort": "newest"}) == names({})


def test_sort_only_accepts_its_values(world):
    assert "sort" in errors({"sort": "-investment"})
    assert "sort" in errors({"sort": "id"})


def test_filters_combine(world):
    assert names({"zone": "north", "chain": "new-materials", "year": "2022", "min_investment": "1"}) == ["新材料工厂"]
    assert names({"zone": "south", "stage": "construction", "q": "心血管"}) == ["心血管总部"]
    assert names({"zone": "south", "chain": "new-materials", "stage": "construction"}) == []


def test_unknown_parameters_are_ignored(world):
    assert names({"colour": "red", "zone": "north"}) == ["保密项目", "新材料工厂"]

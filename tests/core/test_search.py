import pytest
from django.db import connection

from core.search import keyword_tokens, search_tokens
from projects.models import Project
from projects.services import project_save
from tests.factories import EnterpriseFactory, IndustryFactory, ProjectFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def _project(name, **kwargs):
    project = ProjectFactory.build(
        name=name, zone=ZoneFactory(slug="north"), industry=IndustryFactory(slug="chips"), **kwargs
    )
    return project_save(project=project)


def test_tokens_are_characters_and_bigrams_of_each_word():
    assert search_tokens("新能源 ab") == "a ab b 新 新能 源 能 能源"
    assert keyword_tokens("芯") == ["芯"]
    assert keyword_tokens("新能源") == ["新能", "能源"]


@pytest.mark.parametrize("keyword", ["芯", "芯片", "芯片封", "FENG", "qk-2021-001"])
def test_search_finds_one_two_and_longer_keywords(keyword):
    hit = _project("华芯芯片封装 Feng", code="QK-2021-001", slug="hit")
    _project("新能源电池", code="QK-2021-002", slug="miss", investor="某公司")
    assert list(Project.objects.search(keyword)) == [hit]


def test_search_is_exact_not_just_the_same_bigrams():
    # 新能 and 能源 both occur, but not 新能源.
    _project("新能 储能源", code="QK-2021-003", slug="a", investor="甲")
    exact = _project("新能源", code="QK-2021-004", slug="b", investor="乙")
    assert list(Project.objects.search("新能源")) == [exact]


def test_search_covers_enterprises():
    from enterprises.models import Enterprise
    from enterprises.services import enterprise_save

    enterprise = EnterpriseFactory.build(name="杭州和顺科技", zone=ZoneFactory(), industry=IndustryFactory())
    enterprise_save(enterprise=enterprise)
    assert list(Enterprise.objects.search("和顺")) == [enterprise]
    assert list(Enterprise.objects.search("顺")) == [enterprise]
    assert not Enterprise.objects.search("和顺达").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
@pytest.mark.parametrize(
    ("model", "index"),
    [("projects.Project", "project_search_tokens_gin"), ("enterprises.Enterprise", "enterprise_search_tokens_gin")],
)
@pytest.mark.parametrize("keyword", ["芯", "芯片", "芯片封"])
def test_postgresql_serves_keywords_from_the_gin_index(model, index, keyword):
    from django.apps import apps

    queryset = apps.get_model(model).objects.search(keyword)
    with connection.cursor() as cursor:
        # A test table is tiny, so the planner would rightly scan it; forbid that to see the plan it
        # takes at 100,000 rows (the benchmark shows the same plan without this setting).
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Bitmap Index Scan on {index}" in plan, plan

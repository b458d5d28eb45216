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


@pytest.fixture
def battery_plant(db):
    """A project whose Chinese and English fields say different parts of what an investor may type."""
    plant = _project(
        "钱江新能源装备产业园",
        code="QK-2023-007",
        slug="battery-plant",
        name_en="Qianjiang industrial park",
        summary="建设动力电池生产线。",
        summary_en="New energy equipment and power battery lines.",
    )
    _project("新能源研究院", code="QK-2023-008", slug="energy-only", name_en="New energy institute", summary="")
    _project("储能电池", code="QK-2023-009", slug="storage", name_en="Energy storage", summary="")
    return plant


@pytest.mark.parametrize(
    "query",
    [
        "new energy equipment",
        "equipment new energy",  # any order
        "battery",
        "Battery EQUIPMENT",
        "电池 equipment",  # one word in a Chinese field, one in an English field
        "装备 新能源",
        "qk-2023-007",
    ],
)
def test_several_words_must_all_occur_in_any_order_and_either_language(battery_plant, query):
    assert list(Project.objects.search(query)) == [battery_plant]


@pytest.mark.parametrize(
    "query",
    [
        "新能源、电池",
        "新能源，装备",
        "battery, new energy",
        "(battery)",
        "“动力电池”",
        "装备/电池",
        "battery; equipment.",
    ],
)
def test_punctuation_separates_words_like_a_space(battery_plant, query):
    assert list(Project.objects.search(query)) == [battery_plant]


@pytest.mark.parametrize("query", ["new energy battery institute", "电池 研究院", "新能源 储能 装备"])
def test_a_row_must_hold_every_word(battery_plant, query):
    assert not Project.objects.search(query).exists()


def test_several_words_stay_exact_not_just_the_same_bigrams(db):
    # Every bigram of 新能源 and 电池 occurs (新能, 能源, 电池), but neither word does.
    _project("新能 储能源 电 池", code="QK-2023-010", slug="c", investor="丙")
    exact = _project("新能源动力电池", code="QK-2023-011", slug="d", investor="丁")
    assert list(Project.objects.search("电池 新能源")) == [exact]


def test_enterprise_search_takes_several_words_too(db):
    from enterprises.models import Enterprise
    from enterprises.services import enterprise_save

    enterprise = EnterpriseFactory.build(
        name="杭州和顺科技",
        summary_en="Battery packs for new energy vehicles",
        zone=ZoneFactory(),
        industry=IndustryFactory(),
    )
    enterprise_save(enterprise=enterprise)
    assert list(Enterprise.objects.search("vehicles battery 和顺")) == [enterprise]
    assert list(Enterprise.objects.search("和顺、battery")) == [enterprise]
    assert not Enterprise.objects.search("和顺 equipment").exists()


def test_the_project_list_finds_a_several_word_keyword(client, battery_plant):
    battery_plant.is_published = True
    project_save(project=battery_plant)
    for query in ("new energy equipment", "新能源、电池"):
        response = client.get("/en/projects/", {"q": query})
        assert response.status_code == 200
        assert [p.pk for p in response.context["page_obj"].object_list] == [battery_plant.pk], query


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
@pytest.mark.parametrize(
    ("model", "index"),
    [("projects.Project", "project_search_tokens_gin"), ("enterprises.Enterprise", "enterprise_search_tokens_gin")],
)
@pytest.mark.parametrize("keyword", ["芯", "芯片", "芯片封", "新能源 电池", "new energy equipment", "新能源、电池"])
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

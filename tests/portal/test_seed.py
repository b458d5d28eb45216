import io

import pytest
from django.core.management import call_command

from enterprises.models import Enterprise, Recognition, RecognitionType
from industries.models import Industry
from news.models import NewsItem
from portal.models import Indicator, PageBlock
from projects.models import Project, ProjectStageLog
from zones.models import Platform, ServiceGrid, Zone

pytestmark = pytest.mark.django_db

MODELS = [
    Zone,
    Industry,
    ServiceGrid,
    RecognitionType,
    Enterprise,
    Recognition,
    Project,
    ProjectStageLog,
    Platform,
    Indicator,
    PageBlock,
    NewsItem,
]


def snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS}


def test_seed_loads_the_article_content():
    call_command("load_seed", stdout=io.StringIO())
    assert list(Zone.objects.values_list("slug", flat=True)) == ["north", "central", "south"]
    assert Industry.objects.filter(category="chain").count() == 5
    assert Industry.objects.filter(category="new").count() == 3
    assert ServiceGrid.objects.count() == 5
    assert Indicator.objects.count() == 7
    assert Indicator.objects.get(label="签约项目").value == 124
    assert Project.objects.count() == 6
    assert Enterprise.objects.filter(name__contains="慧博云通", listing_status="pre_ipo").exists()
    assert Platform.objects.filter(name="浙江大学先进电气装备创新中心", opened_year=2021).exists()


def test_seed_invents_no_investment_figures():
    call_command("load_seed", stdout=io.StringIO())
    assert not Project.objects.filter(investment_disclosed=True).exists()
    assert not Project.objects.filter(investment__isnull=False).exists()


def test_seed_twice_changes_nothing():
    call_command("load_seed", stdout=io.StringIO())
    before = snapshot()
    history_before = (
        Project.history.count() + Enterprise.history.count() + Indicator.history.count() + NewsItem.history.count()
    )
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    assert snapshot() == before
    assert (
        Project.history.count() + Enterprise.history.count() + Indicator.history.count() + NewsItem.history.count()
        == history_before
    )
    assert "0 objects created" in out.getvalue()


def test_seed_keeps_staff_edits():
    call_command("load_seed", stdout=io.StringIO())
    Zone.objects.filter(slug="north").update(positioning="员工修改过的定位")
    call_command("load_seed", stdout=io.StringIO())
    assert Zone.objects.get(slug="north").positioning == "员工修改过的定位"


def test_seed_draws_no_zone_boundary_and_keeps_a_drawn_one():
    """The article gives no boundary; one staff have drawn survives a second seed."""
    call_command("load_seed", stdout=io.StringIO())
    assert not Zone.objects.with_boundary().exists()
    drawn = {"type": "Polygon", "coordinates": [[[120.3, 30.3], [120.4, 30.3], [120.4, 30.4], [120.3, 30.3]]]}
    Zone.objects.filter(slug="south").update(boundary=drawn)
    call_command("load_seed", stdout=io.StringIO())
    assert Zone.objects.get(slug="south").boundary == drawn
    assert list(Zone.objects.with_boundary().values_list("slug", flat=True)) == ["south"]


# The heading of the report (../shared/reference/qiankaiqu-2022-report-article.txt), character for
# character: curly quotation marks (U+201C, U+201D) and a half-width colon.
REPORT_HEADING = "双引擎蓄力\u201c石头城\u201d变身未来产业经济增长地 杭州钱开区:交出高质量发展成绩单"


def test_seed_publishes_the_report_as_the_first_news_item():
    call_command("load_seed", stdout=io.StringIO())
    item = NewsItem.objects.get()
    assert item.title == REPORT_HEADING
    assert item.kind == NewsItem.Kind.NEWS
    assert item.source_author == "应陶"
    assert (item.source_date.year, item.source_date_precision) == (2022, "year")
    assert item.source_publisher == "报纸报道"  # the report names no newspaper
    assert item.source_url == ""
    assert item.is_public and item.published_at is not None
    assert not item.is_demo
    assert item.written_by is None and item.reviewed_by is None
    assert list(NewsItem.objects.public()) == [item]


def test_seed_news_item_is_rendered_by_the_write_service():
    call_command("load_seed", stdout=io.StringIO())
    item = NewsItem.objects.get()
    assert "<h2>" in item.body_html and "<li>" in item.body_html
    assert "124" in item.body_html and "752" in item.body_html
    assert "<h2>" in item.body_html_en
    assert item.summary and item.summary_en and item.title_en
    assert "报纸报道" in item.search_text  # the source line is searched
    assert item.history.count() == 2  # saved, then published


def test_seed_keeps_an_edited_news_item():
    call_command("load_seed", stdout=io.StringIO())
    NewsItem.objects.update(summary="编辑改过的摘要")
    call_command("load_seed", stdout=io.StringIO())
    assert NewsItem.objects.get().summary == "编辑改过的摘要"

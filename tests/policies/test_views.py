"""The public policy pages: /policies/ filters (good and bad values), the detail page, and query counts."""

import datetime

import pytest

from policies.models import Condition, Policy, Recognition
from tests.factories import IndustryFactory
from tests.policies.factories import ConditionFactory, MeasureFactory, PolicyFactory, ThemeFactory
from tests.publicsite.builders import count_queries

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
D = datetime.timedelta


def _titles(response):
    return [policy.title for policy in response.context["object_list"]]


@pytest.fixture
def statuses():
    return {
        "long": PolicyFactory(title="长期有效", in_force_until=TODAY + D(400), published_on=TODAY - D(10)),
        "soon": PolicyFactory(title="即将到期", in_force_until=TODAY + D(20), published_on=TODAY - D(20)),
        "gone": PolicyFactory(title="已经失效", in_force_until=TODAY - D(1), published_on=TODAY - D(30)),
        "later": PolicyFactory(title="尚未生效", in_force_from=TODAY + D(5), published_on=TODAY - D(40)),
    }


def test_default_lists_policies_in_force_including_expiring(client, statuses):
    assert _titles(client.get("/policies/")) == ["长期有效", "即将到期"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("in_force", ["长期有效", "即将到期"]),
        ("expiring", ["即将到期"]),
        ("expired", ["已经失效"]),
        ("all", ["长期有效", "即将到期", "已经失效", "尚未生效"]),
    ],
)
def test_status_filter(client, statuses, status, expected):
    assert _titles(client.get(f"/policies/?status={status}")) == expected


def test_sort_expiring_puts_the_soonest_end_first_and_open_ended_last(client, statuses):
    PolicyFactory(title="无期限", in_force_until=None)
    assert _titles(client.get("/policies/?sort=expiring")) == ["即将到期", "长期有效", "无期限"]


def test_filters_by_level_theme_chain_and_keyword(client):
    talent, chips = ThemeFactory(slug="talent"), IndustryFactory(slug="chips")
    matching = PolicyFactory(title="人才芯片政策", level=Policy.Level.PROVINCIAL, document_number="浙政〔2025〕7号")
    matching.themes.add(talent)
    matching.industries.add(chips)
    PolicyFactory(title="其他政策", level=Policy.Level.ZONE)
    assert _titles(client.get("/policies/?level=provincial")) == ["人才芯片政策"]
    assert _titles(client.get("/policies/?theme=talent")) == ["人才芯片政策"]
    assert _titles(client.get("/policies/?chain=chips")) == ["人才芯片政策"]
    assert _titles(client.get("/policies/?q=浙政〔2025〕7")) == ["人才芯片政策"]
    assert _titles(client.get("/policies/?level=zone&theme=talent")) == []


@pytest.mark.parametrize(
    "query", ["status=forever", "level=galactic", "theme=nope", "chain=nope", "sort=random", "q=" + "长" * 201]
)
def test_bad_filter_values_are_shown_not_500(client, statuses, query):
    response = client.get(f"/policies/?{query}")
    assert response.status_code == 200
    assert response.context["filter"].form.errors
    body = response.content.decode()
    assert 'class="form-errors"' in body and "field-error" in body
    assert _titles(response) == []


def test_unknown_parameters_are_ignored(client, statuses):
    assert _titles(client.get("/policies/?colour=blue&utm_source=x")) == ["长期有效", "即将到期"]


def test_page_past_the_end_is_404(client, statuses):
    assert client.get("/policies/?page=2").status_code == 404
    assert client.get("/policies/?page=abc").status_code == 404


def test_unpublished_policy_is_hidden(client):
    hidden = PolicyFactory(title="未发布政策", is_published=False)
    assert _titles(client.get("/policies/?status=all")) == []
    assert client.get(f"/policies/{hidden.slug}/").status_code == 404
    assert client.get(f"/policies/{hidden.pk}/").status_code == 404


@pytest.mark.parametrize("key", ["nope", "0", "99999999999999999999999999", "²", "%00", "%27--"])
def test_unknown_policy_is_404(client, key):
    PolicyFactory()
    assert client.get(f"/policies/{key}/").status_code == 404


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_detail_shows_measures_conditions_dates_source_and_verification(client, prefix):
    chips = IndustryFactory(name="集成电路", name_en="Integrated circuits")
    policy = PolicyFactory(
        title="芯片政策",
        title_en="Chip policy",
        in_force_from=datetime.date(2025, 1, 1),
        in_force_until=TODAY + D(500),
        last_verified_on=datetime.date(2026, 1, 5),
        source_url="https://www.example.gov.cn/chips.html",
    )
    measure = MeasureFactory(
        policy=policy, title="研发补助", title_en="R&D grant", benefit_cap=200, no_application=True
    )
    ConditionFactory(measure=measure, kind=Condition.Kind.EMPLOYEES, minimum=50)
    ConditionFactory(measure=measure, kind=Condition.Kind.RECOGNITION, recognition=Recognition.HIGH_TECH)
    ConditionFactory(measure=measure, kind=Condition.Kind.INDUSTRY).industries.add(chips)
    for key in (policy.slug, str(policy.pk)):
        response = client.get(f"{prefix}/policies/{key}/")
        assert response.status_code == 200
        body = response.content.decode()
        assert 'href="https://www.example.gov.cn/chips.html"' in body
        assert "2025-01-01" in body and "2026-01-05" in body
        assert f'id="measure-{measure.pk}"' in body
        if prefix:
            assert "Chip policy" in body and "R&amp;D grant" in body
            assert "Employees: at least 50" in body
            assert "Holds the recognition: National high-tech enterprise" in body
            assert "Industry is one of: Integrated circuits" in body
            assert "Granted without application" in body
            assert "the Chinese text is the authoritative one" in body
        else:
            assert "芯片政策" in body and "研发补助" in body
            assert "authoritative" not in body


def _populate(n):
    industry = IndustryFactory()
    theme = ThemeFactory()
    for _ in range(n):
        policy = PolicyFactory()
        policy.themes.add(theme)
        policy.industries.add(industry)
        for _ in range(2):
            measure = MeasureFactory(policy=policy)
            ConditionFactory(measure=measure, kind=Condition.Kind.EMPLOYEES, minimum=10)
            ConditionFactory(measure=measure, kind=Condition.Kind.INDUSTRY).industries.add(industry)


@pytest.mark.parametrize(
    "url",
    ["/policies/", "/en/policies/?status=all&sort=expiring", "/policies/check/?employees=20&in_zone=yes"],
)
def test_query_count_does_not_grow_with_rows(client, url):
    _populate(3)
    small = count_queries(client, url)
    _populate(30)
    large = count_queries(client, url)
    assert large == small
    assert large <= 10


def test_detail_query_count_does_not_grow_with_measures(client):
    policy = PolicyFactory()
    industry = IndustryFactory()
    ConditionFactory(measure=MeasureFactory(policy=policy), kind=Condition.Kind.INDUSTRY).industries.add(industry)
    small = count_queries(client, f"/policies/{policy.slug}/")
    for _ in range(10):
        ConditionFactory(measure=MeasureFactory(policy=policy), kind=Condition.Kind.INDUSTRY).industries.add(industry)
    assert count_queries(client, f"/policies/{policy.slug}/") == small


def test_edit_shows_at_once_through_the_page_cache(client):
    policy = PolicyFactory(title="旧标题")
    assert "旧标题" in client.get("/policies/").content.decode()
    policy.title = "新标题"
    policy.save()
    assert "新标题" in client.get("/policies/").content.decode()


def test_sitemap_lists_real_policies_not_samples(client):
    real = PolicyFactory(slug="real-policy")
    PolicyFactory(slug="sample-policy-1", is_demo=True)
    body = client.get("/sitemap.xml").content.decode()
    assert f"/policies/{real.slug}/" in body
    assert "sample-policy-1" not in body
    assert "/policies/check/" in body


def test_navigation_links_to_policies(client):
    assert 'href="/policies/"' in client.get("/").content.decode()

"""/policies/check/: evaluates every open measure, stores nothing, sets no cookie, survives bad input."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import strategies as st

from policies.models import Condition, Recognition
from tests.factories import IndustryFactory, RecognitionFactory, RecognitionTypeFactory
from tests.policies.factories import ConditionFactory, MeasureFactory, PolicyFactory
from tests.publicsite.builders import make_enterprise, make_project

pytestmark = pytest.mark.django_db
URL = "/policies/check/"
TODAY = datetime.date.today()
D = datetime.timedelta
Kind = Condition.Kind


@pytest.fixture
def measures():
    zone_only = MeasureFactory(title="园区落户奖励")
    ConditionFactory(measure=zone_only, kind=Kind.IN_ZONE)
    staff = MeasureFactory(title="稳岗补贴")
    ConditionFactory(measure=staff, kind=Kind.IN_ZONE)
    ConditionFactory(measure=staff, kind=Kind.EMPLOYEES, minimum=50)
    high_tech = MeasureFactory(title="高企奖励")
    ConditionFactory(measure=high_tech, kind=Kind.RECOGNITION, recognition=Recognition.HIGH_TECH)
    return {"zone_only": zone_only, "staff": staff, "high_tech": high_tech}


def _groups(response):
    return {
        str(group): [result.measure.title for result in results]
        for group, results in response.context["groups"].items()
    }


def test_answer_groups_every_open_measure(client, measures):
    response = client.get(URL, {"in_zone": "yes", "employees": "20"})
    assert response.status_code == 200
    assert _groups(response) == {"likely": ["园区落户奖励"], "check": ["高企奖励"], "not_eligible": ["稳岗补贴"]}
    body = response.content.decode()
    assert "差 30" in body or "short by 30" in body


def test_english_answer_names_each_condition(client, measures):
    body = client.get("/en" + URL, {"in_zone": "yes", "employees": "20"}).content.decode()
    assert "Likely eligible" in body and "Check these" in body and "Not eligible" in body
    assert "Employees: at least 50" in body and "(short by 30)" in body
    assert "Holds the recognition: National high-tech enterprise" in body and "(not answered)" in body
    assert "the Chinese text is the authoritative one" in body


def test_recognition_none_of_these_is_an_answer(client, measures):
    response = client.get(URL, {"recognitions": "none"})
    assert "高企奖励" in _groups(response)["not_eligible"]
    response = client.get(URL, {"recognitions": ["none", "high_tech"]})
    assert "recognitions" in response.context["form"].errors


def test_expired_unpublished_and_past_deadline_measures_are_left_out(client, measures):
    MeasureFactory(title="过期政策条款", policy=PolicyFactory(in_force_until=TODAY - D(1)))
    MeasureFactory(title="未发布政策条款", policy=PolicyFactory(is_published=False))
    MeasureFactory(title="申报已截止", deadline=TODAY - D(1))
    MeasureFactory(title="今天截止", deadline=TODAY)
    titles = [t for group in _groups(client.get(URL, {"in_zone": "yes"})).values() for t in group]
    assert "今天截止" in titles
    assert not {"过期政策条款", "未发布政策条款", "申报已截止"} & set(titles)


def test_checker_runs_no_write_query(client, measures):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(
            URL,
            {"in_zone": "yes", "employees": "60", "recognitions": "high_tech", "industry": "", "founded_year": "2020"},
        )
    assert response.status_code == 200
    statements = [query["sql"].lstrip().split(None, 1)[0].upper() for query in captured.captured_queries]
    assert statements, "the checker should read the measures"
    assert set(statements) == {"SELECT"}, statements


@pytest.mark.parametrize("query", [{}, {"in_zone": "yes", "employees": "60"}, {"employees": "abc"}])
def test_checker_sets_no_cookie_and_is_not_stored(client, measures, query):
    response = client.get(URL, query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert "no-store" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert 'method="get"' in response.content.decode()


def test_bad_numbers_are_shown_next_to_their_field_and_the_rest_still_counts(client, measures):
    response = client.get(URL, {"in_zone": "yes", "employees": "abc", "revenue": "-5"})
    form = response.context["form"]
    assert set(form.errors) == {"employees", "revenue"}
    body = response.content.decode()
    assert re.search(r'id="id_employees_error"', body)
    assert re.search(r'id="id_revenue_error"', body)
    groups = _groups(response)
    assert groups["likely"] == ["园区落户奖励"]  # in_zone still evaluated
    assert "稳岗补贴" in groups["check"]  # employees treated as not given


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("employees", "-1"),
        ("employees", "1000000000000"),
        ("investment", "-0.5"),
        ("investment", "1e9"),
        ("revenue", "NaN"),
        ("revenue", "Infinity"),
        ("rd_share", "150"),
        ("founded_year", "3000"),
        ("founded_year", "1200"),
        ("founded_year", "1e999"),
        ("industry", "no-such-industry"),
        ("hq_relocation", "maybe"),
        ("recognitions", "nobel_prize"),
    ],
)
def test_negative_or_absurd_values_are_refused(client, measures, field, value):
    response = client.get(URL, {field: value, "in_zone": "yes"})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert _groups(response)["likely"] == ["园区落户奖励"]


def test_unknown_parameters_are_ignored(client, measures):
    plain = _groups(client.get(URL, {"in_zone": "yes"}))
    noisy = client.get(URL, {"in_zone": "yes", "utm_source": "x", "colour": "blue"})
    assert not noisy.context["form"].errors
    assert _groups(noisy) == plain


def test_a_broken_measure_does_not_hide_the_others(client, measures):
    broken = MeasureFactory(title="规则有误的条款")
    ConditionFactory(measure=broken, kind=Kind.INDUSTRY)  # names no industry: cannot be evaluated
    response = client.get(URL, {"in_zone": "yes"})
    assert response.status_code == 200
    groups = _groups(response)
    assert "规则有误的条款" in groups["check"]
    assert groups["likely"] == ["园区落户奖励"]


def test_empty_form_shows_how_many_measures_can_be_checked(client, measures):
    response = client.get(URL)
    assert "groups" not in response.context
    assert response.context["measure_count"] == 3


def test_answer_url_is_shareable(client, measures):
    """The same query string gives the same answer in a fresh client (nothing comes from a session)."""
    from django.test import Client

    url = f"{URL}?in_zone=yes&employees=20"
    assert _groups(client.get(url)) == _groups(Client().get(url))


def test_industry_answer_uses_the_industry_slug(client):
    chips, bio = IndustryFactory(slug="chips"), IndustryFactory(slug="bio")
    measure = MeasureFactory(title="芯片条款")
    ConditionFactory(measure=measure, kind=Kind.INDUSTRY).industries.add(chips)
    assert _groups(client.get(URL, {"industry": "chips"}))["likely"] == ["芯片条款"]
    assert _groups(client.get(URL, {"industry": "bio"}))["not_eligible"] == ["芯片条款"]
    assert bio


# --- A prospective investor: "planning to come" meets a location condition on arrival --------


def test_planning_to_come_meets_the_location_condition_on_arrival(client, measures):
    response = client.get(URL, {"in_zone": "planning", "employees": "80"})
    assert not response.context["form"].errors
    groups = _groups(response)
    assert groups == {"likely": ["园区落户奖励", "稳岗补贴"], "check": ["高企奖励"], "not_eligible": []}
    body = response.content.decode()
    assert "区位条件在园区注册落户后即满足" in body and "落户后满足" in body


def test_planning_investor_reads_each_measures_reason_in_english(client, measures):
    body = client.get("/en" + URL, {"in_zone": "planning", "employees": "20"}).content.decode()
    assert "The location condition is met once you register in the zone." in body
    assert "Met once you register" in body
    assert "Not met: Employees: at least 50 (short by 30)." in body
    assert "not answered yet: Recognition: National high-tech enterprise." in body


@pytest.mark.parametrize(("answer", "group"), [("yes", "likely"), ("no", "not_eligible"), ("", "check")])
def test_the_old_answers_keep_their_meaning(client, measures, answer, group):
    response = client.get(URL, {"in_zone": answer, "employees": "80"})
    assert not response.context["form"].errors
    assert "园区落户奖励" in _groups(response)[group]


def test_the_zone_question_offers_here_planning_and_neither(client):
    body = client.get("/en" + URL).content.decode()
    for value in ("yes", "planning", "no"):
        assert f'name="in_zone" value="{value}"' in body
    assert "Planning to come to the zone" in body and "Neither" in body


def test_english_checker_labels_and_converts_amounts_in_rmb(client):
    measure = MeasureFactory(title="投资补助", title_en="Investment subsidy", benefit_cap=500)
    ConditionFactory(measure=measure, kind=Kind.INVESTMENT, minimum=5)
    ConditionFactory(measure=measure, kind=Kind.REVENUE, minimum=2000)
    response = client.get("/en" + URL, {"investment": "2.5", "revenue": "1500"})
    body = response.content.decode()
    assert "yuan" not in body
    assert "1 = RMB 100 million" in body and "100 = RMB 1 million" in body
    assert "You entered RMB 250 million." in body and "You entered RMB 15 million." in body
    assert "Planned or fixed-asset investment: at least RMB 500 million" in body
    assert "(short by RMB 250 million)" in body and "(short by RMB 5 million)" in body
    assert "up to RMB 5 million" in body
    # the parameters keep their units: the same query on the Chinese page reads in 亿元 / 万元
    chinese = client.get(URL, {"investment": "2.5", "revenue": "1500"}).content.decode()
    assert "不低于 5 亿元" in chinese and "差 2.5 亿元" in chinese and "差 500 万元" in chinese
    assert "最高 500 万元" in chinese and "RMB" not in chinese.split('id="results"')[1]


# --- Related policies on the pages of the directories (composed in portal) ------------------


def test_project_page_lists_policies_of_its_industry(client):
    industry = IndustryFactory()
    project = make_project(industry=industry)
    related = PolicyFactory(title="同行业政策")
    related.industries.add(industry)
    PolicyFactory(title="别的行业政策").industries.add(IndustryFactory())
    PolicyFactory(title="过期的同行业政策", in_force_until=TODAY - D(1)).industries.add(industry)
    body = client.get(project.get_absolute_url()).content.decode()
    assert "同行业政策" in body
    assert "别的行业政策" not in body and "过期的同行业政策" not in body
    assert f"/policies/check/?industry={industry.slug}" in body


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_high_tech_enterprise_page_never_claims_eligibility(client, prefix):
    enterprise = make_enterprise()
    RecognitionFactory(enterprise=enterprise, kind=RecognitionTypeFactory(name="国家高新技术企业", slug="high-tech"))
    policy = PolicyFactory(title="高企政策", title_en="High-tech policy")
    policy.industries.add(enterprise.industry)
    measure = MeasureFactory(policy=policy)
    ConditionFactory(measure=measure, kind=Kind.RECOGNITION, recognition=Recognition.HIGH_TECH)
    body = client.get(f"{prefix}{enterprise.get_absolute_url()}").content.decode()
    assert ("High-tech policy" if prefix else "高企政策") in body
    lowered = body.lower()
    for claim in ("eligible", "qualifies for", "you qualify", "符合条件", "可享受", "可以享受"):
        assert claim not in lowered
    assert "/policies/check/" in body


# --- Property: whatever the query string holds, the form gives a profile and the engine an answer --

FIELD_VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", "yes", "no", "planning", "none", "high_tech", "1e999", "-0", "0x10", "١٢٣", "\x00"]),
)


@pytest.mark.usefixtures("measures")
def test_random_query_strings_never_break_the_checker():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as hst

    from policies.eligibility import Group, evaluate
    from policies.forms import FIELD_NAMES, CheckerForm
    from policies.models import Measure

    loaded = list(Measure.objects.open().prefetch_related("conditions__industries"))

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(hst.dictionaries(hst.sampled_from([*FIELD_NAMES, "other"]), FIELD_VALUES))
    def check(query):
        from django.http import QueryDict

        data = QueryDict(mutable=True)
        for key, value in query.items():
            data[key] = value
        profile = CheckerForm(data).profile()
        for value in (profile.investment, profile.revenue, profile.rd_share, profile.employees):
            assert value is None or value >= 0
        results = evaluate(loaded, profile, TODAY)
        assert len(results) == len(loaded)
        assert all(result.group in Group and not result.error for result in results)

    check()


def test_the_measures_kept_in_the_process_answer_each_language_in_its_own(client, measures):
    """The open measures are shared by a process's requests (policies.views.open_measures): each
    language's rule texts and fragments are kept apart on them."""
    url = URL + "?employees=5&in_zone=yes"
    chinese, english, chinese_again = client.get(url), client.get("/en" + url), client.get(url)
    assert "稳岗补贴" in chinese.content.decode()
    assert chinese_again.content == chinese.content
    assert "Not met" in english.content.decode() and "Not met" not in chinese.content.decode()
    measures["staff"].title = "稳岗补贴（修订）"
    measures["staff"].save()  # a new content version: the measures are read again
    assert "稳岗补贴（修订）" in client.get(url).content.decode()

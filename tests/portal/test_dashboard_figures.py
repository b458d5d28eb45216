"""The staff dashboard's pipeline figures (issue 30): the funnel and the months against a hand-built pipeline,
each officer's speed in working days (国庆 and a 调休 Sunday) for administrators only, the period and the
filters as query parameters (a bad one said on the page, never an error), the charts' tables equal to the
figures, samples kept apart, and a bounded number of queries at two table sizes."""

import datetime
import re
from decimal import Decimal as D
from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone, translation

from core.dates import DatePrecision
from inquiries.models import Inquiry, InquiryStageLog
from portal import dashboard_figures
from portal.dashboard_figures import (
    DashboardFilterForm,
    Period,
    Speed,
    pipeline_figures,
    preset_period,
    speed,
    view_from,
)
from service.models import ServiceRequest, ServiceStageLog
from staff import roles
from tests.factories import (
    IndustryFactory,
    InquiryFactory,
    ProjectFactory,
    ServiceGridFactory,
    UserFactory,
    ZoneFactory,
)
from tests.staff.test_roles import groups  # noqa: F401  (recreates the role groups if needed)

pytestmark = pytest.mark.django_db

S = Inquiry.Stage
TODAY = datetime.date(2025, 11, 20)
SEP_OCT = {"from": "2025-09-01", "to": "2025-10-31"}


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


def inquiry(received, *moves, now=None, by=None, owner=None, **fields):
    """An inquiry received at `received` (local), its stage log: `moves` as (stage, local datetime), made by
    `by`; its stage now the last move's unless `now` is given."""
    stage = now or (moves[-1][0] if moves else S.NEW)
    made = InquiryFactory(stage=stage, owner=owner, closed_reason="无意向" if stage == S.CLOSED else "", **fields)
    Inquiry.objects.filter(pk=made.pk).update(created_at=received)
    previous = ""
    for to_stage, moment in ((S.NEW, received), *moves):
        log = InquiryStageLog.objects.create(inquiry=made, from_stage=previous, to_stage=to_stage, changed_by=by)
        InquiryStageLog.objects.filter(pk=log.pk).update(changed_at=moment)
        previous = to_stage
    return made


@pytest.fixture
def pipeline():
    """Seven inquiries in September and October 2025, one the day before, one in another zone."""
    north, south = ZoneFactory(slug="north-t", name="北区"), ZoneFactory(slug="south-t", name="南区")
    chain = IndustryFactory(slug="chain-t")
    zhou = UserFactory(username="zhou", first_name="敏", last_name="周")
    day = local(2025, 9, 10, 9)
    rows = {
        "new": inquiry(day, zone=north),
        "assigned": inquiry(day, (S.ASSIGNED, day), by=zhou, zone=north),
        "closed_after_visit": inquiry(
            day,
            (S.ASSIGNED, day),
            (S.CONTACTED, local(2025, 9, 11, 10)),
            (S.SITE_VISIT, local(2025, 9, 20, 10)),
            (S.CLOSED, local(2025, 9, 25, 10)),
            by=zhou,
            zone=north,
            industry=chain,
        ),
        # Straight from contacted to negotiating: it still passed the site visit's bar of the funnel.
        "signed": inquiry(
            day,
            (S.ASSIGNED, day),
            (S.CONTACTED, local(2025, 9, 12, 10)),
            (S.NEGOTIATING, local(2025, 10, 9, 10)),
            (S.SIGNED, local(2025, 10, 20, 10)),
            by=zhou,
            zone=north,
            industry=chain,
        ),
        "contacted_no_log": None,
        # Ten past midnight in Hangzhou on 1 September is still 31 August in UTC: in the period.
        "first_minute": inquiry(local(2025, 9, 1, 0, 10), zone=north),
        "before": inquiry(local(2025, 8, 31, 23, 50), zone=north),
        "south": inquiry(day, (S.ASSIGNED, day), by=zhou, zone=south),
    }
    made = InquiryFactory(stage=S.CONTACTED, zone=north)  # its log lost (rows from before the log existed)
    Inquiry.objects.filter(pk=made.pk).update(created_at=day)
    rows["contacted_no_log"] = made
    return {"north": north, "south": south, "chain": chain, "zhou": zhou, **rows}


def admin_user(**extra):
    user = UserFactory(username="boss", **extra)
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    return user


def role_user(role):
    user = UserFactory(username=f"u-{role or 'none'}")
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def funnel_of(figures):
    return [figures.funnel_counts[stage] for stage in dashboard_figures.FUNNEL]


def table_rows(html, key):
    """The rows of the chart `key`'s table as the page shows them: [(heading, [cell texts])]."""
    figure = re.search(rf'<figure class="chart[^"]*" id="{key}">(.*?)</figure>', html, re.S).group(1)
    body = re.search(r"<tbody>(.*?)</tbody>", figure, re.S).group(1)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        heading = unescape(re.search(r"<th scope=\"row\">(.*?)</th>", row, re.S).group(1)).strip()
        cells = [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        rows.append((heading, cells))
    return rows


# --- The funnel -------------------------------------------------------------------------------------------


def test_funnel_counts_each_stage_reached_or_passed(pipeline):
    figures = pipeline_figures(admin_user(), SEP_OCT, today=TODAY)
    # new: all but "before"; assigned: the four that moved on and the one contacted without a log;
    # contacted: closed_after_visit, signed, contacted_no_log; site visit: closed_after_visit and signed
    # (which skipped it); negotiating and signed: signed.
    assert funnel_of(figures) == [7, 5, 3, 2, 1, 1]
    assert figures.closed == 1


def test_funnel_filters_by_zone_and_industry(pipeline):
    user = admin_user()
    north = pipeline_figures(user, {**SEP_OCT, "zone": "north-t"}, today=TODAY)
    assert funnel_of(north) == [6, 4, 3, 2, 1, 1]
    chain = pipeline_figures(user, {**SEP_OCT, "industry": "chain-t"}, today=TODAY)
    assert funnel_of(chain) == [2, 2, 2, 2, 1, 1]


def test_funnel_chart_table_equals_the_figures(client, pipeline):
    client.force_login(admin_user())
    response = client.get(reverse("admin:index"), {**SEP_OCT, "zone": "north-t"})
    html = response.content.decode()
    with translation.override("zh-hans"):
        labels = [str(S(stage).label) for stage in dashboard_figures.FUNNEL]
    assert table_rows(html, "dashboard-funnel") == list(
        zip(labels, [["6"], ["4"], ["3"], ["2"], ["1"], ["1"]], strict=True)
    )


# --- By month ---------------------------------------------------------------------------------------------


def test_months_count_inquiries_in_local_time_and_signings_by_their_precision(pipeline):
    ProjectFactory(signed_on=datetime.date(2025, 9, 30))
    ProjectFactory(signed_on=datetime.date(2025, 10, 1), signed_on_precision=DatePrecision.MONTH)
    ProjectFactory(signed_on=datetime.date(2025, 1, 1), signed_on_precision=DatePrecision.YEAR)
    ProjectFactory(signed_on=datetime.date(2025, 8, 31))  # before the period
    ProjectFactory(signed_on=datetime.date(2025, 9, 15), is_demo=True)  # a sample beside real records
    figures = pipeline_figures(admin_user(), SEP_OCT, today=TODAY)
    sep, octo = datetime.date(2025, 9, 1), datetime.date(2025, 10, 1)
    assert figures.monthly_counts["inquiries"] == {sep: 7, octo: 0}
    assert figures.monthly_counts["signings"] == {sep: 1, octo: 1}
    assert figures.signings_year_only == 1 and not figures.signings_are_samples


def test_signings_of_samples_only_are_counted_and_labelled(client, pipeline):
    ProjectFactory(signed_on=datetime.date(2025, 9, 15), is_demo=True)
    ProjectFactory(signed_on=datetime.date(2025, 9, 16), is_demo=True)
    user = admin_user()
    figures = pipeline_figures(user, SEP_OCT, today=TODAY)
    assert figures.signings_are_samples
    assert figures.monthly_counts["signings"][datetime.date(2025, 9, 1)] == 2
    client.force_login(user)
    html = client.get(reverse("admin:index"), SEP_OCT).content.decode()
    assert "示例 · 签约项目" in html and "没有真实的签约项目" in html


def test_monthly_chart_table_equals_the_figures(client, pipeline):
    ProjectFactory(signed_on=datetime.date(2025, 10, 3))
    client.force_login(admin_user())
    html = client.get(reverse("admin:index"), SEP_OCT).content.decode()
    assert table_rows(html, "dashboard-monthly") == [("2025年9月", ["7", "0"]), ("2025年10月", ["0", "1"])]


# --- Per officer ------------------------------------------------------------------------------------------


def test_an_officers_speed_is_shown_whatever_its_sample_size(settings):
    settings.FIGURES_MIN_SAMPLE = 5  # the public ledger's rule: staff see below it
    assert speed("周敏", [3]) == Speed("周敏", 1, D("3.0"), D("3.0"))
    assert speed("周敏", [0, 1, 1, 4], waiting=2) == Speed("周敏", 4, D("1.0"), D("3.1"), 2)  # p90: 1 + 0.7 × 3
    assert speed("周敏", [], waiting=1) == Speed("周敏", 0, None, None, 1)


def test_officer_speed_in_working_days_across_national_day_and_a_make_up_sunday():
    zhou = UserFactory(username="zhou", first_name="敏", last_name="周")
    li = UserFactory(username="li", first_name="娜", last_name="李")
    # 30 Sep (Tue) → 9 Oct (Thu): 1–8 October are the holiday, so one working day.
    inquiry(local(2025, 9, 30, 16), (S.ASSIGNED, local(2025, 9, 30, 17)), (S.CONTACTED, local(2025, 10, 9, 9)), by=zhou)
    # 26 Sep (Fri) → 28 Sep (Sun, a 调休 working day): one working day.
    inquiry(local(2025, 9, 26, 16), (S.CONTACTED, local(2025, 9, 28, 10)), by=zhou)
    # The same day: none. Then four: 15 → 19 September (Mon → Fri).
    inquiry(local(2025, 9, 22, 9), (S.CONTACTED, local(2025, 9, 22, 15)), by=zhou)
    inquiry(local(2025, 9, 15, 9), (S.ASSIGNED, local(2025, 9, 15, 10)), (S.SITE_VISIT, local(2025, 9, 19, 9)), by=zhou)
    # Only the first reply counts; the later moves do not.
    inquiry(
        local(2025, 9, 1, 9),
        (S.CONTACTED, local(2025, 9, 3, 9)),
        (S.SITE_VISIT, local(2025, 9, 30, 9)),
        by=li,
    )
    # Waiting: owned, never answered (assigned now); one closed unanswered is not waiting.
    inquiry(local(2025, 9, 2, 9), (S.ASSIGNED, local(2025, 9, 2, 10)), by=li, owner=li)
    inquiry(
        local(2025, 9, 2, 9), (S.ASSIGNED, local(2025, 9, 2, 10)), (S.CLOSED, local(2025, 9, 4, 9)), by=li, owner=li
    )
    figures = pipeline_figures(admin_user(), SEP_OCT, today=TODAY)
    speeds = {s.officer: s for s in figures.inquiry_speeds}
    assert (speeds["周敏"].n, speeds["周敏"].median, speeds["周敏"].p90, speeds["周敏"].waiting) == (
        4,
        D("1.0"),
        D("3.1"),
        0,
    )
    assert (speeds["李娜"].n, speeds["李娜"].median, speeds["李娜"].p90, speeds["李娜"].waiting) == (
        1,
        D("2.0"),
        D("2.0"),
        1,
    )


def test_officer_chart_table_equals_the_figures(client):
    zhou = UserFactory(username="zhou", first_name="敏", last_name="周")
    inquiry(local(2025, 9, 15, 9), (S.CONTACTED, local(2025, 9, 17, 9)), by=zhou)
    inquiry(local(2025, 9, 15, 9), (S.CONTACTED, local(2025, 9, 22, 9)), by=zhou)
    client.force_login(admin_user())
    html = client.get(reverse("admin:index"), SEP_OCT).content.decode()
    # 2 and 5 working days: the median 3.5, the 90th percentile 2 + 0.9 × 3 = 4.7.
    assert table_rows(html, "dashboard-officers-inquiries") == [("周敏 · 2件", ["3.5", "4.7"])]


def test_service_acceptance_per_officer_counts_real_requests_before_samples(client):
    from tests.service.conftest import ensure_desk_rows, make_request

    ensure_desk_rows()
    grid = ServiceGridFactory()
    officer = UserFactory(username="grid-wu", first_name="强", last_name="吴")

    def accepted(received, moment, *, is_demo=False, **data):
        made = make_request(is_demo=is_demo, enterprise_name="杭州示例机械有限公司", **data)
        ServiceRequest.objects.filter(pk=made.pk).update(created_at=received, grid=grid, zone=grid.zone)
        log = ServiceStageLog.objects.create(
            request=made, from_stage=ServiceRequest.Stage.SUBMITTED, to_stage=ServiceRequest.Stage.ACCEPTED,
            changed_by=officer,
        )  # fmt: skip
        ServiceStageLog.objects.filter(pk=log.pk).update(changed_at=moment)

    accepted(local(2025, 9, 26, 9), local(2025, 9, 29, 9), is_demo=True)
    user = admin_user()
    only_samples = pipeline_figures(user, SEP_OCT, today=TODAY)
    assert only_samples.service_are_samples and [s.n for s in only_samples.service_speeds] == [1]
    accepted(local(2025, 9, 30, 9), local(2025, 10, 9, 9))  # 1 working day
    figures = pipeline_figures(user, {**SEP_OCT, "grid": str(grid.number)}, today=TODAY)
    assert not figures.service_are_samples
    assert [(s.officer, s.n, s.median) for s in figures.service_speeds] == [("吴强", 1, D("1.0"))]
    other = ServiceGridFactory()
    assert pipeline_figures(user, {**SEP_OCT, "grid": str(other.number)}, today=TODAY).service_speeds == []


ROLES = [
    roles.CONTENT_EDITOR,
    roles.REVIEWER,
    roles.INVESTMENT_OFFICER,
    roles.GRID_OFFICER,
    roles.SERVICE_DESK,
    roles.EFFICIENCY_OFFICER,
]


@pytest.mark.parametrize("role", ROLES)
def test_per_officer_figures_are_absent_for_every_other_role(client, pipeline, role):
    client.force_login(role_user(role))
    response = client.get(reverse("admin:index"), SEP_OCT)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="dashboard-officers' not in html and "周敏 ·" not in html
    pipeline = response.context["pipeline"]
    assert pipeline is None or (not pipeline.show_officers and pipeline.inquiry_speeds == [])


def test_per_officer_figures_are_absent_for_staff_given_every_inquiry_right_but_no_role(client, pipeline):
    user = role_user(None)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=["inquiries", "service"]))
    client.force_login(user)
    response = client.get(reverse("admin:index"), SEP_OCT)
    assert response.context["pipeline"].funnel is not None  # their rights show them the funnel
    assert 'id="dashboard-officers' not in response.content.decode()


@pytest.mark.parametrize("extra", [{}, {"is_superuser": True}], ids=["administrator", "superuser"])
def test_per_officer_figures_are_shown_to_administrators(client, pipeline, extra):
    user = admin_user(**extra) if not extra else UserFactory(username="root", **extra)
    client.force_login(user)
    html = client.get(reverse("admin:index"), SEP_OCT).content.decode()
    assert 'id="dashboard-officers"' in html and "周敏 · 2件" in html


def test_investment_officer_sees_the_funnel_and_months(client, pipeline):
    client.force_login(role_user(roles.INVESTMENT_OFFICER))
    response = client.get(reverse("admin:index"), SEP_OCT)
    html = response.content.decode()
    assert 'id="dashboard-funnel"' in html and 'id="dashboard-monthly"' in html
    assert funnel_of(response.context["pipeline"]) == [7, 5, 3, 2, 1, 1]


def test_content_editor_has_no_pipeline_block(client, pipeline):
    client.force_login(role_user(roles.CONTENT_EDITOR))
    response = client.get(reverse("admin:index"))
    assert response.context["pipeline"] is None and 'id="dashboard-pipeline"' not in response.content.decode()


# --- The period and the filters ---------------------------------------------------------------------------


def test_default_view_is_this_month_and_the_eleven_before():
    view, form = view_from({}, today=TODAY)
    assert form.is_valid() and view.period == Period(datetime.date(2024, 12, 1), TODAY, "12m")
    assert view.zone is None and view.industry is None and view.grid is None


@pytest.mark.parametrize(
    ("params", "first", "last"),
    [
        ({"period": "90d"}, datetime.date(2025, 8, 23), TODAY),
        ({"period": "year"}, datetime.date(2025, 1, 1), TODAY),
        ({"period": "last_year"}, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        ({"from": "2025-03-05", "to": "2025-04-10"}, datetime.date(2025, 3, 5), datetime.date(2025, 4, 10)),
        ({"period": "custom", "from": "2025-03-05"}, datetime.date(2025, 3, 5), TODAY),
        ({"to": "2025-06-30"}, datetime.date(2024, 7, 1), datetime.date(2025, 6, 30)),
    ],
)
def test_periods(params, first, last):
    view, form = view_from(params, today=TODAY)
    assert form.is_valid(), form.errors
    assert (view.period.first, view.period.last) == (first, last)


BAD = [
    {"period": "forever"},
    {"from": "2025-13-01"},
    {"from": "2025-10-01", "to": "2025-09-01"},
    {"to": "2999-01-01"},  # after today
    {"from": "1999-12-31"},
    {"from": "2015-01-01", "to": "2025-01-01"},  # longer than 60 months
    {"period": "90d", "from": "2025-01-01"},  # both
    {"period": "custom"},  # no dates
    {"zone": "atlantis"},
    {"zone": "a\x00b"},
    {"industry": "no such industry"},
    {"grid": "abc"},
    {"grid": "99999999999999999999"},
]


@pytest.mark.parametrize("params", BAD, ids=range(len(BAD)))
def test_bad_filters_are_said_and_the_default_view_shown(client, params):
    client.force_login(admin_user())
    response = client.get(reverse("admin:index"), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "dashboard-filter-errors" in html and "以下筛选条件无法使用" in html
    view = response.context["pipeline"].view
    assert view.period == preset_period("12m", timezone.localdate()) and view.zone is None


def test_the_form_keeps_the_view_so_a_bookmark_shows_it_again(client, pipeline):
    client.force_login(admin_user())
    params = {**SEP_OCT, "period": "custom", "zone": "north-t", "industry": "chain-t"}
    html = client.get(reverse("admin:index"), params).content.decode()
    assert re.search(r'<option value="north-t" selected>', html)
    assert re.search(r'<option value="custom" selected>', html)
    assert 'value="2025-09-01"' in html and 'value="2025-10-31"' in html
    assert "统计时段：2025-09-01 – 2025-10-31" in html


def test_the_grid_filter_says_it_applies_to_service_requests_only():
    form = DashboardFilterForm({}, today=TODAY)
    with translation.override("en"):
        assert "Service requests only" in str(form["grid"].help_text)


# --- Queries ----------------------------------------------------------------------------------------------


def make_pipeline(n):
    officers = [UserFactory(username=f"officer-{i}") for i in range(3)]
    zone = ZoneFactory(slug="q-zone")
    for i in range(n):
        officer = officers[i % 3]
        received = local(2025, 9, 1 + i % 28, 9)
        inquiry(received, (S.ASSIGNED, received), (S.CONTACTED, received + datetime.timedelta(days=i % 5)), by=officer)
        inquiry(received, (S.ASSIGNED, received), by=officer, owner=officer, zone=zone)
        ProjectFactory(signed_on=datetime.date(2025, 9, 1 + i % 28), is_demo=bool(i % 2))


@pytest.mark.parametrize("rows", [3, 30])
def test_pipeline_figures_run_a_fixed_number_of_queries(django_assert_max_num_queries, rows):
    make_pipeline(rows)
    user = admin_user()
    user.groups.all()  # the role check's query belongs to the user, not to the table sizes
    with django_assert_max_num_queries(13):
        figures = pipeline_figures(user, {**SEP_OCT, "zone": "q-zone"}, today=TODAY)
        assert len(figures.inquiry_speeds) == 3


@pytest.mark.parametrize("rows", [3, 30])
def test_dashboard_with_figures_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, rows):
    make_pipeline(rows)
    client.force_login(admin_user())
    # The dashboard's 34 for an administrator (tests/portal/test_dashboard.py) and the figures' 12: the
    # form's three choice lists, the funnel, the two monthly counts, the role check and the five per officer.
    with django_assert_max_num_queries(46):
        assert client.get(reverse("admin:index"), SEP_OCT).status_code == 200

"""/service/: grids, officers' published contacts only, figures per grid over 12 months in a fixed number of queries."""

import datetime

import pytest
from django.utils import timezone

from service.figures import grid_figures
from service.services import service_request_move, service_request_rate
from staff.models import OfficerProfile
from tests.factories import EnterpriseFactory, ServiceGridFactory
from tests.service.conftest import local, make_request

pytestmark = pytest.mark.django_db


def resolved(enterprise, officer, *, created, resolved_at, rating=None, is_demo=False):
    request = make_request(enterprise=enterprise, now=created, is_demo=is_demo, email=f"e{created.day}@example.com")
    service_request_move(service_request=request, to_stage="resolved", user=officer, now=resolved_at)
    if rating:
        service_request_rate(reference=request.reference, contact=request.email, rating=rating, solved=True)
    return request


def test_figures_count_received_share_median_and_average_of_five_ratings(enterprise, grid, grid_officer):
    now = timezone.now()
    monday = timezone.localtime(now - datetime.timedelta(days=60)).replace(hour=9)
    monday -= datetime.timedelta(days=monday.weekday())
    # The figures count on the calendar of due dates; a plain working fortnight here, whatever holidays
    # fall 60 days before the day the test runs (tests/cases/test_workdays.py pins the holidays).
    from core.models import WorkingDayOverride

    for offset in range(14):
        day = monday.date() + datetime.timedelta(days=offset)
        WorkingDayOverride.objects.create(date=day, is_working_day=day.weekday() < 5)
    for days, rating in [(1, 5), (2, 4), (3, 5), (7, 4), (9, 3)]:  # calendar days after a Monday
        resolved(
            enterprise, grid_officer, created=monday, resolved_at=monday + datetime.timedelta(days=days), rating=rating
        )
    make_request(enterprise=enterprise)  # open
    make_request(enterprise=enterprise, now=now - datetime.timedelta(days=400))  # older than 12 months
    figures, samples = grid_figures()
    figure = figures[grid.pk]
    assert not samples
    assert figure.received == 6 and figure.resolved == 5 and figure.resolved_share == 83
    assert figure.median_days == 3  # working days 1, 2, 3, 5, 7
    assert figure.average_rating == 4.2


@pytest.mark.parametrize("count", [2, 12])
def test_figures_count_working_days_in_two_queries_whatever_the_number_of_requests(
    enterprise, grid, grid_officer, django_assert_num_queries, count
):
    start = timezone.now() - datetime.timedelta(days=90)
    for n in range(count):
        resolved(enterprise, grid_officer, created=start, resolved_at=start + datetime.timedelta(days=n + 1))
    # The requests, and the calendar's overrides over all their spans (before: one query per request).
    with django_assert_num_queries(2):
        figures, _samples = grid_figures()
    assert figures[grid.pk].resolved == count


def test_average_satisfaction_needs_five_ratings(enterprise, grid, grid_officer):
    start = local(2026, 11, 2, 9, 0) if timezone.now() > local(2026, 11, 10) else timezone.now()
    for rating in (5, 5, 5, 5):
        resolved(enterprise, grid_officer, created=start, resolved_at=start, rating=rating)
    assert grid_figures()[0][grid.pk].average_rating is None


def test_samples_count_only_when_no_real_request_exists(enterprise, grid, grid_officer):
    make_request(enterprise=enterprise, is_demo=True)
    figures, samples = grid_figures()
    assert samples and figures[grid.pk].received == 1
    make_request(enterprise=enterprise)
    make_request(enterprise=enterprise)
    figures, samples = grid_figures()
    assert not samples and figures[grid.pk].received == 2


def test_page_shows_only_what_officers_published(client, grid, grid_officer):
    OfficerProfile.objects.create(
        user=grid_officer,
        name="张网格",
        show_name=True,
        phone="0571-1234567",
        show_phone=False,
        email="zhang@example.gov.cn",
        show_email=True,
    )
    page = client.get("/service/").content.decode()
    assert grid.name in page and "张网格" in page and "zhang@example.gov.cn" in page
    assert "0571-1234567" not in page


def test_page_labels_sample_figures(client, enterprise):
    make_request(enterprise=enterprise, is_demo=True)
    assert "示例" in client.get("/service/").content.decode()


def test_english_page(client, grid):
    page = client.get("/en/service/").content.decode()
    assert "service grids" in page and 'lang="en"' in page


def test_service_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, grid_officer):
    def add(n):
        for _ in range(n):
            grid = ServiceGridFactory()
            officer = grid_officer.__class__.objects.create(username=f"o{grid.pk}")
            grid.officers.add(officer)
            OfficerProfile.objects.create(user=officer, name=f"官{grid.pk}", show_name=True)
            make_request(enterprise=EnterpriseFactory(grid=grid))

    add(2)
    with django_assert_max_num_queries(10) as small:
        assert client.get("/service/").status_code == 200
    add(10)
    with django_assert_max_num_queries(10) as large:
        client.get("/service/")
    assert len(small.captured_queries) == len(large.captured_queries)


def test_officer_profile_publishes_the_grids_served_only_when_chosen(grid, grid_officer):
    profile = OfficerProfile.objects.create(user=grid_officer, name="张网格", show_name=True)
    assert "grids" not in profile.public_contact()
    profile.show_grids = True
    profile.save()
    assert profile.public_contact()["grids"] == [grid.name]


def test_the_page_rendered_again_reads_its_rows_from_the_cache_without_the_officers_accounts(
    client, settings, grid_officer, django_assert_num_queries
):
    import pickle

    from django.core.cache import cache

    settings.PAGE_CACHE_ENABLED = False
    first = client.get("/service/")
    with django_assert_num_queries(0):
        second = client.get("/service/")
    assert second.content == first.content
    stored = [key for key in cache._cache if "service-home" in key]  # local memory: its keys are readable
    assert stored
    for key in stored:
        assert b"pbkdf2" not in cache._cache[key] and b"md5$" not in cache._cache[key]
        assert pickle.loads(cache._cache[key])  # noqa: S301 - this process's own cache entry

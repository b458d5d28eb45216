"""The speed ledger of /figures/ (portal.figures) against cases whose working days were counted by hand.

The fixtures sit around 国庆 2024: 1–7 October off, Sunday 29 September and Saturday 12 October worked (调休).
The ledger is read as of 31 October 2024: its window is November 2023 to October 2024.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from core.dates import DatePrecision
from inquiries.models import Inquiry, InquiryStageLog
from portal.figures import speed_ledger
from service.models import ServiceCategory, ServiceRequest, ServiceStageLog
from tests.factories import IndustryFactory, InquiryFactory, ProjectFactory, ServiceGridFactory, ZoneFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 10, 31)


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


def make_inquiry(received, moves, *, stage=None, **fields):
    """An inquiry received at `received` that moved to each (stage, moment) of `moves`, as its stage log says."""
    inquiry = InquiryFactory(stage=stage or (moves[-1][0] if moves else Inquiry.Stage.NEW), **fields)
    Inquiry.objects.filter(pk=inquiry.pk).update(created_at=received)
    previous = Inquiry.Stage.NEW
    for to_stage, moment in moves:
        log = InquiryStageLog.objects.create(inquiry=inquiry, from_stage=previous, to_stage=to_stage)
        InquiryStageLog.objects.filter(pk=log.pk).update(changed_at=moment)
        previous = to_stage
    return inquiry


_references = iter(range(1, 10_000))


def make_request(received, *, moves=(), resolved_at=None, is_demo=False, grid=None, zone=None):
    """A service request received at `received`, moved out of "submitted" by `moves` (stage, moment)."""
    category, _created = ServiceCategory.objects.get_or_create(slug="other", defaults={"name": "其他"})
    stage = moves[-1][0] if moves else ServiceRequest.Stage.SUBMITTED
    request = ServiceRequest.objects.create(
        reference=f"FW2024-{next(_references):05d}",
        enterprise_name="某企业",
        category=category,
        description="请协助。",
        consent_at=received,
        acknowledge_due_at=received,
        resolve_due_at=received,
        created_at=received,
        stage=stage,
        resolved_at=resolved_at,
        is_demo=is_demo,
        grid=grid,
        zone=zone,
    )
    previous = ServiceRequest.Stage.SUBMITTED
    for to_stage, moment in moves:
        log = ServiceStageLog.objects.create(request=request, from_stage=previous, to_stage=to_stage)
        ServiceStageLog.objects.filter(pk=log.pk).update(changed_at=moment)
        previous = to_stage
    return request


def process(ledger, key):
    (found,) = [p for p in ledger if p.key == key]
    return found


def cell(process, stage, by="all", group="all"):
    (breakdown,) = [b for b in process.breakdowns if b.by == by]
    (row,) = [r for r in breakdown.rows if r.group.key == group]
    return dict(row.cells)[stage]


@pytest.fixture
def north(db):
    return ZoneFactory(slug="north", name="北智", name_en="North")


@pytest.fixture
def inquiries(north):
    chips = IndustryFactory(slug="electronics-ic", name="电子产品与集成电路")
    S = Inquiry.Stage
    # First reply 3 (29 Sep, 30 Sep, 8 Oct), site visit 5 (… 9 Oct, 10 Oct).
    make_inquiry(at(2024, 9, 27, 10), [(S.CONTACTED, at(2024, 10, 8, 9)), (S.SITE_VISIT, at(2024, 10, 10, 15))],
                 zone=north, industry=chips)  # fmt: skip
    # First reply 2 (Saturday 12 Oct worked), signing 4 (12, 14, 15, 16 Oct).
    make_inquiry(
        at(2024, 10, 11, 15),
        [(S.CONTACTED, at(2024, 10, 14, 9)), (S.NEGOTIATING, at(2024, 10, 15, 9)), (S.SIGNED, at(2024, 10, 16, 9))],
        zone=north,
    )
    # Assigned (no reply), then straight to a site visit: first reply and site visit 1.
    make_inquiry(at(2024, 10, 8, 9), [(S.ASSIGNED, at(2024, 10, 8, 10)), (S.SITE_VISIT, at(2024, 10, 9, 9))])
    # A signing taken back: no signing; first reply 1.
    make_inquiry(
        at(2024, 10, 14, 9),
        [
            (S.CONTACTED, at(2024, 10, 15, 9)),
            (S.NEGOTIATING, at(2024, 10, 15, 10)),
            (S.SIGNED, at(2024, 10, 16, 9)),
            (S.NEGOTIATING, at(2024, 10, 17, 9)),
        ],
    )
    # September: first reply 2 (Monday 2 → Wednesday 4).
    make_inquiry(at(2024, 9, 2, 9), [(S.CONTACTED, at(2024, 9, 4, 9))], zone=north, industry=chips)
    # Before the window: not counted.
    make_inquiry(at(2023, 6, 1, 9), [(S.CONTACTED, at(2023, 6, 2, 9))])
    # Received, not yet answered: nothing to measure.
    make_inquiry(at(2024, 10, 30, 9), [])


def test_inquiry_steps_in_working_days_across_national_day(inquiries, settings):
    settings.FIGURES_MIN_SAMPLE = 1
    ledger = process(speed_ledger(TODAY), "inquiries")
    assert not ledger.is_sample and ledger.first_day == datetime.date(2023, 11, 1)
    first_reply = cell(ledger, "first_reply")  # 1, 1, 2, 2, 3
    assert (first_reply.n, first_reply.median, first_reply.p90) == (5, Decimal("2.0"), Decimal("2.6"))
    site_visit = cell(ledger, "site_visit")  # 1, 5
    assert (site_visit.n, site_visit.median, site_visit.p90) == (2, Decimal("3.0"), Decimal("4.6"))
    signing = cell(ledger, "signing")  # 4: the signing taken back is not one
    assert (signing.n, signing.median, signing.p90) == (1, Decimal("4.0"), Decimal("4.0"))


def test_inquiry_steps_by_month_zone_and_industry(inquiries, settings):
    settings.FIGURES_MIN_SAMPLE = 1
    ledger = process(speed_ledger(TODAY), "inquiries")
    months = [row.group.key for row in ledger.breakdowns[1].rows]
    assert months == [f"2023-{m:02d}" for m in (11, 12)] + [f"2024-{m:02d}" for m in range(1, 11)]
    october = cell(ledger, "first_reply", "month", "2024-10")  # 1, 1, 2, 3
    assert (october.n, october.median, october.p90) == (4, Decimal("1.5"), Decimal("2.7"))
    assert cell(ledger, "first_reply", "month", "2024-09").median == Decimal("2.0")
    assert cell(ledger, "first_reply", "month", "2024-08").n == 0
    north = cell(ledger, "first_reply", "zone", "north")  # 3, 2, 2
    assert (north.n, north.median) == (3, Decimal("2.0"))
    assert cell(ledger, "first_reply", "zone", "").n == 2  # no preferred zone: "not stated"
    assert [row.group.key for row in ledger.breakdowns[2].rows] == ["north", ""]
    assert cell(ledger, "first_reply", "industry", "electronics-ic").median == Decimal("2.5")


def test_cells_under_the_minimum_sample_are_hidden_and_say_how_many(inquiries):
    ledger = process(speed_ledger(TODAY), "inquiries")
    whole = cell(ledger, "first_reply")
    assert (whole.n, whole.median, whole.hidden) == (5, Decimal("2.0"), False)  # five cases: shown
    october = cell(ledger, "first_reply", "month", "2024-10")
    assert (october.n, october.median, october.p90, october.hidden) == (4, None, None, True)
    empty = cell(ledger, "first_reply", "month", "2024-08")
    assert (empty.n, empty.hidden) == (0, False)


def test_service_steps_and_samples_kept_apart(north, settings):
    settings.FIGURES_MIN_SAMPLE = 1
    grid = ServiceGridFactory(number=3, zone=north)
    S = ServiceRequest.Stage
    # Accepted on the make-up Sunday (1), resolved 8 October (3).
    make_request(at(2024, 9, 27, 9), moves=[(S.ACCEPTED, at(2024, 9, 29, 10)), (S.RESOLVED, at(2024, 10, 8, 9))],
                 resolved_at=at(2024, 10, 8, 9), grid=grid, zone=north)  # fmt: skip
    # Accepted the same day (0), then closed: no resolution.
    make_request(at(2024, 10, 10, 9), moves=[(S.ACCEPTED, at(2024, 10, 10, 11)), (S.CLOSED, at(2024, 10, 11, 9))])
    # Closed unanswered: no acceptance.
    make_request(at(2024, 10, 10, 9), moves=[(S.CLOSED, at(2024, 10, 10, 10))])
    # A sample, never counted while real requests exist.
    make_request(at(2024, 10, 14, 9), moves=[(S.ACCEPTED, at(2024, 10, 25, 9))], is_demo=True)
    ledger = process(speed_ledger(TODAY), "service")
    assert not ledger.is_sample
    acceptance, resolution = cell(ledger, "acceptance"), cell(ledger, "resolution")
    assert (acceptance.n, acceptance.median, acceptance.p90) == (2, Decimal("0.5"), Decimal("0.9"))
    assert (resolution.n, resolution.median) == (1, Decimal("3.0"))
    assert cell(ledger, "acceptance", "grid", "3").median == Decimal("1.0")
    assert cell(ledger, "acceptance", "month", "2024-09").n == 1


def test_service_samples_count_only_when_no_real_request_exists(settings):
    settings.FIGURES_MIN_SAMPLE = 1
    S = ServiceRequest.Stage
    make_request(at(2024, 10, 14, 9), moves=[(S.ACCEPTED, at(2024, 10, 16, 9))], is_demo=True)
    ledger = process(speed_ledger(TODAY), "service")
    assert ledger.is_sample and cell(ledger, "acceptance").median == Decimal("2.0")


def test_project_steps_count_only_dates_known_to_the_day(north, settings):
    settings.FIGURES_MIN_SAMPLE = 1
    month = DatePrecision.MONTH
    ProjectFactory(zone=north, signed_on=datetime.date(2024, 9, 27), started_on=datetime.date(2024, 10, 8),
                   production_on=datetime.date(2024, 10, 14), stage="production")  # fmt: skip
    # Signed in a month (stored as its first day): no signing-to-construction span; construction to production 2.
    ProjectFactory(signed_on=datetime.date(2024, 1, 1), signed_on_precision=month,
                   started_on=datetime.date(2024, 3, 4), production_on=datetime.date(2024, 3, 6))  # fmt: skip
    ProjectFactory(is_demo=True, signed_on=datetime.date(2024, 1, 2), started_on=datetime.date(2024, 6, 3))
    ProjectFactory(is_published=False, signed_on=datetime.date(2024, 1, 2), started_on=datetime.date(2024, 6, 3))
    ProjectFactory(started_on=None)
    ledger = process(speed_ledger(TODAY), "projects")
    assert not ledger.is_sample
    construction = cell(ledger, "construction")  # 29 Sep, 30 Sep, 8 Oct
    assert (construction.n, construction.median) == (1, Decimal("3.0"))
    production = cell(ledger, "production")  # 5 (9–12, 14 Oct) and 2
    assert (production.n, production.median, production.p90) == (2, Decimal("3.5"), Decimal("4.7"))
    assert cell(ledger, "signing_to_production").median == Decimal("8.0")
    assert [row.group.key for row in ledger.breakdowns[1].rows] == ["2024"]
    north_row = [r for r in ledger.breakdowns[2].rows if r.group.key == "north"][0]
    assert north_row.group.link.url == "/projects/?zone=north"


def test_project_samples_count_only_when_no_real_project_has_dates(settings):
    settings.FIGURES_MIN_SAMPLE = 1
    ProjectFactory(signed_on=datetime.date(2024, 1, 2))  # real, but nothing to measure
    ProjectFactory(is_demo=True, signed_on=datetime.date(2024, 1, 2), started_on=datetime.date(2024, 1, 4))
    ledger = process(speed_ledger(TODAY), "projects")
    assert ledger.is_sample and cell(ledger, "construction").median == Decimal("2.0")


def test_the_ledger_reads_a_fixed_number_of_queries_whatever_the_number_of_cases(north, django_assert_max_num_queries):
    S = Inquiry.Stage

    def add(count):
        for n in range(count):
            received = at(2024, 10, 1 + n % 20, 9)
            make_inquiry(received, [(S.CONTACTED, received + datetime.timedelta(days=2))], zone=north)
            make_request(received, moves=[(ServiceRequest.Stage.ACCEPTED, received + datetime.timedelta(days=1))])
            ProjectFactory(signed_on=received.date(), started_on=received.date() + datetime.timedelta(days=30))

    add(2)
    with django_assert_max_num_queries(9) as small:
        speed_ledger(TODAY)
    add(25)
    with django_assert_max_num_queries(9) as large:
        speed_ledger(TODAY)
    assert len(small.captured_queries) == len(large.captured_queries)

"""Routing, due dates over weekends, stages, and the machinery shared with inquiries (cases)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cases.models import CaseNoteBase, OutboxMailBase, ReferenceSequenceBase, StageLogBase
from cases.outbox import Outbox
from inquiries import services as inquiry_services
from inquiries.models import InquiryNote, InquiryReferenceSequence, InquiryStageLog, OutboxMail
from service import services as service_services
from service.models import ServiceCategory, ServiceMail, ServiceReferenceSequence, ServiceRequestNote, ServiceStageLog
from service.services import (
    grid_for,
    service_request_add_note,
    service_request_link_space,
    service_request_move,
)
from tests.factories import EnterpriseFactory, ServiceGridFactory, SpaceFactory, ZoneFactory
from tests.service.conftest import local, make_request

pytestmark = pytest.mark.django_db


def test_request_goes_to_the_grid_of_its_enterprise(enterprise, grid, other_grid):
    assert make_request(enterprise=enterprise).grid == grid


def test_new_enterprise_goes_to_the_only_grid_of_its_zone_else_to_the_desk(zone, grid):
    assert grid_for(zone=zone) == grid
    crowded = ZoneFactory(slug="north")
    ServiceGridFactory(zone=crowded)
    ServiceGridFactory(zone=crowded)
    assert grid_for(zone=crowded) is None
    assert grid_for() is None
    request = make_request(enterprise_name="新企业", credit_code="91350100M000100Y43", zone=crowded)
    assert request.grid is None


def test_enterprise_without_grid_uses_its_zone(zone, grid):
    assert make_request(enterprise=EnterpriseFactory(zone=zone, grid=None)).grid == grid


def test_references_count_per_year_with_the_fw_prefix(enterprise):
    first = make_request(enterprise=enterprise, now=local(2026, 3, 2, 9, 0))
    second = make_request(enterprise=enterprise, now=local(2026, 3, 3, 9, 0))
    next_year = make_request(enterprise=enterprise, now=local(2027, 1, 4, 9, 0))
    assert [first.reference, second.reference, next_year.reference] == ["FW2026-00001", "FW2026-00002", "FW2027-00001"]


def test_due_dates_skip_the_weekend(enterprise):
    permits = ServiceCategory.objects.get(slug="permits")  # 5 working days
    friday = local(2026, 11, 27, 16, 0)
    request = make_request(enterprise=enterprise, category=permits, now=friday)
    assert request.acknowledge_due_at == local(2026, 11, 30, 16, 0)  # Monday
    assert request.resolve_due_at == local(2026, 12, 4, 16, 0)  # the next Friday
    saturday = make_request(enterprise=enterprise, category=permits, now=local(2026, 11, 28, 10, 0))
    assert saturday.acknowledge_due_at == local(2026, 11, 30, 10, 0)


def test_staff_edited_category_time_sets_the_due_date(enterprise):
    other = ServiceCategory.objects.get(slug="other")
    other.resolve_working_days = 2
    other.save()
    request = make_request(enterprise=enterprise, category=other, now=local(2026, 12, 3, 9, 0))  # Thursday
    assert request.resolve_due_at == local(2026, 12, 7, 9, 0)


def test_overdue_while_open_and_past_due(enterprise):
    request = make_request(enterprise=enterprise, now=local(2020, 1, 6, 9, 0))
    assert request.is_overdue
    assert type(request).objects.overdue().filter(pk=request.pk).exists()


def test_stages_are_logged_and_resolving_mails_the_enterprise(
    enterprise, grid_officer, django_capture_on_commit_callbacks, run_jobs
):
    request = make_request(enterprise=enterprise)
    with django_capture_on_commit_callbacks(execute=True):
        service_request_move(service_request=request, to_stage="accepted", user=grid_officer)
        request.reply = "已协调闲置厂房，请来看房。"
        request.save()
        service_request_move(service_request=request, to_stage="resolved", user=grid_officer)
    run_jobs()
    assert [(row.from_stage, row.to_stage) for row in request.stage_log.all()] == [
        ("", "submitted"),
        ("submitted", "accepted"),
        ("accepted", "resolved"),
    ]
    assert request.resolved_at is not None
    answered = [m for m in mail.outbox if request.reference in m.subject and m.to == ["li@example.com"]]
    assert any("已协调闲置厂房" in m.body for m in answered)


def test_referral_names_the_department_and_is_dated(enterprise, grid_officer):
    request = make_request(enterprise=enterprise)
    with pytest.raises(ValidationError):
        service_request_move(service_request=request, to_stage="referred", user=grid_officer)
    service_request_move(service_request=request, to_stage="referred", user=grid_officer, referred_to="区市场监管局")
    request.refresh_from_db()
    assert request.referred_to == "区市场监管局" and request.referred_on is not None


def test_a_move_the_pipeline_does_not_allow_is_refused(enterprise, grid_officer):
    request = make_request(enterprise=enterprise)
    with pytest.raises(ValidationError):
        service_request_move(service_request=request, to_stage="confirmed", user=grid_officer)
    with pytest.raises(ValidationError):
        service_request_move(service_request=request, to_stage="closed", user=grid_officer)  # no reason


def test_notes_make_a_timeline(enterprise, grid_officer):
    request = make_request(enterprise=enterprise)
    service_request_add_note(service_request=request, author=grid_officer, text="电话联系企业")
    service_request_add_note(service_request=request, author=grid_officer, text="现场查看")
    assert [n.text for n in request.notes.all()] == ["电话联系企业", "现场查看"]
    with pytest.raises(ValidationError):
        service_request_add_note(service_request=request, author=grid_officer, text="  ")


def test_space_request_is_linked_to_a_space_and_the_enterprise_is_mailed(
    enterprise, space_category, grid_officer, django_capture_on_commit_callbacks, run_jobs
):
    request = make_request(enterprise=enterprise, category=space_category)
    space = SpaceFactory(name="钱江闲置厂房")
    with django_capture_on_commit_callbacks(execute=True):
        service_request_link_space(service_request=request, space=space, user=grid_officer)
    run_jobs()
    assert list(request.spaces.all()) == [space]
    assert ServiceMail.objects.filter(request=request, kind="space", status="sent").exists()
    with pytest.raises(ValidationError):
        service_request_link_space(service_request=request, space=space, user=grid_officer)


def test_only_space_requests_link_spaces(enterprise, grid_officer):
    with pytest.raises(ValidationError):
        service_request_link_space(
            service_request=make_request(enterprise=enterprise), space=SpaceFactory(), user=grid_officer
        )


def test_grid_officers_are_told_of_a_new_request(
    enterprise, grid_officer, django_capture_on_commit_callbacks, run_jobs
):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(enterprise=enterprise)
    run_jobs()
    assert any(m.to == ["grid3@example.gov.cn"] and request.reference in m.subject for m in mail.outbox)


def test_inquiries_and_service_requests_share_one_case_machinery():
    """Both apps build on cases: the same abstract models, reference counter, due dates and outbox sender."""
    assert issubclass(InquiryNote, CaseNoteBase) and issubclass(ServiceRequestNote, CaseNoteBase)
    assert issubclass(InquiryStageLog, StageLogBase) and issubclass(ServiceStageLog, StageLogBase)
    assert issubclass(InquiryReferenceSequence, ReferenceSequenceBase)
    assert issubclass(ServiceReferenceSequence, ReferenceSequenceBase)
    assert issubclass(OutboxMail, OutboxMailBase) and issubclass(ServiceMail, OutboxMailBase)
    assert isinstance(inquiry_services.OUTBOX, Outbox) and isinstance(service_services.OUTBOX, Outbox)
    assert inquiry_services.OUTBOX.send.__func__ is service_services.OUTBOX.send.__func__
    friday = local(2026, 11, 27, 16, 0)
    assert inquiry_services.first_response_due(friday, 1) == local(2026, 11, 30, 16, 0)


def test_shared_anonymising_erases_contact_and_notes(enterprise, grid_officer):
    from service.services import service_request_anonymise

    request = make_request(enterprise=enterprise)
    service_request_add_note(service_request=request, author=grid_officer, text="李经理手机 139…")
    service_request_move(service_request=request, to_stage="closed", user=grid_officer, reason="企业撤回")
    service_request_anonymise(service_request=request)
    request.refresh_from_db()
    assert request.contact_name == "" and request.phone == "" and request.email == "" and request.anonymised_at
    assert [n.text for n in request.notes.all()] == ["—"]
    assert not request.history.filter(phone="13912345678").exists()


def test_working_days_between_on_ordinary_weeks():
    from core.workdays import working_days_between

    friday, monday = datetime.date(2026, 11, 27), datetime.date(2026, 11, 30)
    assert working_days_between(friday, monday) == 1
    assert working_days_between(friday, friday) == 0
    assert working_days_between(monday, datetime.date(2026, 12, 14)) == 10


def test_space_matching_lists_the_open_space_requests_a_space_fits(
    client, enterprise, space_category, grid_officer, other_officer
):
    from decimal import Decimal

    from service.matching import ranked_space_requests

    fits = make_request(
        enterprise=enterprise, category=space_category, need_kind="factory", need_min_area_m2=Decimal("8000")
    )
    too_big = make_request(
        enterprise=enterprise, category=space_category, need_kind="factory", need_min_area_m2=Decimal("50000")
    )
    make_request(enterprise=enterprise)  # not a space request
    space = SpaceFactory(kind="factory", floor_area_m2=Decimal("10000"), zone=enterprise.zone)
    assert [r for r, _m in ranked_space_requests(space)] == [fits]
    assert too_big not in [r for r, _m in ranked_space_requests(space)]
    client.force_login(grid_officer)
    page = client.get(f"/admin/spaces/space/{space.pk}/change/").content.decode()
    assert fits.reference in page
    client.force_login(other_officer)
    page = client.get(f"/admin/spaces/space/{space.pk}/change/").content.decode()
    assert fits.reference not in page  # another grid's request

"""Issue 13, officers: stage moves follow a table; signing needs the project; a refused move says why."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inquiries.models import Inquiry
from inquiries.services import TRANSITIONS, inquiry_move
from tests.factories import InquiryFactory, ProjectFactory
from tests.inquiries.test_admin import change_data, change_url

pytestmark = pytest.mark.django_db


def test_every_stage_has_its_moves_and_signing_is_reached_only_from_negotiating():
    assert set(TRANSITIONS) == set(Inquiry.Stage.values)
    assert [stage for stage, moves in TRANSITIONS.items() if Inquiry.Stage.SIGNED in moves] == ["negotiating"]


def test_a_bare_jump_from_new_to_signed_is_refused_with_the_allowed_moves(officer):
    inquiry = InquiryFactory()
    with pytest.raises(ValidationError) as excinfo:
        inquiry_move(inquiry=inquiry, to_stage="signed", user=officer)
    message = excinfo.value.message_dict["stage"][0]
    assert "新提交" in message and "签约" in message and "已分派" in message
    inquiry.refresh_from_db()
    assert inquiry.stage == "new" and not inquiry.stage_log.exists()


def test_signing_needs_the_resulting_project(officer):
    inquiry = InquiryFactory(owner=officer, stage="negotiating")
    with pytest.raises(ValidationError) as excinfo:
        inquiry_move(inquiry=inquiry, to_stage="signed", user=officer)
    assert "project" in excinfo.value.message_dict
    inquiry.project = ProjectFactory()
    inquiry.save()
    inquiry_move(inquiry=inquiry, to_stage="signed", user=officer)
    inquiry.refresh_from_db()
    assert inquiry.stage == "signed"


def test_reopening_a_closed_inquiry_needs_an_owner(officer):
    inquiry = InquiryFactory(stage="closed", closed_reason="预算不足")
    with pytest.raises(ValidationError) as excinfo:
        inquiry_move(inquiry=inquiry, to_stage="assigned", user=officer)
    assert "owner" in excinfo.value.message_dict


def test_the_admin_refuses_a_jump_and_the_investor_still_sees_new(client, officer):
    inquiry = InquiryFactory()
    client.force_login(officer)
    response = client.post(change_url(inquiry), change_data(inquiry, stage="signed"))
    assert response.status_code == 200
    assert "stage" in response.context["adminform"].form.errors
    assert "不能" in response.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.stage == "new"
    client.logout()
    status = client.post(
        reverse("inquiries:status"), {"reference": inquiry.reference, "contact": inquiry.email or inquiry.phone}
    )
    assert str(status.context["stage"]) == "新提交"

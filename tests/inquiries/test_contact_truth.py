"""Issue 24, item 4 and the smaller items: the investor is told a real contact or none.

The status page names the assigned officer (their published contact) or the zone's, and says what the
inquiry was about; the proposal mail states the officer's published contact instead of sending the
investor to a page that has none; the acknowledgement (mail and thank-you page) links the status page.
"""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from inquiries.models import Inquiry
from inquiries.services import inquiry_assign, space_propose
from portal.models import SiteSettings
from staff.roles import INVESTMENT_OFFICER
from tests.factories import (
    IndustryFactory,
    InquiryFactory,
    OfficerProfileFactory,
    SpaceFactory,
    UserFactory,
    ZoneFactory,
)
from tests.inquiries.test_form import post

pytestmark = pytest.mark.django_db

UNTRUE = ("officer's contact on our website", "专员的联系方式")


@pytest.fixture
def officer(migrated_roles):
    user = UserFactory(username="officer-zhou")
    user.groups.add(Group.objects.get(name=INVESTMENT_OFFICER))
    return user


@pytest.fixture
def inquiry(db):
    return InquiryFactory(reference="QK2026-00301", email="buyer@example.com", phone="13912345678", language="zh-hans")


def _dossier(client, prefix=""):
    page = client.post(f"{prefix}/inquiry/status/", {"reference": "QK2026-00301", "contact": "buyer@example.com"})
    body = page.content.decode()
    return body[body.index('class="iq-result"') : body.index('<form method="post"')]


def test_status_page_names_the_assigned_officer_with_their_published_contact(client, inquiry, officer):
    OfficerProfileFactory(
        user=officer, name="周专员", show_name=True, phone="0571-8765 4321", show_phone=True, email="zhou@x.gov.cn"
    )
    before = _dossier(client)
    assert "尚未指派专员" in before and "周专员" not in before
    inquiry_assign(inquiry=inquiry, officer=officer, user=officer)
    after = _dossier(client)
    assert "周专员" in after and "0571-8765 4321" in after
    assert "zhou@x.gov.cn" not in after  # not published
    assert "尚未指派专员" not in after and "will be assigned" not in after


def test_an_assigned_officer_who_publishes_nothing_is_backed_by_the_zones_published_contact(client, inquiry, officer):
    OfficerProfileFactory(user=officer, name="周专员", phone="0571-8765 4321")  # nothing ticked
    inquiry_assign(inquiry=inquiry, officer=officer, user=officer)
    page = _dossier(client)
    assert "已为您的咨询指派招商专员" in page and "尚未指派专员" not in page
    assert "周专员" not in page and "0571-8765 4321" not in page
    assert "tel:" not in page and "mailto:" not in page  # the zone publishes nothing either
    assert "专员将通过您留下的电子邮箱或电话与您联系" in page
    SiteSettings.objects.create(hotline="0571-1111 2222")
    page = _dossier(client)
    assert 'href="tel:057111112222"' in page and "0571-1111 2222" in page


def test_status_page_says_what_the_inquiry_was_about(client, inquiry):
    zone = ZoneFactory(name="南创", name_en="South")
    space = SpaceFactory(name="南部标准厂房", name_en="South factory", zone=zone)
    inquiry.about_space = space
    inquiry.industry = IndustryFactory(name="新材料", name_en="New materials")
    inquiry.zone = zone
    inquiry.message = "我们需要一栋层高8米的厂房。" + "详" * 400
    inquiry.save()
    page = _dossier(client)
    assert "您咨询的内容" in page and "咨询对象" in page and "南部标准厂房" in page and space.get_absolute_url() in page
    assert "新材料" in page and "南创" in page and "我们需要一栋层高8米的厂房。" in page
    assert "详" * 400 not in page  # a summary, not the whole message
    en = _dossier(client, prefix="/en")
    assert "What you asked about" in en and "South factory" in en and "New materials" in en


def test_proposal_mail_states_the_officers_published_contact(
    django_capture_on_commit_callbacks, run_jobs, inquiry, officer
):
    OfficerProfileFactory(
        user=officer, name="周专员", show_name=True, phone="0571-8765 4321", show_phone=True, email="zhou@x.gov.cn"
    )
    inquiry.owner, inquiry.stage = officer, Inquiry.Stage.CONTACTED
    inquiry.save()
    with django_capture_on_commit_callbacks(execute=True):
        space_propose(inquiry=inquiry, space=SpaceFactory(), user=officer)
    run_jobs()
    (message,) = mail.outbox
    assert "周专员" in message.body and "0571-8765 4321" in message.body
    assert "zhou@x.gov.cn" not in message.body
    assert not any(text in message.body for text in UNTRUE)


def test_proposal_mail_claims_no_contact_when_the_officer_publishes_none(
    django_capture_on_commit_callbacks, run_jobs, inquiry, officer
):
    OfficerProfileFactory(user=officer, name="周专员", show_name=True, phone="0571-8765 4321")  # phone not published
    inquiry.owner, inquiry.stage = officer, Inquiry.Stage.CONTACTED
    inquiry.save()
    with django_capture_on_commit_callbacks(execute=True):
        space_propose(inquiry=inquiry, space=SpaceFactory(), user=officer)
    run_jobs()
    (message,) = mail.outbox
    assert "0571-8765 4321" not in message.body and "联系人" not in message.body
    assert not any(text in message.body for text in UNTRUE)


def test_acknowledgement_mail_links_the_status_page_from_site_url(
    client, form_data, settings, django_capture_on_commit_callbacks, run_jobs
):
    settings.SITE_URL = "https://invest.example.gov.cn/"
    with django_capture_on_commit_callbacks(execute=True):
        post(client, form_data, url="/en/inquiry/")
    run_jobs()
    reference = Inquiry.objects.get().reference
    ack = next(m for m in mail.outbox if m.to == ["wang@example.com"])
    assert f"https://invest.example.gov.cn/en/inquiry/status/?ref={reference}" in ack.body


def test_without_site_url_the_acknowledgement_names_the_page_and_links_nothing_relative(
    client, form_data, settings, django_capture_on_commit_callbacks, run_jobs
):
    settings.SITE_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        post(client, form_data)
    run_jobs()
    ack = next(m for m in mail.outbox if m.to == ["wang@example.com"])
    assert "/inquiry/status/" not in ack.body and "咨询进度" in ack.body


def test_thank_you_page_shows_the_absolute_status_address(client, form_data):
    response = post(client, form_data)
    reference = Inquiry.objects.get().reference
    page = client.get(response["Location"]).content.decode()
    assert f"http://testserver/inquiry/status/?ref={reference}" in page


def test_space_page_officer_box_shows_the_zones_contact_when_the_officer_publishes_none(client, officer):
    space = SpaceFactory(slug="box-space", officer=officer)
    OfficerProfileFactory(user=officer, name="周专员", phone="0571-8765 4321")  # nothing published
    box = client.get("/spaces/box-space/").content.decode().split("<h2>负责专员</h2>")[1][:1500]
    assert "提交咨询后，负责专员会与您联系" in box and "tel:" not in box
    SiteSettings.objects.create(hotline="0571-1111 2222", email="invest@example.gov.cn")
    box = client.get(space.get_absolute_url()).content.decode().split("<h2>负责专员</h2>")[1][:1500]
    assert "0571-1111 2222" in box and "invest@example.gov.cn" in box and "0571-8765 4321" not in box

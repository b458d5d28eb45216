"""Proposing spaces to an inquiry (service and admin page) and what the investor's dossier shows."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from inquiries.models import Inquiry, OutboxMail, SpaceProposal
from inquiries.services import space_propose
from spaces.models import Space
from staff.roles import CONTENT_EDITOR, INVESTMENT_OFFICER
from tests.factories import InquiryFactory, OfficerProfileFactory, SpaceFactory, UserFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(db):
    user = UserFactory(username="officer-zhao")
    user.groups.add(Group.objects.get(name=INVESTMENT_OFFICER))
    return user


@pytest.fixture
def inquiry(officer):
    return InquiryFactory(
        reference="QK2026-00077",
        email="buyer@example.com",
        phone="13912345678",
        stage=Inquiry.Stage.CONTACTED,
        owner=officer,
        next_step="下周二来园区看厂房。",
        language="zh-hans",
    )


@pytest.fixture
def space(db):
    return SpaceFactory(name="钱江标准厂房A栋", name_en="Qianjiang factory A")


def test_proposal_is_recorded_dated_with_who_and_mailed_to_the_investor(
    django_capture_on_commit_callbacks, run_jobs, inquiry, space, officer
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = space_propose(inquiry=inquiry, space=space, user=officer, note="层高满足，可随时看房")
    run_jobs()  # the outbox is delivered by the worker, never in the request
    assert proposal.proposed_by == officer and timezone.localdate(proposal.proposed_at) == timezone.localdate()
    row = OutboxMail.objects.get(kind=OutboxMail.Kind.PROPOSAL)
    assert row.proposal == proposal and row.status == OutboxMail.Status.SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["buyer@example.com"]
    assert "QK2026-00077" in message.subject
    assert "钱江标准厂房A栋" in message.body and space.code in message.body and "层高满足" in message.body


def test_proposal_without_an_email_is_recorded_but_not_mailed(inquiry, space, officer):
    inquiry.email = ""
    inquiry.save()
    space_propose(inquiry=inquiry, space=space, user=officer)
    assert SpaceProposal.objects.count() == 1 and not OutboxMail.objects.filter(kind="proposal").exists()


@pytest.mark.parametrize("status", [Space.Status.OCCUPIED, Space.Status.WITHDRAWN])
def test_occupied_or_withdrawn_space_is_refused_with_a_message(inquiry, officer, status):
    space = SpaceFactory(status=status)
    with pytest.raises(ValidationError) as info:
        space_propose(inquiry=inquiry, space=space, user=officer)
    assert "cannot be proposed" in " ".join(info.value.messages) or "不能" in " ".join(info.value.messages)
    assert not SpaceProposal.objects.exists()


def test_unpublished_space_and_closed_inquiry_and_repeat_are_refused(inquiry, space, officer):
    hidden = SpaceFactory(is_published=False)
    with pytest.raises(ValidationError):
        space_propose(inquiry=inquiry, space=hidden, user=officer)
    space_propose(inquiry=inquiry, space=space, user=officer)
    with pytest.raises(ValidationError):
        space_propose(inquiry=inquiry, space=space, user=officer)
    closed = InquiryFactory(stage=Inquiry.Stage.CLOSED, closed_reason="不再需要")
    with pytest.raises(ValidationError):
        space_propose(inquiry=closed, space=space, user=officer)
    assert SpaceProposal.objects.count() == 1


def _lookup(client, reference="QK2026-00077", contact="buyer@example.com", prefix=""):
    return client.post(f"{prefix}/inquiry/status/", {"reference": reference, "contact": contact})


def test_dossier_shows_officer_contact_due_date_next_step_and_proposed_spaces(client, inquiry, space, officer):
    profile = OfficerProfileFactory(
        user=officer, name="赵专员", show_name=True, phone="0571-88888888", show_phone=True, email="zhao@qk.gov.cn"
    )
    profile.zones.add(space.zone)
    space_propose(inquiry=inquiry, space=space, user=officer, note="可随时看房")
    page = _lookup(client).content.decode()
    assert "赵专员" in page and "0571-88888888" in page
    assert "zhao@qk.gov.cn" not in page  # the officer did not publish the e-mail
    assert "下周二来园区看厂房。" in page
    assert inquiry.due_at.astimezone().strftime("%Y-%m-%d") in page
    assert "钱江标准厂房A栋" in page and space.get_absolute_url() in page and "可随时看房" in page


def test_dossier_in_english(client, inquiry, space, officer):
    space_propose(inquiry=inquiry, space=space, user=officer)
    page = _lookup(client, prefix="/en").content.decode()
    assert "Qianjiang factory A" in page and "Spaces proposed to you" in page


def test_wrong_pair_sees_nothing_of_the_dossier(client, inquiry, space, officer):
    OfficerProfileFactory(user=officer, name="赵专员", show_name=True)
    space_propose(inquiry=inquiry, space=space, user=officer)
    for reference, contact in [("QK2026-00077", "other@example.com"), ("QK2026-00078", "buyer@example.com")]:
        response = _lookup(client, reference, contact)
        page = response.content.decode()
        assert "dossier" not in response.context
        assert "钱江标准厂房A栋" not in page and "赵专员" not in page and "下周二" not in page


def test_dossier_shows_nothing_of_other_investors(client, inquiry, space, officer):
    other = InquiryFactory(reference="QK2026-00099", email="rival@example.com", next_step="另一家的下一步")
    other_space = SpaceFactory(name="别人的载体")
    space_propose(inquiry=other, space=other_space, user=officer)
    space_propose(inquiry=inquiry, space=space, user=officer)
    page = _lookup(client).content.decode()
    assert "别人的载体" not in page and "另一家的下一步" not in page and "QK2026-00099" not in page


def test_dossier_never_shows_a_space_no_longer_published(client, inquiry, space, officer):
    space_propose(inquiry=inquiry, space=space, user=officer)
    Space.objects.filter(pk=space.pk).update(is_published=False)
    page = _lookup(client).content.decode()
    assert "钱江标准厂房A栋" not in page


def test_officer_publishing_nothing_shows_no_contact(client, inquiry, officer):
    OfficerProfileFactory(user=officer, name="赵专员", phone="0571-88888888")  # nothing ticked
    page = _lookup(client).content.decode()
    assert "赵专员" not in page and "0571-88888888" not in page


# --- The admin pages ------------------------------------------------------------------------


def test_officer_sees_ranked_spaces_and_proposes_one(client, inquiry, officer):
    inquiry.need_kind = Space.Kind.FACTORY
    inquiry.need_power_kva = 2000
    inquiry.save()
    fits = SpaceFactory(name="够电的厂房", power_kva=2500)
    short = SpaceFactory(name="缺电的厂房", power_kva=1250)
    SpaceFactory(name="已入驻的厂房", status=Space.Status.OCCUPIED)
    client.force_login(officer)
    url = reverse("admin:inquiries_inquiry_spaces", args=[inquiry.pk])
    page = client.get(url).content.decode()
    assert page.index("够电的厂房") < page.index("缺电的厂房")
    assert "已入驻的厂房" not in page
    assert "用电容量 1,250 kVA &lt; 所需 2,000 kVA（差 750 kVA）" in page  # the admin speaks Chinese
    response = client.post(url, {"space": fits.pk, "note": "请看"}, follow=True)
    assert response.status_code == 200
    assert SpaceProposal.objects.filter(inquiry=inquiry, space=fits, proposed_by=officer).exists()
    assert not SpaceProposal.objects.filter(space=short).exists()


def test_admin_refuses_proposing_an_occupied_space_with_a_message(client, inquiry, officer):
    occupied = SpaceFactory(status=Space.Status.OCCUPIED)
    client.force_login(officer)
    url = reverse("admin:inquiries_inquiry_spaces", args=[inquiry.pk])
    response = client.post(url, {"space": occupied.pk}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not SpaceProposal.objects.exists()


def test_bad_ids_on_the_matching_page_are_not_server_errors(client, inquiry, officer):
    client.force_login(officer)
    assert client.get("/admin/inquiries/inquiry/abc/spaces/").status_code == 404
    url = reverse("admin:inquiries_inquiry_spaces", args=[inquiry.pk])
    response = client.post(url, {"space": "1e9"}, follow=True)
    assert response.status_code == 200 and not SpaceProposal.objects.exists()


def test_content_editor_cannot_propose(client, inquiry, space):
    editor = UserFactory(username="editor-qian")
    editor.groups.add(Group.objects.get(name=CONTENT_EDITOR))
    client.force_login(editor)
    url = reverse("admin:inquiries_inquiry_spaces", args=[inquiry.pk])
    assert client.post(url, {"space": space.pk}).status_code == 403
    assert not SpaceProposal.objects.exists()


def test_space_page_lists_the_open_inquiries_it_fits(client, officer):
    zone = ZoneFactory()
    space = SpaceFactory(zone=zone, power_kva=3000)
    fitting = InquiryFactory(need_kind=Space.Kind.FACTORY, need_power_kva=2000)
    InquiryFactory(need_kind=Space.Kind.FACTORY, stage=Inquiry.Stage.CLOSED, closed_reason="x")
    InquiryFactory()  # no needs at all
    admin = UserFactory(username="root", is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:spaces_space_change", args=[space.pk])).content.decode()
    assert fitting.reference in page
    assert "2,000 kVA" in page  # the reason is shown with the inquiry
    assert "QK2026" not in page.replace(fitting.reference, "")  # the closed and the needless ones are not


# --- The entry bar (亩均论英雄) against the investor's projections ----------------------------------


def parcel_with_a_bar(**fields):
    """20 mu asking 300 万元/亩 investment and 30 万元/亩 tax a year, within 3 years of production."""
    defaults = {
        "name": "仁和工业地块",
        "name_en": "Renhe industrial parcel",
        "kind": Space.Kind.LAND,
        "floor_area_m2": None,
        "offers_lease": False,
        "offers_transfer": True,
        "area_mu": Decimal("20"),
        "min_investment_intensity": Decimal("300"),
        "min_tax_per_mu": Decimal("30"),
        "bar_years": 3,
    }
    return SpaceFactory(**{**defaults, **fields})


def with_projections(inquiry, *, investment="0.8", tax="500"):
    """0.8 亿元 = 8,000 万元 (400 per mu of 20), 500 万元 of tax a year (25 per mu)."""
    inquiry.investment_amount = Decimal(investment)
    inquiry.expected_annual_tax = Decimal(tax)
    inquiry.save()
    return inquiry


def test_dossier_holds_the_projections_against_each_proposed_spaces_bar(client, inquiry, officer):
    space = parcel_with_a_bar()
    with_projections(inquiry)
    space_propose(inquiry=inquiry, space=space, user=officer)
    page = _lookup(client).content.decode()
    assert "入驻企业须达到：亩均投资强度不低于 300 万元/亩，亩均税收不低于 30 万元/亩·年，投产后 3 年内达到。" in page
    assert "达到</strong> · 亩均投资强度：预计 400 万元/亩（8,000 万元 ÷ 20 亩）≥ 门槛 300 万元/亩" in page
    assert "未达到</strong> · 亩均税收：预计 25 万元/亩·年" in page and "（差 5 万元/亩·年）" in page
    english = _lookup(client, prefix="/en").content.decode()
    assert "Your projections against this bar:" in english
    assert "tax per mu: 25 × 10,000 yuan per mu a year projected" in english


def test_dossier_without_projections_shows_no_comparison(client, inquiry, officer):
    space_propose(inquiry=inquiry, space=parcel_with_a_bar(), user=officer)
    page = _lookup(client).content.decode()
    assert "仁和工业地块" in page and "您的预测与门槛对照" not in page


def test_both_admin_matchings_hold_the_projections_against_the_bar(client, inquiry, officer):
    space = parcel_with_a_bar()
    with_projections(inquiry)
    client.force_login(officer)
    page = client.get(reverse("admin:inquiries_inquiry_spaces", args=[inquiry.pk])).content.decode()
    assert "仁和工业地块" in page
    assert "亩均投资强度：预计 400 万元/亩（8,000 万元 ÷ 20 亩）≥ 门槛 300 万元/亩" in page
    assert "亩均税收：预计 25 万元/亩·年（500 万元/年 ÷ 20 亩）&lt; 门槛 30 万元/亩·年（差 5 万元/亩·年）" in page
    admin = UserFactory(username="root", is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:spaces_space_change", args=[space.pk])).content.decode()
    assert inquiry.reference in page and "亩均税收：预计 25 万元/亩·年" in page

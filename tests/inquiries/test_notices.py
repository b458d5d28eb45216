"""Issue 13: assigning an inquiry tells the new owner on their dashboard too (the mail reaches no one
without an address), in the same transaction; the notice names the inquiry by its reference only and
stays until the owner opens the inquiry or dismisses it (a CSRF-protected POST)."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from inquiries.models import InquiryNotice, OutboxMail
from inquiries.services import inquiry_assign
from staff.roles import INVESTMENT_OFFICER
from tests.factories import InquiryFactory
from tests.inquiries.conftest import user_with_perms
from tests.inquiries.test_admin import change_data, change_url

pytestmark = pytest.mark.django_db


def officer_without_mail(username="no-mail"):
    user = user_with_perms(username, "view_inquiry", "change_inquiry", groups=[INVESTMENT_OFFICER])
    user.email = ""
    user.save()
    return user


def dashboard(client):
    return client.get(reverse("admin:index"))


def test_assigning_in_the_admin_puts_a_notice_on_the_new_owners_dashboard(client, officer):
    owner = officer_without_mail()
    inquiry = InquiryFactory(company="保密科技有限公司", contact_name="李秘密", phone="13900001111")
    client.force_login(officer)
    response = client.post(change_url(inquiry), change_data(inquiry, owner=owner.pk))
    assert response.status_code == 302
    notice = InquiryNotice.objects.get()
    assert (notice.recipient, notice.inquiry, notice.kind, notice.sent_by) == (owner, inquiry, "assigned", officer)
    assert not OutboxMail.objects.filter(kind=OutboxMail.Kind.ASSIGNED).exists()  # no address: no mail

    client.force_login(owner)
    page = dashboard(client)
    [shown] = page.context["dashboard"].notices
    assert shown["reference"] == inquiry.reference and shown["url"] == change_url(inquiry)
    html = page.content.decode()
    assert inquiry.reference in html and 'id="dashboard-notices"' in html
    for personal in ("保密科技有限公司", "李秘密", "13900001111"):
        assert personal not in html
    # Nobody else sees it.
    client.force_login(officer)
    assert dashboard(client).context["dashboard"].notices == []


def test_the_notice_is_written_in_the_assignments_transaction(officer):
    owner = officer_without_mail()
    owner.email = "owner@example.gov.cn"
    owner.save()
    inquiry = InquiryFactory()
    with (
        mock.patch.object(OutboxMail.objects, "create", side_effect=RuntimeError("database gone")),
        pytest.raises(RuntimeError),
    ):
        inquiry_assign(inquiry=inquiry, officer=owner, user=officer)
    inquiry.refresh_from_db()
    assert inquiry.owner is None and not InquiryNotice.objects.exists()


def test_a_refused_assignment_leaves_no_notice(officer, editor):
    with pytest.raises(ValidationError):
        inquiry_assign(inquiry=InquiryFactory(), officer=editor, user=officer)
    assert not InquiryNotice.objects.exists()


def test_reassigning_retires_the_former_owners_notice_and_nobody_is_told_of_their_own_act(officer):
    first, second = officer_without_mail("first"), officer_without_mail("second")
    inquiry = InquiryFactory()
    inquiry_assign(inquiry=inquiry, officer=first, user=officer)
    inquiry_assign(inquiry=inquiry, officer=second, user=officer)
    assert list(InquiryNotice.objects.unread().values_list("recipient__username", flat=True)) == ["second"]
    inquiry_assign(inquiry=inquiry, officer=second, user=officer)  # the same assignment again: one notice
    assert InquiryNotice.objects.filter(recipient=second).count() == 1
    other = InquiryFactory()
    inquiry_assign(inquiry=other, officer=first, user=first)  # taken by oneself
    assert not InquiryNotice.objects.filter(inquiry=other).exists()


def test_opening_the_inquiry_reads_the_notice(client, officer):
    owner = officer_without_mail()
    inquiry = InquiryFactory()
    inquiry_assign(inquiry=inquiry, officer=owner, user=officer)
    client.force_login(owner)
    assert len(dashboard(client).context["dashboard"].notices) == 1
    assert client.get(change_url(inquiry)).status_code == 200
    assert InquiryNotice.objects.get().read_at is not None
    assert dashboard(client).context["dashboard"].notices == []


def test_dismissing_takes_a_post_with_the_csrf_token_and_only_ones_own_notice(officer):
    owner = officer_without_mail()
    inquiry = InquiryFactory()
    inquiry_assign(inquiry=inquiry, officer=owner, user=officer)
    notice = InquiryNotice.objects.get()
    url = reverse("admin:inquiries_inquiry_notice_dismiss", args=[notice.pk])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    assert browser.get(url).status_code == 405
    assert browser.post(url).status_code == 403  # no CSRF token
    page = browser.get(reverse("admin:index")).content.decode()
    assert f'action="{url}"' in page
    token = browser.cookies["csrftoken"].value
    stranger = Client(enforce_csrf_checks=True)
    stranger.force_login(officer)
    stranger.get(reverse("admin:index"))
    assert stranger.post(url, {"csrfmiddlewaretoken": stranger.cookies["csrftoken"].value}).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None
    response = browser.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert browser.get(reverse("admin:index")).context["dashboard"].notices == []

"""Issue 13, officers: owners by full name, the export carries the message and the notes, "my inquiries"."""

import csv
import io

import pytest
from django.urls import reverse

from inquiries.admin import InquiryAdminForm
from inquiries.models import InquiryNote
from tests.factories import InquiryFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:inquiries_inquiry_changelist")


def _named(officer):
    officer.first_name, officer.last_name = "芳", "王"
    officer.save()
    return officer


def test_owner_choices_show_full_names(officer):
    _named(officer)
    labels = [label for _value, label in InquiryAdminForm().fields["owner"].choices]
    assert "王芳 (officer)" in [str(label) for label in labels]


def test_export_has_the_message_the_notes_and_the_owner_by_full_name(client, officer):
    _named(officer)
    inquiry = InquiryFactory(owner=officer, message="我们需要两万平方米厂房。")
    InquiryNote.objects.create(inquiry=inquiry, author=officer, text="已电话联系，下周看厂房。")
    client.force_login(officer)
    response = client.get(reverse("admin:inquiries_inquiry_export", args=["csv"]))
    header, row = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))[:2]
    values = dict(zip(header, row, strict=True))
    assert values["负责人"] == "王芳"
    assert values["留言"] == "我们需要两万平方米厂房。"
    assert "王芳: 已电话联系，下周看厂房。" in values["备注"]


def test_my_inquiries_is_one_click(client, officer):
    mine = InquiryFactory(owner=officer)
    InquiryFactory(owner=None)
    client.force_login(officer)
    page = client.get(CHANGELIST).content.decode()
    assert "?mine=yes" in page and "我负责的咨询" in page
    assert list(client.get(CHANGELIST, {"mine": "yes"}).context["cl"].result_list) == [mine]

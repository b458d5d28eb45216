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
    assert "?owner=me" in page and "我负责的咨询" in page
    assert list(client.get(CHANGELIST, {"owner": "me"}).context["cl"].result_list) == [mine]


def test_one_owner_filter_by_name_with_me_and_unassigned(client, officer, admin_user):
    """There were two filters titled 负责人, one listing log-in names."""
    _named(officer)
    mine = InquiryFactory(owner=officer)
    theirs = InquiryFactory(owner=admin_user)
    nobody = InquiryFactory(owner=None)
    client.force_login(admin_user)
    response = client.get(CHANGELIST)
    owner_filters = [spec for spec in response.context["cl"].filter_specs if spec.title == "负责人"]
    assert len(owner_filters) == 1
    labels = [choice["display"] for choice in owner_filters[0].choices(response.context["cl"])]
    assert labels[:3] == ["全部", "我负责的咨询", "未分派"] and "王芳 (officer)" in labels
    results = {
        value: list(client.get(CHANGELIST, {"owner": value}).context["cl"].result_list)
        for value in ("me", "none", str(officer.pk))
    }
    assert results == {"me": [theirs], "none": [nobody], str(officer.pk): [mine]}

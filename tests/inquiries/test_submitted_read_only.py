"""Issue 13, officers: what the investor sent is read-only (a correction is a logged note), the
message comes first, and the resulting project is one row, not two labelled 落地项目."""

import pytest

from inquiries.models import InquiryNote
from tests.factories import InquiryFactory, ProjectFactory
from tests.inquiries.test_admin import change_data, change_url

pytestmark = pytest.mark.django_db


def test_officer_cannot_change_what_the_investor_submitted_and_a_correction_is_a_note(client, officer):
    inquiry = InquiryFactory(owner=officer, stage="assigned", company="甲公司", phone="13800000000", message="原话")
    client.force_login(officer)
    data = change_data(
        inquiry,
        company="乙公司",
        phone="13900000000",
        message="改过",
        **{"notes-TOTAL_FORMS": "1", "notes-0-text": "更正：公司名应为乙公司"},
    )
    assert client.post(change_url(inquiry), data).status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.company, inquiry.phone, inquiry.message) == ("甲公司", "13800000000", "原话")
    note = InquiryNote.objects.get(inquiry=inquiry)
    assert note.author == officer and note.text == "更正：公司名应为乙公司"
    form = client.get(change_url(inquiry)).context["adminform"].form
    assert not {"company", "phone", "message", "contact_name", "email"} & set(form.fields)


def test_the_message_is_shown_first_and_the_resulting_project_is_one_row(client, officer):
    project = ProjectFactory()
    inquiry = InquiryFactory(stage="signed", project=project, message="我们需要两万平方米厂房。")
    client.force_login(officer)
    response = client.get(change_url(inquiry))
    fieldsets = list(response.context["adminform"])
    assert fieldsets[0].fields == ["message"]
    page = response.content.decode()
    assert page.index("我们需要两万平方米厂房。") < page.index('name="stage"')
    assert page.count("落地项目") == 1

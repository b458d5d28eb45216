"""The back office: who sees what, the pipeline through the services, export of the filtered list, anonymising."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from inquiries.models import Inquiry, InquiryNote, InquiryStageLog
from tests.factories import InquiryFactory, ProjectFactory, UserFactory, ZoneFactory
from tests.inquiries.conftest import user_with_perms

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:inquiries_inquiry_changelist")


def change_url(inquiry):
    return reverse("admin:inquiries_inquiry_change", args=[inquiry.pk])


def export_url(fmt, query=""):
    return reverse("admin:inquiries_inquiry_export", args=[fmt]) + query


@pytest.fixture
def viewer(db):
    """May see inquiries (e.g. for statistics), not the personal data, and may not export."""
    return user_with_perms("viewer", "view_inquiry")


@pytest.fixture
def rows(db):
    north, south = ZoneFactory(slug="north"), ZoneFactory(slug="south")
    past = timezone.now() - datetime.timedelta(days=2)
    future = timezone.now() + datetime.timedelta(days=2)
    return [
        InquiryFactory(company="甲公司", email="a@example.com", phone="13800000001", zone=north, due_at=past),
        InquiryFactory(company="乙公司", email="b@example.com", zone=north, due_at=future),
        InquiryFactory(company='=HYPERLINK("http://evil")', zone=south, due_at=past, stage="contacted"),
        InquiryFactory(company="丁公司", zone=south, due_at=future, stage="closed", closed_reason="无意向"),
    ]


# --- Who sees what ---------------------------------------------------------------------------


def test_content_editor_cannot_see_inquiries(client, editor, rows):
    client.force_login(editor)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(rows[0])).status_code == 403
    assert client.get(export_url("csv")).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/inquiries/" not in index


def test_officer_sees_the_inquiries_with_personal_data(client, officer, rows):
    client.force_login(officer)
    page = client.get(CHANGELIST).content.decode()
    assert "甲公司" in page and rows[0].reference in page
    change = client.get(change_url(rows[0])).content.decode()
    assert "a@example.com" in change and "13800000001" in change
    assert client.get(reverse("admin:inquiries_inquiry_history", args=[rows[0].pk])).status_code == 200


def test_viewer_without_personal_permission_sees_no_personal_data(client, viewer, rows):
    client.force_login(viewer)
    listing = client.get(CHANGELIST)
    assert listing.status_code == 200
    page = listing.content.decode()
    assert rows[0].reference in page and "甲公司" not in page
    change = client.get(change_url(rows[0]))
    assert change.status_code == 200
    content = change.content.decode()
    assert "a@example.com" not in content and "13800000001" not in content and "甲公司" not in content
    # Searching by a personal field finds nothing; history (which shows old values) is closed.
    assert "甲公司" not in client.get(CHANGELIST + "?q=a@example.com").content.decode()
    assert client.get(CHANGELIST + "?q=a@example.com").context["cl"].result_count == 0
    assert client.get(reverse("admin:inquiries_inquiry_history", args=[rows[0].pk])).status_code == 403
    # Nor export.
    assert client.get(export_url("csv")).status_code == 403
    assert "Export CSV" not in page and "导出 CSV" not in page


def test_no_one_adds_inquiries_in_the_admin(client, officer):
    client.force_login(officer)
    assert client.get(reverse("admin:inquiries_inquiry_add")).status_code == 403


def test_overdue_is_highlighted_and_filterable(client, officer, rows):
    client.force_login(officer)
    response = client.get(CHANGELIST + "?overdue=yes")
    assert [i.reference for i in response.context["cl"].result_list] == [rows[0].reference]
    assert "inquiry-overdue" in response.content.decode()
    not_overdue = client.get(CHANGELIST + "?overdue=no").context["cl"].result_list
    assert {i.reference for i in not_overdue} == {r.reference for r in rows[1:]}


def test_changelist_queries_do_not_grow_with_rows(client, officer, django_assert_max_num_queries):
    client.force_login(officer)
    for size in (3, 30):
        InquiryFactory.create_batch(size, owner=officer, zone=ZoneFactory())
        with django_assert_max_num_queries(20):
            assert client.get(CHANGELIST).status_code == 200


# --- Export ----------------------------------------------------------------------------------


def body(response) -> bytes:
    """An export is streamed (core.spreadsheets.files.export_response)."""
    return b"".join(response.streaming_content)


def csv_rows(response):
    text = body(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("query", ["", "?zone__id__exact={north}", "?overdue=yes", "?stage__exact=new&o=-1", "?q=乙"])
def test_csv_export_has_exactly_the_rows_of_the_filtered_changelist(client, officer, rows, query):
    client.force_login(officer)
    query = query.format(north=rows[0].zone_id)
    on_screen = [i.reference for i in client.get(CHANGELIST + query).context["cl"].result_list]
    response = client.get(export_url("csv", query))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = csv_rows(response)
    assert [row[0] for row in table[1:]] == on_screen
    assert on_screen


def test_excel_export_matches_the_filtered_changelist(client, officer, rows):
    client.force_login(officer)
    query = f"?zone__id__exact={rows[2].zone_id}"
    on_screen = [i.reference for i in client.get(CHANGELIST + query).context["cl"].result_list]
    response = client.get(export_url("xlsx", query))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    values = list(sheet.values)
    assert values[0][0] == "受理编号"
    assert [row[0] for row in values[1:]] == on_screen == [rows[3].reference, rows[2].reference]
    # A formula typed into a field stays text.
    assert any(str(cell).startswith("'=HYPERLINK") for row in values[1:] for cell in row if cell)
    assert not any(str(cell).startswith("=") for row in values[1:] for cell in row if cell)


def test_export_keeps_empty_cells_empty_and_phone_numbers_as_typed(client, officer, rows):
    client.force_login(officer)
    table = csv_rows(client.get(export_url("csv", f"?q={rows[0].reference}")))
    header, row = table[0], table[1]
    values = dict(zip(header, row, strict=True))
    assert values["联系电话"] == "13800000001"
    assert values["职务"] == "" and values["落地项目"] == ""


def test_export_with_broken_filters_is_a_400(client, officer, rows):
    client.force_login(officer)
    assert client.get(export_url("csv", "?created_at__gte=not-a-date")).status_code == 400


def test_export_leaves_out_personal_columns_without_the_permission(client, rows):
    user = user_with_perms("exporter", "view_inquiry", "export_inquiry")
    client.force_login(user)
    table = csv_rows(client.get(export_url("csv")))
    flat = " ".join(" ".join(row) for row in table)
    assert "甲公司" not in flat and "a@example.com" not in flat
    assert len(table) == 1 + len(rows)


def test_officer_without_export_permission_cannot_export(client, rows):
    user = user_with_perms("officer2", "view_inquiry", "change_inquiry", "view_inquiry_personal_data")
    client.force_login(user)
    assert client.get(export_url("csv")).status_code == 403
    assert client.get(export_url("xlsx")).status_code == 403


def test_unknown_export_format_is_refused(client, officer):
    client.force_login(officer)
    assert client.get(export_url("pdf")).status_code == 403


def test_export_links_keep_the_filters(client, officer, rows):
    client.force_login(officer)
    page = client.get(CHANGELIST + "?overdue=yes").content.decode()
    assert export_url("csv", "?overdue=yes") in page


# --- Pipeline through the change form ----------------------------------------------------------


def change_data(inquiry, **overrides):
    due = timezone.localtime(inquiry.due_at)
    data = {
        "stage": inquiry.stage,
        "owner": inquiry.owner_id or "",
        "due_at_0": due.strftime("%Y-%m-%d"),
        "due_at_1": due.strftime("%H:%M:%S"),
        "closed_reason": inquiry.closed_reason,
        "project": inquiry.project_id or "",
        "contact_name": inquiry.contact_name,
        "company": inquiry.company,
        "job_title": inquiry.job_title,
        "phone": inquiry.phone,
        "email": inquiry.email,
        "country": inquiry.country,
        "industry": "",
        "investment_band": "",
        "investment_amount": "",
        "land_mu": "",
        "floor_area_m2": "",
        "zone": inquiry.zone_id or "",
        "timing": "",
        "message": inquiry.message,
        "about_project": "",
        "about_enterprise": "",
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "proposals-TOTAL_FORMS": "0",
        "proposals-INITIAL_FORMS": "0",
        "stage_log-TOTAL_FORMS": "0",
        "stage_log-INITIAL_FORMS": "0",
        "mails-TOTAL_FORMS": "0",
        "mails-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_stage_change_in_the_admin_writes_the_stage_log(client, officer):
    inquiry = InquiryFactory(owner=officer, stage="assigned")
    client.force_login(officer)
    response = client.post(change_url(inquiry), change_data(inquiry, stage="site_visit"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    inquiry.refresh_from_db()
    assert inquiry.stage == "site_visit"
    log = InquiryStageLog.objects.get(inquiry=inquiry)
    assert (log.from_stage, log.to_stage, log.changed_by) == ("assigned", "site_visit", officer)


def test_closing_in_the_admin_needs_a_reason(client, officer):
    inquiry = InquiryFactory(stage="contacted")
    client.force_login(officer)
    response = client.post(change_url(inquiry), change_data(inquiry, stage="closed", closed_reason=""))
    assert response.status_code == 200
    assert "closed_reason" in response.context["adminform"].form.errors
    inquiry.refresh_from_db()
    assert inquiry.stage == "contacted" and not inquiry.stage_log.exists()

    response = client.post(change_url(inquiry), change_data(inquiry, stage="closed", closed_reason="预算不足"))
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.stage == "closed" and inquiry.closed_reason == "预算不足"
    assert inquiry.stage_log.get().reason == "预算不足"


def test_owner_choices_are_investment_officers_only(client, officer):
    outsider = UserFactory(username="outsider")
    inquiry = InquiryFactory()
    client.force_login(officer)
    form = client.get(change_url(inquiry)).context["adminform"].form
    assert list(form.fields["owner"].queryset) == [officer]
    response = client.post(change_url(inquiry), change_data(inquiry, owner=outsider.pk))
    assert response.status_code == 200 and "owner" in response.context["adminform"].form.errors


def test_assigning_an_owner_moves_a_new_inquiry_to_assigned(client, officer):
    inquiry = InquiryFactory()
    client.force_login(officer)
    assert client.post(change_url(inquiry), change_data(inquiry, owner=officer.pk)).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.owner == officer and inquiry.stage == "assigned"
    assert list(inquiry.stage_log.values_list("from_stage", "to_stage")) == [("new", "assigned")]


def test_notes_get_their_author_from_the_request(client, officer):
    inquiry = InquiryFactory()
    client.force_login(officer)
    data = change_data(inquiry, **{"notes-TOTAL_FORMS": "1", "notes-0-text": "已电话联系，下周考察"})
    assert client.post(change_url(inquiry), data).status_code == 302
    note = InquiryNote.objects.get(inquiry=inquiry)
    assert note.author == officer and note.text == "已电话联系，下周考察"
    page = client.get(change_url(inquiry)).content.decode()
    assert "已电话联系，下周考察" in page


def test_link_to_the_resulting_project(client, officer):
    project = ProjectFactory()
    inquiry = InquiryFactory(stage="signed", project=project)
    client.force_login(officer)
    page = client.get(change_url(inquiry)).content.decode()
    assert reverse("admin:projects_project_change", args=[project.pk]) in page


# --- Anonymise action ------------------------------------------------------------------------


def test_anonymise_action_erases_closed_inquiries_only(client, officer, rows):
    client.force_login(officer)
    closed, open_one = rows[3], rows[0]
    response = client.post(
        CHANGELIST, {"action": "anonymise", "_selected_action": [closed.pk, open_one.pk]}, follow=True
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("已匿名化 1 条咨询" in m for m in messages)
    assert any("1 条咨询未作更改" in m for m in messages)
    closed.refresh_from_db()
    open_one.refresh_from_db()
    assert closed.company == "" and closed.email == "" and closed.anonymised_at
    assert closed.zone_id and closed.stage == "closed"
    assert open_one.company == "甲公司" and open_one.anonymised_at is None
    assert not Inquiry.history.filter(id=closed.pk, company="丁公司").exists()


def test_viewer_cannot_run_the_anonymise_action(client, viewer, rows):
    client.force_login(viewer)
    client.post(CHANGELIST, {"action": "anonymise", "_selected_action": [rows[3].pk]})
    rows[3].refresh_from_db()
    assert rows[3].company == "丁公司"


# --- History form (issue 11, finding 5) -------------------------------------------------------


def history_form_url(inquiry, record):
    return reverse("admin:inquiries_inquiry_simple_history", args=[inquiry.pk, record.history_id])


def test_view_only_user_cannot_change_an_inquiry_through_the_history_form(client):
    inquiry = InquiryFactory(company="原公司", stage="assigned")
    viewer = user_with_perms("history_viewer", "view_inquiry", "view_inquiry_personal_data")
    client.force_login(viewer)
    url = history_form_url(inquiry, inquiry.history.earliest())
    assert client.get(url).status_code == 200  # reading the history stays allowed
    response = client.post(url, change_data(inquiry, company="改过的公司", stage="site_visit"))
    assert response.status_code == 403
    inquiry.refresh_from_db()
    assert (inquiry.company, inquiry.stage) == ("原公司", "assigned")
    assert not InquiryStageLog.objects.filter(inquiry=inquiry).exists()


def test_officer_cannot_revert_an_anonymised_inquiry(client, officer):
    from inquiries.services import inquiry_anonymise

    inquiry = InquiryFactory(company="丁公司", email="d@example.com", stage="new")
    first = inquiry.history.earliest()
    inquiry.stage, inquiry.closed_reason = "closed", "无意向"
    inquiry.save()
    inquiry_anonymise(inquiry=inquiry, user=officer)
    client.force_login(officer)
    url = history_form_url(inquiry, first)
    old_version = change_data(inquiry, stage="new", contact_name="张三", company="丁公司", email="d@example.com")
    response = client.post(url, old_version)
    assert response.status_code == 403
    inquiry.refresh_from_db()
    assert (inquiry.stage, inquiry.company, inquiry.email) == ("closed", "", "")
    assert inquiry.anonymised_at is not None
    assert client.get(url).status_code == 200  # reading the old version stays allowed


# --- Filters on personal fields (issue 11, finding 6) -----------------------------------------


@pytest.mark.parametrize("query", ["?email__startswith=a", "?company=甲公司", "?phone__contains=138", "?message__gt=a"])
def test_personal_fields_cannot_be_guessed_through_changelist_filters(client, rows, query):
    user = user_with_perms("exporter", "view_inquiry", "export_inquiry")
    client.force_login(user)
    assert client.get(CHANGELIST + query).status_code == 400


@pytest.mark.parametrize("query", ["?email__startswith=a", "?company=甲公司", "?phone__contains=138", "?message__gt=a"])
def test_personal_fields_cannot_be_guessed_through_the_export(client, rows, query):
    user = user_with_perms("exporter", "view_inquiry", "export_inquiry")
    client.force_login(user)
    assert client.get(export_url("csv", query)).status_code == 400
    assert client.get(export_url("xlsx", query)).status_code == 400


def test_officer_may_still_filter_on_personal_fields(client, officer, rows):
    client.force_login(officer)
    assert client.get(CHANGELIST + "?email__startswith=a").status_code == 200
    table = csv_rows(client.get(export_url("csv", "?email__startswith=a")))
    assert len(table) == 2 and "a@example.com" in table[1]

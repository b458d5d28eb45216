"""A project whose Chinese changed after its English (issue 13): admin, import, public pages."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Project
from tests.factories import IndustryFactory, ProjectFactory, UserFactory, ZoneFactory
from tests.fixtures.make_fixtures import csv_bytes

pytestmark = pytest.mark.django_db

NOTE = "The English translation of this text is being updated; the Chinese original is shown."


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(username="editor", is_superuser=True))
    return client


def change_form_data(project, **changes):
    data = {
        "code": project.code,
        "name": project.name,
        "name_en": project.name_en,
        "slug": project.slug,
        "investor": project.investor,
        "investor_en": project.investor_en,
        "industry": project.industry_id,
        "zone": project.zone_id,
        "investment_disclosed": "on",
        "investment": "10.50",
        "signed_on": "2021-06-01",
        "stage": project.stage,
        "status": project.status,
        "summary": project.summary,
        "summary_en": project.summary_en,
        "is_published": "on",
        "last_verified_on": project.last_verified_on.isoformat(),
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "stage_log-TOTAL_FORMS": "0",
        "stage_log-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


@pytest.fixture
def project():
    return ProjectFactory(
        name="智能装备产业园",
        name_en="Smart equipment park",
        slug="smart-park",
        summary="旧的公开简介",
        summary_en="The old public summary",
    )


def test_editing_the_chinese_summary_in_the_admin_marks_the_english(editor, project):
    url = reverse("admin:projects_project_change", args=[project.pk])
    response = editor.post(url, change_form_data(project, summary="新的公开简介"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Project.objects.get(pk=project.pk).english_out_of_date == ["summary_en"]


def test_editing_both_languages_leaves_nothing_out_of_date(editor, project):
    url = reverse("admin:projects_project_change", args=[project.pk])
    editor.post(url, change_form_data(project, summary="新的公开简介", summary_en="The new summary"))
    assert Project.objects.get(pk=project.pk).english_out_of_date == []


def test_the_change_page_names_the_out_of_date_fields_beside_them_and_opens_the_english(editor, project):
    Project.objects.filter(pk=project.pk).update(english_out_of_date=["summary_en"])
    page = editor.get(reverse("admin:projects_project_change", args=[project.pk])).content.decode()
    assert "english-drift-warning" in page
    assert "公开简介（英文）" in page  # the field's label, in the admin's language
    assert "仍然正确" in page  # the confirm button
    assert page.count('class="english-out-of-date"') == 1  # beside the one field
    english = page[page.index("英文</h2>") - 400 : page.index("英文</h2>")]
    assert "collapse" not in english
    fresh = ProjectFactory()
    assert (
        "english-drift-warning"
        not in editor.get(reverse("admin:projects_project_change", args=[fresh.pk])).content.decode()
    )


def test_the_change_page_warning_reads_in_english_too(editor, project):
    Project.objects.filter(pk=project.pk).update(english_out_of_date=["summary_en"])
    url = reverse("admin:projects_project_change", args=[project.pk])
    page = editor.get("/en" + url).content.decode()
    assert "English out of date:" in page
    assert "public summary (English)" in page
    assert "English still correct" in page


def test_the_list_filter_shows_only_out_of_date_rows(editor, project):
    ProjectFactory(name="另一个项目")
    Project.objects.filter(pk=project.pk).update(english_out_of_date=["summary_en"])
    url = reverse("admin:projects_project_changelist")
    page = editor.get(url).content.decode()
    assert "英文待更新" in page
    response = editor.get(url, {"english_out_of_date": "yes"})
    assert [p.pk for p in response.context["cl"].result_list] == [project.pk]
    response = editor.get(url, {"english_out_of_date": "no"})
    assert project.pk not in [p.pk for p in response.context["cl"].result_list]


def test_confirming_on_the_change_page_clears_it_with_history_and_a_log_entry(editor, project):
    Project.objects.filter(pk=project.pk).update(english_out_of_date=["summary_en"])
    url = reverse("admin:projects_project_confirm_english", args=[project.pk])
    assert editor.get(url).status_code == 405
    response = editor.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:projects_project_change", args=[project.pk])
    assert Project.objects.get(pk=project.pk).english_out_of_date == []
    assert Project.history.filter(id=project.pk).first().history_change_reason == "已确认英文仍然正确：公开简介（英文）"
    assert LogEntry.objects.filter(object_id=str(project.pk)).exists()


def test_confirming_needs_the_change_permission(client, project):
    Project.objects.filter(pk=project.pk).update(english_out_of_date=["summary_en"])
    client.force_login(UserFactory(username="viewer", is_staff=True))
    response = client.post(reverse("admin:projects_project_confirm_english", args=[project.pk]))
    assert response.status_code in (302, 403)
    assert Project.objects.get(pk=project.pk).english_out_of_date == ["summary_en"]


def test_the_list_action_confirms_the_selected_rows(editor, project):
    other = ProjectFactory(name="另一个", name_en="Another")
    Project.objects.filter(pk__in=[project.pk, other.pk]).update(english_out_of_date=["name_en"])
    editor.post(
        reverse("admin:projects_project_changelist"),
        {"action": "confirm_english", "_selected_action": [project.pk]},
    )
    assert Project.objects.get(pk=project.pk).english_out_of_date == []
    assert Project.objects.get(pk=other.pk).english_out_of_date == ["name_en"]


def test_an_import_that_changes_only_the_chinese_marks_the_english(editor):
    project = ProjectFactory(
        code="QK-2021-001",
        name="旧名称",
        name_en="Old name",
        industry=IndustryFactory(slug="new-materials"),
        zone=ZoneFactory(slug="north"),
    )
    sheet = csv_bytes(
        ["code", "name", "investor", "industry", "zone"],
        [["QK-2021-001", "新名称", project.investor, "new-materials", "north"]],
    )
    response = editor.post(
        reverse("admin:projects_project_import"),
        {"import_file": SimpleUploadedFile("names.csv", sheet), "format": "0", "resource": "0"},
    )
    editor.post(reverse("admin:projects_project_process_import"), response.context["confirm_form"].initial)
    project = Project.objects.get(pk=project.pk)
    assert project.name == "新名称"
    assert project.english_out_of_date == ["name_en"]


def test_the_english_page_shows_the_chinese_with_a_note_and_the_chinese_page_is_unchanged(client, project):
    Project.objects.filter(pk=project.pk).update(summary="新的公开简介", english_out_of_date=["summary_en"])
    english = client.get("/en/projects/smart-park/").content.decode()
    assert "新的公开简介" in english
    assert "The old public summary" not in english
    assert english.count(NOTE) == 1
    assert "Smart equipment park" in english  # the name is still current
    chinese = client.get("/projects/smart-park/").content.decode()
    assert "新的公开简介" in chinese and NOTE not in chinese
    card = client.get("/en/projects/").content.decode()
    assert card.count(NOTE) == 0  # the card shows no summary: nothing of it is out of date


def test_the_card_notes_an_out_of_date_name(client, project):
    Project.objects.filter(pk=project.pk).update(name="新名称", english_out_of_date=["name_en"])
    page = client.get("/en/projects/").content.decode()
    assert "新名称" in page and page.count(NOTE) == 1


def test_updating_the_english_removes_the_note(editor, client, project):
    url = reverse("admin:projects_project_change", args=[project.pk])
    editor.post(url, change_form_data(project, summary="新的公开简介"))
    assert NOTE in client.get("/en/projects/smart-park/").content.decode()
    project.refresh_from_db()
    editor.post(url, change_form_data(project, summary_en="The new public summary"))
    page = client.get("/en/projects/smart-park/").content.decode()
    assert "The new public summary" in page and NOTE not in page

"""The editorial workflow in the admin: an editor writes and submits, a reviewer who did not write the
item publishes it; one person never writes and publishes the same item; the history names both."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from news.models import NewsItem, Status
from staff.roles import ADMINISTRATOR, CONTENT_EDITOR, REVIEWER
from tests.staff.accounts import create_staff, form_data

pytestmark = pytest.mark.django_db
ADD = reverse("admin:news_newsitem_add")
CHANGELIST = reverse("admin:news_newsitem_changelist")


def change_url(item):
    return reverse("admin:news_newsitem_change", args=[item.pk])


@pytest.fixture
def people(migrated_roles, admin_client, client):
    from django.test import Client

    accounts = {}
    for name, role in (("editor", CONTENT_EDITOR), ("reviewer", REVIEWER), ("admin1", ADMINISTRATOR)):
        user = create_staff(admin_client, name, role)
        browser = Client()
        browser.force_login(user)
        accounts[name] = (user, browser)
    return accounts


def posted(browser, url, **changes):
    """POST `url`'s admin form as shown (inlines other apps attach included), with `changes`."""
    context = browser.get(url).context
    data = form_data(context["adminform"].form)
    for inline in context.get("inline_admin_formsets", ()):
        formset = inline.formset
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for form in formset.forms:
            data.update({f"{form.prefix}-{k}": v for k, v in form_data(form).items()})
    data.update(changes)
    data.pop("cover", None)  # a file input posts no value when left as it is
    return browser.post(url, data)


def write_and_submit(browser, title="开发区发布年度成绩单") -> NewsItem:
    response = posted(
        browser,
        ADD,
        kind="news",
        title=title,
        summary="摘要",
        body="正文 **加粗**",
        _news_submit="1",
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return NewsItem.objects.get(title=title)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_editor_writes_and_submits_through_the_service(people):
    editor, browser = people["editor"]
    item = write_and_submit(browser)
    assert item.status == Status.SUBMITTED
    assert item.written_by == editor
    assert item.body_html == "<p>正文 <strong>加粗</strong></p>"  # rendered by news_save
    assert item.slug  # made from the date


def test_the_writer_is_not_offered_publish_and_is_refused_when_posting_it(people):
    editor, browser = people["editor"]
    item = write_and_submit(browser)
    page = browser.get(change_url(item)).content.decode()
    assert 'name="_news_publish"' not in page
    response = posted(browser, change_url(item), _news_publish="1")
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    assert any("另一位审核人" in text or "another reviewer" in text for text in messages_of(response))


def test_the_reviewer_publishes_and_the_history_records_writer_and_reviewer(people, client):
    editor, editor_browser = people["editor"]
    reviewer, browser = people["reviewer"]
    item = write_and_submit(editor_browser)
    assert 'name="_news_publish"' in browser.get(change_url(item)).content.decode()
    response = posted(browser, change_url(item), _news_publish="1")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert (item.written_by, item.reviewed_by) == (editor, reviewer)
    users = list(item.history.order_by("history_date").values_list("history_user__username", "status"))
    assert ("editor", "draft") in users and ("editor", "submitted") in users
    assert ("reviewer", "published") in users
    assert item.title in client.get("/news/").content.decode()


def test_an_administrator_cannot_publish_their_own_item_but_another_can(people):
    admin, browser = people["admin1"]
    item = write_and_submit(browser, title="管理员写的")
    assert 'name="_news_publish"' not in browser.get(change_url(item)).content.decode()
    posted(browser, change_url(item), _news_publish="1")
    response = browser.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    assert any("管理员写的" in text for text in messages_of(response))
    reviewer, reviewer_browser = people["reviewer"]
    reviewer_browser.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.reviewed_by == reviewer


def test_the_status_is_not_a_field_of_the_form(people):
    editor, browser = people["editor"]
    item = write_and_submit(browser)
    assert "status" not in browser.get(change_url(item)).context["adminform"].form.fields
    posted(browser, change_url(item), status="published", reviewed_by=str(editor.pk))
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED and item.reviewed_by is None


def test_a_future_publish_time_schedules_and_a_past_one_publishes_at_once(people):
    _editor, editor_browser = people["editor"]
    _reviewer, browser = people["reviewer"]
    later = write_and_submit(editor_browser, title="以后发布")
    later.published_at = timezone.now() + datetime.timedelta(days=2)
    later.save()
    posted(browser, change_url(later), _news_publish="1")
    later.refresh_from_db()
    assert later.status == Status.SCHEDULED
    earlier = write_and_submit(editor_browser, title="过去的时间")
    earlier.published_at = timezone.now() - datetime.timedelta(days=2)
    earlier.save()
    posted(browser, change_url(earlier), _news_publish="1")
    earlier.refresh_from_db()
    assert earlier.status == Status.PUBLISHED


def test_the_writer_cannot_change_a_live_item_but_can_withdraw_it(people):
    _editor, editor_browser = people["editor"]
    _reviewer, browser = people["reviewer"]
    item = write_and_submit(editor_browser)
    posted(browser, change_url(item), _news_publish="1")
    page = editor_browser.get(change_url(item))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    response = editor_browser.post(change_url(item), {"title": "偷偷改了", "summary": "x", "kind": "news"})
    assert response.status_code == 403
    editor_browser.post(CHANGELIST, {"action": "withdraw_selected", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN and item.title != "偷偷改了"


def test_no_one_reverts_a_news_item_to_a_past_version(people):
    _editor, editor_browser = people["editor"]
    admin, browser = people["admin1"]
    item = write_and_submit(editor_browser)
    posted(browser, change_url(item), _news_publish="1")
    news_withdraw_url = CHANGELIST
    browser.post(news_withdraw_url, {"action": "withdraw_selected", "_selected_action": [item.pk]})
    published = item.history.filter(status="published").first()
    url = reverse("admin:news_newsitem_simple_history", args=[item.pk, published.history_id])
    assert browser.post(url, {"_save": "1"}).status_code == 403
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN


def test_the_cover_is_checked_and_re_encoded_like_every_uploaded_image(people):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    editor, browser = people["editor"]
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera maker with a serial"
    Image.new("RGB", (40, 30), "navy").save(buffer, "JPEG", exif=exif)
    context = browser.get(ADD).context
    data = form_data(context["adminform"].form)
    for inline in context.get("inline_admin_formsets", ()):
        formset = inline.formset
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
    data.update(kind="news", title="带封面的资讯", summary="摘要", body="正文", cover_alt="海军蓝色块")
    data["cover"] = SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")
    assert browser.post(ADD, data).status_code == 302
    item = NewsItem.objects.get(title="带封面的资讯")
    with Image.open(item.cover.path) as stored:
        assert not stored.getexif()  # EXIF is gone: the file was written anew

    data["title"] = "矢量封面"
    data["cover"] = SimpleUploadedFile(
        "x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/svg+xml"
    )
    response = browser.post(ADD, data)
    assert response.status_code == 200 and response.context["adminform"].form.errors["cover"]
    assert not NewsItem.objects.filter(title="矢量封面").exists()

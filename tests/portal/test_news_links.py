"""A news item's links to projects, enterprises, spaces and policies (portal.models.NewsLink, issue 27):
exactly one target per row, each once per item; only published rows show on either side."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from news.models import NewsItem
from portal.admin_news import NewsLinkInline, attach_news_links
from portal.models import NewsLink
from portal.related import interpreted_policies, news_related_records, related_news
from spaces.models import Space
from tests.factories import SpaceFactory, UserFactory
from tests.policies.factories import PolicyFactory
from tests.portal.news_builders import news_item
from tests.publicsite.builders import make_enterprise, make_project

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.portal.news_stub_urls")]


# --- the model's rules ---------------------------------------------------------------------


def test_a_link_needs_exactly_one_target():
    item = news_item()
    project, policy = make_project(), PolicyFactory()
    for targets in ({}, {"project": project, "policy": policy}):
        link = NewsLink(item=item, **targets)
        with pytest.raises(ValidationError) as error:
            link.full_clean()
        assert "每行只能选择一个项目、企业、载体或政策。" in str(error.value)
        with pytest.raises(IntegrityError), transaction.atomic():
            link.save()
    NewsLink(item=item, policy=policy).full_clean()  # one target: valid


def test_a_record_is_linked_once_per_item():
    item, other = news_item(), news_item()
    project = make_project()
    NewsLink.objects.create(item=item, project=project)
    NewsLink.objects.create(item=other, project=project)  # another item may link it
    duplicate = NewsLink(item=item, project=project)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "该记录已关联到这条资讯。" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_links_keep_their_history():
    link = NewsLink.objects.create(item=news_item(), enterprise=make_enterprise())
    assert link.history.count() == 1


# --- the news item's page: its published records -------------------------------------------


def test_an_items_records_leave_out_unpublished_and_withdrawn_ones_in_the_editors_order():
    item = news_item(kind=NewsItem.Kind.NEWS)
    shown_project, hidden_project = make_project(name="公开项目"), make_project(name="隐藏项目", is_published=False)
    enterprise = make_enterprise(name="公开企业")
    withdrawn = SpaceFactory(status=Space.Status.WITHDRAWN)
    space = SpaceFactory(name="公开载体")
    first, second = PolicyFactory(title="第一政策"), PolicyFactory(title="第二政策")
    hidden_policy = PolicyFactory(is_published=False)
    for order, target in enumerate([second, first, hidden_policy]):
        NewsLink.objects.create(item=item, policy=target, order=[2, 1, 0][order])
    NewsLink.objects.create(item=item, project=shown_project)
    NewsLink.objects.create(item=item, project=hidden_project)
    NewsLink.objects.create(item=item, enterprise=enterprise)
    NewsLink.objects.create(item=item, space=withdrawn)
    NewsLink.objects.create(item=item, space=space)
    records = news_related_records(item)
    assert records == {
        "project": [shown_project],
        "enterprise": [enterprise],
        "space": [space],
        "policy": [first, second],
    }
    assert interpreted_policies(item) is None  # only an interpretation interprets


def test_an_item_without_published_records_has_no_block():
    item = news_item()
    NewsLink.objects.create(item=item, project=make_project(is_published=False))
    assert news_related_records(item) is None


def test_an_interpretation_shows_its_policy_in_a_block_of_its_own():
    item = news_item(kind=NewsItem.Kind.INTERPRETATION)
    policy = PolicyFactory(title="被解读的政策", document_number="钱开〔2025〕3号")
    project = make_project(name="相关项目")
    NewsLink.objects.create(item=item, policy=policy)
    NewsLink.objects.create(item=item, project=project)
    assert interpreted_policies(item) == [policy]
    assert news_related_records(item)["policy"] == []  # not shown twice
    html = render_to_string("portal/includes/news_interprets.html", {"value": [policy]})
    assert "解读的政策" in html and "被解读的政策" in html and "钱开〔2025〕3号" in html
    assert policy.get_absolute_url() in html
    with translation.override("en"):
        assert "The policy this interprets" in render_to_string(
            "portal/includes/news_interprets.html", {"value": [policy]}
        )
    records = render_to_string("portal/includes/news_records.html", {"value": news_related_records(item)})
    assert "相关项目" in records and project.get_absolute_url() in records and "相关政策" not in records


def test_news_detail_views_get_the_blocks_once_the_news_app_has_them():
    views = pytest.importorskip("news.views", reason="the news detail views come from another branch")
    for name in ("NewsDetailView", "EventDetailView"):
        view = getattr(views, name)
        assert list(view.related)[:2] == ["interprets", "records"] or {"interprets", "records"} <= set(view.related)


# --- a record's page: its published news ---------------------------------------------------


def test_a_project_page_lists_only_published_news_linked_to_it(client):
    project = make_project(name="有新闻的项目")
    published = news_item(title="已发布的报道")
    draft = news_item(title="草稿报道", publish=False)
    unrelated = news_item(title="别的报道")
    for item in (published, draft):
        NewsLink.objects.create(item=item, project=project)
    body = client.get(project.get_absolute_url()).content.decode()
    assert 'id="related-news-heading"' in body and "相关资讯" in body
    assert "已发布的报道" in body and published.get_absolute_url() in body
    assert "草稿报道" not in body and unrelated.title not in body
    assert related_news(project) == [published]


def test_enterprise_space_and_policy_pages_list_their_news(client):
    enterprise, space, policy = make_enterprise(), SpaceFactory(), PolicyFactory()
    interpretation = news_item(title="政策解读一则", kind=NewsItem.Kind.INTERPRETATION)
    NewsLink.objects.create(item=interpretation, policy=policy)
    notice = news_item(title="载体通知", kind=NewsItem.Kind.NOTICE)
    NewsLink.objects.create(item=notice, space=space)
    NewsLink.objects.create(item=notice, enterprise=enterprise)
    assert "政策解读一则" in client.get(policy.get_absolute_url()).content.decode()
    assert "载体通知" in client.get(space.get_absolute_url()).content.decode()
    assert "载体通知" in client.get(enterprise.get_absolute_url()).content.decode()


def test_a_page_without_news_has_no_news_block(client):
    project = make_project()
    NewsLink.objects.create(item=news_item(publish=False), project=project)
    assert 'id="related-news-heading"' not in client.get(project.get_absolute_url()).content.decode()


def test_a_new_link_shows_on_a_page_seen_before(client):
    project = make_project()
    assert "后来关联的报道" not in client.get(project.get_absolute_url()).content.decode()
    NewsLink.objects.create(item=news_item(title="后来关联的报道"), project=project)  # moves the content version
    assert "后来关联的报道" in client.get(project.get_absolute_url()).content.decode()


# --- the admin: an inline attached from portal to the news admin ---------------------------


class MinimalNewsAdmin(admin.ModelAdmin):
    """Stands for news.admin.NewsItemAdmin, which the news app registers."""

    inlines = []


def test_the_inline_is_attached_to_the_registered_news_admin_once():
    site = admin.AdminSite(name="news-links-test")
    assert attach_news_links(site) is False  # no news admin: nothing to attach to
    site.register(NewsItem, MinimalNewsAdmin)
    assert attach_news_links(site) is True and attach_news_links(site) is True
    assert site._registry[NewsItem].inlines == [NewsLinkInline]
    assert MinimalNewsAdmin.inlines == []  # the class is untouched, the registered instance gets it


def test_the_sites_news_admin_has_the_inline_when_registered():
    if NewsItem not in admin.site._registry:
        pytest.skip("the news admin comes from another branch")
    assert NewsLinkInline in admin.site._registry[NewsItem].inlines


def _formset(item, rows):
    site = admin.AdminSite(name="news-links-formset")
    site.register(NewsItem, MinimalNewsAdmin)
    request = RequestFactory().post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    inline = NewsLinkInline(NewsItem, site)
    data = {"links-TOTAL_FORMS": str(len(rows)), "links-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"links-{i}-{name}": value for name, value in row.items()})
    return inline.get_formset(request, item)(data, instance=item, prefix="links")


def test_the_inline_refuses_a_record_linked_twice_in_one_submission():
    item, project = news_item(), make_project(name="重复的项目")
    formset = _formset(item, [{"project": project.pk, "order": 0}, {"project": project.pk, "order": 1}])
    assert not formset.is_valid()
    assert formset.non_form_errors() == [f"“{project}”关联了两次，请只保留一行。"]


def test_the_inline_refuses_a_row_with_two_targets_and_saves_a_good_one():
    item, project, policy = news_item(), make_project(), PolicyFactory()
    bad = _formset(item, [{"project": project.pk, "policy": policy.pk, "order": 0}])
    assert not bad.is_valid()
    good = _formset(item, [{"project": project.pk, "order": 0}, {"policy": policy.pk, "order": 1}])
    assert good.is_valid(), good.errors
    good.save()
    assert set(item.links.values_list("project", "policy")) == {(project.pk, None), (None, policy.pk)}

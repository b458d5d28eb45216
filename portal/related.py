"""Related blocks: one directory shown on another's page, registered from here (the top app).

A directory's detail view offers `add_related` (core.directory); it never imports a neighbour.
Its "ask us" buttons lead to the inquiry form through a link registered here (core.links), so a
directory's template never names the inquiries app either.

News (issue 27): a news item's links (portal.models.NewsLink) show on the item's page as its
related projects, enterprises, spaces and policies — an interpretation's policies first, as the
policy it interprets — and on each linked record's page as its related news. Only published rows
show on either side. The news detail views are registered only once the news app has them
(`news.views.NewsDetailView`, `news.views.EventDetailView`).
"""

import importlib.util

from django.db import models
from django.utils.translation import get_language

from core.cache import cached_value
from core.links import register_link
from enterprises.views import EnterpriseDetailView
from news.models import NewsItem
from policies.models import Policy
from policies.views import PolicyDetailView
from portal.models import NEWS_LINK_TARGETS, NewsLink
from projects.models import Project
from projects.views import ProjectDetailView
from spaces.views import SpaceDetailView

INVESTOR_PROJECTS = 10
RELATED_POLICIES = 5
RELATED_NEWS = 5


def investor_projects(enterprise):
    """The enterprise's published projects in the zone, newest first (as the project list)."""
    return (
        Project.objects.public()
        .filter(investor_enterprise=enterprise)
        .select_related("zone", "industry")
        .newest_first()[:INVESTOR_PROJECTS]
    )


def industry_policies(industry, *, open_to_all: bool = False) -> list:
    """Published policies in force that name `industry` (and, with `open_to_all`, those that name no
    industry, being open to every one), newest first. Remembered per content version, so it costs
    one query per change of content."""
    applies = models.Q(industries=industry.pk)
    if open_to_all:
        applies |= models.Q(industries__isnull=True)
    return cached_value(
        "related-policies",
        (industry.pk, open_to_all, get_language()),
        lambda: list(
            Policy.objects.public()
            .in_force()
            .filter(applies)
            .order_by("-published_on", "-id")
            .only("slug", "title", "title_en", "english_out_of_date", "is_demo")[:RELATED_POLICIES]
        ),
    )


def policies_for_industry(obj):
    """Policies in force that name the page's industry: a reading list, never a claim of eligibility.

    Only the checker (/policies/check/) says whether an enterprise may qualify, with its reasons; the
    block links there.
    """
    industry = obj.industry
    policies = industry_policies(industry)
    return {"policies": policies, "industry": industry} if policies else None


def _news_links(item) -> dict:
    """The item's published targets by kind ({"project": [...], ...}), in the editors' order; one query,
    remembered per content version."""

    def build():
        links = NewsLink.objects.filter(item=item).shown().select_related(*NEWS_LINK_TARGETS).order_by("order", "id")
        grouped = {name: [] for name in NEWS_LINK_TARGETS}
        for link in links:
            grouped[link.target_kind].append(link.target)
        return grouped

    return cached_value("news-links", (item.pk,), build)


def interpreted_policies(item):
    """The published policies an interpretation (kind `interpretation`) explains; None for other kinds."""
    if item.kind != NewsItem.Kind.INTERPRETATION:
        return None
    return _news_links(item)["policy"] or None


def news_related_records(item):
    """The item's published projects, enterprises, spaces and policies (an interpretation's policies are
    shown in their own block above); None when there is none."""
    grouped = dict(_news_links(item))
    if item.kind == NewsItem.Kind.INTERPRETATION:
        grouped["policy"] = []
    return grouped if any(grouped.values()) else None


# Heavy text columns a list of news titles never reads.
NEWS_LIST_DEFERRED = ("body", "body_en", "body_html", "body_html_en", "search_text", "search_tokens")


def related_news(obj):
    """Published news items linked to `obj` (a project, enterprise, space or policy), newest first."""
    field = type(obj)._meta.model_name
    return cached_value(
        "related-news",
        (field, obj.pk),
        lambda: list(
            NewsItem.objects.public()
            .filter(**{f"links__{field}": obj})
            .defer(*NEWS_LIST_DEFERRED)
            .order_by("-published_at", "-id")[:RELATED_NEWS]
        ),
    )


def _news_detail_views() -> list:
    """The news app's detail views, when it has them (they are built beside this module's blocks)."""
    if importlib.util.find_spec("news.views") is None:
        return []
    views = importlib.import_module("news.views")
    return [view for name in ("NewsDetailView", "EventDetailView") if (view := getattr(views, name, None))]


def register() -> None:
    register_link("inquiry-form", "inquiries:form")
    register_link("home", "portal:home")
    register_link("zone-page", "zones:detail")
    register_link("industry-page", "industries:detail")
    EnterpriseDetailView.add_related("projects", investor_projects, "portal/includes/investor_projects.html")
    EnterpriseDetailView.add_related("policies", policies_for_industry, "portal/includes/related_policies.html")
    ProjectDetailView.add_related("policies", policies_for_industry, "portal/includes/related_policies.html")
    for view in (ProjectDetailView, EnterpriseDetailView, SpaceDetailView, PolicyDetailView):
        view.add_related("news", related_news, "portal/includes/related_news.html")
    for view in _news_detail_views():
        view.add_related("interprets", interpreted_policies, "portal/includes/news_interprets.html")
        view.add_related("records", news_related_records, "portal/includes/news_records.html")

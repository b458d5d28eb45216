from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from enterprises.models import Enterprise
from industries.models import Industry
from news.models import NewsItem
from policies.models import Policy
from projects.models import Project
from spaces.models import Space
from zones.models import Zone


class BilingualSitemap(Sitemap):
    """Each page in both languages, each listing both as alternates and the Chinese one as x-default."""

    i18n = True
    alternates = True
    x_default = True


# Pages of the apps above portal, in the order they registered (their AppConfig.ready calls register_page).
REGISTERED_PAGES: list[str] = []


def register_page(url_name: str) -> None:
    """Put the page named `url_name` (no arguments) in the sitemap, in both languages."""
    if url_name not in REGISTERED_PAGES:
        REGISTERED_PAGES.append(url_name)


class StaticSitemap(BilingualSitemap):
    def items(self):
        return [
            "portal:home",
            "portal:about",
            "portal:figures",
            "zones:list",
            "industries:list",
            "industries:targets",
            "projects:list",
            "enterprises:list",
            "spaces:list",
            "policies:list",
            "policies:check",
            "news:list",
            "events:list",
            "portal:search",
            "inquiries:form",
            "portal:accessibility",
            *REGISTERED_PAGES,
        ]

    def location(self, item):
        return reverse(item)


class ZoneSitemap(BilingualSitemap):
    def items(self):
        return Zone.objects.ordered()


class IndustrySitemap(BilingualSitemap):
    """Each industry's chain page, /industries/<slug>/."""

    def items(self):
        return Industry.objects.order_by("order", "id").only("slug")

    def location(self, item):
        return reverse("industries:detail", args=[item.slug])


class ProjectSitemap(BilingualSitemap):
    limit = 5000

    def items(self):
        return Project.objects.public().filter(is_demo=False).only("slug", "updated_at").order_by("id")

    def lastmod(self, obj):
        return obj.updated_at


class EnterpriseSitemap(BilingualSitemap):
    limit = 5000

    def items(self):
        return Enterprise.objects.public().filter(is_demo=False).only("slug", "updated_at").order_by("id")

    def lastmod(self, obj):
        return obj.updated_at


class SpaceSitemap(BilingualSitemap):
    limit = 5000

    def items(self):
        return (
            Space.objects.public()
            .filter(is_demo=False)
            .exclude(status=Space.Status.WITHDRAWN)
            .only("slug", "updated_at")
            .order_by("id")
        )

    def lastmod(self, obj):
        return obj.updated_at


class PolicySitemap(BilingualSitemap):
    limit = 5000

    def items(self):
        return Policy.objects.public().filter(is_demo=False).only("slug", "updated_at").order_by("id")

    def lastmod(self, obj):
        return obj.updated_at


class NewsSitemap(BilingualSitemap):
    """Published news items and events (each at its own page, /news/<slug>/ or /events/<slug>/)."""

    limit = 5000

    def items(self):
        return NewsItem.objects.public().filter(is_demo=False).only("slug", "kind", "updated_at").order_by("id")

    def lastmod(self, obj):
        return obj.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "zones": ZoneSitemap,
    "industries": IndustrySitemap,
    "projects": ProjectSitemap,
    "enterprises": EnterpriseSitemap,
    "spaces": SpaceSitemap,
    "policies": PolicySitemap,
    "news": NewsSitemap,
}

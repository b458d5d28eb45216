from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from enterprises.models import Enterprise
from policies.models import Policy
from projects.models import Project
from spaces.models import Space
from zones.models import Zone


class StaticSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return [
            "portal:home",
            "portal:about",
            "zones:list",
            "projects:list",
            "enterprises:list",
            "spaces:list",
            "policies:list",
            "policies:check",
            "portal:search",
            "opendata:catalogue",
            "opendata:api_docs",
            "inquiries:form",
        ]

    def location(self, item):
        return reverse(item)


class ZoneSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return Zone.objects.ordered()


class ProjectSitemap(Sitemap):
    i18n = True
    alternates = True
    limit = 5000

    def items(self):
        return Project.objects.public().filter(is_demo=False).only("slug", "updated_at").order_by("id")

    def lastmod(self, obj):
        return obj.updated_at


class EnterpriseSitemap(Sitemap):
    i18n = True
    alternates = True
    limit = 5000

    def items(self):
        return Enterprise.objects.public().filter(is_demo=False).only("slug", "updated_at").order_by("id")

    def lastmod(self, obj):
        return obj.updated_at


class SpaceSitemap(Sitemap):
    i18n = True
    alternates = True
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


class PolicySitemap(Sitemap):
    i18n = True
    alternates = True
    limit = 5000

    def items(self):
        return Policy.objects.public().filter(is_demo=False).only("slug", "updated_at").order_by("id")

    def lastmod(self, obj):
        return obj.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "zones": ZoneSitemap,
    "projects": ProjectSitemap,
    "enterprises": EnterpriseSitemap,
    "spaces": SpaceSitemap,
    "policies": PolicySitemap,
}

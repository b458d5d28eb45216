"""Related blocks: one directory shown on another's page, registered from here (the top app).

A directory's detail view offers `add_related` (core.directory); it never imports a neighbour.
Its "ask us" buttons lead to the inquiry form through a link registered here (core.links), so a
directory's template never names the inquiries app either.
"""

from django.utils.translation import get_language

from core.cache import cached_value
from core.links import register_link
from enterprises.views import EnterpriseDetailView
from policies.models import Policy
from projects.models import Project
from projects.views import ProjectDetailView

INVESTOR_PROJECTS = 10
RELATED_POLICIES = 5


def investor_projects(enterprise):
    """The enterprise's published projects in the zone, newest first (as the project list)."""
    return (
        Project.objects.public()
        .filter(investor_enterprise=enterprise)
        .select_related("zone", "industry")
        .newest_first()[:INVESTOR_PROJECTS]
    )


def policies_for_industry(obj):
    """Policies in force that name the page's industry: a reading list, never a claim of eligibility.

    Only the checker (/policies/check/) says whether an enterprise may qualify, with its reasons; the
    block links there. Remembered per content version, so it costs one query per change of content.
    """
    industry = obj.industry
    policies = cached_value(
        "related-policies",
        (industry.pk, get_language()),
        lambda: list(
            Policy.objects.public()
            .in_force()
            .for_industry(industry.pk)
            .order_by("-published_on", "-id")
            .only("slug", "title", "title_en", "english_out_of_date", "is_demo")[:RELATED_POLICIES]
        ),
    )
    return {"policies": policies, "industry": industry} if policies else None


def register() -> None:
    register_link("inquiry-form", "inquiries:form")
    register_link("home", "portal:home")
    register_link("zone-page", "zones:detail")
    EnterpriseDetailView.add_related("projects", investor_projects, "portal/includes/investor_projects.html")
    EnterpriseDetailView.add_related("policies", policies_for_industry, "portal/includes/related_policies.html")
    ProjectDetailView.add_related("policies", policies_for_industry, "portal/includes/related_policies.html")

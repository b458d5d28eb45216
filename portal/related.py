"""Related blocks: one directory shown on another's page, registered from here (the top app).

A directory's detail view offers `add_related` (core.directory); it never imports a neighbour.
"""

from enterprises.views import EnterpriseDetailView
from projects.models import Project

INVESTOR_PROJECTS = 10


def investor_projects(enterprise):
    """The enterprise's published projects in the zone, newest first (as the project list)."""
    return (
        Project.objects.public()
        .filter(investor_enterprise=enterprise)
        .select_related("zone", "industry")
        .newest_first()[:INVESTOR_PROJECTS]
    )


def register() -> None:
    EnterpriseDetailView.add_related("projects", investor_projects, "portal/includes/investor_projects.html")

from django import template

from portal.dashboard import PIPELINE, SERVICE, SPACES, dashboard_for
from portal.dashboard_figures import pipeline_figures
from service.dashboard import service_counts
from spaces.dashboard import space_counts

register = template.Library()


@register.inclusion_tag("portal/dashboard.html", takes_context=True)
def staff_dashboard(context):
    request = context["request"]
    user = request.user
    dashboard = dashboard_for(user)
    return {
        "dashboard": dashboard,
        "spaces": space_counts(user) if SPACES in dashboard.blocks else None,
        "service": service_counts(user) if SERVICE in dashboard.blocks else None,
        "pipeline": pipeline_figures(user, request.GET) if PIPELINE in dashboard.blocks else None,
        "csrf_token": context.get("csrf_token"),
    }

from django import template

from portal.dashboard import SERVICE, SPACES, dashboard_for
from service.dashboard import service_counts
from spaces.dashboard import space_counts

register = template.Library()


@register.inclusion_tag("portal/dashboard.html", takes_context=True)
def staff_dashboard(context):
    user = context["request"].user
    dashboard = dashboard_for(user)
    return {
        "dashboard": dashboard,
        "spaces": space_counts(user) if SPACES in dashboard.blocks else None,
        "service": service_counts(user) if SERVICE in dashboard.blocks else None,
        "csrf_token": context.get("csrf_token"),
    }

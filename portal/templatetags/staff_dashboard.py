from django import template

from portal.dashboard import dashboard_for
from portal.dashboard_spaces import space_counts

register = template.Library()


@register.inclusion_tag("portal/dashboard.html", takes_context=True)
def staff_dashboard(context):
    user = context["request"].user
    return {"dashboard": dashboard_for(user), "spaces": space_counts(user)}

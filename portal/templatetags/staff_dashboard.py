from django import template

from portal.dashboard import dashboard_for

register = template.Library()


@register.inclusion_tag("portal/dashboard.html", takes_context=True)
def staff_dashboard(context):
    return {"dashboard": dashboard_for(context["request"].user)}

from django import template

from staff.dashboard import dashboard_for

register = template.Library()


@register.inclusion_tag("staff/dashboard.html", takes_context=True)
def staff_dashboard(context):
    return {"dashboard": dashboard_for(context["request"].user)}

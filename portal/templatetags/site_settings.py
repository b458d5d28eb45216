from django import template

from portal.models import SiteSettings

register = template.Library()


@register.simple_tag
def site_settings():
    """The footer's site settings (or None). Read only when the footer fragment is rendered, not per page."""
    return SiteSettings.current()

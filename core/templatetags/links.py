"""`{% url_for "inquiry-form" project=project.pk %}`: a link to an app above, registered by it (core.links).

Positional arguments fill the URL's path: `{% url_for "industry-page" industry.slug %}`."""

from django import template

from core.links import link_url

register = template.Library()


@register.simple_tag
def url_for(purpose, *args, **params):
    return link_url(purpose, *args, **params)

"""`{% url_for "inquiry-form" project=project.pk %}`: a link to an app above, registered by it (core.links)."""

from django import template

from core.links import link_url

register = template.Library()


@register.simple_tag
def url_for(purpose, **params):
    return link_url(purpose, **params)

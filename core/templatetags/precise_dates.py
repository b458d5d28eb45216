from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from core import dates

register = template.Library()


@register.simple_tag
def precise_date(date, precision="day", unknown=""):
    """`<time>` at the date's precision (core.dates), or `unknown` (escaped) when there is no date."""
    if date is None:
        return unknown or gettext("Not published")
    return format_html('<time datetime="{}">{}</time>', dates.iso(date, precision), dates.display(date, precision))

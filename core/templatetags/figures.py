from decimal import Decimal, InvalidOperation

from django import template
from django.utils.html import format_html

from core.figures import amount_in_yi

register = template.Library()


@register.filter
def yi_amount(value):
    """An amount in 亿元 as the reader's language says it (core.figures); the figure never wraps."""
    if value in (None, ""):
        return ""
    figure, _, unit = amount_in_yi(value).rpartition(" ")  # "RMB 18.6" + "billion", "186.08" + "亿元"
    return format_html('<span class="figure">{}</span> {}', figure, unit)


@register.filter
def amount(value):
    """A decimal without trailing zeros, thousands grouped: 752.00 → 752, 12.50 → 12.5, 1234 → 1,234."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    return f"{number.normalize():,f}"

"""`{% chart chart csv_url=url note=text %}`: a chart of core.charts, its SVG and its table.

The chart is laid out again for the large-text mode (core/display.py) when the page is in it, so its
text is as large as the mode promises; the view never needs to know the mode.
"""

from django import template

register = template.Library()


@register.inclusion_tag("core/chart.html", takes_context=True)
def chart(context, chart, csv_url="", note=""):
    return {
        "chart": chart.for_display(large=bool(context.get("DISPLAY_LARGE"))),
        "csv_url": csv_url,
        "note": note,
    }

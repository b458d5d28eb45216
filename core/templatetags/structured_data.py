"""`{% json_ld data %}`: schema.org structured data as a `<script type="application/ld+json">` block.

Escaped like Django's ``json_script`` (``<``, ``>`` and ``&`` as \\u escapes), so no text in the data
can close the element. A data block is not run as a script, so the CSP's script-src does not apply.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308

"""`{% live_registration_form as form %}`: the registration form inside the event page's block.

The form carries a CSRF token and a fresh render stamp, and the block beside it the seats left as
counted now: none of that may be served to the next visitor from the page cache, so the page that
shows the form is marked not to be stored (core.cache.never_cache_fragments).
"""

from django import template

from core.cache import never_cache_fragments
from registrations.forms import RegistrationForm

register = template.Library()


@register.simple_tag(takes_context=True)
def live_registration_form(context):
    request = context.get("request")
    if request is not None:
        never_cache_fragments(request)
    return RegistrationForm()

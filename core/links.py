"""Links from a lower floor's page to a page of an app above it, named by what they are for.

A directory's page offers "ask us about this" without naming the app that answers: the template
says `{% url_for "inquiry-form" space=space.pk %}` (core/templatetags/links.py) and the app above
registers which URL that is (`register_link`, from its AppConfig.ready; portal/related.py does it
today). The floors stay as the import contract draws them, in strings too
(tests/core/test_floor_strings.py).
"""

from django.urls import reverse
from django.utils.http import urlencode

_LINKS: dict[str, str] = {}


def register_link(purpose: str, url_name: str) -> None:
    """`purpose` ("inquiry-form") leads to the URL named `url_name` (its app and name)."""
    _LINKS[purpose] = url_name


def link_url(purpose: str, *args, **params) -> str:
    """The URL registered for `purpose`, with `args` in its path and `params` as its query string
    (values left out when None).

    An unregistered purpose is an error, not an empty link: a page must not offer a dead button.
    """
    try:
        url_name = _LINKS[purpose]
    except KeyError:
        raise LookupError(f"No link registered for {purpose!r} (core.links.register_link)") from None
    query = {key: value for key, value in params.items() if value is not None}
    return reverse(url_name, args=args) + (f"?{urlencode(query)}" if query else "")

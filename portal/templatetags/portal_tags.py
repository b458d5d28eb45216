"""Template tags of the public site: language switch, hreflang alternates, the zone map and cached fragments.

The language and map tags do not touch the database, so they are safe on the error pages. The
directory cards are templates (templates/*/includes/*_card.html) rendered by core's `cards` tag.
"""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.cache import cached_value, page_cache_parts
from core.display import display_mode
from zones.maps import zone_shapes

register = template.Library()

# How each language calls itself in the switch, and its hreflang code (BCP 47).
LANGUAGE_LABELS = {"zh-hans": "中文", "en": "English"}
HREFLANG = {"zh-hans": "zh-Hans", "en": "en"}


def _path_in(path: str, language: str, match=None) -> str:
    """`path` (with its query string) in `language`; falls back to prefix surgery for unknown paths (404s).

    `match`: the request's ResolverMatch for `path`, which spares resolving the path again.
    Always a path on this site: `/en//evil.example/x` (a 404) must not become `//evil.example/x`,
    which browsers read as another host, nor an hreflang alternate on it.
    """
    return "/" + _translated_path(path, language, match).lstrip("/\\")


def _reversed_in(path: str, language: str, match) -> str:
    """What `translate_url(path, language)` answers, from the ResolverMatch the request already has."""
    if not match.url_name:
        return translate_url(path, language)
    with translation.override(language):
        try:
            translated = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path
    query = path.partition("?")[2]
    return f"{translated}?{query}" if query else translated


def _translated_path(path: str, language: str, match=None) -> str:
    translated = translate_url(path, language) if match is None else _reversed_in(path, language, match)
    if translated != path or language == get_language():
        return translated
    default = settings.LANGUAGE_CODE
    prefixes = [f"/{code}/" for code, _ in settings.LANGUAGES if code != default]
    bare = path
    for prefix in prefixes:
        if path.startswith(prefix):
            bare = path[len(prefix) - 1 :]
            break
    return bare if language == default else f"/{language}{bare}"


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: the current page in that language (query string kept)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    # The header and the <head> both ask for them: computed once per request and language.
    memo_key = (current, path)
    memo = getattr(request, "_language_links", None)
    if memo is not None and memo[0] == memo_key:
        return memo[1]
    match = getattr(request, "resolver_match", None)
    if match is not None and request.path != request.path_info:
        match = None  # under a script prefix: resolve the full path as translate_url does
    links = [
        {
            "code": code,
            "hreflang": HREFLANG.get(code, code),
            "label": LANGUAGE_LABELS.get(code, name),
            "url": _path_in(path, code, match),
            "is_current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    if request is not None:
        request._language_links = (memo_key, links)
    return links


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """Absolute URLs of this page in every language, for <link rel="alternate" hreflang>."""
    request = context.get("request")
    if request is None:
        return []
    languages = language_links(context)
    links = [{"hreflang": item["hreflang"], "href": request.build_absolute_uri(item["url"])} for item in languages]
    default = next(item for item in languages if item["code"] == settings.LANGUAGE_CODE)
    links.append({"hreflang": "x-default", "href": request.build_absolute_uri(default["url"])})
    return links


@register.inclusion_tag("includes/zone_map.html")
def zone_map(zones, current=None):
    return {"shapes": zone_shapes(zones, current)}


@register.filter
def in_section(path: str, section_url: str) -> bool:
    """The page at `path` is the section's list or below it (/projects/…), not a page elsewhere whose
    address merely contains it (/data/projects/, a dataset's page): the header's current section."""
    return bool(section_url) and path.startswith(section_url)


@register.simple_tag(takes_context=True)
def page_fragment(context, template_name, by_path=True):
    """`template_name` rendered with this context, remembered per language, display mode, URL and content version.

    The URL counts by its path and its known, validated query parameters only
    (core.cache.page_cache_parts); with anything else in the query string the fragment is rendered,
    not remembered. `by_path=False`: the fragment does not depend on the URL at all, one copy per
    language and host.

    Only for fragments whose HTML depends on nothing else (the header: language links and the current
    section come from the URL; the footer and the home page's content, portal/includes/home_body.html:
    language and public content only). Like {% include %}, with a cache in front.
    """
    request = context.get("request")

    def render():
        return context.template.engine.get_template(template_name).render(context)

    if request is None:
        return render()
    if by_path:
        parts = page_cache_parts(request)
        if parts is None:
            return render()
        where = (request.path, parts)
    else:
        where = None
    key = (template_name, get_language(), display_mode(request), request.get_host(), where)
    return mark_safe(cached_value("page-fragment", key, render))  # noqa: S308 - a rendered template

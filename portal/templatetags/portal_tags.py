"""Template tags of the public site: language switch, hreflang alternates and the zone map.

The language and map tags do not touch the database, so they are safe on the error pages; the card
tags read only what the view has already fetched (select_related / prefetch_related).
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

from core import dates
from core.cache import cached_value
from core.templatetags.figures import yi_amount

register = template.Library()

# How each language calls itself in the switch, and its hreflang code (BCP 47).
LANGUAGE_LABELS = {"zh-hans": "中文", "en": "English"}
HREFLANG = {"zh-hans": "zh-Hans", "en": "en"}


def _path_in(path: str, language: str) -> str:
    """`path` (with its query string) in `language`; falls back to prefix surgery for unknown paths (404s)."""
    translated = translate_url(path, language)
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
    return [
        {
            "code": code,
            "hreflang": HREFLANG.get(code, code),
            "label": LANGUAGE_LABELS.get(code, name),
            "url": _path_in(path, code),
            "is_current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


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


# The schematic map: one shape per zone slug, north at the top (viewBox 0 0 320 420).
ZONE_SHAPES = {
    "north": {"d": "M40 20 L280 20 L290 150 L30 150 Z", "label_x": 160, "label_y": 70},
    "central": {"d": "M30 170 L290 170 L295 260 L25 260 Z", "label_x": 160, "label_y": 222},
    "south": {"d": "M25 280 L295 280 L280 400 L40 400 Z", "label_x": 160, "label_y": 330},
}


@register.inclusion_tag("includes/zone_map.html")
def zone_map(zones, current=None):
    shapes = []
    for zone in zones:
        shape = ZONE_SHAPES.get(zone.slug)
        if shape:
            shapes.append({"zone": zone, "is_current": current is not None and current.pk == zone.pk, **shape})
    return {"shapes": shapes}


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


# --- Cards of the directories ---------------------------------------------------------------
# A list page shows 20 cards; rendered through nested {% include %}s they cost most of the page's
# time (every variable a context lookup, every label a gettext). These tags build the same markup
# in Python: one pass per card, labels translated once per page, URLs reversed once per page.


def _url_maker(viewname: str):
    """`slug → URL` for a detail view, with one reverse() per page instead of one per card."""
    marker = "__card-key__"
    pattern = reverse(viewname, kwargs={"key": marker})
    return lambda slug: pattern.replace(marker, slug)


def _demo_badge() -> str:
    return format_html(
        '<span class="badge badge-demo" title="{}">{}</span>',
        gettext("Synthetic sample row, not real data"),
        gettext("Sample data"),
    )


def investment_html(value) -> str:
    """As includes/investment.html: the amount (in English "RMB … billion"), or "Undisclosed"."""
    if value is None:
        return format_html('<span class="undisclosed">{}</span>', gettext("Undisclosed"))
    return yi_amount(value)


def _project_card(project, url_for, labels, badge) -> str:
    status = ""
    if project.status != "on_track":
        status = format_html(' <span class="status status-{}">{}</span>', project.status, project.get_status_display())
    if project.signed_on:
        precision = project.signed_on_precision
        signed = format_html(
            '<time datetime="{}">{}</time>',
            dates.iso(project.signed_on, precision),
            dates.display(project.signed_on, precision),
        )
    else:
        signed = labels["not_published"]
    return format_html(
        '<article class="card project-card">\n'
        '  <h3 class="card-title"><a href="{}">{}</a>{}</h3>\n'
        '  <p class="card-sub">{}</p>\n'
        '  <dl class="facts">\n'
        "    <div><dt>{}</dt><dd>{}</dd></div>\n"
        "    <div><dt>{}</dt><dd>{}</dd></div>\n"
        '    <div><dt>{}</dt><dd><span class="stage stage-{}">{}</span>{}</dd></div>\n'
        "    <div><dt>{}</dt><dd>{}</dd></div>\n"
        "    <div><dt>{}</dt><dd>{}</dd></div>\n"
        "  </dl>\n"
        "</article>",
        url_for(project.slug),
        project.name_i18n,
        mark_safe(" " + badge) if project.is_demo else "",  # noqa: S308 - built by format_html
        project.investor_i18n,
        labels["zone"],
        project.zone.name_i18n,
        labels["industry"],
        project.industry.name_i18n,
        labels["stage"],
        project.stage,
        project.get_stage_display(),
        status,
        labels["investment"],
        investment_html(project.public_investment),
        labels["signed"],
        signed,
    )


@register.simple_tag
def project_cards(projects):
    """`<li>` + project card for each project."""
    labels = {
        "zone": gettext("Zone"),
        "industry": gettext("Industry"),
        "stage": gettext("Stage"),
        "investment": gettext("Total investment"),
        "signed": gettext("Signing date"),
        "not_published": gettext("Not published"),
    }
    url_for = _url_maker("projects:detail")
    badge = _demo_badge()
    return mark_safe(  # noqa: S308 - every part built by format_html
        "".join(f"<li>{_project_card(project, url_for, labels, badge)}</li>" for project in projects)
    )


def _enterprise_badges(enterprise, label) -> str:
    recognitions = enterprise.recognitions.all()
    listed = enterprise.listing_status != "unlisted"
    if not listed and not recognitions:
        return ""
    items = []
    if listed:
        items.append(
            format_html(
                '<li class="badge badge-listing badge-{}">{}</li>',
                enterprise.listing_status,
                enterprise.get_listing_status_display(),
            )
        )
    items.extend(
        format_html('<li class="badge badge-recognition">{}</li>', recognition.kind.name_i18n)
        for recognition in recognitions
    )
    return format_html('\n<ul class="badges" aria-label="{}">\n  {}\n</ul>\n', label, mark_safe("".join(items)))  # noqa: S308


def _enterprise_card(enterprise, url_for, labels, badge) -> str:
    summary = enterprise.summary_i18n
    facts = [
        format_html("<div><dt>{}</dt><dd>{}</dd></div>", labels["zone"], enterprise.zone.name_i18n),
        format_html("<div><dt>{}</dt><dd>{}</dd></div>", labels["industry"], enterprise.industry.name_i18n),
    ]
    if enterprise.grid:
        facts.append(format_html("<div><dt>{}</dt><dd>{}</dd></div>", labels["grid"], enterprise.grid.name_i18n))
    if enterprise.founded_year:
        facts.append(format_html("<div><dt>{}</dt><dd>{}</dd></div>", labels["founded"], enterprise.founded_year))
    return format_html(
        '<article class="card enterprise-card">\n'
        '  <h3 class="card-title"><a href="{}">{}</a>{}</h3>\n'
        "  {}\n"
        '  <dl class="facts">\n'
        "    {}\n"
        "  </dl>\n"
        "  {}\n"
        "</article>",
        url_for(enterprise.slug),
        enterprise.name_i18n,
        mark_safe(" " + badge) if enterprise.is_demo else "",  # noqa: S308 - built by format_html
        format_html('<p class="card-summary">{}</p>', Truncator(summary).chars(110)) if summary else "",
        mark_safe("\n    ".join(facts)),  # noqa: S308 - built by format_html
        _enterprise_badges(enterprise, labels["recognitions"]),
    )


@register.simple_tag
def enterprise_cards(enterprises):
    """`<li>` + enterprise card for each enterprise."""
    labels = {
        "zone": gettext("Zone"),
        "industry": gettext("Industry"),
        "grid": gettext("Service grid"),
        "founded": gettext("Founded"),
        "recognitions": gettext("Recognitions"),
    }
    url_for = _url_maker("enterprises:detail")
    badge = _demo_badge()
    return mark_safe(  # noqa: S308 - every part built by format_html
        "".join(f"<li>{_enterprise_card(enterprise, url_for, labels, badge)}</li>" for enterprise in enterprises)
    )


# URLs longer than this are rendered but not remembered (they are not links anyone shares).
FRAGMENT_CACHE_MAX_PATH = 512


@register.simple_tag(takes_context=True)
def filter_form(context, form):
    """includes/filter_form.html for `form`, remembered per language, path + query string and content version.

    The form's HTML depends only on those: the bound data come from the query string, the choices
    from public content (which moves the content version, core/cache.py), the labels from the language.
    """
    request = context["request"]

    def render():
        return render_to_string("includes/filter_form.html", {"form": form, "request": request})

    full_path = request.get_full_path()
    if len(full_path) > FRAGMENT_CACHE_MAX_PATH:
        return render()
    return mark_safe(cached_value("filter-form", (get_language(), full_path), render))  # noqa: S308 - a rendered template


@register.simple_tag(takes_context=True)
def page_fragment(context, template_name, by_path=True):
    """`template_name` rendered with this context, remembered per language, path + query string and content version.

    `by_path=False`: the fragment does not depend on the URL at all, one copy per language and host.

    Only for fragments whose HTML depends on nothing else (the header: language links and the current
    section come from the URL; the footer: language only). Like {% include %}, with a cache in front.
    """
    request = context.get("request")

    def render():
        return context.template.engine.get_template(template_name).render(context)

    full_path = request.get_full_path() if request else None
    if request is None or len(full_path) > FRAGMENT_CACHE_MAX_PATH:
        return render()
    parts = (template_name, get_language(), request.get_host(), full_path if by_path else None)
    return mark_safe(cached_value("page-fragment", parts, render))  # noqa: S308 - a rendered template

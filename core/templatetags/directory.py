"""`{% cards rows "app/includes/x_card.html" %}`: one `<li>` per row, each card a cached fragment.

A card's HTML depends on its row, the rows it shows through select_related (zone, industry…), the
language and the template. It is remembered per (template, model, id, `updated_at`, language) under
the content version (core/cache/), which any public edit moves on, so a card is rendered once
per change of content instead of once per request. All the cards of a page are read with one
`get_many` and written with one `set_many`; with the cache gone every card is simply rendered.
The template sees the row under its model's name (`project`, `enterprise`).

`{% filter_form filter.form %}`: a directory's filter form, a cached fragment the same way; folded in a
`<details>` once a filter is applied, so the results come first on a phone.
"""

from django import template
from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.cache import cached_value, content_version, normalise_query, read_values, store_values

register = template.Library()


def card_key(template_name: str, row, language: str, version: int) -> str:
    updated = row.updated_at.timestamp() if getattr(row, "updated_at", None) else ""
    return f"card:{version}:{template_name}:{row._meta.label_lower}:{row.pk}:{updated}:{language}"


@register.simple_tag
def cards(rows, template_name: str):
    rows = list(rows)
    if not rows:
        return ""
    language = get_language() or ""
    version = content_version()
    keys = [card_key(template_name, row, language, version) for row in rows]
    found = read_values(keys)
    missing = {}
    card_template = None
    html = []
    for key, row in zip(keys, rows, strict=True):
        card = found.get(key)
        if card is None:
            card_template = card_template or get_template(template_name)
            card = card_template.render({row._meta.model_name: row})
            missing[key] = card
        html.append(card)
    if missing:
        store_values(missing, settings.PAGE_CACHE_SECONDS)
    return format_html_join("", "<li>{}</li>", ((mark_safe(card),) for card in html))  # noqa: S308 - rendered templates


def applied_filters(form) -> list[str]:
    """The labels of the filters the query string sets (the order is not a filter): folded once any is."""
    return [str(field.label) for field in form if field.name != "sort" and str(form.data.get(field.name, "")).strip()]


@register.simple_tag(takes_context=True)
def filter_form(context, form):
    """includes/filter_form.html for `form`, remembered per language, path, valid filter values and content version.

    The form's HTML depends only on those: the bound data come from the query string (only its
    validated, normalised values make the key: core.cache.normalise_query), the choices from
    public content (which moves the content version), the labels from the language. An invalid
    or oddly spelled form is rendered, not remembered.
    """
    request = context["request"]

    def render():
        return render_to_string(
            "includes/filter_form.html", {"form": form, "request": request, "applied": applied_filters(form)}
        )

    parts = normalise_query(form=form).exact
    if parts is None:
        return render()
    return mark_safe(cached_value("filter-form", (get_language(), request.path, parts), render))  # noqa: S308 - a rendered template

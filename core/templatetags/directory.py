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
from core.pagination import row_identity

register = template.Library()


def card_key(template_name: str, identity: tuple, language: str, version: int) -> str:
    """The key of a card: `identity` is the row's (``core.pagination.row_identity``)."""
    label, pk, updated = identity
    return f"card:{version}:{template_name}:{label}:{pk}:{updated}:{language}"


@register.simple_tag
def cards(rows, template_name: str):
    # A directory's page (core.pagination.PageRows) knows its rows' identities without reading the rows.
    identities = getattr(rows, "identities", None)
    if identities is None:
        rows = list(rows)
        identities = [row_identity(row) for row in rows]
    if not identities:
        return ""
    language = get_language() or ""
    version = content_version()
    keys = [card_key(template_name, identity, language, version) for identity in identities]
    found = read_values(keys)
    if len(found) < len(keys):  # some card to render: now the rows are needed
        card_template = get_template(template_name)
        missing = {}
        for key, row in zip(keys, rows, strict=True):
            if found.get(key) is None:
                found[key] = missing[key] = card_template.render({row._meta.model_name: row})
        store_values(missing, settings.PAGE_CACHE_SECONDS)
    return format_html_join("", "<li>{}</li>", ((mark_safe(found[key]),) for key in keys))  # noqa: S308 - rendered templates


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

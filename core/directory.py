"""The directory layer: what every public directory (/projects/, /enterprises/, /spaces/, /policies/) shares.

A directory is a model, a FilterSet and two templates (list page, card)::

    class Space(Searchable, models.Model):         # is_published, zone, last_verified_on, search_text…
        SEARCH_FIELDS = ("name", "name_en", "address")
        objects = DirectoryQuerySet.as_manager()   # public(), in_zone(), stale(), search()

    class SpaceFilter(DirectoryFilterSet):
        search_help = _("Name or address")
        zone = zone_filter()                       # zones.filters
        sort = SortFilter({
            "name": (_("Name"), by_display_name),  # the first entry is the default order
            "newest": (_("Newest first"), (F("opened_on").desc(nulls_last=True), "-id")),
        })

        class Meta:
            model = Space
            fields = ["q", "zone", "sort"]

    class SpaceListView(DirectoryListView):
        filterset_class = SpaceFilter
        queryset = Space.objects.public().select_related("zone")
        template_name = "spaces/space_list.html"

    class SpaceDetailView(DirectoryDetailView):
        queryset = Space.objects.public().select_related("zone")
        template_name = "spaces/space_detail.html"
        context_object_name = "space"

    {# spaces/space_list.html: one <li> per row, each card a cached fragment (core/templatetags/directory.py) #}
    <ul class="card-list">{% cards object_list "spaces/includes/space_card.html" %}</ul>

The query-parameter rules, kept here once (each FilterSet's docstring lists its own parameters):

- The filter form is always bound, so an empty query string takes the same path and order as any other.
- ``q`` is a keyword of at most ``Q_MAX_LENGTH`` characters, passed to the queryset's ``search()``.
- ``sort`` takes only the values its ``SortFilter`` lists; without one the first entry applies. The
  order is applied after every filter.
- A bad value (an unknown zone, a year out of range, a sort not in the list) is shown as a form
  error and the list is empty: it is never silently ignored.
- ``page`` past the end (or not a number) is a 404; pages come from ``FastPaginator``
  (core/pagination.py: a cached count, index-only deep pages).
- Detail pages answer ``/<id-or-slug>/`` (``lookup_for``): all-ASCII digits are an id, else a slug.
- Choices that come from the database (zones, industries…) go through ``database_choices``, cached
  per language under the content version for ``CHOICES_TTL`` seconds.
- Keyword search looks at what the cards show (``Searchable``: ``SEARCH_FIELDS``, ``SEARCH_LABELS``,
  ``SEARCH_RELATED``): ``refresh_search()`` fills ``search_text``/``search_tokens`` and ``search_parts()``
  gives bulk writers the same values.
- The name sort uses ``NAME_EN``/``by_display_name``; a model that offers it declares its index on
  ``NAME_EN`` (see projects.models), which PostgreSQL uses only when the expression matches exactly.

A detail page shows what another app contributes ("related" blocks) through ``add_related``, called
from the app above (portal/related.py, run by portal/apps.py), so a directory never imports its
neighbours or the top app; its template includes each of ``related_blocks``.

Stable API (other branches build on it; extend, do not rename): ``DirectoryQuerySet``,
``Searchable``, ``DirectoryFilterSet`` (``search_help``), ``DirectoryFilterForm``, ``SortFilter``,
``by_display_name``, ``name_sort_key``, ``NAME_EN``, ``database_choices``, ``lookup_for``,
``DirectoryListView``, ``DirectoryDetailView`` (``add_related``), ``Q_MAX_LENGTH``, ``PAGE_SIZE``,
``CHOICES_TTL``; the ``{% cards rows "app/includes/x_card.html" %}`` tag (``{% load directory %}``);
``zones.filters.zone_filter``/``grid_filter`` and ``industries.filters.industry_filter``.
"""

import copy
import datetime
import functools
import re

import django_filters
from django import forms
from django.conf import settings
from django.db import models
from django.db.models import F, Value, signals
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.cache import cached_value, normalise_query, remember_valid_query
from core.pagination import FastPaginator
from core.search import build_search_text, search_queryset, search_tokens

CHOICES_TTL = 60  # seconds: a renamed zone shows at once (content version), a lost bump within a minute
Q_MAX_LENGTH = 200
PAGE_SIZE = 20
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
MAX_PK = 2**62  # larger numbers are not ids (and would overflow the database's bigint)

# The English display name: English when filled in, else Chinese. Models index exactly this expression.
NAME_EN = Coalesce(NullIf("name_en", Value("")), "name")


def name_sort_key():
    """The displayed name in the active language, as the name indexes spell it."""
    if (get_language() or "").startswith("en"):
        return NAME_EN
    return F("name")


def by_display_name(queryset):
    """A–Z by the displayed name, ties by id: served by the `*_pub_name` / `*_pub_name_en` indexes."""
    return queryset.annotate(sort_name=name_sort_key()).order_by("sort_name", "id")


class DirectoryQuerySet(models.QuerySet):
    """The read vocabulary every directory model shares (`is_published`, `zone`, `last_verified_on`, search)."""

    def search(self, text: str):
        """Keyword search over the normalised search text (`SEARCH_FIELDS`), matched literally.

        On PostgreSQL the GIN index on search_tokens narrows the rows first (see core.search).
        """
        return search_queryset(self, text)

    def public(self):
        return self.filter(is_published=True)

    def in_zone(self, zone):
        return self.filter(zone=zone)

    def stale(self, days: int):
        """Not verified within `days` days (or never)."""
        cutoff = datetime.date.today() - datetime.timedelta(days=days)
        return self.filter(models.Q(last_verified_on__isnull=True) | models.Q(last_verified_on__lt=cutoff))


class Searchable:
    """A model whose `q` looks at what its cards show: its own text, its labels and its neighbours' names.

    - ``SEARCH_FIELDS``: text columns, as stored (both languages where the model has both).
    - ``SEARCH_LABELS``: choice columns whose label, in every language of the site, is searched
      (a stage, a kind, a status: "in production" finds what 投产 finds).
    - ``SEARCH_RELATED``: ``{relation: attributes}``, the related rows' attributes to search (a zone's
      or an industry's ``name`` and ``name_en``); a foreign key, a many-to-many field or a reverse
      foreign key (a policy's measures). Signals connected by ``connect_search_signals`` keep the
      stored text current when a many-to-many set or a related child row changes.

    ``refresh_search()`` fills ``search_text``/``search_tokens``; ``search_parts()`` gives bulk writers
    the same values, and ``refresh_search_rows()`` rewrites stored rows (the ``refresh_search``
    command, the search-text migration, bulk writers that add many-to-many rows afterwards).
    """

    SEARCH_FIELDS: tuple[str, ...] = ()
    SEARCH_LABELS: tuple[str, ...] = ()
    SEARCH_RELATED: dict[str, tuple[str, ...]] = {}

    @classmethod
    def search_parts(cls, values, names: dict | None = None) -> list[str]:
        """The searched values of a row given as a model instance or a dict of column values.

        A dict names foreign keys by attname (``zone_id``) and many-to-many fields by a list of ids;
        `names` caches the related rows' values across calls (bulk writers pass one dict for a batch).
        """
        is_dict = isinstance(values, dict)
        get = values.get if is_dict else (lambda name, default=None: getattr(values, name, default))
        parts = [get(field) or "" for field in cls.SEARCH_FIELDS]
        for field in cls.SEARCH_LABELS:
            parts.extend(choice_labels(cls, field, get(field) or ""))
        names = {} if names is None else names
        for relation, attributes in cls.SEARCH_RELATED.items():
            field = cls._meta.get_field(relation)
            if is_dict:
                ids = (get(relation) or []) if field.many_to_many else [get(field.attname)]
                parts.extend(_related_values(field.related_model, [i for i in ids if i is not None], attributes, names))
            elif field.many_to_many or field.one_to_many:
                if values.pk is not None:
                    for row in getattr(values, relation).all():
                        parts.extend(getattr(row, attribute) or "" for attribute in attributes)
            elif getattr(values, field.attname) is not None:
                row = getattr(values, relation)
                parts.extend(getattr(row, attribute) or "" for attribute in attributes)
        return parts

    def refresh_search(self) -> None:
        """Recompute `search_text` and `search_tokens` from the fields (not saved)."""
        self.search_text = build_search_text(*self.search_parts(self))
        self.search_tokens = search_tokens(self.search_text)


@functools.cache
def choice_labels(model, field: str, value: str) -> tuple[str, ...]:
    """The label of `value` of `model.field` in every language of the site (none for an empty value)."""
    if not value:
        return ()
    label = dict(model._meta.get_field(field).flatchoices).get(value)
    if label is None:
        return ()
    labels = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            text = str(label)
        if text not in labels:
            labels.append(text)
    return tuple(labels)


def _related_values(model, ids, attributes, cache: dict) -> list[str]:
    missing = [pk for pk in ids if (model, pk) not in cache]
    if missing:
        for row in model._default_manager.filter(pk__in=missing).values("pk", *attributes):
            cache[(model, row["pk"])] = [row[attribute] or "" for attribute in attributes]
    return [value for pk in ids for value in cache.get((model, pk), [])]


def refresh_search_rows(model, pks=None, *, searchable=None, batch_size: int = 2000) -> int:
    """Recompute and store the search text of `model`'s rows (those of `pks`, or all); returns how many.

    `searchable` is the Searchable class whose ``SEARCH_*`` apply, `model` itself by default; a data
    migration passes its historical model and the live class. Writes only the two search columns
    (no history record, no save signals).
    """
    searchable = searchable or model
    queryset = model._default_manager.order_by("pk")
    if pks is not None:
        queryset = queryset.filter(pk__in=list(pks))
    single = [name for name in searchable.SEARCH_RELATED if searchable._meta.get_field(name).many_to_one]
    multiple = [name for name in searchable.SEARCH_RELATED if name not in single]
    queryset = queryset.select_related(*single).prefetch_related(*multiple)
    count, batch = 0, []
    for row in queryset.iterator(chunk_size=batch_size):
        row.search_text = build_search_text(*searchable.search_parts(row))
        row.search_tokens = search_tokens(row.search_text)
        batch.append(row)
        if len(batch) >= batch_size:
            model._default_manager.bulk_update(batch, ["search_text", "search_tokens"])
            count, batch = count + len(batch), []
    if batch:
        model._default_manager.bulk_update(batch, ["search_text", "search_tokens"])
        count += len(batch)
    return count


def searchable_models():
    from django.apps import apps

    return [model for model in apps.get_models() if issubclass(model, Searchable) and model.SEARCH_FIELDS]


def connect_search_signals() -> None:
    """Keep stored search text current when what it holds beyond the row's own columns changes.

    Every save of a searchable row refreshes it (pre_save); a many-to-many set it searches
    (m2m_changed) and the child rows of a reverse foreign key it searches (post_save, post_delete)
    refresh the parent row. Bulk writes send no signals: they call ``refresh_search_rows``.
    """
    for model in searchable_models():
        signals.pre_save.connect(_refresh_before_save, sender=model, dispatch_uid=f"search-{model._meta.label}")
        for relation in model.SEARCH_RELATED:
            field = model._meta.get_field(relation)
            uid = f"search-{model._meta.label}-{relation}"
            if field.many_to_many:
                signals.m2m_changed.connect(_m2m_changed, sender=getattr(model, relation).through, dispatch_uid=uid)
            elif field.one_to_many:
                # a partial has no other reference: weak=False keeps it connected
                receiver = functools.partial(_child_changed, model, field.field.attname)
                signals.post_save.connect(receiver, sender=field.related_model, dispatch_uid=uid, weak=False)
                signals.post_delete.connect(
                    receiver, sender=field.related_model, dispatch_uid=f"{uid}-delete", weak=False
                )


def _refresh_before_save(sender, instance, raw=False, **kwargs):
    if not raw:
        instance.refresh_search()


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        refresh_search_rows(type(instance), [instance.pk])
    elif pk_set and issubclass(model, Searchable):
        # industry.spaces.add(...): the changed rows are the other side's
        refresh_search_rows(model, pk_set)


def _child_changed(parent_model, attname, sender, instance, raw=False, **kwargs):
    parent_id = getattr(instance, attname, None)
    if raw or parent_id is None:
        return
    refresh_search_rows(parent_model, [parent_id])


def database_choices(name: str, build) -> list[tuple[str, str]]:
    """`build()`'s (value, label) pairs as strings, cached per language under the content version."""

    def compute():
        return [(str(value), str(label)) for value, label in build()]

    return cached_value("choices", (name, get_language() or ""), compute, timeout=CHOICES_TTL)


def lookup_for(key: str) -> dict:
    """`/<id-or-slug>/`: all-ASCII digits are an id, anything else a slug; neither is a 404."""
    if key.isascii() and key.isdigit():
        pk = int(key)
        if not 0 < pk < MAX_PK:
            raise Http404
        return {"pk": pk}
    if not SLUG.fullmatch(key):
        # Not a slug either; also keeps NUL bytes, which PostgreSQL refuses, away from the database.
        raise Http404
    return {"slug": key}


class ShallowCopiedFields(dict):
    """A filter form class's ``base_fields``, copied for each form without a deep copy.

    Django deep-copies every field, its widget and its choices for each form it builds, a fifth of
    an API list's time. A filter form changes nothing of its fields but a widget's attributes (the
    spaces' number inputs), so each field and widget is copied once, with its own ``attrs``, and the
    rest (choices, validators, messages; lazy, so still in the request's language) is shared.
    """

    def __deepcopy__(self, memo):
        fields = {}
        for name, field in self.items():
            copied = copy.copy(field)
            copied.widget = copy.copy(field.widget)
            copied.widget.attrs = dict(field.widget.attrs)
            fields[name] = copied
        return fields


class DirectoryFilterForm(forms.Form):
    """The directories' filter form: labels without a trailing colon (they sit above their fields)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SortFilter(django_filters.ChoiceFilter):
    """`sort`: an allow-list of `{value: (label, ordering)}`, the first entry the default.

    An ordering is a tuple of `order_by()` arguments or a function of the queryset (`by_display_name`).
    The FilterSet applies it after every other filter (DirectoryFilterSet.filter_queryset).
    """

    def __init__(self, sorts: dict, **kwargs):
        self.sorts = sorts
        kwargs.setdefault("label", _("Sort by"))
        choices = [(value, label) for value, (label, _ordering) in sorts.items()]
        super().__init__(choices=choices, empty_label=None, required=False, **kwargs)

    @property
    def default(self) -> str:
        return next(iter(self.sorts))

    def filter(self, queryset, value):
        return queryset  # applied last, in DirectoryFilterSet.filter_queryset()

    def order(self, queryset, value):
        ordering = self.sorts[value or self.default][1]
        return ordering(queryset) if callable(ordering) else queryset.order_by(*ordering)


class DirectoryFilterSet(django_filters.FilterSet):
    """`q` and the sort rules; subclasses declare their filters, a `sort = SortFilter(...)` and Meta."""

    search_help = ""  # the help text under the keyword box: what `search()` looks at

    q = django_filters.CharFilter(label=_("Keyword"), method="search", max_length=Q_MAX_LENGTH)

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter deep-copies every filter per request; a shallow copy each is enough, as
        # filters keep no per-request state but their parent (and the method bound to it).
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, base in self.base_filters.items():
            filter_ = copy.copy(base)
            if base.method is not None:
                filter_.method = base.method  # a FilterMethod bound to this copy, not to the base filter
            filter_.model = queryset.model
            filter_.parent = self
            self.filters[name] = filter_

    @classmethod
    def _form_class(cls):
        """The filter form class, built once per FilterSet class (django-filter builds one per request).

        Its fields come from the class's filters; labels and choices are lazy, so they follow the
        active language and the content when a form is rendered.
        """
        form = cls.__dict__.get("_built_form_class")
        if form is None:
            # Copies: declared filters (q) and their fields are shared by every FilterSet class.
            fields = {name: copy.deepcopy(filter_.field) for name, filter_ in cls.base_filters.items()}
            fields["q"].help_text = cls.search_help
            # Meta.form may add cross-field checks; it must keep the directory form's layout.
            bases = (cls._meta.form,)
            if not issubclass(cls._meta.form, DirectoryFilterForm):
                bases = (DirectoryFilterForm, cls._meta.form)
            form = type(f"{cls.__name__}Form", bases, fields)
            form.base_fields = ShallowCopiedFields(form.base_fields)
            cls._built_form_class = form
        return form

    def get_form_class(self):
        return self._form_class()

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.filters["sort"]
        return sort.order(queryset, self.form.cleaned_data.get("sort"))


class DirectoryListView(FilterView):
    """A filtered, paginated list; the filter form is always bound (see the module docstring)."""

    paginator_class = FastPaginator
    paginate_by = PAGE_SIZE
    downloads = None  # set by add_downloads

    @classmethod
    def add_downloads(cls, build) -> None:
        """Offer `build(filter_form)`'s ``[(label, url), …]`` under the list (includes/downloads.html).

        Called from the app above that serves the downloads (api/apps.py), so a directory never names it.
        """
        cls.downloads = staticmethod(build)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # ?page=last (Django's spelling) answers with a redirect to the last page's number, whose
        # answer the page cache can store and share with the link that names the number.
        page = getattr(response, "context_data", {}).get("page_obj")
        if request.GET.get(self.page_kwarg) == "last" and page is not None:
            query = request.GET.copy()
            if page.number > 1:
                query[self.page_kwarg] = str(page.number)
            else:
                del query[self.page_kwarg]
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}" if query else request.path)
        return response

    def get_paginator(self, queryset, per_page, **kwargs):
        # The count and the page's rows are remembered under the list's validated filter values
        # (core/pagination.py): cheaper than compiling the query's SQL for a key on every request.
        parts = normalise_query(form=self.filterset.form).cleaned
        if parts is not None:
            kwargs["query_key"] = (type(self).__module__, type(self).__qualname__, parts)
        return super().get_paginator(queryset, per_page, **kwargs)

    def get_context_data(self, **kwargs):
        # Tells the page cache which valid filter values and page this is (only then may it be stored).
        context = super().get_context_data(**kwargs)
        page = context["page_obj"].number if context.get("page_obj") else 1
        remember_valid_query(self.request, self.filterset.form, page=page, page_param=self.page_kwarg)
        if self.downloads is not None and self.filterset.form.is_valid():
            context["download_links"] = self.downloads(self.filterset.form)
        return context


class DirectoryDetailView(DetailView):
    """`/<id-or-slug>/` over `queryset`, with the related blocks other apps registered (add_related)."""

    related: dict = {}

    @classmethod
    def add_related(cls, name: str, build, template_name: str) -> None:
        """Show `build(obj)` on this detail page as the context variable `name`, in `template_name`.

        The page's template includes each block in `related_blocks` (in registration order); a block
        whose value is empty is left out. Called from the app above, once (AppConfig.ready).
        """
        cls.related = {**cls.related, name: (build, template_name)}

    def get_object(self, queryset=None):
        lookup = lookup_for(self.kwargs["key"])
        if queryset is not None:
            return get_object_or_404(queryset, **lookup)
        # The row with what it selects and prefetches, remembered per content version (core.cache),
        # like a directory's page rows: a page seen since the last change costs no query for it.
        # A miss (404) is not remembered.
        view = (type(self).__module__, type(self).__qualname__)
        return cached_value(
            "detail-object", (*view, sorted(lookup.items())), lambda: get_object_or_404(self.get_queryset(), **lookup)
        )

    def get_context_data(self, **kwargs):
        blocks = []
        for name, (build, template_name) in self.related.items():
            value = build(self.object)
            kwargs[name] = value
            blocks.append({"name": name, "template_name": template_name, "value": value})
        kwargs.setdefault("related_blocks", blocks)
        return super().get_context_data(**kwargs)

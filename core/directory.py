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
- Keyword search looks at the model's ``SEARCH_FIELDS`` (``Searchable``): ``refresh_search()`` fills
  ``search_text``/``search_tokens`` and ``search_parts()`` gives bulk writers the same values.
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
import re

import django_filters
from django import forms
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
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
    """A model whose `q` looks at `SEARCH_FIELDS`: the one list the service, demo data and test builders use."""

    SEARCH_FIELDS: tuple[str, ...] = ()

    @classmethod
    def search_parts(cls, values) -> list[str]:
        """The searched values of a row given as a model instance or a dict of column values."""
        if isinstance(values, dict):
            return [values[field] for field in cls.SEARCH_FIELDS]
        return [getattr(values, field) for field in cls.SEARCH_FIELDS]

    def refresh_search(self) -> None:
        """Recompute `search_text` and `search_tokens` from the fields (not saved)."""
        self.search_text = build_search_text(*self.search_parts(self))
        self.search_tokens = search_tokens(self.search_text)


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

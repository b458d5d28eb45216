"""/search/?q=: one keyword search across projects, enterprises, spaces, policies and news, grouped by directory.

Each group is that directory's own public list searched with its own ``search()`` (the tokenised
index of core.search over what the cards show, core.directory.Searchable: names, zone, industry,
stage, kind and status labels in both languages; spaces in every public status, each result saying
its status; policies in force or not, their measures' titles included; published news items of every
column, events included, as /news/ lists them), in the list's default order. Both languages: every
directory searches its Chinese and English fields. Above the groups, the industries and chain links
whose name holds the keyword (`chain_matches`), leading to the industry pages.

Query parameters (the page cache keys on exactly these, core.cache.cache_query):

- ``q``: the keyword, at most ``Q_MAX_LENGTH`` characters (core.directory).
- ``type``: one group's key (``projects``, ``enterprises``, ``spaces``, ``policies``, ``news``). Without it the
  page shows every group's first ``SHOWN_PER_GROUP`` rows, its count ("more than ``COUNT_CAP``" past
  it) and a link to its own pages;
  with it, that group alone, ``PAGE_SIZE`` rows a page, with a link to the directory's list with the
  same ``q`` (to narrow it with the list's filters); past ``COUNT_CAP`` matches, the first
  ``COUNT_CAP`` in the list's order, saying so. Another value is a form error and no results,
  as a bad filter value on a directory list (core.directory): never silently ignored.
- ``page``: the group's page. Past the end (or not a number) is a 404, as on the lists; the page
  of all groups is one page, so any ``page`` but 1 there is a 404 too.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.core.paginator import InvalidPage
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_safe

from core.cache import cache_query, cached_value, remember_valid_query
from core.directory import PAGE_SIZE, Q_MAX_LENGTH, DirectoryFilterForm
from core.pagination import FastPaginator
from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise
from industries.models import ChainNode, Industry
from news.filters import NewsFilter
from news.models import NewsItem
from policies.filters import PolicyFilter
from policies.models import Policy
from projects.filters import ProjectFilter
from projects.models import Project
from spaces.filters import SpaceFilter
from spaces.models import Space

SHOWN_PER_GROUP = 5
# The page of all groups counts each group's matches up to this many, and says "more than" past it.
COUNT_CAP = 1000


@dataclass(frozen=True)
class Group:
    """One directory searched: its list's FilterSet applies `q` (and `fixed` values) and its order."""

    key: str
    heading: object
    list_name: str
    filterset_class: type
    queryset: object
    fixed: dict = field(default_factory=dict)  # filter values besides q, also on the link to the list

    def rows(self, q: str):
        return self.filterset_class(data={"q": q, **self.fixed}, queryset=self.queryset.all()).qs

    def list_url(self, q: str) -> str:
        return f"{reverse(self.list_name)}?{urlencode({'q': q, **self.fixed})}"

    def search_url(self, q: str) -> str:
        return f"{reverse('portal:search')}?{urlencode({'q': q, 'type': self.key})}"


GROUPS = [
    Group(
        "projects",
        _("Signed projects"),
        "projects:list",
        ProjectFilter,
        Project.objects.public().select_related("zone", "industry"),
    ),
    Group(
        "enterprises",
        _("Enterprises"),
        "enterprises:list",
        EnterpriseFilter,
        Enterprise.objects.public().select_related("zone", "industry"),
    ),
    # Every public status, not only what is on offer: a space being fitted out is coming, and the card says so.
    Group(
        "spaces",
        _("Space"),
        "spaces:list",
        SpaceFilter,
        Space.objects.public().select_related("zone"),
        {"status": "all"},
    ),
    Group("policies", _("Policies"), "policies:list", PolicyFilter, Policy.objects.public(), {"status": "all"}),
    # Every column, events included: /news/ lists them all; each result links to its own page.
    Group("news", pgettext_lazy("search group", "News"), "news:list", NewsFilter, NewsItem.objects.public()),
]
GROUPS_BY_KEY = {group.key: group for group in GROUPS}


class SearchForm(DirectoryFilterForm):
    q = forms.CharField(label=_("Keyword"), max_length=Q_MAX_LENGTH, required=False)
    type = forms.ChoiceField(
        label=_("Results in"),
        choices=[("", _("All groups")), *[(group.key, group.heading) for group in GROUPS]],
        required=False,
        error_messages={
            "invalid_choice": _(
                "Results cannot be shown in “%(value)s”: the groups are projects, enterprises, spaces, policies "
                "and news."
            )
        },
    )


def group_preview(group: Group, q: str) -> tuple[list, int, bool]:
    """(first rows, count, capped): bounded work whatever the table's size and the word's frequency.

    The ids of at most ``COUNT_CAP + 1`` matches, in no order (on PostgreSQL from the GIN token
    index, core.search), give the count. When that is all of them, the first rows are sorted from
    those ids alone; past the cap the word is common, and the first rows come from walking the
    list's order index, which meets ``SHOWN_PER_GROUP`` matches soon. Remembered per content version
    like a list's count and page (core.cache.cached_value).
    """

    return cached_value("search-group", (group.key, q), lambda: find_preview(group, q))


def find_preview(group: Group, q: str) -> tuple[list, int, bool]:
    """``group_preview`` from the database, not remembered."""
    rows = group.rows(q)
    ids = list(rows.order_by().values_list("pk", flat=True)[: COUNT_CAP + 1])
    if len(ids) > COUNT_CAP:
        return list(rows[:SHOWN_PER_GROUP]), COUNT_CAP, True
    if not ids:
        return [], 0, False
    return list(rows.filter(pk__in=ids)[:SHOWN_PER_GROUP]), len(ids), False


def chain_matches(q: str) -> dict:
    """Industries and chain links whose name (in either language) holds `q`: a short list above the
    groups, leading to the industry pages (/industries/). Two queries, remembered per content version."""

    def build():
        named = Q(name__icontains=q) | Q(name_en__icontains=q)
        return {
            "industries": list(Industry.objects.filter(named).order_by("order", "id")[:SHOWN_PER_GROUP]),
            "links": list(
                ChainNode.objects.filter(named)
                .select_related("industry")
                .order_by("industry__order", "industry_id", "order", "id")[:SHOWN_PER_GROUP]
            ),
        }

    return cached_value("search-chains", (q,), build)


def search_groups(q: str) -> list[dict]:
    groups = []
    for group in GROUPS:
        rows, count, capped = group_preview(group, q)
        groups.append(
            {
                "key": group.key,
                "heading": group.heading,
                "rows": rows,
                "count": count,
                "capped": capped,
                "more_url": group.search_url(q),
            }
        )
    return groups


def search_group_page(group: Group, q: str, number):
    """The group's page `number` (a 404 past the end or when not a number), counted and fetched as a list's;
    like the page of all groups, only the first ``COUNT_CAP`` matches are counted and paged through
    (``page_obj.paginator.capped`` says there are more: the list with the same ``q`` narrows them)."""
    paginator = FastPaginator(group.rows(q), PAGE_SIZE, query_key=("portal.search", group.key, q), count_cap=COUNT_CAP)
    try:
        return paginator.page(number)
    except InvalidPage:
        raise Http404 from None


@cache_query(fields=("q", "type"), page="page")
@require_safe
def search(request):
    form = SearchForm(request.GET)
    valid = form.is_valid()
    q = form.cleaned_data["q"] if valid else ""
    key = form.cleaned_data["type"] if valid else ""
    page_number = request.GET.get("page") or 1
    context = {"form": form, "q": q, "groups": [], "group": None, "page_obj": None}
    if q and key:
        group = GROUPS_BY_KEY[key]
        page = search_group_page(group, q, page_number)
        context.update(group=group, page_obj=page, list_url=group.list_url(q), all_url=f"?{urlencode({'q': q})}")
    else:
        if page_number not in (1, "1"):
            raise Http404  # one page only
        page = None
        if q:
            context["groups"] = search_groups(q)
            context["chains"] = chain_matches(q)
    remember_valid_query(request, form, page=page.number if page else 1)
    return render(request, "portal/search.html", context)

"""/search/?q=: one keyword search across projects, enterprises, spaces and policies, grouped by directory.

Each group is that directory's own public list searched with its own ``search()`` (projects,
enterprises and spaces: the tokenised index of core.search, spaces on offer as /spaces/ lists them;
policies: title, 文号, issuer and summary), the first ``SHOWN_PER_GROUP`` rows in the list's
default order, the total, and a link to the full list with the same ``q``. Both languages: every
directory searches its Chinese and English fields.
"""

from urllib.parse import urlencode

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.cache import cache_query, remember_valid_query
from core.directory import Q_MAX_LENGTH, DirectoryFilterForm
from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise
from policies.filters import PolicyFilter
from policies.models import Policy
from projects.filters import ProjectFilter
from projects.models import Project
from spaces.filters import SpaceFilter
from spaces.models import Space

SHOWN_PER_GROUP = 5


class SearchForm(DirectoryFilterForm):
    q = forms.CharField(label=_("Keyword"), max_length=Q_MAX_LENGTH, required=False)


# (key, heading, list URL name, FilterSet, public queryset): the list's own filter applies `q` and its order.
PROJECTS = Project.objects.public().select_related("zone", "industry")
ENTERPRISES = Enterprise.objects.public().select_related("zone", "industry")
GROUPS = [
    ("projects", _("Signed projects"), "projects:list", ProjectFilter, PROJECTS),
    ("enterprises", _("Enterprises"), "enterprises:list", EnterpriseFilter, ENTERPRISES),
    ("spaces", _("Space on offer"), "spaces:list", SpaceFilter, Space.objects.public().select_related("zone")),
    ("policies", _("Policies"), "policies:list", PolicyFilter, Policy.objects.public()),
]


def search_groups(q: str) -> list[dict]:
    groups = []
    for key, heading, list_name, filterset_class, queryset in GROUPS:
        filterset = filterset_class(
            data={"q": q, "status": "all"} if key == "policies" else {"q": q}, queryset=queryset.all()
        )
        rows = filterset.qs
        groups.append(
            {
                "key": key,
                "heading": heading,
                "rows": list(rows[:SHOWN_PER_GROUP]),
                "count": rows.count(),
                "more_url": f"{reverse(list_name)}?{urlencode(filterset.data)}",
            }
        )
    return groups


@cache_query(fields=("q",))
@require_safe
def search(request):
    form = SearchForm(request.GET)
    remember_valid_query(request, form)
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    groups = search_groups(q) if q else []
    return render(request, "portal/search.html", {"form": form, "q": q, "groups": groups})

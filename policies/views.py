import datetime
import re

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.pagination import FastPaginator
from policies.eligibility import evaluate, grouped
from policies.filters import PolicyFilter
from policies.forms import CheckerForm
from policies.models import Measure, Policy

SLUG = re.compile(r"[-a-zA-Z0-9_]+")
MAX_PK = 2**62


def lookup_for(key: str) -> dict:
    """`/policies/<id-or-slug>/`: all-ASCII digits are an id, anything else a slug."""
    if key.isascii() and key.isdigit():
        pk = int(key)
        if not 0 < pk < MAX_PK:
            raise Http404
        return {"pk": pk}
    if not SLUG.fullmatch(key):
        raise Http404
    return {"slug": key}


class PolicyListView(FilterView):
    paginator_class = FastPaginator
    filterset_class = PolicyFilter
    queryset = Policy.objects.public().prefetch_related("themes")
    paginate_by = 20
    template_name = "policies/policy_list.html"

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET  # always bound: defaults apply the same way with or without a query
        return kwargs


class PolicyDetailView(DetailView):
    template_name = "policies/policy_detail.html"
    context_object_name = "policy"

    def get_object(self, queryset=None):
        queryset = Policy.objects.public().prefetch_related("themes", "industries", "attachments")
        return get_object_or_404(queryset, **lookup_for(self.kwargs["key"]))

    def get_context_data(self, **kwargs):
        measures = list(self.object.measures.prefetch_related("conditions__industries"))
        return super().get_context_data(measures=measures, **kwargs)


@never_cache  # the answer is about one enterprise: no shared cache, no browser cache keeps it
@require_safe
def check(request):
    """The eligibility checker: reads the profile from the query string, evaluates, stores nothing.

    Only SELECTs run here; the template carries no CSRF token and the view touches neither the
    session nor messages, so the answer sets no cookie (tests/policies/test_checker.py).
    """
    form = CheckerForm(request.GET)
    day = datetime.date.today()
    context = {"form": form, "submitted": form.was_submitted}
    measures = (
        Measure.objects.open(day)
        .select_related("policy")
        .prefetch_related("conditions__industries")
        .order_by("-policy__published_on", "policy_id", "order", "id")
    )
    if form.was_submitted:
        results = evaluate(measures, form.profile(), day)
        context["groups"] = grouped(results)
        context["result_count"] = len(results)
    else:
        context["measure_count"] = measures.count()
    return render(request, "policies/policy_check.html", context)

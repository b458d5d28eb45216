import datetime

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.directory import DirectoryDetailView, DirectoryListView
from policies.eligibility import evaluate, grouped
from policies.filters import PolicyFilter
from policies.forms import CheckerForm
from policies.models import Measure, Policy
from policies.structured_data import legislation


class PolicyListView(DirectoryListView):
    filterset_class = PolicyFilter
    queryset = Policy.objects.public().prefetch_related("themes")
    template_name = "policies/policy_list.html"


class PolicyDetailView(DirectoryDetailView):
    queryset = Policy.objects.public().prefetch_related("themes", "industries", "attachments")
    template_name = "policies/policy_detail.html"
    context_object_name = "policy"

    def get_context_data(self, **kwargs):
        measures = list(self.object.measures.prefetch_related("conditions__industries"))
        url = self.request.build_absolute_uri(self.object.get_absolute_url())
        return super().get_context_data(measures=measures, json_ld=legislation(self.object, url), **kwargs)


@never_cache  # the answer is about one enterprise: no shared cache, no browser cache keeps it
@require_safe
def check(request):
    """The eligibility checker: reads the profile from the query string, evaluates, stores nothing.

    Only SELECTs run here; the template carries no CSRF token and the view touches neither the
    session nor messages, so the answer sets no cookie (tests/policies/test_checker.py).
    """
    form = CheckerForm(request.GET)
    day = datetime.date.today()
    context = {"form": form, "submitted": form.was_submitted, "reader_amounts": form.reader_amounts()}
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

import datetime

from django.conf import settings
from django.shortcuts import render
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.cache import cached_value, content_version, read_values, store_values
from core.directory import DirectoryDetailView, DirectoryListView
from core.pagination import row_identity
from core.templatetags.directory import card_key
from policies.eligibility import evaluate, grouped, remember_rule_texts
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
    measures = open_measures(day)
    if form.was_submitted:
        remember_rule_texts(measures, day)
        add_measure_fragments(measures)
        results = evaluate(measures, form.profile(), day)
        context["groups"] = grouped(results)
        context["result_count"] = len(results)
    else:
        context["measure_count"] = len(measures)
    return render(request, "policies/policy_check.html", context)


def open_measures(day: datetime.date) -> list:
    """The measures open on `day`, with their policy and their conditions' industries, remembered per
    content version (core.cache.cached_value): the rules, not anyone's answers."""
    measures = (
        Measure.objects.open(day)
        .select_related("policy")
        .prefetch_related("conditions__industries")
        .order_by("-policy__published_on", "policy_id", "order", "id")
    )
    # Kept in the process too: unpickling them was a tenth of the checker's time. Shared by its requests,
    # which only add their language's texts and fragments to them (remember_rule_texts, add_measure_fragments).
    return cached_value("checker-measures", (day.isoformat(),), lambda: list(measures), in_process=True)


HEAD_TEMPLATE = "policies/includes/check_measure_head.html"
FIGURES_TEMPLATE = "policies/includes/benefit_figures.html"


def add_measure_fragments(measures) -> None:
    """Each measure's heading (title, policy, badges) and benefit figures as HTML on the measure
    (``check_fragments``, by language), remembered like a list's card: they depend on the measure
    and the language, never on the answers."""
    language, version = get_language() or "", content_version()
    if all(language in measure.__dict__.get("check_fragments", ()) for measure in measures):
        return  # measures kept in the process (open_measures) that an earlier request gave them
    keys = [card_key(HEAD_TEMPLATE, row_identity(measure), language, version) for measure in measures]
    found = read_values(keys)
    missing = {}
    for key, measure in zip(keys, measures, strict=True):
        fragments = found.get(key)
        if fragments is None:
            context = {"measure": measure}
            fragments = missing[key] = (
                get_template(HEAD_TEMPLATE).render(context),
                get_template(FIGURES_TEMPLATE).render(context),
            )
        measure.__dict__.setdefault("check_fragments", {})[language] = tuple(mark_safe(html) for html in fragments)  # noqa: S308 - rendered templates
    if missing:
        store_values(missing, settings.PAGE_CACHE_SECONDS)

"""The industry pages, /industries/ (issue 28): each industry's chain with the enterprises, projects,
spaces and policies on it. They compose several directories, so they live in portal.

Every page costs a fixed number of queries whatever the table sizes (tests/portal/test_industry_pages.py).
Whether a link is present comes from portal/chains.py, never from a typed field.
"""

from django.db import models
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from enterprises.models import Enterprise
from industries.models import ChainNode, Industry
from portal.chains import chain_counts, diagram, presence
from portal.related import industry_policies
from portal.structured_data import industry_chain
from portal.views import group_industries
from projects.models import Project
from spaces.models import Space

SHOWN_SPACES = 10


def with_industry_counts(industries):
    """Annotate the published projects and enterprises of each industry, and its targets, in the same query."""

    def count_of(queryset, field):
        rows = queryset.filter(**{field: models.OuterRef("pk")}).order_by().values(field)
        return models.Subquery(rows.annotate(n=models.Count("id")).values("n"), output_field=models.IntegerField())

    return industries.annotate(
        project_count=Coalesce(count_of(Project.objects.public(), "industry"), 0),
        enterprise_count=Coalesce(count_of(Enterprise.objects.public(), "industry"), 0),
        target_count=Coalesce(count_of(ChainNode.objects.filter(is_target=True), "industry"), 0),
    )


@require_safe
def industry_list(request):
    industries = list(with_industry_counts(Industry.objects.order_by("order", "id")))
    return render(request, "industries/industry_list.html", {"industry_groups": group_industries(industries)})


def _by_node(rows) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.chain_node_id, []).append(row)
    return grouped


@require_safe
def industry_detail(request, slug):
    industry = get_object_or_404(Industry, slug=slug)
    nodes = list(industry.chain_nodes.order_by("order", "id"))
    states = presence(nodes, chain_counts([industry.pk]))
    drawing = diagram(nodes, states, ChainNode.Stage.choices)
    enterprises = _by_node(
        Enterprise.objects.public()
        .filter(chain_node__industry=industry)
        .only("slug", "name", "name_en", "english_out_of_date", "is_demo", "chain_node")
        .order_by("is_demo", "name", "id")
    )
    projects = _by_node(
        Project.objects.public()
        .filter(chain_node__industry=industry)
        .only("slug", "name", "name_en", "english_out_of_date", "is_demo", "chain_node", "signed_on")
        .newest_first(real_first=True)
    )
    stages = []
    for column in drawing.columns:
        entries = [
            {
                "node": placed.node,
                "state": placed.state,
                "depth": placed.depth,
                "enterprises": enterprises.get(placed.node.pk, []),
                "projects": projects.get(placed.node.pk, []),
            }
            for placed in column.nodes
        ]
        stages.append({"stage": column.stage, "label": column.label, "entries": entries})
    industry_projects = Project.objects.public().filter(industry=industry)
    context = {
        "industry": industry,
        "nodes": nodes,
        "diagram": drawing,
        "stages": stages,
        "targets": [node for node in nodes if node.is_target],
        "states": states,
        "lead_firms": Enterprise.objects.public()
        .filter(lead_of=industry)
        .only("slug", "name", "name_en", "english_out_of_date", "is_demo")
        .order_by("is_demo", "name", "id"),
        "spaces": Space.objects.public()
        .on_offer()
        .filter(target_industries=industry)
        .select_related("zone")
        .newest_first()[:SHOWN_SPACES],
        "policies": industry_policies(industry, open_to_all=True),
        "project_totals": industry_projects.totals(),
        "enterprise_totals": Enterprise.objects.public().filter(industry=industry).totals(),
        "json_ld": industry_chain(industry, nodes, request.build_absolute_uri(request.path)),
    }
    return render(request, "industries/industry_detail.html", context)


@require_safe
def target_list(request):
    targets = list(
        ChainNode.objects.filter(is_target=True)
        .select_related("industry", "parent")
        .order_by("industry__order", "industry_id", "order", "id")
    )
    industries = []
    for node in targets:
        if not industries or industries[-1]["industry"].pk != node.industry_id:
            industries.append({"industry": node.industry, "targets": []})
        industries[-1]["targets"].append(node)
    return render(request, "industries/target_list.html", {"industries": industries, "target_count": len(targets)})

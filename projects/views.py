import re

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.cache import remember_valid_query
from core.pagination import FastPaginator
from projects.filters import ProjectFilter
from projects.models import Project

SLUG = re.compile(r"[-a-zA-Z0-9_]+")
MAX_PK = 2**62  # larger numbers are not ids (and would overflow the database's bigint)


def lookup_for(key: str) -> dict:
    """`/projects/<id-or-slug>/`: all-ASCII digits are an id, anything else a slug."""
    if key.isascii() and key.isdigit():
        pk = int(key)
        if not 0 < pk < MAX_PK:
            raise Http404
        return {"pk": pk}
    if not SLUG.fullmatch(key):
        # Not a slug either; also keeps NUL bytes, which PostgreSQL refuses, away from the database.
        raise Http404
    return {"slug": key}


class BoundFilterMixin:
    """Always bind the filter form, so an empty query string takes the same path (and order) as any other.

    Tells the page cache which valid filter values and page this is (only then may it be stored).
    """

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"].number if context.get("page_obj") else 1
        remember_valid_query(self.request, self.filterset.form, page=page, page_param=self.page_kwarg)
        return context


class ProjectListView(BoundFilterMixin, FilterView):
    paginator_class = FastPaginator  # cached count, index-only deep pages (core/pagination.py)
    filterset_class = ProjectFilter
    queryset = Project.objects.public().select_related("zone", "industry")
    paginate_by = 20
    template_name = "projects/project_list.html"


class ProjectDetailView(DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_object(self, queryset=None):
        queryset = (
            Project.objects.public()
            .select_related("zone", "industry", "investor_enterprise")
            .prefetch_related("stage_log", "images")
        )
        return get_object_or_404(queryset, **lookup_for(self.kwargs["key"]))

    def get_context_data(self, **kwargs):
        project = self.object
        investor = project.investor_enterprise
        more = (
            Project.objects.public()
            .in_zone(project.zone_id)
            .exclude(pk=project.pk)
            .select_related("zone", "industry")
            .order_by(F("signed_on").desc(nulls_last=True), "-id")[:4]  # as the list: served by an index
        )
        return super().get_context_data(
            stage_log=list(project.stage_log.all()),
            images=list(project.images.all()),
            investor_enterprise=investor if investor and investor.is_published else None,
            more_projects=more,
            **kwargs,
        )

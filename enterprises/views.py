from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView
from django_filters.views import FilterView

from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise, Recognition
from projects.models import Project
from projects.views import BoundFilterMixin, lookup_for


def recognitions_prefetch():
    return Prefetch("recognitions", queryset=Recognition.objects.select_related("kind"))


class EnterpriseListView(BoundFilterMixin, FilterView):
    filterset_class = EnterpriseFilter
    queryset = (
        Enterprise.objects.public().select_related("zone", "industry", "grid").prefetch_related(recognitions_prefetch())
    )
    paginate_by = 20
    template_name = "enterprises/enterprise_list.html"


class EnterpriseDetailView(DetailView):
    template_name = "enterprises/enterprise_detail.html"
    context_object_name = "enterprise"

    def get_object(self, queryset=None):
        queryset = (
            Enterprise.objects.public()
            .select_related("zone", "industry", "grid")
            .prefetch_related(recognitions_prefetch())
        )
        return get_object_or_404(queryset, **lookup_for(self.kwargs["key"]))

    def get_context_data(self, **kwargs):
        projects = (
            Project.objects.public()
            .filter(investor_enterprise=self.object)
            .select_related("zone", "industry")
            .order_by("-signed_on", "-id")[:10]
        )
        return super().get_context_data(projects=projects, **kwargs)

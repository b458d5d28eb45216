from django.db.models import Prefetch

from core.directory import DirectoryDetailView, DirectoryListView
from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise, Recognition
from enterprises.structured_data import organization


def recognitions_prefetch():
    return Prefetch("recognitions", queryset=Recognition.objects.select_related("kind"))


class EnterpriseListView(DirectoryListView):
    filterset_class = EnterpriseFilter
    queryset = (
        Enterprise.objects.public()
        .select_related("zone", "industry", "grid", "chain_node", "lead_of")
        .prefetch_related(recognitions_prefetch())
    )
    template_name = "enterprises/enterprise_list.html"


class EnterpriseDetailView(DirectoryDetailView):
    """The enterprise's page; its projects are a related block registered by portal (portal/apps.py)."""

    queryset = (
        Enterprise.objects.public()
        .select_related("zone", "industry", "grid", "chain_node", "lead_of")
        .prefetch_related(recognitions_prefetch())
    )
    template_name = "enterprises/enterprise_detail.html"
    context_object_name = "enterprise"

    def get_context_data(self, **kwargs):
        url = self.request.build_absolute_uri(self.object.get_absolute_url())
        return super().get_context_data(json_ld=organization(self.object, url), **kwargs)

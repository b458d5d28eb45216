from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from enterprises.models import Enterprise
from projects.models import Project
from zones.models import Zone

SHOWN_PER_ZONE = 10


class ZoneListView(ListView):
    queryset = Zone.objects.ordered().with_public_counts()
    template_name = "zones/zone_list.html"
    context_object_name = "zones"


class ZoneDetailView(DetailView):
    template_name = "zones/zone_detail.html"
    context_object_name = "zone"

    def get_object(self, queryset=None):
        return get_object_or_404(Zone.objects.with_public_counts(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        zone = self.object
        return super().get_context_data(
            zones=Zone.objects.ordered(),
            projects=Project.objects.public()
            .in_zone(zone)
            .select_related("zone", "industry")
            .order_by("-signed_on", "-id")[:SHOWN_PER_ZONE],
            enterprises=Enterprise.objects.public()
            .in_zone(zone)
            .select_related("zone", "industry")
            .order_by("name", "id")[:SHOWN_PER_ZONE],
            platforms=zone.platforms.public().order_by("order", "id"),
            grids=zone.grids.order_by("order", "number"),
            **kwargs,
        )

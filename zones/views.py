from django.views.generic import DetailView, ListView

from zones.models import Zone


class ZoneListView(ListView):
    queryset = Zone.objects.ordered()
    template_name = "zones/zone_list.html"


class ZoneDetailView(DetailView):
    queryset = Zone.objects.all()
    template_name = "zones/zone_detail.html"

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from enterprises.models import Enterprise


class EnterpriseListView(ListView):
    queryset = Enterprise.objects.public().select_related("zone", "industry")
    paginate_by = 20
    template_name = "enterprises/enterprise_list.html"


class EnterpriseDetailView(DetailView):
    template_name = "enterprises/enterprise_detail.html"

    def get_object(self, queryset=None):
        key = self.kwargs["key"]
        lookup = {"pk": int(key)} if key.isdigit() else {"slug": key}
        return get_object_or_404(Enterprise.objects.public().select_related("zone", "industry"), **lookup)

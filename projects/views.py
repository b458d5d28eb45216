from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from projects.models import Project


class ProjectListView(ListView):
    queryset = Project.objects.public().select_related("zone", "industry")
    paginate_by = 20
    template_name = "projects/project_list.html"


class ProjectDetailView(DetailView):
    template_name = "projects/project_detail.html"

    def get_object(self, queryset=None):
        key = self.kwargs["key"]
        lookup = {"pk": int(key)} if key.isdigit() else {"slug": key}
        return get_object_or_404(Project.objects.public().select_related("zone", "industry"), **lookup)

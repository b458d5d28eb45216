from core.cache import cached_value
from core.directory import DirectoryDetailView, DirectoryListView
from projects.filters import ProjectFilter
from projects.models import Project

MORE_IN_ZONE = 4


class ProjectListView(DirectoryListView):
    filterset_class = ProjectFilter
    queryset = Project.objects.public().select_related("zone", "industry")
    template_name = "projects/project_list.html"


class ProjectDetailView(DirectoryDetailView):
    queryset = (
        Project.objects.public()
        .select_related("zone", "industry", "investor_enterprise", "chain_node")
        .prefetch_related("stage_log", "images")
    )
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_context_data(self, **kwargs):
        project = self.object
        investor = project.investor_enterprise
        more = cached_value(
            "more-in-zone",
            (project.pk,),
            lambda: list(
                Project.objects.public()
                .in_zone(project.zone_id)
                .exclude(pk=project.pk)
                .select_related("zone", "industry")
                .newest_first()[:MORE_IN_ZONE]
            ),
        )
        return super().get_context_data(
            stage_log=list(project.stage_log.all()),
            images=list(project.images.all()),
            investor_enterprise=investor if investor and investor.is_published else None,
            more_projects=more,
            **kwargs,
        )

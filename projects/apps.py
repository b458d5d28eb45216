from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Signed projects")

    def ready(self):
        from core.cache import watch
        from projects.models import Project, ProjectImage, ProjectStageLog

        watch(Project, ProjectImage, ProjectStageLog)  # public pages show their rows

import datetime

from django.db import transaction

from projects.models import Project, ProjectStageLog


def _stage_date(project: Project) -> datetime.date:
    """The date a stage was reached, as far as the project's own dates tell."""
    dates = {
        Project.Stage.SIGNED: project.signed_on,
        Project.Stage.CONSTRUCTION: project.started_on,
        Project.Stage.PRODUCTION: project.production_on,
    }
    return dates.get(project.stage) or datetime.date.today()


@transaction.atomic
def project_save(*, project: Project, user=None, previous_stage: str | None = None, note: str = "") -> Project:
    """Validate and save a project; log a stage change (or the first stage of a new project).

    `previous_stage` is the stage before the edit, None for a new project.
    """
    is_new = project.pk is None
    project.full_clean()
    project.refresh_search()
    project.save()
    if is_new or (previous_stage and previous_stage != project.stage):
        ProjectStageLog.objects.create(
            project=project,
            from_stage="" if is_new else previous_stage,
            to_stage=project.stage,
            changed_on=_stage_date(project),
            changed_by=user if user and user.is_authenticated else None,
            note=note,
        )
    return project

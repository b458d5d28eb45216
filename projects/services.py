import datetime

from django.db import transaction

from core.cache import content_changed
from core.directory import bulk_save_with_history
from projects.models import Project, ProjectStageLog


def _stage_date(project: Project) -> datetime.date:
    """The date a stage was reached, as far as the project's own dates tell."""
    dates = {
        Project.Stage.SIGNED: project.signed_on,
        Project.Stage.CONSTRUCTION: project.started_on,
        Project.Stage.PRODUCTION: project.production_on,
    }
    return dates.get(project.stage) or datetime.date.today()


def _prepare(project: Project, *, validate: bool) -> None:
    """What every write of a project does before the row is stored: validate, refresh the search text."""
    if validate:
        project.full_clean()
    project.refresh_search()


def _stage_log(project: Project, *, is_new: bool, previous_stage: str | None, user, note: str):
    """The stage-log row a save calls for (the first stage of a new project, or a change), or None."""
    if not (is_new or (previous_stage and previous_stage != project.stage)):
        return None
    return ProjectStageLog(
        project=project,
        from_stage="" if is_new else previous_stage,
        to_stage=project.stage,
        changed_on=_stage_date(project),
        changed_by=user if user and user.is_authenticated else None,
        note=note,
    )


@transaction.atomic
def project_save(
    *, project: Project, user=None, previous_stage: str | None = None, note: str = "", validate: bool = True
) -> Project:
    """Validate and save a project; log a stage change (or the first stage of a new project).

    `previous_stage` is the stage before the edit, None for a new project.
    """
    is_new = project.pk is None
    _prepare(project, validate=validate)
    project.save()
    log = _stage_log(project, is_new=is_new, previous_stage=previous_stage, user=user, note=note)
    if log is not None:
        log.save()
    return project


@transaction.atomic
def projects_save_many(
    *,
    projects: list[Project],
    previous_stages: dict[str, str] | None = None,
    user=None,
    note: str = "",
    validate: bool = True,
    batch_size: int = 1000,
) -> list[Project]:
    """`project_save` for many projects at once (spreadsheet imports): the same rules, in bulk queries.

    Each project is validated (unless the caller already did, `validate=False`), gets its search
    text, one history record and — when new or its stage changed — its stage-log row, as with
    `project_save`. `previous_stages` maps the code of each existing project to its stage before
    the edit. Bulk writes send no post_save, so the page cache is told here.
    """
    previous_stages = previous_stages or {}
    for project in projects:
        _prepare(project, validate=validate)
    new_ids = bulk_save_with_history(Project, projects, user=user, note=note, batch_size=batch_size)
    logs = [
        _stage_log(
            project,
            is_new=id(project) in new_ids,
            previous_stage=previous_stages.get(project.code),
            user=getattr(project, "_history_user", user),
            note=note,
        )
        for project in projects
    ]
    ProjectStageLog.objects.bulk_create([log for log in logs if log is not None], batch_size=batch_size)
    if projects:
        content_changed()
    return projects

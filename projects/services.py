import datetime

from django.db import transaction

from core.bulk import bulk_save_with_history, insert_objects
from core.cache import content_changed
from projects.models import Project, ProjectStageLog

# The project's own date for each stage: the only source of a stage-log date.
STAGE_DATE_FIELDS = {
    Project.Stage.SIGNED: "signed_on",
    Project.Stage.CONSTRUCTION: "started_on",
    Project.Stage.PRODUCTION: "production_on",
}


def _stage_date(project: Project, stage: str) -> tuple[datetime.date | None, str]:
    """The date `stage` was reached and its precision, as far as the project's own dates tell.

    None when they do not tell: an unknown date is shown as unknown, never as the day it was recorded.
    """
    field = STAGE_DATE_FIELDS[stage]
    return getattr(project, field), getattr(project, f"{field}_precision")


def _stages_reached(project: Project, previous_stage: str | None) -> list[str]:
    """The stages to log: for a new project every stage up to its current one (an imported project in
    production was signed first), for a stage change only the new stage."""
    if previous_stage is not None:
        return [project.stage]
    order = list(STAGE_DATE_FIELDS)
    return order[: order.index(project.stage) + 1]


def _prepare(project: Project, *, validate: bool) -> None:
    """What every write of a project does before the row is stored: validate, refresh the search text."""
    if validate:
        project.full_clean()
    project.refresh_search()


def _stage_logs(project: Project, *, is_new: bool, previous_stage: str | None, user, note: str) -> list:
    """The stage-log rows a save calls for: every stage reached by a new project, or the change."""
    if not (is_new or (previous_stage and previous_stage != project.stage)):
        return []
    logs, from_stage = [], "" if is_new else previous_stage
    for stage in _stages_reached(project, None if is_new else previous_stage):
        changed_on, precision = _stage_date(project, stage)
        logs.append(
            ProjectStageLog(
                project=project,
                from_stage=from_stage,
                to_stage=stage,
                changed_on=changed_on,
                changed_on_precision=precision,
                changed_by=user if user and user.is_authenticated else None,
                note=note,
            )
        )
        from_stage = stage
    return logs


@transaction.atomic
def project_save(
    *, project: Project, user=None, previous_stage: str | None = None, note: str = "", validate: bool = True
) -> Project:
    """Validate and save a project; log a stage change (or every stage a new project has reached).

    `previous_stage` is the stage before the edit, None for a new project.
    """
    is_new = project.pk is None
    _prepare(project, validate=validate)
    project.save()
    for log in _stage_logs(project, is_new=is_new, previous_stage=previous_stage, user=user, note=note):
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
    text, one history record and — when new or its stage changed — its stage-log rows, as with
    `project_save`. `previous_stages` maps the code of each existing project to its stage before
    the edit. Bulk writes send no post_save, so the page cache is told here.
    """
    previous_stages = previous_stages or {}
    for project in projects:
        _prepare(project, validate=validate)
    new_ids = bulk_save_with_history(Project, projects, user=user, note=note, batch_size=batch_size)
    logs = [
        log
        for project in projects
        for log in _stage_logs(
            project,
            is_new=id(project) in new_ids,
            previous_stage=previous_stages.get(project.code),
            user=getattr(project, "_history_user", user),
            note=note,
        )
    ]
    insert_objects(ProjectStageLog, logs, batch_size=batch_size)  # bulk_create (COPY on PostgreSQL)
    if projects:
        content_changed()
    return projects

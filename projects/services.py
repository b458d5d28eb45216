import datetime

from django.db import transaction

from core.search import build_search_text, search_tokens
from projects.models import Project, ProjectStageLog


def project_search_text(project: Project) -> str:
    return build_search_text(
        project.code,
        project.name,
        project.name_en,
        project.investor,
        project.investor_en,
        project.summary,
        project.summary_en,
    )


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


@transaction.atomic
def project_save(*, project: Project, user=None, previous_stage: str | None = None, note: str = "") -> Project:
    """Validate and save a project; log a stage change (or the first stage of a new project).

    `previous_stage` is the stage before the edit, None for a new project.
    """
    is_new = project.pk is None
    project.full_clean()
    project.search_text = project_search_text(project)
    project.search_tokens = search_tokens(project.search_text)
    project.save()
    if is_new or (previous_stage and previous_stage != project.stage):
        from_stage = "" if is_new else previous_stage
        for stage in _stages_reached(project, None if is_new else previous_stage):
            changed_on, precision = _stage_date(project, stage)
            ProjectStageLog.objects.create(
                project=project,
                from_stage=from_stage,
                to_stage=stage,
                changed_on=changed_on,
                changed_on_precision=precision,
                changed_by=user if user and user.is_authenticated else None,
                note=note,
            )
            from_stage = stage
    return project

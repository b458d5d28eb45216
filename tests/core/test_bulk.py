"""The bulk write behind the spreadsheet imports (core.bulk): on PostgreSQL large batches go in through
COPY, elsewhere through bulk_create; either way the rows, their history records and the projects'
stage log are the ones the library's bulk_create and bulk_history_create write, and a write that
fails late leaves nothing behind.

Run on SQLite (the default) and on PostgreSQL (DATABASE_URL=postgres://…): the fast path is taken
only there, and `test_the_copy_path_is_taken_only_on_postgresql` says which one ran.
"""

import datetime

import pytest
from django.db import IntegrityError, connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import bulk
from core.spreadsheets import jobs
from projects import services
from projects.models import Project, ProjectStageLog
from projects.resources import ProjectResource
from projects.services import projects_save_many
from tests.factories import IndustryFactory, ProjectFactory, UserFactory, ZoneFactory

pytestmark = pytest.mark.django_db

ROWS = bulk.COPY_FROM + 10  # enough rows for the COPY path
STAGES = [Project.Stage.SIGNED, Project.Stage.CONSTRUCTION, Project.Stage.PRODUCTION]
NOTE = "Imported from late.xlsx"
# Columns that differ between the two sets by construction (keys) or by the clock.
SKIP = {"id", "code", "slug", "name", "created_at", "updated_at", "search_text", "search_tokens"}
SKIP_HISTORY = SKIP | {"history_id", "history_date"}


def unsaved_projects(prefix: str, zone, industry) -> list[Project]:
    projects = []
    for n in range(ROWS):
        stage = STAGES[n % 3]
        project = ProjectFactory.build(
            code=f"{prefix}-2021-{n:03d}",
            slug=f"{prefix.lower()}-{n}",
            name=f"项目{n}",
            zone=zone,
            industry=industry,
            stage=stage,
            signed_on=datetime.date(2021, 6, 1) + datetime.timedelta(days=n),
            started_on=datetime.date(2022, 1, 1) if stage != Project.Stage.SIGNED else None,
            production_on=datetime.date(2023, 1, 1) if stage == Project.Stage.PRODUCTION else None,
            investment=f"{n}.5",
            summary="多行\n说明\t含制表符 \\ 反斜杠" if n == 1 else "",
        )
        project._change_reason = NOTE
        projects.append(project)
    return projects


def library_write(projects: list[Project], user) -> None:
    """What projects_save_many wrote before COPY: the library's bulk_create and bulk_history_create."""
    for project in projects:
        project.refresh_search()
    Project.objects.bulk_create(projects)
    Project.history.bulk_history_create(projects, default_user=user, default_change_reason=NOTE)
    ProjectStageLog.objects.bulk_create(
        log
        for project in projects
        for log in services._stage_logs(project, is_new=True, previous_stage=None, user=user, note=NOTE)
    )


def stored(projects: list[Project]) -> list[dict]:
    rows = []
    for project in sorted(projects, key=lambda p: p.code[2:]):
        fresh = Project.objects.get(pk=project.pk)
        history = list(Project.history.filter(id=project.pk).values())
        logs = list(
            ProjectStageLog.objects.filter(project=project)
            .order_by("id")
            .values("from_stage", "to_stage", "changed_on", "changed_on_precision", "changed_by", "note")
        )
        rows.append(
            {
                "row": {k: v for k, v in model_to_dict(fresh).items() if k not in SKIP},
                "search_text": fresh.search_text.replace(project.code.lower(), "<code>"),
                "history": [{k: v for k, v in h.items() if k not in SKIP_HISTORY} for h in history],
                "logs": logs,
            }
        )
    return rows


def test_the_bulk_write_stores_what_the_library_stores_rows_history_and_stage_log():
    zone, industry, user = ZoneFactory(), IndustryFactory(), UserFactory()
    ours, theirs = unsaved_projects("QA", zone, industry), unsaved_projects("QB", zone, industry)
    for project in ours:
        project._history_user = user
    projects_save_many(projects=ours, user=user, note=NOTE)
    library_write(theirs, user)

    assert Project.history.count() == 2 * ROWS
    assert ProjectStageLog.objects.count() == 2 * sum(STAGES.index(p.stage) + 1 for p in ours)
    mine, library = stored(ours), stored(theirs)
    assert mine == library
    assert mine[1]["row"]["summary"] == "多行\n说明\t含制表符 \\ 反斜杠"  # COPY's escapes round-trip
    assert all(len(row["history"]) == 1 and row["history"][0]["history_type"] == "+" for row in mine)
    assert all(row["history"][0]["history_user_id"] == user.pk for row in mine)
    assert all(row["history"][0]["history_change_reason"] == NOTE for row in mine)
    # The objects count as saved, with their ids, as after bulk_create.
    assert all(p.pk and not p._state.adding for p in ours)
    assert {p.pk for p in ours} == set(Project.objects.filter(code__startswith="QA-").values_list("pk", flat=True))


def test_an_update_in_bulk_keeps_one_change_record_per_row():
    projects = ProjectFactory.create_batch(3)
    for project in projects:
        project.name += "（改）"
    before = timezone.now()
    bulk.bulk_save_with_history(Project, projects, note=NOTE)
    for project in projects:
        latest = Project.history.filter(id=project.pk).latest("history_date")
        assert latest.history_type == "~" and latest.name.endswith("（改）") and latest.history_date >= before
        assert latest.history_change_reason == NOTE


def test_the_copy_path_is_taken_only_on_postgresql():
    zone, industry = ZoneFactory(), IndustryFactory()
    with CaptureQueriesContext(connection) as queries:
        projects_save_many(projects=unsaved_projects("QC", zone, industry), note=NOTE)
    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT")]
    ids_drawn = [q["sql"] for q in queries if "nextval" in q["sql"]]
    if connection.vendor == "postgresql":
        assert not inserts and len(ids_drawn) == 3  # projects, history, stage log
    else:
        assert inserts and not ids_drawn
    assert Project.objects.count() == ROWS


def test_a_large_import_that_fails_after_the_copy_writes_nothing(monkeypatch, settings):
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)
    zone, industry = ZoneFactory(), IndustryFactory()
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    made = projects_save_many(projects=unsaved_projects("QD", zone, industry))
    written = Project.objects.filter(pk__in=[p.pk for p in made]).order_by("pk")
    content = ProjectResource().export(written).export("csv").encode("utf-8-sig")
    written.delete()
    Project.history.all().delete()
    job = jobs.start_import(
        user=root,
        resource_class=ProjectResource,
        model=Project,
        file_name="late.csv",
        file_format="csv",
        data=content,
        rows=ROWS,
    )
    job.refresh_from_db()
    assert job.status == "checked", (job.error, job.report.get("rows"))
    real = services.insert_objects
    calls = []

    def fail_after_the_stage_log(model, objs, **kwargs):
        result = real(model, objs, **kwargs)
        calls.append((model, len(objs)))
        if model is ProjectStageLog:
            raise IntegrityError("forced failure after the stage log was written")
        return result

    monkeypatch.setattr(services, "insert_objects", fail_after_the_stage_log)
    jobs.confirm_import(job)
    job.refresh_from_db()
    assert calls and calls[-1][0] is ProjectStageLog
    assert job.status == "failed" and "forced failure" in job.error
    assert not Project.objects.filter(code__startswith="QD-").exists()
    assert not Project.history.filter(code__startswith="QD-").exists()
    assert not ProjectStageLog.objects.exists()

    monkeypatch.setattr(services, "insert_objects", real)
    job = jobs.start_import(
        user=root,
        resource_class=ProjectResource,
        model=Project,
        file_name="late.csv",
        file_format="csv",
        data=content,
        rows=ROWS,
    )
    jobs.confirm_import(job)
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert Project.objects.filter(code__startswith="QD-").count() == ROWS
    assert Project.history.filter(code__startswith="QD-", history_type="+").count() == ROWS
    assert ProjectStageLog.objects.filter(project__code__startswith="QD-").count() == sum(
        STAGES.index(STAGES[n % 3]) + 1 for n in range(ROWS)
    )

"""Issue 13: unknown stage dates stay unknown, dates keep their precision, timelines keep notes internal."""

import datetime
import importlib

import pytest
import tablib
from django.apps import apps
from django.utils import timezone
from django.utils.translation import override

from projects.models import Project, ProjectStageLog
from projects.resources import ProjectResource
from projects.services import project_save
from tests.factories import ProjectFactory, UserFactory
from tests.publicsite.builders import make_project

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _new_project(**kwargs):
    source = ProjectFactory()
    return ProjectFactory.build(zone=source.zone, industry=source.industry, **{"last_verified_on": None, **kwargs})


def test_stage_with_unknown_date_is_logged_without_a_date():
    project = project_save(project=_new_project(signed_on=None))
    (entry,) = ProjectStageLog.objects.filter(project=project)
    assert entry.to_stage == "signed"
    assert entry.changed_on is None  # not the day it was recorded


def test_new_project_at_a_later_stage_logs_every_stage_it_reached():
    project = _new_project(
        signed_on=datetime.date(2021, 3, 1), signed_on_precision="month", stage="production", production_on=None
    )
    project_save(project=project, user=UserFactory())
    log = list(
        ProjectStageLog.objects.filter(project=project).values_list(
            "from_stage", "to_stage", "changed_on", "changed_on_precision"
        )
    )
    assert log == [
        ("", "signed", datetime.date(2021, 3, 1), "month"),
        ("signed", "construction", None, "day"),
        ("construction", "production", None, "day"),
    ]


def test_stage_change_without_a_date_is_unknown_not_today():
    project = project_save(project=_new_project(signed_on=datetime.date(2021, 1, 5)))
    project.stage = Project.Stage.PRODUCTION
    project_save(project=project, previous_stage=Project.Stage.SIGNED)
    assert ProjectStageLog.objects.filter(project=project).latest("id").changed_on is None


@pytest.mark.parametrize(("prefix", "unknown"), [("", "日期未公布"), ("/en", "Date not published")])
def test_detail_says_a_stage_date_is_unknown_instead_of_showing_today(client, prefix, unknown):
    project = project_save(project=_new_project(signed_on=None, slug="morgan-stanley-lekun-renhe-park"))
    body = client.get(f"{prefix}/projects/{project.slug}/").content.decode()
    assert TODAY.isoformat() not in body
    assert unknown in body


def test_public_timeline_shows_stage_and_date_but_no_internal_note(client):
    project = make_project(signed_on=datetime.date(2021, 1, 5), slug="noted")
    ProjectStageLog.objects.create(
        project=project, to_stage="signed", changed_on=datetime.date(2021, 1, 5), note="从 import_try2.csv 导入"
    )
    for prefix in ("", "/en"):
        body = client.get(f"{prefix}/projects/noted/").content.decode()
        assert "import_try2.csv" not in body
        assert "2021-01-05" in body


@pytest.mark.parametrize(("prefix", "shown"), [("", "2019年6月"), ("/en", "June 2019")])
def test_month_precise_signing_date_reads_as_the_month_on_detail_and_list(client, prefix, shown):
    project = project_save(
        project=_new_project(signed_on=datetime.date(2019, 6, 17), signed_on_precision="month", slug="m83")
    )
    assert project.signed_on == datetime.date(2019, 6, 1)  # stored as the first day of its month
    for path in (f"{prefix}/projects/m83/", f"{prefix}/projects/"):
        body = client.get(path).content.decode()
        assert "2019-06-01" not in body and "2019-06-17" not in body
        assert f'<time datetime="2019-06">{shown}</time>' in body


def test_year_precise_date_reads_as_the_year(client):
    project_save(project=_new_project(signed_on=datetime.date(2020, 9, 9), signed_on_precision="year", slug="y20"))
    assert '<time datetime="2020">2020年</time>' in client.get("/projects/y20/").content.decode()


def test_export_carries_each_date_precision_under_its_label():
    project = project_save(project=_new_project(signed_on=datetime.date(2021, 6, 1), signed_on_precision="month"))
    dataset = ProjectResource().export(Project.objects.filter(pk=project.pk))
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["签约日期精度"] == "月"
    assert row["开工日期精度"] == "日"
    with override("en"):
        dataset = ProjectResource().export(Project.objects.filter(pk=project.pk))
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["Signing date precision"] == "Month"


def test_import_reads_a_precision_column_by_its_label_and_an_empty_cell_as_a_full_date():
    source = ProjectFactory()
    dataset = tablib.Dataset(
        ["QK-2021-009", "月度项目", "某公司", source.industry.slug, source.zone.slug, "2021-06-15", "月", ""],
        headers=["code", "name", "investor", "industry", "zone", "签约日期", "签约日期精度", "开工日期精度"],
    )
    result = ProjectResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    project = Project.objects.get(code="QK-2021-009")
    assert (project.signed_on, project.signed_on_precision) == (datetime.date(2021, 6, 1), "month")
    assert project.started_on_precision == "day"


def test_seed_keeps_unknown_dates_unknown_and_the_83_mu_agreement_month_precise(client, seeded):
    assert not ProjectStageLog.objects.filter(changed_on=TODAY).exists()
    base = Project.objects.get(slug="hzii-innovation-base-83-mu")
    assert (base.signed_on, base.signed_on_precision) == (datetime.date(2021, 6, 1), "month")
    morgan = client.get("/en/projects/morgan-stanley-lekun-renhe-park/").content.decode()
    assert "Date not published" in morgan and TODAY.isoformat() not in morgan
    assert "June 2021" in client.get("/en/projects/hzii-innovation-base-83-mu/").content.decode()


def test_data_migration_repairs_rows_dated_the_day_they_were_recorded():
    repair = importlib.import_module("projects.migrations.0006_repair_stage_log_dates").repair
    today = timezone.localdate()
    unknown = make_project(code="QK-2022-001", slug="morgan", signed_on=None)
    seeded_83 = make_project(code="QK-2021-001", slug="hzii-innovation-base-83-mu", signed_on=datetime.date(2021, 6, 1))
    dated = make_project(code="QK-2020-001", slug="dated", signed_on=datetime.date(2020, 5, 4), stage="production")
    old_unknown = ProjectStageLog.objects.create(project=unknown, to_stage="signed", changed_on=today)
    old_83 = ProjectStageLog.objects.create(project=seeded_83, to_stage="signed", changed_on=today)
    wrong_day = ProjectStageLog.objects.create(project=dated, to_stage="signed", changed_on=today)
    # A staff member's stage change logged on an earlier day is left as it was.
    kept = ProjectStageLog.objects.create(project=dated, to_stage="production", changed_on=datetime.date(2024, 1, 2))
    repair(apps, None)
    for row in (old_unknown, old_83, wrong_day, kept):
        row.refresh_from_db()
    seeded_83.refresh_from_db()
    assert old_unknown.changed_on is None
    assert (old_83.changed_on, old_83.changed_on_precision) == (datetime.date(2021, 6, 1), "month")
    assert seeded_83.signed_on_precision == "month"
    assert wrong_day.changed_on == datetime.date(2020, 5, 4)
    assert kept.changed_on == datetime.date(2024, 1, 2)

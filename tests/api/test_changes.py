"""The datasets' change log (api/changes.py): rows added, changed and removed per day, counts only."""

import datetime

import pytest

from api.changes import dataset_changes_record, last_changes
from api.datasets import DATASETS
from api.models import DatasetChange, DatasetRowDigest
from projects.models import Project
from tests.factories import ProjectFactory, ZoneFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 5, 4)


def record(day=DAY, *names):
    return dataset_changes_record(datasets=[DATASETS[name] for name in names or ("projects",)], day=day)


def test_the_first_run_is_a_baseline_not_a_day_of_additions():
    ProjectFactory.create_batch(3)
    logged = record()["projects"]
    assert logged.is_baseline and (logged.added, logged.changed, logged.removed, logged.rows) == (0, 0, 0, 3)
    assert DatasetRowDigest.objects.filter(dataset="projects").count() == 3
    assert last_changes() == {}  # a baseline is not a change
    assert record(DAY + datetime.timedelta(days=1))["projects"] is None  # nothing changed since


def test_added_changed_and_removed_rows_are_counted():
    kept, edited, withdrawn = ProjectFactory.create_batch(3)
    record()
    ProjectFactory()  # added
    Project.objects.filter(pk=edited.pk).update(name="改名项目")  # no signal, no history: still seen
    Project.objects.filter(pk=withdrawn.pk).update(is_published=False)  # leaves the public dataset
    next_day = DAY + datetime.timedelta(days=1)
    logged = record(next_day)["projects"]
    assert (logged.day, logged.added, logged.changed, logged.removed, logged.rows) == (next_day, 1, 1, 1, 3)
    assert last_changes() == {"projects": next_day}
    assert DatasetRowDigest.objects.filter(dataset="projects").count() == 3


def test_a_renamed_zone_changes_the_rows_that_show_its_name():
    zone = ZoneFactory(name="北区")
    ProjectFactory.create_batch(2, zone=zone)
    ProjectFactory()
    record()
    zone.name = "北部"
    zone.save()
    assert record(DAY + datetime.timedelta(days=1))["projects"].changed == 2


def test_two_runs_on_one_day_add_up():
    ProjectFactory()
    record()
    ProjectFactory()
    record(DAY + datetime.timedelta(days=1))
    ProjectFactory()
    logged = record(DAY + datetime.timedelta(days=1))["projects"]
    assert (logged.added, logged.rows) == (2, 3)
    assert DatasetChange.objects.filter(dataset="projects", is_baseline=False).count() == 1


def test_every_dataset_is_logged_by_the_scheduled_job(seeded):
    from django_q.models import Schedule

    from api.jobs import record_dataset_changes

    schedule = Schedule.objects.get(func="api.jobs.record_dataset_changes")
    assert schedule.schedule_type == Schedule.DAILY
    record_dataset_changes()
    assert set(DatasetChange.objects.filter(is_baseline=True).values_list("dataset", flat=True)) == set(DATASETS)


def test_the_dataset_page_shows_the_log(client):
    ProjectFactory()
    record(datetime.date.today() - datetime.timedelta(days=2))
    ProjectFactory()
    record(datetime.date.today() - datetime.timedelta(days=1))
    text = client.get("/en/data/projects/").content.decode()
    assert "the change log begins" in text
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    assert f'<time datetime="{yesterday}">' in text and "<td>1</td><td>0</td><td>0</td>" in text

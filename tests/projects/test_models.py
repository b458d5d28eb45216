import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.models import Project, ProjectStageLog
from projects.services import project_save
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_negative_investment_is_refused_by_validation_with_a_message():
    project = ProjectFactory.build(
        investment=Decimal("-1"), zone=ProjectFactory().zone, industry=ProjectFactory().industry
    )
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "investment" in error.value.message_dict


def test_negative_investment_is_refused_by_the_database():
    project = ProjectFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(investment=Decimal("-5"))


def test_production_before_signing_is_refused_by_validation():
    project = ProjectFactory()
    project.production_on = project.signed_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "production_on" in error.value.message_dict


def test_production_before_signing_is_refused_by_the_database():
    project = ProjectFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(production_on=datetime.date(2000, 1, 1))


def test_disclosed_investment_needs_an_amount():
    project = ProjectFactory()
    project.investment = None
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "investment" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(investment=None)


def test_duplicate_code_and_slug_are_refused_with_a_message():
    existing = ProjectFactory()
    duplicate = ProjectFactory.build(
        code=existing.code, slug=existing.slug, zone=existing.zone, industry=existing.industry
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert {"code", "slug"} <= set(error.value.message_dict)


def test_badly_formed_code_is_refused():
    project = ProjectFactory()
    project.code = "2021/1"
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "code" in error.value.message_dict


def test_terminated_project_needs_reason_and_date():
    project = ProjectFactory()
    project.status = Project.Status.TERMINATED
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert {"status_reason", "status_changed_on"} <= set(error.value.message_dict)


def test_undisclosed_project_shows_no_amount():
    project = ProjectFactory(investment=None, investment_disclosed=False)
    assert project.public_investment is None


def test_public_excludes_unpublished_projects():
    shown = ProjectFactory()
    ProjectFactory(is_published=False)
    assert list(Project.objects.public()) == [shown]


def test_project_save_logs_the_first_stage_and_every_change():
    user = UserFactory()
    project = ProjectFactory.build(zone=ProjectFactory().zone, industry=ProjectFactory().industry)
    project_save(project=project, user=user)
    project.stage = Project.Stage.CONSTRUCTION
    project.started_on = datetime.date(2021, 9, 1)
    project_save(project=project, user=user, previous_stage=Project.Stage.SIGNED)
    project_save(project=project, user=user, previous_stage=Project.Stage.CONSTRUCTION)  # no change
    log = list(ProjectStageLog.objects.filter(project=project).values_list("from_stage", "to_stage", "changed_on"))
    assert log == [
        ("", "signed", datetime.date(2021, 6, 1)),
        ("signed", "construction", datetime.date(2021, 9, 1)),
    ]


def test_project_save_refuses_invalid_data_and_saves_nothing():
    zone_source = ProjectFactory()
    project = ProjectFactory.build(investment=Decimal("-3"), zone=zone_source.zone, industry=zone_source.industry)
    with pytest.raises(ValidationError):
        project_save(project=project)
    assert project.pk is None
    assert Project.objects.count() == 1
    assert ProjectStageLog.objects.count() == 0

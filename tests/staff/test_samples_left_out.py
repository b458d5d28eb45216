"""Issue 13, editors: synthetic samples stay out of the freshness lists and the dashboard's counts by default."""

import pytest
from django.urls import reverse

from projects.models import Project
from tests.factories import EnterpriseFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_dashboard_counts_and_due_list_leave_samples_out(superuser_client):
    real = ProjectFactory(last_verified_on=None, stage=Project.Stage.SIGNED)
    for _n in range(5):
        ProjectFactory(last_verified_on=None, is_demo=True, stage=Project.Stage.SIGNED)
    EnterpriseFactory(last_verified_on=None, is_demo=True)
    dashboard = superuser_client.get(reverse("admin:index")).context["dashboard"]
    by_stage = {str(label): count for label, count, _url in dashboard.projects_by_stage}
    assert by_stage[str(Project.Stage.SIGNED.label)] == 1
    assert sum(count for _name, count, _url in dashboard.projects_by_zone) == 1
    assert [count for _label, count, _url in dashboard.stale] == [1, 0]
    due_url = dashboard.stale[0][2]
    assert list(superuser_client.get(due_url).context["cl"].result_list) == [real]


def test_the_due_list_shows_samples_only_when_asked(superuser_client):
    real = ProjectFactory(last_verified_on=None)
    sample = ProjectFactory(last_verified_on=None, is_demo=True)
    url = reverse("admin:projects_project_changelist")
    assert set(superuser_client.get(url, {"verification": "due"}).context["cl"].result_list) == {real}
    asked = superuser_client.get(url, {"verification": "due", "is_demo__exact": "1"})
    assert set(asked.context["cl"].result_list) == {sample}
    # Without a freshness filter the list is the whole table, as before.
    assert set(superuser_client.get(url).context["cl"].result_list) == {real, sample}

"""Staff: the list per event, the export, the actions through the services; who may do what (docs/roles.md)."""

import csv
import io

import pytest
from django.urls import reverse

from registrations.models import Registration
from tests.registrations.conftest import make_event, register
from tests.staff.accounts import create_staff

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/registrations/registration/"


@pytest.fixture
def editor(admin_client, migrated_roles):
    return create_staff(admin_client, "editor", "内容编辑")


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def two_events():
    fair = make_event(capacity=1)
    register(fair, email="a@example.com", name="甲")
    register(fair, email="b@example.com", name="乙")
    other = make_event()
    register(other, email="c@example.com", name="丙")
    return fair, other


def test_the_list_filters_by_event_and_searches(admin_client, two_events):
    fair, _other = two_events
    response = admin_client.get(CHANGELIST, {"event__id__exact": fair.pk})
    assert response.status_code == 200
    assert {r.contact_name for r in response.context["cl"].result_list} == {"甲", "乙"}
    response = admin_client.get(CHANGELIST, {"q": "c@example.com"})
    assert [r.contact_name for r in response.context["cl"].result_list] == ["丙"]
    response = admin_client.get(CHANGELIST, {"status__exact": "waiting"})
    assert [r.contact_name for r in response.context["cl"].result_list] == ["乙"]


def test_the_export_follows_the_list_and_gives_the_waiting_position(client, editor, two_events):
    fair, _other = two_events
    login(client, editor)
    response = client.get(
        reverse("admin:registrations_registration_export", args=["csv"]), {"event__id__exact": fair.pk}
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert header[1:4] == ["活动", "状态", "候补顺位"]
    by_name = {row[4]: row for row in body}
    assert set(by_name) == {"甲", "乙"}
    assert by_name["乙"][3] == "1" and by_name["甲"][3] == ""
    assert by_name["甲"][2] == "已确认" and by_name["乙"][2] == "候补中"
    assert by_name["甲"][1] == fair.title and by_name["甲"][7] == "a@example.com"
    assert client.get(reverse("admin:registrations_registration_export", args=["xlsx"])).status_code == 200


def test_the_cancel_action_moves_the_waiting_list_up(client, editor, two_events):
    fair, _other = two_events
    login(client, editor)
    first = Registration.objects.get(email="a@example.com")
    response = client.post(CHANGELIST, {"action": "cancel", "_selected_action": [first.pk]})
    assert response.status_code == 302
    assert dict(Registration.objects.filter(event=fair).values_list("email", "status")) == {
        "a@example.com": "cancelled",
        "b@example.com": "confirmed",
    }
    log = Registration.objects.get(email="b@example.com").stage_log.last()
    assert (log.from_stage, log.to_stage, log.changed_by) == ("waiting", "confirmed", editor)


def test_an_editor_views_changes_and_exports_but_adds_and_deletes_nothing(client, editor, two_events):
    login(client, editor)
    registration = Registration.objects.first()
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(reverse("admin:registrations_registration_change", args=[registration.pk])).status_code == 200
    assert client.get(reverse("admin:registrations_registration_add")).status_code == 403
    assert client.get(reverse("admin:registrations_registration_delete", args=[registration.pk])).status_code == 403


@pytest.mark.parametrize("role", ["招商专员", "网格服务专员", "钱小二服务台", "审核"])
def test_other_roles_see_no_registrant(client, admin_client, migrated_roles, two_events, role):
    from django.contrib.auth.models import Group

    Group.objects.get_or_create(name=role)
    login(client, create_staff(admin_client, "someone", role))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(reverse("admin:registrations_registration_export", args=["csv"])).status_code == 403

"""Issue 24, item 2: every request has an owner from the moment it is sent — its grid's officers, else the
钱小二 desk — who is mailed; setting or changing the grid afterwards hands it over and mails the new owner;
the thank-you page says who has it and the time that is stored. On the seed's own data (grids without zone)."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from service.models import ServiceMail, ServiceRequest, ServiceStageLog
from service.services import service_request_assign, service_request_route
from staff.roles import GRID_OFFICER, SERVICE_DESK
from tests.service.conftest import VALID_CODE, fresh, make_request, staff_user
from zones.models import ServiceGrid, Zone

pytestmark = pytest.mark.django_db


@pytest.fixture
def deployed(seeded, settings):
    """What `make run` leaves: the seed, and the accounts ensure_admin makes (the desk's with its address)."""
    settings.SERVICE_DESK_EMAIL = "service-desk@example.gov.cn"
    settings.SITE_URL = "https://invest.example.gov.cn"
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def public_request(client, form_data, **changes):
    """A new enterprise's request through the public form, naming a zone."""
    data = fresh(
        form_data,
        enterprise="",
        enterprise_name="北智新材料有限公司",
        credit_code=VALID_CODE,
        **changes,
    )
    response = client.post("/service/request/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def change_url(service_request):
    return reverse("admin:service_servicerequest_change", args=[service_request.pk])


def admin_post(service_request, **changes):
    return {
        "owner": service_request.owner_id or "",
        "grid": service_request.grid_id or "",
        "resolve_due_at_0": timezone.localtime(service_request.resolve_due_at).strftime("%Y-%m-%d"),
        "resolve_due_at_1": timezone.localtime(service_request.resolve_due_at).strftime("%H:%M:%S"),
        "reply": service_request.reply,
        "referred_to": "",
        **{
            f"{prefix}-{key}": value
            for prefix in ("attachments", "notes", "stage_log")
            for key, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()
        },
        **changes,
    }


def test_make_run_creates_a_desk_account_with_an_address_printed_with_the_admins(deployed, settings):
    from django.contrib.auth import get_user_model

    desk = get_user_model().objects.get(username="service-desk")
    assert desk.email == "service-desk@example.gov.cn" and desk.is_staff and desk.is_active
    assert list(desk.groups.values_list("name", flat=True)) == [SERVICE_DESK]
    printed = re.search(r"Service desk .*Username: service-desk\s+Password: (\S+)\s+E-mail: (\S+)", deployed)
    assert printed and printed.group(2) == "service-desk@example.gov.cn"
    assert desk.check_password(printed.group(1))
    assert "Admin account created" in deployed
    again = io.StringIO()
    call_command("ensure_admin", stdout=again)  # a second `make run` keeps both and prints no password
    assert "already exists" in again.getvalue() and printed.group(1) not in again.getvalue()


def test_the_desk_address_defaults_to_the_domain_of_the_sender():
    from kaiqu.settings import DEFAULT_FROM_EMAIL, SERVICE_DESK_EMAIL

    assert SERVICE_DESK_EMAIL.split("@")[1] == DEFAULT_FROM_EMAIL.rsplit("@", 1)[1].strip(" >")


def test_on_the_seed_a_request_naming_beizhi_is_the_desks_it_is_mailed_and_the_page_says_so(
    client, deployed, form_data, django_capture_on_commit_callbacks, run_jobs
):
    beizhi = Zone.objects.get(name="北智")
    assert not ServiceGrid.objects.filter(zone=beizhi).exists()  # the article gives the grids no zone
    with django_capture_on_commit_callbacks(execute=True):
        response = public_request(client, form_data, zone=beizhi.slug)
    run_jobs()
    saved = ServiceRequest.objects.get()
    assert saved.grid is None and saved.queue == ServiceRequest.Queue.DESK

    [notify] = [m for m in mail.outbox if saved.reference in m.subject and m.to != ["li@example.com"]]
    assert notify.to == ["service-desk@example.gov.cn"]
    assert f"https://invest.example.gov.cn/admin/service/servicerequest/{saved.pk}/change/" in notify.body
    assert ServiceMail.objects.get(kind=ServiceMail.Kind.NOTIFY_OFFICERS).status == ServiceMail.Status.SENT
    [ack] = [m for m in mail.outbox if m.to == ["li@example.com"]]
    assert "钱小二服务台将于" in ack.body and "所在网格的专员将于" not in ack.body

    page = client.get(response["Location"]).content.decode()
    due = timezone.localtime(saved.acknowledge_due_at).strftime("%Y-%m-%d %H:%M")
    assert "钱小二服务台" in page and due in page
    assert "所在网格的专员将于" not in page


def test_setting_the_grid_afterwards_in_the_admin_mails_the_grid_officer(
    client, deployed, form_data, django_capture_on_commit_callbacks, run_jobs
):
    grid = ServiceGrid.objects.get(number=1)
    officer = staff_user("grid1", GRID_OFFICER, grids=[grid])
    desk = staff_user("desk-b", SERVICE_DESK)
    with django_capture_on_commit_callbacks(execute=True):
        public_request(client, form_data, zone=Zone.objects.get(name="北智").slug)
    saved = ServiceRequest.objects.get()
    run_jobs()
    mail.outbox.clear()

    client.force_login(desk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(saved), admin_post(saved, grid=grid.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    run_jobs()
    saved.refresh_from_db()
    assert saved.grid == grid and saved.queue == ServiceRequest.Queue.GRID
    [routed] = mail.outbox
    assert routed.to == ["grid1@example.gov.cn"] and saved.reference in routed.subject
    assert f"https://invest.example.gov.cn/admin/service/servicerequest/{saved.pk}/change/" in routed.body
    log = ServiceStageLog.objects.filter(request=saved, changed_by=desk).get()
    assert grid.name in log.reason

    client.force_login(officer)  # the officer now finds it
    assert client.get(change_url(saved)).status_code == 200
    # and the thank-you page, reloaded, says who has it now
    page = client.get(reverse("service:thanks")).content.decode()
    assert grid.name in page and "钱小二服务台" not in page


def test_a_grid_without_an_active_officer_leaves_the_request_with_the_desk(
    deployed, django_capture_on_commit_callbacks, run_jobs
):
    grid = ServiceGrid.objects.get(number=2)
    desk = staff_user("desk-c", SERVICE_DESK)
    service_request = make_request(enterprise_name="北智新材料有限公司")
    assert service_request.queue == ServiceRequest.Queue.DESK
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        service_request_route(service_request=service_request, grid=grid, user=desk)
    run_jobs()
    service_request.refresh_from_db()
    assert service_request.grid == grid and service_request.queue == ServiceRequest.Queue.DESK
    assert mail.outbox == []  # nobody new has it, so nobody is told it is theirs


def test_moving_to_another_grid_mails_its_officers_and_releases_the_former_officer(
    enterprise, grid, grid_officer, other_grid, other_officer, desk, django_capture_on_commit_callbacks, run_jobs
):
    service_request = make_request(enterprise=enterprise)
    assert service_request.queue == ServiceRequest.Queue.GRID
    service_request_assign(service_request=service_request, officer=grid_officer, user=desk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        service_request_route(service_request=service_request, grid=other_grid, user=desk)
    run_jobs()
    service_request.refresh_from_db()
    assert service_request.owner is None
    assert [m.to for m in mail.outbox] == [["grid5@example.gov.cn"]]


def test_putting_an_officer_in_charge_mails_them(
    client, enterprise, grid, grid_officer, desk, django_capture_on_commit_callbacks, run_jobs
):
    service_request = make_request(enterprise=enterprise)
    run_jobs()
    mail.outbox.clear()
    client.force_login(desk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(service_request), admin_post(service_request, owner=grid_officer.pk))
    assert response.status_code == 302
    run_jobs()
    [assigned] = mail.outbox
    assert assigned.to == ["grid3@example.gov.cn"] and service_request.reference in assigned.subject
    assert "http://" in assigned.body or "https://" in assigned.body


def test_an_officer_of_another_grid_cannot_be_put_in_charge(enterprise, other_officer, desk):
    from django.core.exceptions import ValidationError

    service_request = make_request(enterprise=enterprise)
    with pytest.raises(ValidationError):
        service_request_assign(service_request=service_request, officer=other_officer, user=desk)

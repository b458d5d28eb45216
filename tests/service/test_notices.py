"""Issue 13: giving a service request an officer in charge tells them on their dashboard, like an
inquiry's owner; the notice names the request by its reference only and goes once they open it."""

import pytest
from django.urls import reverse

from service.models import ServiceNotice
from service.services import service_request_assign
from staff.roles import GRID_OFFICER
from tests.service.conftest import make_request, staff_user

pytestmark = pytest.mark.django_db


def change_url(request):
    return reverse("admin:service_servicerequest_change", args=[request.pk])


def admin_post(request, **changes):
    return {
        "owner": request.owner_id or "",
        "grid": request.grid_id,
        "resolve_due_at_0": request.resolve_due_at.strftime("%Y-%m-%d"),
        "resolve_due_at_1": "09:00:00",
        "reply": "",
        "referred_to": "",
        **{
            f"{prefix}-{key}": value
            for prefix in ("attachments", "notes", "stage_log")
            for key, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()
        },
        **changes,
    }


def test_the_desk_assigning_a_request_puts_a_notice_on_the_officers_dashboard(client, desk, grid, enterprise):
    colleague = staff_user("grid3b", GRID_OFFICER, grids=[grid])
    colleague.email = ""
    colleague.save()
    request = make_request(enterprise=enterprise, contact_name="赵私密", phone="13700002222")
    client.force_login(desk)
    response = client.post(change_url(request), admin_post(request, owner=colleague.pk))
    assert response.status_code == 302, response.content.decode()[:1000]
    request.refresh_from_db()
    assert request.owner == colleague
    notice = ServiceNotice.objects.get()
    assert (notice.recipient, notice.request, notice.sent_by) == (colleague, request, desk)

    client.force_login(colleague)
    page = client.get(reverse("admin:index"))
    [shown] = page.context["dashboard"].notices
    assert shown["reference"] == request.reference and shown["url"] == change_url(request)
    html = page.content.decode()
    assert "赵私密" not in html and "13700002222" not in html

    assert client.get(change_url(request)).status_code == 200  # opening it reads the notice
    assert client.get(reverse("admin:index")).context["dashboard"].notices == []


def test_saving_without_changing_the_officer_sends_no_new_notice(client, desk, grid_officer, enterprise):
    request = make_request(enterprise=enterprise)
    service_request_assign(service_request=request, officer=grid_officer, user=desk)
    ServiceNotice.objects.update(read_at="2026-01-01T00:00Z")
    client.force_login(desk)
    assert client.post(change_url(request), admin_post(request, reply="在办")).status_code == 302
    assert ServiceNotice.objects.unread().count() == 0


def test_a_notice_about_a_request_the_officer_may_no_longer_see_is_not_shown(
    client, desk, grid_officer, other_grid, enterprise
):
    request = make_request(enterprise=enterprise)
    service_request_assign(service_request=request, officer=grid_officer, user=desk)
    request.grid = other_grid
    request.save()
    client.force_login(grid_officer)
    assert client.get(reverse("admin:index")).context["dashboard"].notices == []


def test_dismissing_a_service_notice(client, desk, grid_officer, enterprise):
    request = make_request(enterprise=enterprise)
    service_request_assign(service_request=request, officer=grid_officer, user=desk)
    notice = ServiceNotice.objects.get()
    client.force_login(grid_officer)
    url = reverse("admin:service_servicerequest_notice_dismiss", args=[notice.pk])
    assert client.post(url).status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_only_grid_officers_and_the_desk_can_be_put_in_charge(
    client, desk, grid_officer, investment_officer, enterprise
):
    """The officer field listed every account (log-in names included); now only who can take a request."""
    from django.core.exceptions import ValidationError

    grid_officer.first_name, grid_officer.last_name = "芳", "王"
    grid_officer.save()
    staff_user("former-grid", GRID_OFFICER).__class__.objects.filter(username="former-grid").update(is_active=False)
    request = make_request(enterprise=enterprise)
    client.force_login(desk)
    form = client.get(change_url(request)).context["adminform"].form
    choices = {str(label) for value, label in form.fields["owner"].choices if value}
    assert choices == {"王芳 (grid3)", "desk"}
    response = client.post(change_url(request), admin_post(request, owner=investment_officer.pk))
    assert response.status_code == 200 and "owner" in response.context["adminform"].form.errors
    request.refresh_from_db()
    assert request.owner is None
    with pytest.raises(ValidationError):
        service_request_assign(service_request=request, officer=investment_officer, user=desk)


def test_a_request_keeps_an_officer_who_has_since_changed_role_until_someone_reassigns_it(
    client, desk, investment_officer, enterprise
):
    request = make_request(enterprise=enterprise)
    type(request).objects.filter(pk=request.pk).update(owner=investment_officer)
    request.refresh_from_db()
    client.force_login(desk)
    response = client.post(change_url(request), admin_post(request, reply="已受理"))
    assert response.status_code == 302, response.content.decode()[:1000]
    request.refresh_from_db()
    assert request.owner == investment_officer and request.reply == "已受理"

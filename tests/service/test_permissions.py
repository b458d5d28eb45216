"""Who sees which requests, by direct URL: grid officers their grid's only, the desk all, investment officers none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from service.models import ServiceAttachment
from tests.service.conftest import make_request

pytestmark = pytest.mark.django_db
LIST = "/admin/service/servicerequest/"


def change_url(request):
    return f"{LIST}{request.pk}/change/"


@pytest.fixture
def mine_and_theirs(enterprise, other_grid):
    from tests.factories import EnterpriseFactory

    mine = make_request(enterprise=enterprise)
    theirs = make_request(enterprise=EnterpriseFactory(grid=other_grid, zone=other_grid.zone))
    return mine, theirs


def test_grid_officer_lists_and_opens_only_their_grids_requests(client, grid_officer, mine_and_theirs):
    mine, theirs = mine_and_theirs
    client.force_login(grid_officer)
    listing = client.get(LIST).content.decode()
    assert mine.reference in listing and theirs.reference not in listing
    assert client.get(change_url(mine)).status_code == 200
    assert client.get(change_url(theirs)).status_code == 403
    assert client.post(change_url(theirs), {"reply": "x"}).status_code == 403


def test_desk_sees_every_grid(client, desk, mine_and_theirs):
    client.force_login(desk)
    for request in mine_and_theirs:
        assert client.get(change_url(request)).status_code == 200


def test_investment_officer_sees_no_requests_unless_given_the_role(client, investment_officer, mine_and_theirs):
    from django.contrib.auth.models import Group

    from staff.roles import SERVICE_DESK

    mine, _theirs = mine_and_theirs
    client.force_login(investment_officer)
    assert client.get(LIST).status_code == 403
    assert client.get(change_url(mine)).status_code == 403
    investment_officer.groups.add(Group.objects.get(name=SERVICE_DESK))
    client.force_login(investment_officer)
    assert client.get(change_url(mine)).status_code == 200


def test_grid_officer_resolves_through_the_admin_with_a_log_row(client, grid_officer, mine_and_theirs):
    mine, _ = mine_and_theirs
    client.force_login(grid_officer)
    response = client.post(
        change_url(mine),
        {
            "owner": grid_officer.pk,
            "grid": mine.grid_id,
            "resolve_due_at_0": mine.resolve_due_at.strftime("%Y-%m-%d"),
            "resolve_due_at_1": "09:00:00",
            "reply": "已解决",
            "referred_to": "",
            "move_to": "resolved",
            "new_note": "现场办结",
            **{
                f"{prefix}-{key}": value
                for prefix in ("attachments", "notes", "stage_log")
                for key, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()
            },
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mine.refresh_from_db()
    assert mine.stage == "resolved" and mine.reply == "已解决"
    assert mine.notes.get().text == "现场办结"


def attachment_for(request):
    return ServiceAttachment.objects.create(
        request=request,
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"),
        original_name="报价.pdf",
        content_type="application/pdf",
        size=15,
    )


def test_attachment_is_served_to_the_grids_officer_only(client, grid_officer, other_officer, mine_and_theirs):
    mine, _ = mine_and_theirs
    attachment = attachment_for(mine)
    url = attachment.get_absolute_url()
    assert url.startswith("/admin/")
    response = client.get(url)  # anonymous: to the log-in page, nothing of the file
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    client.force_login(other_officer)
    assert client.get(url).status_code == 403  # another grid
    client.force_login(grid_officer)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_attachment_has_no_public_url(mine_and_theirs, settings):
    attachment = attachment_for(mine_and_theirs[0])
    with pytest.raises(ValueError):
        _url = attachment.file.url
    assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT))


def test_investment_officer_cannot_download_an_attachment(client, investment_officer, mine_and_theirs):
    attachment = attachment_for(mine_and_theirs[0])
    client.force_login(investment_officer)
    assert client.get(attachment.get_absolute_url()).status_code == 403

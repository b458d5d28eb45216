"""Issue 22, finding 1: a grid officer reached another grid's request through simple_history's pages
(the history list and a past version answered 200 with the contact details; a POST to the past
version moved the request into the officer's grid). Every admin URL of a request now asks the one
object guard (core.admin_guard.ObjectGuardAdmin); tests/staff/test_role_matrix.py checks it for
every model and role, these pin the reported steps."""

import pytest
from django.urls import reverse

from tests.service.test_permissions import attachment_for, mine_and_theirs  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def urls(request):
    record = request.history.order_by("-history_date").first()
    return {
        "history": reverse("admin:service_servicerequest_history", args=[request.pk]),
        "version": reverse("admin:service_servicerequest_simple_history", args=[request.pk, record.history_id]),
    }


def test_another_grids_history_and_past_versions_are_refused(client, grid_officer, mine_and_theirs):  # noqa: F811
    _mine, theirs = mine_and_theirs
    client.force_login(grid_officer)
    for name, url in urls(theirs).items():
        response = client.get(url)
        assert response.status_code == 403, name
        assert theirs.phone.encode() not in response.content


def test_a_post_to_another_grids_past_version_changes_nothing(client, grid_officer, mine_and_theirs):  # noqa: F811
    mine, theirs = mine_and_theirs
    client.force_login(grid_officer)
    before = type(theirs).objects.filter(pk=theirs.pk).values().get()
    notes = theirs.notes.count()
    response = client.post(
        urls(theirs)["version"],
        {"grid": mine.grid_id, "owner": "", "reply": "", "referred_to": "", "new_note": "moved", "_save": "1"},
    )
    assert response.status_code == 403
    assert type(theirs).objects.filter(pk=theirs.pk).values().get() == before
    assert theirs.notes.count() == notes
    assert client.get(attachment_for(theirs).get_absolute_url()).status_code == 403


def test_own_grids_history_opens_but_is_never_reverted(client, grid_officer, mine_and_theirs):  # noqa: F811
    mine, _theirs = mine_and_theirs
    client.force_login(grid_officer)
    for name, url in urls(mine).items():
        assert client.get(url).status_code == 200, name
    # A revert would skip the stage log and the notices: refused even on the officer's own request.
    before = type(mine).objects.filter(pk=mine.pk).values().get()
    assert client.post(urls(mine)["version"], {"grid": mine.grid_id, "_save": "1"}).status_code == 403
    assert type(mine).objects.filter(pk=mine.pk).values().get() == before


def test_a_malformed_id_in_a_history_url_is_not_found(client, grid_officer, mine_and_theirs):  # noqa: F811
    client.force_login(grid_officer)
    for url in (
        "/admin/service/servicerequest/25/change/history/",
        "/admin/service/servicerequest/abc/history/",
        "/admin/service/servicerequest/abc/history/1/",
    ):
        assert client.get(url).status_code == 404, url

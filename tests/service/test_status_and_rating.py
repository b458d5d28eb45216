"""/service/status/: lookup by reference + contact; a rating once, after resolution, with the right contact."""

import pytest

from service.services import service_request_move
from tests.service.conftest import make_request

pytestmark = pytest.mark.django_db
URL = "/service/status/"


@pytest.fixture
def resolved(enterprise, grid_officer):
    request = make_request(enterprise=enterprise)
    request.reply = "已为贵司协调厂房。"
    request.save()
    service_request_move(service_request=request, to_stage="resolved", user=grid_officer)
    return request


def rate(client, request, contact="li@example.com", rating="5", comment="很快", solved="yes"):
    return client.post(
        URL,
        {"reference": request.reference, "contact": contact, "rating": rating, "solved": solved, "comment": comment},
    )


def test_lookup_shows_stage_due_date_and_the_reply(client, resolved):
    response = client.post(URL, {"reference": resolved.reference.lower(), "contact": "139 1234 5678"})
    page = response.content.decode()
    assert response.status_code == 200 and "已为贵司协调厂房。" in page and resolved.get_stage_display() in page


def test_wrong_contact_finds_nothing(client, resolved):
    response = client.post(URL, {"reference": resolved.reference, "contact": "other@example.com"})
    assert "found" not in response.context and response.context["not_found"]
    assert "已为贵司协调厂房" not in response.content.decode()


def test_rating_after_resolution_is_kept_and_confirms(client, resolved):
    assert rate(client, resolved).status_code == 200
    resolved.refresh_from_db()
    assert resolved.rating == 5 and resolved.rating_comment == "很快" and resolved.stage == "confirmed"


def test_a_second_rating_is_refused(client, resolved):
    rate(client, resolved)
    response = rate(client, resolved, rating="1")
    assert response.status_code == 409
    resolved.refresh_from_db()
    assert resolved.rating == 5


def test_a_rating_before_resolution_is_refused(client, enterprise):
    request = make_request(enterprise=enterprise)
    assert rate(client, request).status_code == 409
    request.refresh_from_db()
    assert request.rating is None and request.stage == "submitted"


def test_a_rating_with_a_wrong_contact_is_refused(client, resolved):
    assert rate(client, resolved, contact="13800000000").status_code == 404
    resolved.refresh_from_db()
    assert resolved.rating is None


@pytest.mark.parametrize("rating", ["0", "6", "x"])
def test_a_rating_outside_1_to_5_is_refused(client, resolved, rating):
    assert rate(client, resolved, rating=rating).status_code == 400
    resolved.refresh_from_db()
    assert resolved.rating is None

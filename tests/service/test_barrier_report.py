"""/accessibility/report/: a barrier on the website becomes one service request of its own category, with no
enterprise; bad input is a 400 with messages and saves nothing; the usual anti-spam and limits apply."""

import time

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cases.forms import sign_render_time
from portal.accessibility import RECEIPT
from service.models import ServiceCategory, ServiceRequest
from tests.service.conftest import make_request

pytestmark = pytest.mark.django_db
URL = "/accessibility/report/"


def report(**changes):
    data = {
        "name": "",
        "contact": "wang@example.com",
        "page": "/projects/",
        "description": "筛选按钮用键盘按不动。",
        "consent": "on",
        "website": "",
        "rendered": sign_render_time(time.time() - 60),
    }
    return {**data, **changes}


def test_a_valid_report_is_one_request_of_the_barrier_category_without_an_enterprise(client):
    response = client.post(URL, report())
    assert response.status_code == 302 and response["Location"] == "/accessibility/report/thanks/"
    saved = ServiceRequest.objects.get()
    assert saved.category.slug == ServiceCategory.ACCESSIBILITY and not saved.category.needs_enterprise
    assert saved.enterprise is None and saved.enterprise_name == "" and saved.credit_code == ""
    assert saved.contact_name == "" and saved.email == "wang@example.com" and saved.phone == ""
    assert saved.description == "页面：/projects/\n\n筛选按钮用键盘按不动。"
    assert saved.queue == ServiceRequest.Queue.DESK and saved.grid is None and saved.stage == "submitted"
    thanks = client.get(response["Location"])
    html = thanks.content.decode()
    assert thanks.status_code == 200 and saved.reference in html
    assert saved.acknowledge_due_at.astimezone().strftime("%Y-%m-%d") in html


def test_a_phone_number_is_stored_normalised_and_the_name_when_given(client):
    response = client.post("/en" + URL, report(contact="139 1234 5678", name="Wang Fang", page=""))
    assert response.status_code == 302
    saved = ServiceRequest.objects.get()
    assert saved.phone == "13912345678" and saved.email == "" and saved.contact_name == "Wang Fang"
    assert saved.description == "筛选按钮用键盘按不动。" and saved.language == "en"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contact": ""}, "contact"),
        ({"contact": "12345"}, "contact"),
        ({"contact": "wang@"}, "contact"),
        ({"description": "  "}, "description"),
        ({"consent": ""}, "consent"),
        ({"page": "x" * 501}, "page"),
        ({"description": "x" * 3001}, "description"),
    ],
)
def test_bad_input_is_a_400_with_a_message_and_nothing_saved(client, changes, field):
    response = client.post(URL, report(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "您的报告尚未发送" in response.content.decode()
    assert not ServiceRequest.objects.exists() and mail.outbox == []


def test_english_messages(client):
    response = client.post("/en" + URL, report(contact="12345"))
    assert response.status_code == 400
    assert "Enter an e-mail address, or a phone number" in response.content.decode()


def test_honeypot_looks_like_success_and_saves_nothing(client):
    response = client.post(URL, report(website="http://spam.example"))
    assert response.status_code == 302
    assert not ServiceRequest.objects.exists()
    assert client.get(response["Location"]).status_code == 200  # the made-up reference, as for any bot


def test_the_same_form_sent_twice_makes_one_request(client):
    data = report()
    client.post(URL, data)
    client.post(URL, data)
    assert ServiceRequest.objects.count() == 1


def test_rate_limit_answers_429(client, settings):
    settings.INQUIRY_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(URL, report()).status_code == 302
    assert client.post(URL, report()).status_code == 429
    assert ServiceRequest.objects.count() == 2


def test_thanks_without_a_receipt_goes_back_to_the_form(client):
    assert client.get("/accessibility/report/thanks/")["Location"] == URL
    client.cookies[RECEIPT.cookie] = "forged"
    assert client.get("/accessibility/report/thanks/")["Location"] == URL


def test_the_form_is_prefilled_with_a_local_page_only(client):
    assert 'value="/spaces/"' in client.get(URL, {"page": "/spaces/"}).content.decode()
    form = client.get(URL, {"page": "https://evil.example/"}).context["form"]
    assert form["page"].value() == ""


def test_enterprises_do_not_see_the_barrier_category_and_their_requests_still_need_a_name(client):
    form = client.get("/service/request/").content.decode()
    assert 'value="accessibility"' not in form
    assert "无障碍问题" not in client.get("/service/").content.decode()
    with pytest.raises(ValidationError) as caught:
        make_request(enterprise_name="")
    assert "enterprise_name" in caught.value.message_dict

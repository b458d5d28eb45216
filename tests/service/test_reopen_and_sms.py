"""The enterprise's side after an answer: the status page (what was asked, grid, officer, public history),
the rating in words with "is it solved?" apart ("no" reopens to the owner), and text messages to a
requester who gave only a phone (core.sms, through the outbox)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from core.sms.backends import read_file_messages
from service.models import ServiceCategory, ServiceMail, ServiceRequest
from service.services import (
    OUTBOX,
    service_request_add_note,
    service_request_assign,
    service_request_confirm_requester,
    service_request_move,
    service_request_rate,
)
from staff.models import OfficerProfile
from tests.service.conftest import make_request

pytestmark = pytest.mark.django_db
URL = "/service/status/"


@pytest.fixture
def officer_profile(grid_officer):
    return OfficerProfile.objects.create(
        user=grid_officer,
        name="王专员",
        show_name=True,
        phone="0571-00000000",
        show_phone=True,
        email="private@example.gov.cn",
        show_email=False,  # not published: never on the page
    )


def resolve(service_request, officer):
    service_request_assign(service_request=service_request, officer=officer, user=officer)
    service_request.reply = "已协调供电部门。"
    service_request.save()
    return service_request_move(service_request=service_request, to_stage="resolved", user=officer)


def lookup(client, service_request, contact="li@example.com"):
    return client.post(URL, {"reference": service_request.reference, "contact": contact})


def rate(client, service_request, rating, solved, contact="li@example.com", comment=""):
    data = {"reference": service_request.reference, "contact": contact, "rating": rating, "comment": comment}
    if solved is not None:
        data["solved"] = solved
    return client.post(URL, data)


def test_the_status_page_shows_what_was_asked_grid_officer_and_public_history(
    client, enterprise, grid, grid_officer, officer_profile
):
    space = ServiceCategory.objects.get(slug=ServiceCategory.SPACE)
    service_request = make_request(
        enterprise=enterprise,
        category=space,
        description="新产线需要厂房。",
        need_kind="factory",
        need_min_area_m2=5000,
    )
    service_request_confirm_requester(service_request=service_request, user=grid_officer)
    service_request_add_note(service_request=service_request, author=grid_officer, text="内部备注：企业规模较小")
    service_request_move(service_request=service_request, to_stage="closed", user=grid_officer, reason="内部原因X")
    service_request_move(service_request=service_request, to_stage="in_progress", user=grid_officer)
    resolve(service_request, grid_officer)
    page = lookup(client, service_request).content.decode()
    assert "新产线需要厂房。" in page and space.name in page
    assert "厂房" in page and "5000" in page  # the space needed: kind and area
    assert grid.name in page and "南创" in page
    assert "王专员" in page and "0571-00000000" in page and "private@example.gov.cn" not in page
    history = page[page.index('id="history-heading"') : page.index("</section>", page.index('id="history-heading"'))]
    for word in ["已提交", "已关闭", "办理中", "已办结"]:
        assert word in history
    assert "内部备注" not in page and "内部原因X" not in page
    assert "Requester confirmed" not in page and "核实" not in history and history.count("<li>") == 4


def test_the_rating_is_asked_in_words_and_the_solved_question_apart(client, enterprise, grid_officer):
    service_request = resolve(make_request(enterprise=enterprise), grid_officer)
    response = lookup(client, service_request)
    form = response.context["rating_form"]
    assert [str(label) for _value, label in form.fields["rating"].choices] == [
        "非常满意",
        "满意",
        "一般",
        "不满意",
        "非常不满意",
    ]
    page = response.content.decode()
    assert 'name="solved"' in page and "您的问题解决了吗？" in page
    assert '<label for="id_rating_0">5</label>' not in page


def test_satisfied_but_not_solved_reopens_to_the_owner_not_confirmed(client, enterprise, grid_officer):
    service_request = resolve(make_request(enterprise=enterprise), grid_officer)
    mail.outbox.clear()
    response = rate(client, service_request, rating="4", solved="no", comment="许可证还在等")
    assert response.status_code == 200
    service_request.refresh_from_db()
    assert service_request.stage == "in_progress" and service_request.stage != "confirmed"
    assert service_request.rating == 4 and service_request.solved is False and service_request.resolved_at is None
    assert service_request.rating_comment == "许可证还在等"
    log = service_request.stage_log.last()
    assert (log.from_stage, log.to_stage, log.changed_by) == ("resolved", "in_progress", None)
    page = response.content.decode()
    assert "您的诉求已重新办理" in page and "（重新办理：您反馈问题尚未解决）" in page
    # The owner is told, through the outbox.
    reopened = ServiceMail.objects.get(request=service_request, kind=ServiceMail.Kind.REOPENED)
    OUTBOX.send_pending()
    reopened.refresh_from_db()
    assert reopened.status == "sent"
    [message] = [m for m in mail.outbox if "尚未解决" in m.subject]
    assert message.to == [grid_officer.email] and "尚未解决" in message.subject
    assert "满意" in message.body and f"/admin/service/servicerequest/{service_request.pk}/change/" in message.body


def test_after_reopening_the_next_resolution_is_rated_again_and_confirmed(client, enterprise, grid_officer):
    service_request = resolve(make_request(enterprise=enterprise), grid_officer)
    rate(client, service_request, rating="2", solved="no")
    service_request.refresh_from_db()
    service_request_move(service_request=service_request, to_stage="resolved", user=grid_officer)
    assert rate(client, service_request, rating="5", solved="yes").status_code == 200
    service_request.refresh_from_db()
    assert (service_request.stage, service_request.rating, service_request.solved) == ("confirmed", 5, True)
    assert rate(client, service_request, rating="1", solved="no").status_code == 409


def test_solved_yes_confirms(enterprise, grid_officer):
    service_request = resolve(make_request(enterprise=enterprise), grid_officer)
    service_request_rate(reference=service_request.reference, contact="li@example.com", rating=4, solved=True)
    service_request.refresh_from_db()
    assert service_request.stage == "confirmed" and service_request.rating == 4


def test_a_rating_without_the_solved_answer_is_refused_and_the_request_shown_again(client, enterprise, grid_officer):
    service_request = resolve(make_request(enterprise=enterprise), grid_officer)
    response = rate(client, service_request, rating="4", solved=None)
    assert response.status_code == 400
    page = response.content.decode()
    assert "请告诉我们问题是否已解决。" in page and "已协调供电部门。" in page
    service_request.refresh_from_db()
    assert service_request.stage == "resolved" and service_request.rating is None


def phone_only(enterprise, **data):
    return make_request(enterprise=enterprise, email="", phone="13912345678", **data)


def test_a_phone_only_requester_gets_a_text_message_on_each_change_of_stage(settings, enterprise, grid_officer):
    settings.SITE_URL = ""  # no site address configured: the text carries no link
    service_request = phone_only(enterprise)
    service_request_move(service_request=service_request, to_stage="accepted", user=grid_officer)
    resolve(service_request, grid_officer)
    OUTBOX.send_pending()
    messages = read_file_messages()
    assert [number for number, _text in messages] == ["13912345678", "13912345678"]
    assert messages[1][1] == (
        f"【钱开区】您的诉求{service_request.reference}：已办结。"
        "请在我们网站的“诉求进度”页面查看答复、进行评价，并告诉我们问题是否已解决。"
    )
    assert "已协调供电部门" not in messages[1][1]  # the reply stays on the status page


def test_reopening_texts_a_phone_only_requester(settings, client, enterprise, grid_officer):
    settings.SITE_URL = ""  # no site address configured: the text carries no link
    service_request = resolve(phone_only(enterprise), grid_officer)
    OUTBOX.send_pending()
    rate(client, service_request, rating="4", solved="no", contact="139 1234 5678")
    OUTBOX.send_pending()
    assert read_file_messages()[-1][1] == (
        f"【钱开区】您的诉求{service_request.reference}：办理中。已按您的反馈重新办理，负责专员正在继续处理。"
    )


def test_a_requester_with_an_e_mail_gets_no_text_message(enterprise, grid_officer):
    resolve(make_request(enterprise=enterprise), grid_officer)
    assert not ServiceMail.objects.filter(kind=ServiceMail.Kind.SMS_STAGE).exists()


def test_a_text_message_the_gateway_refuses_is_kept_and_sent_later(settings, enterprise, grid_officer):
    settings.SMS_BACKEND = "core.sms.backends.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL = ""  # not configured yet: refused
    service_request = resolve(phone_only(enterprise), grid_officer)
    OUTBOX.send_pending()
    message = ServiceMail.objects.get(request=service_request, kind=ServiceMail.Kind.SMS_STAGE)
    assert message.status == "failed" and message.attempts == 1 and "SmsError" in message.last_error
    assert message.next_attempt_at > timezone.now()
    settings.SMS_BACKEND = "core.sms.backends.FileBackend"
    ServiceMail.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    assert OUTBOX.send_pending() == (1, 0)
    message.refresh_from_db()
    assert message.status == "sent" and service_request.reference in read_file_messages()[0][1]


def test_a_text_message_to_an_anonymised_request_is_cancelled(enterprise, grid_officer):
    service_request = phone_only(enterprise)
    service_request_move(service_request=service_request, to_stage="closed", user=grid_officer, reason="重复")
    ServiceRequest.objects.filter(pk=service_request.pk).update(phone="")
    OUTBOX.send_pending()
    assert ServiceMail.objects.get(kind=ServiceMail.Kind.SMS_STAGE).status == "cancelled"
    assert read_file_messages() == []


def test_privacy_and_consent_name_the_sms_gateway(client):
    privacy = client.get("/privacy/").content.decode()
    assert "短信网关服务商" in privacy and "手机号码" in privacy
    form = client.get("/service/request/").content.decode()
    assert "短信网关服务商" in form
    assert "短信网关" not in client.get("/inquiry/").content.decode()

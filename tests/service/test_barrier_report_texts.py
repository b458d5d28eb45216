"""Texts around a barrier report that used to speak of an enterprise: the reply field's help in the admin
(who reads the reply, and whether it is mailed), the public status page's headings, and what staff are
told when the person who reported it says it is not solved. Enterprises' requests keep their wording."""

import pytest
from django.core import mail
from django.utils import translation

from service.models import ServiceMail, ServiceRequest
from service.services import OUTBOX, service_request_move, service_request_rate
from tests.service.conftest import make_request
from tests.service.test_barrier_report import submitted_report

pytestmark = pytest.mark.django_db


def reply_help(client, user, saved, prefix) -> str:
    client.force_login(user)
    html = client.get(f"{prefix}/admin/service/servicerequest/{saved.pk}/change/").content.decode()
    start = html.index("<div>", html.index('id="id_reply_helptext"')) + len("<div>")
    return html[start : html.index("</div>", start)]


@pytest.mark.parametrize(
    ("kind", "zh", "en"),
    [
        (
            "report_email",
            "显示在反馈人的诉求进度页上，并在您办结或转办时邮件发送给反馈人：请面向反馈人撰写。",
            "Shown to the person who reported the barrier on the status page, and mailed to them when you resolve "
            "or refer the report: write it for them.",
        ),
        (
            "report_phone",
            "显示在反馈人的诉求进度页上（反馈人凭电话号码查询）；反馈人未留电子邮箱，答复不会通过邮件发送：请面向反馈人撰写。",
            "Shown to the person who reported the barrier on the status page, where they look the report up with "
            "their phone number; they gave no e-mail address, so the reply is not mailed: write it for them.",
        ),
        (
            "enterprise_email",
            "显示在企业的诉求进度页上，并在您办结或转办时邮件发送给企业：请面向企业撰写。",
            "Shown to the enterprise on the status page, and mailed to it when you resolve or refer the request: "
            "write it for them.",
        ),
        (
            "enterprise_phone",
            "显示在企业的诉求进度页上（企业凭电话号码查询）；企业未留电子邮箱，答复不会通过邮件发送：请面向企业撰写。",
            "Shown to the enterprise on the status page, where it looks the request up with its phone number; it "
            "gave no e-mail address, so the reply is not mailed: write it for them.",
        ),
        (
            "no_contact",
            "无人能看到此答复：此诉求既没有电子邮箱也没有电话号码，答复不会邮件发送，也无法在诉求进度页上查询。",
            "No one can read the reply: this request has neither an e-mail address nor a phone number, so it is "
            "not mailed and cannot be looked up on the status page.",
        ),
        ("demo", "示例诉求：答复不会邮件发送给任何人。", "A sample request: the reply is mailed to no one."),
    ],
)
def test_the_reply_fields_help_says_who_reads_the_reply_and_whether_it_is_mailed(client, desk, kind, zh, en):
    if kind.startswith("report"):
        saved = submitted_report(**({"email": "", "phone": "13912345678"} if kind == "report_phone" else {}))
    else:
        saved = make_request(enterprise_name="杭州某某有限公司", is_demo=kind == "demo")
        if kind == "enterprise_phone":
            ServiceRequest.objects.filter(pk=saved.pk).update(email="")
        elif kind == "no_contact":
            ServiceRequest.objects.filter(pk=saved.pk).update(email="", phone="")
    for prefix, expected in (("", zh), ("/en", en)):
        shown = reply_help(client, desk, saved, prefix)
        assert shown == expected


def status_page(client, saved, prefix="", contact="wang@example.com") -> str:
    return client.post(prefix + "/service/status/", {"reference": saved.reference, "contact": contact}).content.decode()


@pytest.mark.parametrize(
    ("prefix", "title", "heading", "asked"),
    [("", "反馈进度", "您的反馈", "您反馈的问题"), ("/en", "Follow your report", "Your report", "What you reported")],
    ids=["zh", "en"],
)
def test_the_status_page_of_a_report_speaks_of_a_report(client, prefix, title, heading, asked):
    html = status_page(client, submitted_report(), prefix)
    assert f"<title>{title} · " in html and f"<h1>{title}</h1>" in html
    assert f'<h2 id="asked-heading">{heading}</h2>' in html and f"<h3>{asked}</h3>" in html
    assert "诉求进度</h1>" not in html and "Follow a service request</h1>" not in html


@pytest.mark.parametrize(
    ("prefix", "title", "heading", "asked"),
    [
        ("", "诉求进度", "您的诉求", "您反映的问题"),
        ("/en", "Follow a service request", "Your request", "What you asked"),
    ],
    ids=["zh", "en"],
)
def test_the_status_page_of_an_enterprises_request_keeps_its_headings(client, prefix, title, heading, asked):
    saved = make_request(enterprise_name="杭州某某有限公司")
    html = status_page(client, saved, prefix, contact="li@example.com")
    assert f"<title>{title} · " in html and f"<h1>{title}</h1>" in html
    assert f'<h2 id="asked-heading">{heading}</h2>' in html and f"<h3>{asked}</h3>" in html


def test_the_status_page_before_a_lookup_keeps_its_heading(client):
    html = client.get("/service/status/").content.decode()
    assert "<h1>诉求进度</h1>" in html


def reopened_report(desk, language="zh-hans"):
    saved = submitted_report()
    saved.reply = "筛选按钮已可用键盘操作。"
    service_request_move(service_request=saved, to_stage="resolved", user=desk)
    OUTBOX.send_pending()  # the mails before the reopening, out of the way
    mail.outbox.clear()
    with translation.override(language):
        return service_request_rate(reference=saved.reference, contact="wang@example.com", rating=2, solved=False)


@pytest.mark.parametrize(
    ("language", "reason", "subject", "opening", "rating"),
    [
        (
            "zh-hans",
            "重新办理：反馈人表示问题尚未解决。",
            "反馈人表示诉求 {ref} 尚未解决",
            "反馈人表示诉求 {ref} 尚未解决，已退回由您继续办理。\n",
            "反馈人对答复的评价：",
        ),
        (
            "en",
            "Reopened: the person who reported it says the problem is not solved.",
            "Service request {ref} is not solved, says the person who reported it",
            "The person who reported it says service request {ref} is not solved. It is back in progress with you.\n",
            "Their rating of the answer: ",
        ),
    ],
)
def test_staff_are_told_that_the_person_who_reported_it_says_it_is_not_solved(
    settings, desk, language, reason, subject, opening, rating
):
    settings.LANGUAGE_CODE = language  # staff mail is written in the site's language
    saved = reopened_report(desk, language)
    assert saved.stage == "in_progress"
    assert saved.stage_log.last().reason == reason
    assert ServiceMail.objects.filter(request=saved, kind=ServiceMail.Kind.REOPENED).exists()
    OUTBOX.send_pending()
    [message] = [m for m in mail.outbox if m.to != ["wang@example.com"]]
    ref = saved.reference
    assert message.subject == subject.format(ref=ref)
    assert message.body.startswith(opening.format(ref=ref) + rating)
    assert "企业" not in message.subject + message.body and "enterprise" not in message.body.lower()


def test_staff_are_still_told_that_the_enterprise_says_its_request_is_not_solved(settings, desk):
    saved = make_request(enterprise_name="杭州某某有限公司")
    saved.reply = "已协调。"
    service_request_move(service_request=saved, to_stage="resolved", user=desk)
    OUTBOX.send_pending()  # the mails before the reopening, out of the way
    mail.outbox.clear()
    saved = service_request_rate(reference=saved.reference, contact="li@example.com", rating=4, solved=False)
    assert saved.stage_log.last().reason == "重新办理：企业反馈问题尚未解决。"
    OUTBOX.send_pending()
    [message] = [m for m in mail.outbox if m.to != ["li@example.com"]]
    assert message.subject == f"企业反馈诉求 {saved.reference} 尚未解决"
    assert message.body.startswith(f"企业反馈诉求 {saved.reference} 尚未解决，已退回由您继续办理。\n企业对答复的评价：")

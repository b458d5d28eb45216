"""/accessibility/report/: a barrier on the website becomes one service request of its own category, with no
enterprise; bad input is a 400 with messages and saves nothing; the usual anti-spam and limits apply. The
acknowledgement and the thanks page say that the 钱小二 desk has it, and name no grid or enterprise; so do the
desk's notice, the status page, the answer mail and the resolve button's help on the admin page."""

import time

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.forms import sign_render_time
from core.sms.backends import read_file_messages
from portal.accessibility import RECEIPT
from service.models import ServiceCategory, ServiceRequest
from service.services import OUTBOX, barrier_report_submit, service_request_move
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


def due(saved) -> str:
    return timezone.localtime(saved.acknowledge_due_at).strftime("%Y-%m-%d %H:%M")


def acknowledgement(to: str):
    [ack] = [m for m in mail.outbox if m.to == [to]]
    return ack


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
def test_the_acknowledgement_of_a_report_says_the_desk_has_it_and_names_no_grid_or_enterprise(
    client, django_capture_on_commit_callbacks, run_jobs, prefix
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(prefix + URL, report())
    run_jobs()
    saved = ServiceRequest.objects.get()
    assert saved.queue == ServiceRequest.Queue.DESK and saved.grid is None  # what the mail may promise
    # The thanks page promises the same, and no more.
    thanks = client.get(response["Location"]).content.decode()
    thanks = thanks[thanks.index("<main") : thanks.index("</main>")]
    assert due(saved) in thanks and "钱小二" in thanks
    assert not any(word in thanks.lower() for word in ("网格", "企业", "grid", "enterprise"))
    ack = acknowledgement("wang@example.com")
    if prefix:
        assert ack.subject == f"Your report of a barrier on our website ({saved.reference})"
        assert ack.body.startswith(
            "Hello,\n\n"
            f"Your report of a barrier on our website has been received under the reference number {saved.reference}.\n"
            f"It is with the 钱小二 service desk, which acknowledges it by {due(saved)} (Beijing time).\n"
        )
        assert "If you did not send this report" in ack.body
        assert "grid" not in ack.body.lower() and "enterprise" not in ack.body.lower()
    else:
        assert ack.subject == f"您反馈的网站无障碍问题（{saved.reference}）"
        assert ack.body.startswith(
            "您好：\n\n"
            f"您反馈的网站无障碍问题已收到，编号为 {saved.reference}。\n"
            f"反馈已交由钱小二服务台，服务台将于 {due(saved)}（北京时间）前确认受理。\n"
        )
        assert "如果您没有提交过此反馈" in ack.body
        assert "网格" not in ack.body and "企业" not in ack.body


def test_the_acknowledgements_of_enterprises_requests_keep_their_wording(
    enterprise, grid_officer, django_capture_on_commit_callbacks, run_jobs
):
    with django_capture_on_commit_callbacks(execute=True):
        to_grid = make_request(enterprise=enterprise, email="grid@example.com")
        to_desk = make_request(enterprise_name="杭州某某有限公司", email="desk@example.com")
    run_jobs()
    assert (to_grid.queue, to_desk.queue) == (ServiceRequest.Queue.GRID, ServiceRequest.Queue.DESK)
    footer = (
        "您可在我们网站的“诉求进度”页面，凭此受理编号和您的电子邮箱查询办理进度。\n\n"
        "如果您没有提交过此诉求，可能是他人填写了您的电子邮箱地址，请忽略本邮件。\n\n"
        "杭州钱江经济开发区\n\n"
    )
    ack = acknowledgement("grid@example.com")
    assert ack.subject == f"您的企业诉求 {to_grid.reference}"
    assert ack.body == (
        f"您好：\n\n您的企业诉求已受理，受理编号为 {to_grid.reference}。\n"
        f"三号网格的专员将于 {due(to_grid)} 前受理。\n" + footer
    )
    ack = acknowledgement("desk@example.com")
    assert ack.subject == f"您的企业诉求 {to_desk.reference}"
    assert ack.body == (
        f"您好：\n\n您的企业诉求已受理，受理编号为 {to_desk.reference}。\n"
        f"钱小二服务台将于 {due(to_desk)} 前受理，并转交您所在网格的专员。\n" + footer
    )


def submitted_report(*, email="wang@example.com", phone="", language="zh-hans") -> ServiceRequest:
    """A report through its write path, as the form on /accessibility/report/ sends it."""
    return barrier_report_submit(
        form_data={
            "name": "",
            "page": "/projects/",
            "description": "筛选按钮用键盘按不动。",
            "contact": {"email": email, "phone": phone},
            "consent": True,
        },
        language=language,
    )


def test_the_desk_is_told_that_a_report_has_no_grid_and_that_it_answers_it(
    desk, django_capture_on_commit_callbacks, run_jobs
):
    with django_capture_on_commit_callbacks(execute=True):
        saved = submitted_report()
    run_jobs()
    [notice] = [m for m in mail.outbox if m.to == [desk.email]]
    assert notice.body.startswith(
        f"新的企业诉求 {saved.reference}（无障碍问题）待您处理。\n"
        "这是通过无障碍页面反馈的网站无障碍问题，不涉及企业，也没有所属网格：由钱小二服务台办理，并在诉求页面填写答复；"
        "办结时，答复会发给反馈人（电子邮件，或只留了电话号码的，发短信告知查看方式）。\n"
    )
    assert "转交" not in notice.body and "设置网格" not in notice.body


def test_the_desks_notice_of_an_enterprises_request_keeps_its_wording(
    desk, django_capture_on_commit_callbacks, run_jobs
):
    with django_capture_on_commit_callbacks(execute=True):
        saved = make_request(enterprise_name="杭州某某有限公司")
    run_jobs()
    [notice] = [m for m in mail.outbox if m.to == [desk.email]]
    assert notice.body.startswith(
        f"新的企业诉求 {saved.reference}（其他）待您处理。\n"
        "尚无网格专员负责：请钱小二服务台将其转交所在网格（在诉求页面设置网格），或直接答复。\n"
    )


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
def test_the_status_page_of_a_report_says_the_desk_handles_it_and_no_grid_is_to_come(client, prefix):
    saved = submitted_report()
    html = client.post(prefix + "/service/status/", {"reference": saved.reference, "contact": "wang@example.com"})
    html = html.content.decode()
    who = html[html.index('id="who-heading"') : html.index('id="history-heading"')]
    if prefix:
        assert "The 钱小二 service desk handles your report." in who and "Handled by" in who
        assert "grid" not in who.lower() and "None yet" not in who
    else:
        assert "由钱小二服务台办理您的反馈。" in who and "办理方" in who
        assert "网格" not in who and "暂无" not in who


def test_the_status_page_of_an_enterprises_request_without_a_grid_keeps_its_wording(client):
    saved = make_request(enterprise_name="杭州某某有限公司")
    html = client.post("/service/status/", {"reference": saved.reference, "contact": "li@example.com"})
    assert "<dt>服务网格</dt><dd>暂无：由钱小二服务台办理您的诉求。</dd>" in html.content.decode()


def answer(saved, desk, capture, run_jobs, *, to_stage="resolved", **changes):
    mail.outbox.clear()
    saved.reply = "筛选按钮已可用键盘操作。"
    with capture(execute=True):
        service_request_move(service_request=saved, to_stage=to_stage, user=desk, **changes)
    run_jobs()
    return [m for m in mail.outbox if m.to == ["wang@example.com"]]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_resolving_a_report_mails_its_reply_to_the_reporter_in_words_of_its_own(
    desk, django_capture_on_commit_callbacks, run_jobs, language
):
    with django_capture_on_commit_callbacks(execute=True):
        saved = submitted_report(language=language)
    run_jobs()
    [answered] = answer(saved, desk, django_capture_on_commit_callbacks, run_jobs)
    ref = saved.reference
    if language == "en":
        assert answered.subject == f"An answer to your report of a barrier on our website ({ref})"
        assert answered.body == (
            f"Hello,\n\nYour report of a barrier on our website ({ref}) has been answered: Resolved.\n\n"
            "筛选按钮已可用键盘操作。\n\n"
            "Please rate the answer on our website under “Follow a service request”.\n\n"
            "Hangzhou Qianjiang Economic Development Zone\n\n"
        )
        assert "enterprise" not in answered.body.lower() and "grid" not in answered.body.lower()
    else:
        assert answered.subject == f"您反馈的网站无障碍问题（{ref}）已有答复"
        assert answered.body == (
            f"您好：\n\n您反馈的网站无障碍问题（{ref}）已有答复：已办结。\n\n"
            "筛选按钮已可用键盘操作。\n\n"
            "请在我们网站的“诉求进度”页面对答复进行评价。\n\n"
            "杭州钱江经济开发区\n\n"
        )
        assert "企业" not in answered.subject + answered.body and "网格" not in answered.body


def test_a_referred_report_is_mailed_its_reply_and_not_asked_for_a_rating_it_cannot_give(
    desk, django_capture_on_commit_callbacks, run_jobs
):
    saved = submitted_report()
    [answered] = answer(
        saved, desk, django_capture_on_commit_callbacks, run_jobs, to_stage="referred", referred_to="区数据局"
    )
    assert answered.body.startswith(
        f"您好：\n\n您反馈的网站无障碍问题（{saved.reference}）已有答复：已转办其他部门。\n"
    )
    assert "筛选按钮已可用键盘操作。" in answered.body and "评价" not in answered.body


def test_resolving_a_phone_only_report_texts_where_to_read_the_reply(settings, desk):
    settings.SITE_URL = ""  # no site address configured: the text carries no link
    saved = submitted_report(email="", phone="13912345678")
    saved.reply = "筛选按钮已可用键盘操作。"
    service_request_move(service_request=saved, to_stage="resolved", user=desk)
    OUTBOX.send_pending()
    assert read_file_messages() == [
        (
            "13912345678",
            f"【钱开区】您的诉求{saved.reference}：已办结。"
            "请在我们网站的“诉求进度”页面查看答复、进行评价，并告诉我们问题是否已解决。",
        )
    ]
    assert [m for m in mail.outbox if "wang" in m.to[0]] == []


def test_the_answer_mail_of_an_enterprises_request_keeps_its_wording(
    enterprise, grid_officer, django_capture_on_commit_callbacks, run_jobs
):
    saved = make_request(enterprise=enterprise, email="wang@example.com")
    [answered] = answer(saved, grid_officer, django_capture_on_commit_callbacks, run_jobs)
    assert answered.subject == f"您的企业诉求 {saved.reference} 已有答复"
    assert answered.body == (
        f"您好：\n\n您的企业诉求 {saved.reference} 已有答复：已办结。\n\n筛选按钮已可用键盘操作。\n\n"
        "请在我们网站的“诉求进度”页面对答复进行评价。\n\n杭州钱江经济开发区\n\n"
    )


def test_a_referred_enterprise_request_is_not_asked_for_a_rating_it_cannot_give(
    enterprise, grid_officer, django_capture_on_commit_callbacks, run_jobs
):
    saved = make_request(enterprise=enterprise, email="wang@example.com")
    [answered] = answer(
        saved,
        grid_officer,
        django_capture_on_commit_callbacks,
        run_jobs,
        to_stage="referred",
        referred_to="区市场监管局",
    )
    assert answered.body == (
        f"您好：\n\n您的企业诉求 {saved.reference} 已有答复：已转办其他部门。\n\n筛选按钮已可用键盘操作。\n\n"
        "杭州钱江经济开发区\n\n"
    )


def test_a_report_cannot_be_resolved_without_a_reply_for_the_reporter(desk):
    saved = submitted_report()
    with pytest.raises(ValidationError) as caught:
        service_request_move(service_request=saved, to_stage="resolved", user=desk)
    assert caught.value.message_dict["reply"] == ["无障碍问题反馈须填写给反馈人的答复后才能办结。"]
    saved.refresh_from_db()
    assert saved.stage == "submitted"


def test_an_enterprises_request_may_still_be_resolved_without_a_reply(desk):
    saved = make_request(enterprise_name="杭州某某有限公司")
    service_request_move(service_request=saved, to_stage="resolved", user=desk)
    assert ServiceRequest.objects.get(pk=saved.pk).stage == "resolved"


@pytest.mark.parametrize(
    ("contact", "zh", "en"),
    [
        (
            {"email": "wang@example.com"},
            "反馈人将收到包含上方答复的邮件，并被邀请对答复进行评价。",
            "The person who reported the barrier is mailed the reply above and asked to rate the answer.",
        ),
        (
            {"email": "", "phone": "13912345678"},
            "反馈人将收到短信，请其在网站“诉求进度”页面查看上方答复、进行评价，并说明问题是否已解决。",
            "The person who reported the barrier gets a text message asking them to read the reply above under "
            "“Follow a service request” on the website, rate it and say whether the problem is solved.",
        ),
    ],
    ids=["email", "phone"],
)
def test_the_resolve_button_says_what_the_reporter_receives(client, desk, contact, zh, en):
    saved = submitted_report(**contact)
    client.force_login(desk)
    for prefix, help_text in (("", zh), ("/en", en)):
        html = client.get(f"{prefix}/admin/service/servicerequest/{saved.pk}/change/").content.decode()
        button = html[html.index('name="_quick" value="resolve"') :]
        assert button[button.index('<span class="help">') :].startswith(f'<span class="help">{help_text}</span>')

"""The public form: a valid POST is saved and redirects; bad input re-renders with messages and saves nothing."""

import time
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.core import mail
from django.urls import reverse

from cases.forms import sign_render_time
from inquiries.forms import MESSAGE_MAX_LENGTH
from inquiries.models import Inquiry, OutboxMail
from inquiries.views import THANKS_COOKIE
from tests.factories import EnterpriseFactory, ProjectFactory
from tests.inquiries.conftest import fresh

pytestmark = pytest.mark.django_db

FORM_URL = "/inquiry/"


def post(client, data, url=FORM_URL, **extra):
    return client.post(url, data, **extra)


def test_form_page_renders_in_both_languages(client):
    zh = client.get(FORM_URL)
    en = client.get("/en/inquiry/")
    assert zh.status_code == en.status_code == 200
    assert "投资咨询" in zh.content.decode()
    assert "Investment inquiry" in en.content.decode()
    assert 'href="/privacy/"' in zh.content.decode()
    assert 'href="/en/privacy/"' in en.content.decode()
    assert 'name="website"' in zh.content.decode()


def test_valid_submission_is_saved_redirects_and_shows_the_reference(
    client, form_data, zone, industry, django_capture_on_commit_callbacks, run_jobs
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, form_data)
    assert response.status_code == 302
    assert response["Location"] == reverse("inquiries:thanks")
    inquiry = Inquiry.objects.get()
    assert inquiry.reference not in response["Location"]
    assert inquiry.reference.startswith("QK20") and inquiry.reference.endswith("-00001")
    assert inquiry.contact_name == "王小明"
    assert inquiry.phone == "13812345678"
    assert inquiry.zone == zone and inquiry.industry == industry
    assert str(inquiry.investment_amount) == "2.50"
    assert inquiry.stage == Inquiry.Stage.NEW
    assert inquiry.language == "zh-hans"
    assert inquiry.stage_log.get().to_stage == "new"
    # Officers and investor are mailed by the worker, never in the request.
    assert sorted(OutboxMail.objects.values_list("kind", "status")) == [("ack", "pending"), ("notify", "pending")]
    assert mail.outbox == []
    run_jobs()
    assert sorted(OutboxMail.objects.values_list("kind", "status")) == [("ack", "sent"), ("notify", "sent")]
    assert len(mail.outbox) == 2
    ack = next(m for m in mail.outbox if m.to == ["wang@example.com"])
    assert inquiry.reference in ack.subject and inquiry.reference in ack.body
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    page = thanks.content.decode()
    assert inquiry.reference in page
    assert "1 个工作日" in page or "1个工作日" in page


def test_english_submission_is_acknowledged_in_english(client, form_data, django_capture_on_commit_callbacks, run_jobs):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, form_data, url="/en/inquiry/")
    run_jobs()
    assert response["Location"] == "/en/inquiry/thanks/"
    inquiry = Inquiry.objects.get()
    assert inquiry.language == "en"
    ack = next(m for m in mail.outbox if m.to == ["wang@example.com"])
    assert ack.subject == f"Your investment inquiry {inquiry.reference}"
    page = client.get("/en/inquiry/thanks/").content.decode()
    assert "What happens next" in page and inquiry.reference in page


def test_the_same_form_sent_twice_makes_one_inquiry_and_shows_its_reference(
    client, form_data, django_capture_on_commit_callbacks, run_jobs
):
    with django_capture_on_commit_callbacks(execute=True):
        first = post(client, form_data)
        reference = Inquiry.objects.get().reference
        client.cookies.clear()
        second = post(client, form_data)  # a double click
    run_jobs()
    assert first.status_code == second.status_code == 302
    assert Inquiry.objects.count() == 1
    assert len(mail.outbox) == 2
    assert reference in client.get("/inquiry/thanks/").content.decode()
    # A newly rendered form with the same answers is a new inquiry.
    post(client, fresh(form_data))
    assert Inquiry.objects.count() == 2


def test_a_failed_save_does_not_block_sending_the_form_again(client, form_data, monkeypatch):
    import inquiries.views

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(inquiries.views, "inquiry_submit", broken)
    client.raise_request_exception = False
    assert post(client, form_data).status_code == 500
    monkeypatch.undo()
    assert post(client, form_data).status_code == 302
    assert Inquiry.objects.count() == 1


def test_thanks_page_without_cookie_goes_back_to_the_form(client):
    response = client.get("/inquiry/thanks/")
    assert response.status_code == 302 and response["Location"] == "/inquiry/"
    client.cookies[THANKS_COOKIE] = "forged:value"
    assert client.get("/inquiry/thanks/").status_code == 302


def test_phone_only_and_email_only_are_both_accepted(client, form_data):
    post(client, fresh(form_data, email=""))
    post(client, fresh(form_data, phone="", email="b@example.com"))
    assert Inquiry.objects.count() == 2
    assert not OutboxMail.objects.filter(kind="ack", inquiry__email="").exists()


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("13812345678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("+49 30 1234567", "+49301234567"),
        ("0044 20 7946 0958", "+442079460958"),
        ("+1 (415) 555-0100", "+14155550100"),
    ],
)
def test_phone_numbers_are_normalised(client, form_data, phone, stored):
    post(client, {**form_data, "phone": phone})
    assert Inquiry.objects.get().phone == stored


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"contact_name": ""}, "contact_name", "这个字段是必填项。"),
        ({"company": "   "}, "company", "这个字段是必填项。"),
        ({"email": "", "phone": ""}, "email", "请填写电子邮箱或电话"),
        ({"email": "not-an-email"}, "email", "有效的 Email 地址"),
        ({"phone": "12345"}, "phone", "手机号码"),
        ({"phone": "12812345678"}, "phone", "手机号码"),
        ({"phone": "+0 123 4567"}, "phone", "手机号码"),
        ({"consent": ""}, "consent", "请同意"),
        ({"industry": "999999"}, "industry", "选择一个有效的选项"),
        ({"zone": "nowhere"}, "zone", "选择一个有效的选项"),
        ({"investment_band": "huge"}, "investment_band", "选择一个有效的选项"),
        ({"investment_amount": "-1"}, "investment_amount", "0"),
        ({"investment_amount": "abc"}, "investment_amount", "输入一个数字"),
        ({"land_mu": "-5"}, "land_mu", "0"),
        ({"floor_area_m2": "1e30"}, "floor_area_m2", "12"),
        ({"timing": "tomorrow"}, "timing", "选择一个有效的选项"),
        ({"zone": "north\x00"}, "zone", "不允许"),
        ({"industry": "1\x00"}, "industry", "不允许"),
        ({"message": "字" * (MESSAGE_MAX_LENGTH + 1)}, "message", str(MESSAGE_MAX_LENGTH)),
        ({"contact_name": "名" * 81}, "contact_name", "80"),
    ],
)
def test_each_invalid_field_rerenders_with_a_translated_message_and_saves_nothing(
    client, form_data, changes, field, message
):
    response = post(client, {**form_data, **changes})
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    assert "您的咨询尚未发送" in response.content.decode()
    assert Inquiry.objects.count() == 0
    assert OutboxMail.objects.count() == 0
    # What was typed is kept.
    if field != "company":
        assert 'value="杭州某某科技有限公司"' in response.content.decode()


def test_invalid_form_in_english_has_english_messages(client, form_data):
    response = post(client, {**form_data, "email": "", "phone": ""}, url="/en/inquiry/")
    assert "Give an e-mail address or a phone number" in response.content.decode()
    assert "Your inquiry has not been sent yet." in response.content.decode()


def test_control_characters_are_stripped_before_saving(client, form_data):
    data = {
        **form_data,
        "contact_name": "王\x00小\x1b明\r\nBcc: evil@example.com",
        "company": "\u202eevil\u202c公司",
        "message": "第一行\r\n第二行\x07\x00",
    }
    post(client, data)
    inquiry = Inquiry.objects.get()
    assert inquiry.contact_name == "王小明 Bcc: evil@example.com"
    assert "\n" not in inquiry.contact_name and "\r" not in inquiry.contact_name
    assert inquiry.company == "evil公司"
    assert inquiry.message == "第一行\n第二行"


def test_non_utf8_input_is_refused(client, form_data):
    body = "&".join(f"{quote(k)}={quote(v)}" for k, v in form_data.items() if k not in ("contact_name", "message"))
    body += "&contact_name=%FF%FEabc&message=hello"
    response = client.post(FORM_URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "contact_name" in response.context["form"].errors
    assert "无法识别" in response.context["form"].errors["contact_name"][0]
    assert Inquiry.objects.count() == 0


def test_post_without_csrf_token_is_403(form_data):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(FORM_URL, form_data)
    assert response.status_code == 403
    assert Inquiry.objects.count() == 0


def test_post_with_csrf_token_passes_the_check(form_data):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.get(FORM_URL)
    token = client.cookies["csrftoken"].value
    response = client.post(FORM_URL, {**form_data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Inquiry.objects.count() == 1


def test_oversized_body_is_400(client, form_data, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = post(client, {**form_data, "message": "x" * 20_000})
    assert response.status_code == 400
    assert Inquiry.objects.count() == 0


def test_too_many_fields_is_400(client, form_data, settings):
    data = {**form_data, **{f"extra{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}}
    response = post(client, data)
    assert response.status_code == 400
    assert Inquiry.objects.count() == 0


def test_honeypot_gets_the_normal_thank_you_page_and_nothing_is_saved(
    client, form_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, {**form_data, "website": "http://spam.example"})
    assert response.status_code == 302 and response["Location"] == "/inquiry/thanks/"
    page = client.get("/inquiry/thanks/").content.decode()
    assert "感谢您的咨询" in page and "QK20" in page
    assert Inquiry.objects.count() == 0
    assert OutboxMail.objects.count() == 0
    assert mail.outbox == []


def test_too_fast_submission_is_treated_as_a_bot(client, form_data, settings):
    settings.INQUIRY_MIN_SECONDS = 5
    response = post(client, {**form_data, "rendered": sign_render_time(time.time() - 2)})
    assert response.status_code == 302
    assert Inquiry.objects.count() == 0
    # The same data after the minimum time is accepted.
    post(client, {**form_data, "rendered": sign_render_time(time.time() - 6)})
    assert Inquiry.objects.count() == 1


@pytest.mark.parametrize("rendered", ["", "1700000000", "eyJ0IjoxfQ:forged:signature"])
def test_missing_or_forged_timestamp_is_treated_as_a_bot(client, form_data, rendered):
    response = post(client, {**form_data, "rendered": rendered})
    assert response.status_code == 302
    assert Inquiry.objects.count() == 0


def test_a_form_left_open_for_days_asks_to_send_again_and_keeps_the_text(client, form_data):
    response = post(client, {**form_data, "rendered": sign_render_time(time.time() - 3 * 24 * 3600)})
    assert response.status_code == 200
    assert Inquiry.objects.count() == 0
    assert "打开时间过长" in response.content.decode()
    # A fresh timestamp is in the re-rendered form, so the next try goes through.
    fresh = response.context["form"].data["rendered"]
    assert fresh != form_data["rendered"]


def test_prefill_from_project_enterprise_and_zone(client, zone):
    project = ProjectFactory(zone=zone, name="某项目", name_en="Some project")
    response = client.get(f"/en/inquiry/?project={project.pk}")
    form = response.context["form"]
    assert form.initial["about_project"] == project.pk
    assert "Some project" in response.content.decode()

    enterprise = EnterpriseFactory()
    form = client.get(f"/inquiry/?enterprise={enterprise.pk}").context["form"]
    assert form.initial["about_enterprise"] == enterprise.pk

    form = client.get("/inquiry/?zone=north").context["form"]
    assert form.initial["zone"] == "north"


@pytest.mark.parametrize(
    "query", ["project=abc", "project=999999", "enterprise=-1", "zone=nowhere", "project=1e5", "zone=%00", "project="]
)
def test_bad_prefill_values_are_ignored(client, query):
    response = client.get(f"/inquiry/?{query}")
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert not initial.get("about_project") and not initial.get("about_enterprise") and not initial.get("zone")


def test_unpublished_project_is_not_prefilled_nor_linked(client, form_data):
    project = ProjectFactory(is_published=False)
    assert "about_project" not in client.get(f"/inquiry/?project={project.pk}").context["form"].initial
    post(client, {**form_data, "about_project": str(project.pk)})
    assert Inquiry.objects.get().about_project is None


def test_submission_about_a_project_is_linked(client, form_data):
    project = ProjectFactory()
    post(client, {**form_data, "about_project": str(project.pk)})
    assert Inquiry.objects.get().about_project == project


@pytest.mark.parametrize("extra", [0, 20])
def test_form_page_runs_a_fixed_number_of_queries(client, zone, django_assert_max_num_queries, extra):
    from tests.factories import IndustryFactory, ZoneFactory

    IndustryFactory.create_batch(extra)
    ZoneFactory.create_batch(extra)
    project = ProjectFactory(zone=zone)
    # 7: the six of the form, and the footer's site settings (read while the footer fragment is not cached).
    with django_assert_max_num_queries(7):
        assert client.get(f"/inquiry/?project={project.pk}&zone=north").status_code == 200


def test_the_pages_use_no_inline_styles_or_scripts(client, form_data):
    for url in ("/inquiry/", "/inquiry/status/", "/privacy/"):
        page = client.get(url).content.decode()
        assert "style=" not in page and "<style" not in page
        assert "<script>" not in page
        assert "css/inquiry.css" in page


# --- The investor's projections (held against a space's entry bar) -------------------------------


def test_projections_are_optional_and_saved_as_given(client, form_data):
    response = post(
        client,
        {**form_data, "expected_annual_tax": "800", "expected_annual_value_added": "5000.5", "planned_jobs": "120"},
    )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert str(inquiry.expected_annual_tax) == "800.00"
    assert str(inquiry.expected_annual_value_added) == "5000.50"
    assert inquiry.planned_jobs == 120
    assert post(client, fresh(form_data, email="other@example.com")).status_code == 302  # none given: fine
    assert Inquiry.objects.filter(expected_annual_tax=None, planned_jobs=None).count() == 1


def test_form_asks_for_the_projections_with_their_units(client):
    zh = client.get(FORM_URL).content.decode()
    assert "您的预测（选填）" in zh
    assert "预计年纳税额（万元）" in zh and "预计年增加值（产出）（万元）" in zh and "计划用工人数" in zh
    en = client.get("/en/inquiry/").content.decode()
    assert "Expected annual value added (output) (10,000 yuan)" in en and "Planned jobs (headcount)" in en


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"expected_annual_tax": "-1"}, "expected_annual_tax", "不能为负数"),
        ({"expected_annual_tax": "2000000"}, "expected_annual_tax", "请以万元为单位填写年纳税额，最多 1000000"),
        ({"expected_annual_value_added": "-0.01"}, "expected_annual_value_added", "不能为负数"),
        (
            {"expected_annual_value_added": "99999999"},
            "expected_annual_value_added",
            "请以万元为单位填写年增加值，最多 10000000",
        ),
        ({"expected_annual_value_added": "lots"}, "expected_annual_value_added", "输入一个数字"),
        ({"planned_jobs": "-3"}, "planned_jobs", "不能为负数"),
        ({"planned_jobs": "5000000"}, "planned_jobs", "请填写计划用工人数，最多 100000 人"),
        ({"planned_jobs": "12.5"}, "planned_jobs", "整数"),
        ({"investment_amount": "250000000"}, "investment_amount", "请以亿元为单位填写投资额，最多 100000"),
    ],
)
def test_negative_or_absurd_projections_get_a_clear_message_and_nothing_is_saved(
    client, form_data, changes, field, message
):
    response = post(client, {**form_data, **changes})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors, errors
    assert Inquiry.objects.count() == 0 and OutboxMail.objects.count() == 0


def test_absurd_projection_message_in_english(client, form_data):
    response = post(client, {**form_data, "expected_annual_tax": "2000000"}, url="/en/inquiry/")
    errors = " ".join(response.context["form"].errors["expected_annual_tax"])
    assert "Enter the annual tax in 万元 (10,000 yuan): at most 1000000; 800 means 8 million yuan." in errors


def test_form_from_a_space_with_a_bar_states_the_bar_above_the_form(client, db):
    from spaces.models import Space
    from tests.factories import SpaceFactory

    space = SpaceFactory(
        kind=Space.Kind.LAND,
        floor_area_m2=None,
        offers_lease=False,
        area_mu=Decimal("20"),
        min_value_added_per_mu=Decimal("150"),
        bar_years=3,
    )
    page = client.get(f"{FORM_URL}?space={space.pk}").content.decode()
    assert "入驻企业须达到：亩均增加值不低于 150 万元/亩·年，投产后 3 年内达到。" in page
    plain = SpaceFactory()  # no bar: nothing said
    assert "入驻企业须达到" not in client.get(f"{FORM_URL}?space={plain.pk}").content.decode()

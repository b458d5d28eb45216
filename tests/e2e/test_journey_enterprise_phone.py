"""Journey: an enterprise in the zone, on a phone, from `make run`'s data. It raises a request giving only a
phone number, follows it on the status page (what it asked, its grid and officer, the history), is told
by text message when the officer resolves it, rates the answer 满意 and says the problem is not solved:
the request goes back to its officer, who is mailed, and the enterprise gets a text message about it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"FW\d{4}-\d{5}")
PHONE = "13912345678"


@pytest.fixture
def firm_and_officer(deployed_site, staff_account):
    """A listed enterprise, placed in the first service grid (the seed gives enterprises no grid: the
    administrator sets it on the enterprise's admin page), and that grid's officer, made by the
    administrator in the admin, who has published a name and a work phone (not the e-mail) on their profile."""
    from enterprises.models import Enterprise
    from staff.models import OfficerProfile
    from staff.roles import GRID_OFFICER
    from zones.models import ServiceGrid

    enterprise = Enterprise.objects.public().order_by("name").first()
    enterprise.grid = ServiceGrid.objects.order_by("number").first()
    enterprise.save(update_fields=["grid"])
    officer = staff_account(GRID_OFFICER, "wang-grid", email="wang.grid@example.gov.cn", grids=[enterprise.grid])
    OfficerProfile.objects.create(
        user=officer, name="王网格", show_name=True, phone="0571-00000000", show_phone=True, email=officer.email
    )
    return enterprise, officer


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_enterprise_on_a_phone_follows_rates_and_reopens_its_request(
    deployed_site, firm_and_officer, page, shots, console_errors
):
    from django.core import mail

    from core.sms.backends import read_file_messages
    from service.models import ServiceRequest
    from service.services import service_request_assign, service_request_move
    from tests.conftest import run_queued_jobs

    enterprise, officer = firm_and_officer
    site = deployed_site.url

    # The firm raises a request with a phone number and no e-mail.
    page.goto(site + "/service/request/")
    form = page.locator("main form:has([name=contact_name])")
    form.locator("select[name=enterprise]").select_option(str(enterprise.pk))
    form.locator("[name=contact_name]").fill("李经理")
    form.locator("[name=phone]").fill("139 1234 5678")
    form.locator("select[name=category]").select_option("other")
    form.locator("[name=description]").fill("新建厂房的施工许可证办理进度缓慢，请协调。")
    expect(form.locator(".sv-sms-consent")).to_contain_text("短信网关")
    form.locator("input[name=consent]").check()
    shots("request-form")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    reference = REFERENCE.search(page.locator("main").inner_text()).group(0)
    shots("thank-you")
    service_request = ServiceRequest.objects.get(reference=reference)
    assert service_request.phone == PHONE and service_request.email == ""

    # It opens the status page with the reference and its phone.
    page.goto(site + "/service/status/")
    lookup = page.locator("main form:has([name=reference]):has([name=contact])").last
    lookup.locator("[name=reference]").fill(reference)
    lookup.locator("[name=contact]").fill(PHONE)
    with page.expect_navigation():
        lookup.locator("button[type=submit]").click()
    main = page.locator("main")
    expect(main.locator(".sv-stage")).to_have_text("已提交")
    expect(main).to_contain_text("新建厂房的施工许可证办理进度缓慢，请协调。")
    expect(main).to_contain_text(enterprise.grid.name)
    shots("status-submitted")

    # Staff take it and resolve it (the officer's moves, through the service functions the admin uses).
    service_request_assign(service_request=service_request, officer=officer, user=officer)
    service_request.reply = "已联系住建部门，许可证预计下周核发。"
    service_request.save(update_fields=["reply"])
    service_request_move(service_request=service_request, to_stage="accepted", user=officer)
    service_request_move(service_request=service_request, to_stage="resolved", user=officer)
    run_queued_jobs()  # the worker sends the outbox: here, text messages to the firm's phone
    texts = read_file_messages()
    assert [number for number, _text in texts] == [PHONE, PHONE]
    assert texts[-1][1] == (
        f"【钱开区】您的诉求{reference}：已办结。"
        "请在我们网站的“诉求进度”页面查看答复、进行评价，并告诉我们问题是否已解决。"
        f"{deployed_site.url}/service/status/"
    )

    # Back on the status page: the answer, the officer's published contact, the history in words.
    page.goto(site + "/service/status/")
    lookup = page.locator("main form:has([name=reference]):has([name=contact])").last
    lookup.locator("[name=reference]").fill(reference)
    lookup.locator("[name=contact]").fill(PHONE)
    with page.expect_navigation():
        lookup.locator("button[type=submit]").click()
    expect(main.locator(".sv-stage")).to_have_text("已办结")
    expect(main).to_contain_text("已联系住建部门，许可证预计下周核发。")
    expect(main).to_contain_text("王网格")
    expect(main).to_contain_text("0571-00000000")
    expect(main).not_to_contain_text("wang.grid@example.gov.cn")
    history = main.locator(".sv-history li")
    expect(history).to_have_count(3)
    expect(history.nth(0)).to_contain_text("已提交")
    expect(history.nth(1)).to_contain_text("已受理")
    expect(history.nth(2)).to_contain_text("已办结")
    assert_accessible(page, "status page, resolved")
    shots("status-resolved")

    # It rates the answer in words and says the problem is not solved.
    rating = main.locator("form.sv-rating")
    expect(rating.locator("label")).to_contain_text(["非常满意", "满意", "一般", "不满意", "非常不满意"])
    rating.get_by_label("满意", exact=True).check()
    rating.get_by_label("否，尚未解决：请重新办理").check()
    rating.locator("[name=comment]").fill("许可证还没有拿到。")
    shots("rating-filled")
    mail.outbox.clear()
    with page.expect_navigation():
        rating.locator("button[type=submit]").click()
    expect(main.locator("[role=status]").first).to_contain_text("您的诉求已重新办理")
    expect(main.locator(".sv-stage")).to_have_text("办理中")
    expect(main.locator(".sv-history li").last).to_contain_text("重新办理：您反馈问题尚未解决")
    expect(main).not_to_contain_text("企业已确认")
    assert_accessible(page, "status page, reopened")
    shots("status-reopened")
    service_request.refresh_from_db()
    assert (service_request.stage, service_request.rating, service_request.solved) == ("in_progress", 4, False)

    # The officer is mailed; the firm gets a text message.
    run_queued_jobs()
    [reopened] = [m for m in mail.outbox if reference in m.subject]
    assert reopened.to == ["wang.grid@example.gov.cn"] and "尚未解决" in reopened.subject
    assert read_file_messages()[-1] == (
        PHONE,
        f"【钱开区】您的诉求{reference}：办理中。已按您的反馈重新办理，负责专员正在继续处理。"
        f"{deployed_site.url}/service/status/",
    )
    assert not console_errors, console_errors


@pytest.fixture
def resolved_request(site):
    """A resolved space request with a published officer, for the layout of the status page."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from enterprises.models import Enterprise
    from service.models import ServiceCategory
    from service.services import service_request_assign, service_request_move, service_request_submit
    from staff.models import OfficerProfile
    from staff.roles import GRID_OFFICER
    from tests.service.conftest import ensure_desk_rows
    from zones.models import ServiceGrid

    ensure_desk_rows()
    grid = ServiceGrid.objects.order_by("number").first()
    enterprise = Enterprise.objects.public().order_by("name").first()
    officer = get_user_model().objects.create_user(username="layout-grid", email="g@example.gov.cn", is_staff=True)
    officer.groups.add(Group.objects.get(name=GRID_OFFICER))
    grid.officers.add(officer)
    OfficerProfile.objects.create(
        user=officer, name="王网格", name_en="Wang Wangge", show_name=True, phone="0571-00000000", show_phone=True
    )
    service_request = service_request_submit(
        form_data={
            "enterprise": enterprise,
            "contact_name": "李经理",
            "phone": PHONE,
            "email": "",
            "category": ServiceCategory.objects.get(slug=ServiceCategory.SPACE),
            "description": "新产线需要一处一万平方米以上、层高8米的厂房，希望明年三月前入驻。",
            "need_kind": "factory",
            "need_min_area_m2": 10000,
            "need_clear_height_m": 8,
            "consent": True,
        }
    )
    service_request.grid = grid
    service_request.reply = "已为贵司匹配两处厂房，可随时看房。"
    service_request.save()
    service_request_assign(service_request=service_request, officer=officer, user=officer)
    service_request_move(service_request=service_request, to_stage="in_progress", user=officer)
    service_request_move(service_request=service_request, to_stage="resolved", user=officer)
    return service_request


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
def test_status_page_layout(site, resolved_request, page, shots, prefix):
    page.goto(f"{site.url}{prefix}/service/status/")
    lookup = page.locator("main form:has([name=reference]):has([name=contact])").last
    lookup.locator("[name=reference]").fill(resolved_request.reference)
    lookup.locator("[name=contact]").fill(PHONE)
    with page.expect_navigation():
        lookup.locator("button[type=submit]").click()
    main = page.locator("main")
    expect(main.locator(".sv-history li")).to_have_count(3)
    expect(main).to_contain_text("Wang Wangge" if prefix else "王网格")
    expect(main).to_contain_text("Very satisfied" if prefix else "非常满意")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways: {width}px"
    shots(f"status-{prefix.strip('/') or 'zh'}")

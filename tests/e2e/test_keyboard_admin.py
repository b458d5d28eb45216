"""Keyboard only in the admin (issue 26): each staff role's day of issue 24 with Tab, Enter, Space, the arrow
keys, End and typing, never a mouse click and no address typed after the login page's. The large-text mode is
for the public pages; the admin is the normal one, in Chinese, at 1280 px (and the investment officer's
day at 390 px as well, where an inline scrolls in its own box).

The data is what `make run` creates (deployed_site), the accounts are made as an administrator makes them
(staff_account), and the case each officer works arrives through its public form's write path. Every Tab
stop on the way must show where the focus is (tests/e2e/test_keyboard.py's pixel check). The journeys:
the grid officer accepts a 钱小二 request, then moves it on with a note; the investment officer takes a new
inquiry with a note; the content editor changes a policy's title and saves with "save and continue editing".
"""

import pytest

from tests.e2e.conftest import STAFF_PASSWORD
from tests.e2e.helpers import path_of
from tests.e2e.test_keyboard import assert_focus_visible, focused
from tests.e2e.test_keyboard_modes import press_enter_and_wait, tab_until

pytestmark = pytest.mark.e2e


def log_in(page, site_url: str, username: str) -> None:
    """The admin's login page: the name field has the focus, Tab to the password and to the button, Enter."""
    page.goto(f"{site_url}/admin/login/?next=/admin/")
    info = focused(page)
    assert info and info["name"] == "username", f"the login page opens with the focus on {info}"
    assert_focus_visible(page, info)
    page.keyboard.type(username)
    tab_until(page, lambda i: i["name"] == "password", what="the password field", limit=2)
    page.keyboard.type(STAFF_PASSWORD)
    tab_until(page, lambda i: i["type"] == "submit", what="the log-in button", limit=2)
    press_enter_and_wait(page)
    assert path_of(page) == "/admin/", f"login failed for {username}: {page.url}"


def skip_to_content(page) -> None:
    """The admin's skip link (the first Tab stop) past the header and the navigation sidebar."""
    page.keyboard.press("Tab")
    info = focused(page)
    assert info and info["href"] == "#content-start", f"the first Tab stop is {info}, not the skip link"
    assert_focus_visible(page, info)
    page.keyboard.press("Enter")
    assert (focused(page) or {}).get("id") == "content-start"


def follow(page, href: str, *, what: str) -> None:
    """Tab to the link to `href` (a changelist's links add its filters as a query) and follow it."""
    tab_until(page, lambda i: i["href"] == href or i["href"].startswith(href + "?"), what=what)
    press_enter_and_wait(page)
    assert path_of(page) == href.split("?")[0], page.url


def choose(page, value: str, *, presses: int) -> None:
    """Move the focused <select> down by `presses` options with the arrow key."""
    for _ in range(presses):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.value") == value


def success_message(page) -> str:
    messages = page.locator("ul.messagelist li")
    assert messages.count() == 1 and "success" in (messages.first.get_attribute("class") or ""), (
        messages.all_inner_texts()
    )
    return messages.first.inner_text()


def test_grid_officer_accepts_a_request_and_moves_it_on(deployed_site, staff_account, desktop_page, shots):
    from enterprises.models import Enterprise
    from service.models import ServiceCategory, ServiceRequest
    from service.services import service_request_submit
    from staff.roles import GRID_OFFICER
    from zones.models import ServiceGrid

    page = desktop_page
    grid = ServiceGrid.objects.get(number=1)
    officer = staff_account(GRID_OFFICER, "qian-grid1", grids=[grid], first_name="小二", last_name="钱")
    enterprise = Enterprise.objects.public().order_by("pk").first()
    enterprise.grid = grid  # as an editor records it on the enterprise's page
    enterprise.save(update_fields=["grid"])
    service_request = service_request_submit(
        form_data={
            "enterprise": enterprise,
            "contact_name": "李经理",
            "phone": "13912345678",
            "category": ServiceCategory.objects.for_enterprises().exclude(slug=ServiceCategory.SPACE).first(),
            "description": "新招的员工需要宿舍。",
            "consent": True,
        },
    )
    change_url = f"/admin/service/servicerequest/{service_request.pk}/change/"

    log_in(page, deployed_site.url, officer.username)
    follow(page, "/admin/service/servicerequest/", what="企业诉求 on the admin index")
    # The list's stage filter, then the request: the filters are links in <details>, in the Tab order.
    tab_until(page, lambda i: i["href"].endswith("stage__exact=submitted"), what="the filter 阶段: 已提交")
    press_enter_and_wait(page)
    assert "stage__exact=submitted" in page.url
    follow(page, change_url, what=f"request {service_request.reference} in the list")

    # Accept: the button of the request's first section, pressed with Space.
    skip_to_content(page)
    tab_until(page, lambda i: i["name"] == "_quick" and i["text"] == "受理", what="the accept button")
    shots("request-accept-button-focused", full_page=False)
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert path_of(page) == change_url
    message = success_message(page)
    assert "已转为“已受理”" in message and "由您负责" in message, message

    # In progress, with a note: the stage chosen with the arrow keys, saved with "save and continue editing".
    skip_to_content(page)
    tab_until(page, lambda i: i["name"] == "move_to", what="the stage to move to")
    choose(page, ServiceRequest.Stage.IN_PROGRESS, presses=3)  # —, 已提交, 已受理, 办理中
    tab_until(page, lambda i: i["name"] == "new_note", what="the note field")
    page.keyboard.type("已联系企业，正在协调宿舍。")
    shots("request-note-typed", full_page=False)
    tab_until(page, lambda i: i["name"] == "_continue", what="save and continue editing")
    press_enter_and_wait(page)
    message = success_message(page)
    assert "已转为“办理中”" in message and "已添加备注" in message, message
    shots("request-in-progress")

    service_request.refresh_from_db()
    assert service_request.stage == ServiceRequest.Stage.IN_PROGRESS and service_request.owner == officer
    assert service_request.notes.get().text == "已联系企业，正在协调宿舍。"


def test_investment_officer_takes_a_new_inquiry_with_a_note(deployed_site, staff_account, page, shots):
    """At 390 px too: there the notes inline scrolls in its own box, which cut off the ring of its "add
    another" link until static/css/admin.css drew it inside."""
    from inquiries.models import Inquiry
    from inquiries.services import inquiry_submit
    from staff.roles import INVESTMENT_OFFICER

    officer = staff_account(INVESTMENT_OFFICER, "zhou-invest", first_name="敏", last_name="周")
    inquiry = inquiry_submit(
        form_data={
            "contact_name": "陈先生",
            "company": "浙江示例新材料有限公司",
            "phone": "13800138000",
            "message": "我们需要约五千平方米的标准厂房。",
            "consent": True,
        },
        ip="127.0.0.1",
        language="zh-hans",
    )
    change_url = f"/admin/inquiries/inquiry/{inquiry.pk}/change/"

    log_in(page, deployed_site.url, officer.username)
    follow(page, "/admin/inquiries/inquiry/?stage__exact=new", what="the dashboard's new inquiries")
    follow(page, change_url, what=f"inquiry {inquiry.reference} in the list")

    skip_to_content(page)
    tab_until(page, lambda i: i["name"] == "owner", what="the owner")
    choose(page, str(officer.pk), presses=1)  # ---------, then the one investment officer
    tab_until(page, lambda i: i["name"] == "notes-0-text", what="the new note")
    page.keyboard.type("已电话联系，下周看厂房。")
    shots("inquiry-note-typed", full_page=False)
    tab_until(page, lambda i: i["name"] == "_save", what="save")
    press_enter_and_wait(page)
    assert path_of(page) == "/admin/inquiries/inquiry/"
    assert inquiry.reference in success_message(page)

    inquiry.refresh_from_db()
    assert inquiry.owner == officer and inquiry.stage == Inquiry.Stage.ASSIGNED
    assert inquiry.notes.get().text == "已电话联系，下周看厂房。"


def test_content_editor_changes_a_policy_and_keeps_editing(deployed_site, staff_account, desktop_page, shots):
    from policies.models import Policy
    from staff.roles import CONTENT_EDITOR

    page = desktop_page
    editor = staff_account(CONTENT_EDITOR, "editor-kbd", first_name="编辑")
    policy = Policy.objects.order_by("pk").first()
    change_url = f"/admin/policies/policy/{policy.pk}/change/"

    log_in(page, deployed_site.url, editor.username)
    follow(page, "/admin/policies/policy/", what="政策 on the admin index")
    follow(page, change_url, what=f"policy {policy.pk} in the list")

    skip_to_content(page)
    tab_until(page, lambda i: i["name"] == "title", what="the title")
    page.keyboard.press("End")  # Tab selected the whole title: keep it and add to its end
    page.keyboard.type("（修订）")
    tab_until(page, lambda i: i["name"] == "_continue", what="save and continue editing")
    shots("policy-save-and-continue-focused", full_page=False)
    press_enter_and_wait(page)
    assert path_of(page) == change_url
    assert "（修订）" in success_message(page)
    assert page.locator("#id_title").input_value() == policy.title + "（修订）"

    policy.refresh_from_db()
    assert policy.title.endswith("（修订）")

"""Journeys of issue 27, on the data `make run` creates (`deployed_site`), with staff accounts made by
the administrator in the admin, one per role:

- a visitor on a phone asks to be told when a space matching her search appears, confirms from the
  mail, a matching space (and one that does not match) is published, the next digest arrives with the
  matching space only, and the mail's one-click unsubscribe (RFC 8058) ends the subscription;
- an editor writes an event and submits it, cannot publish it herself, a reviewer publishes it, and a
  visitor registers for it from the event's page and gets a reference and an .ics;
- axe finds nothing serious on the new pages, in both languages, at 390 and 1280 px.
"""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import WIDTHS
from tests.e2e.helpers import admin_log_in, assert_fits_width

pytestmark = pytest.mark.e2e

LINK = re.compile(r"https?://\S+")
REGISTRATION_REFERENCE = re.compile(r"HD\d{4}-\d{5}")


def links_in(message) -> list[str]:
    return [link.rstrip(".,)>") for link in LINK.findall(message.body)]


def publish_space(**fields):
    """A space published through the write service the admin and the imports use."""
    from spaces.models import Space
    from spaces.services import space_save

    values = {
        "kind": Space.Kind.FACTORY,
        "status": Space.Status.AVAILABLE,
        "floor_area_m2": Decimal("6000"),
        "offers_lease": True,
        "is_published": True,
        "last_verified_on": datetime.date.today(),
        **fields,
    }
    return space_save(space=Space(**values))


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_visitor_on_a_phone_subscribes_to_a_space_search_and_unsubscribes_in_one_click(
    deployed_site, page, shots, console_errors
):
    from django.core import mail
    from django.utils import timezone

    from alerts.models import Subscription
    from alerts.services import subscriptions_send_digests
    from tests.conftest import run_queued_jobs
    from zones.models import Zone

    site = deployed_site.url
    north = Zone.objects.get(slug="north")

    # She filters the space register, then asks to be told about new matches.
    page.goto(site + "/spaces/?kind=factory&zone=north&min_area=5000")
    link = page.get_by_role("link", name="出现符合此筛选条件的载体时邮件通知我")
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()
    assert page.url.startswith(site + "/subscribe/?spaces=")
    main = page.locator("main")
    expect(main).to_contain_text("标准厂房")  # the saved search, in words
    expect(main).to_contain_text("5000")
    assert_fits_width(page)
    shots("subscribe-form")

    form = page.locator("main form:has([name=email])")
    form.locator("[name=email]").fill("reader@example.com")
    form.get_by_label("每天").check()
    form.locator("[name=consent]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "/subscribe/thanks/" in page.url
    assert_accessible(page, "subscribe thanks")
    shots("subscribe-thanks")
    subscription = Subscription.objects.get(email="reader@example.com")
    assert subscription.confirmed_at is None
    assert subscription.space_search["kind"] == ["factory"] or subscription.space_search["kind"] == "factory"

    # The confirmation mail arrives (the worker sends it) with an absolute link; she confirms.
    run_queued_jobs()
    [confirmation] = [m for m in mail.outbox if m.to == ["reader@example.com"]]
    [confirm_link] = [link for link in links_in(confirmation) if "/subscribe/confirm/" in link]
    assert confirm_link.startswith(site)
    page.goto(confirm_link)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_have_text("您的邮件提醒已开启")
    shots("confirmed")
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    mail.outbox.clear()

    # Staff publish two spaces: one matches her search, the other (an office) does not.
    matching = publish_space(name="北部新标准厂房（端到端）", zone=north)
    other = publish_space(name="北部研发办公楼（端到端）", zone=north, kind="office")

    # The next daily digest carries the matching space and not the other, with one-click unsubscribe.
    later = timezone.now() + datetime.timedelta(days=1, minutes=5)
    assert subscriptions_send_digests(now=later) == 1
    run_queued_jobs()
    [digest] = [m for m in mail.outbox if m.to == ["reader@example.com"]]
    html = digest.alternatives[0][0] if digest.alternatives else ""
    for text in (digest.body, html):
        assert matching.name in text
        assert other.name not in text
    assert any(matching.get_absolute_url() in link for link in links_in(digest))
    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(site + "/subscribe/unsubscribe/")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Her mail client unsubscribes with one POST, no page and no cookie (RFC 8058).
    answer = page.request.post(
        unsubscribe,
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status == 200
    assert not Subscription.objects.filter(email="reader@example.com").exists()
    # The same link used again says so, without telling whether the address is subscribed.
    response = page.goto(unsubscribe)
    assert response.status == 410
    expect(page.locator("main")).not_to_contain_text("reader@example.com")
    shots("unsubscribe-again")
    assert [line for line in console_errors if "410 (Gone)" not in line] == []  # the browser logs the 410 itself


def test_editor_and_reviewer_publish_an_event_and_a_visitor_registers(
    deployed_site, staff_account, browser, desktop_page, shots, console_errors
):
    from django.core import mail
    from django.utils import timezone

    from news.models import NewsItem
    from registrations.models import Registration
    from staff.roles import CONTENT_EDITOR, REVIEWER
    from tests.conftest import run_queued_jobs
    from tests.e2e.conftest import STAFF_PASSWORD

    site = deployed_site.url
    editor = staff_account(CONTENT_EDITOR, "news-editor")
    staff_account(REVIEWER, "news-reviewer")
    page = desktop_page
    starts = timezone.localtime() + datetime.timedelta(days=20)

    # The editor writes the event in the admin and submits it for review.
    admin_log_in(page, site, "news-editor", STAFF_PASSWORD)
    page.goto(site + "/admin/news/newsitem/add/")
    page.locator("#id_kind").select_option("event")
    page.locator("#id_title").fill("2027年钱开区新能源产业招商推介会（端到端）")
    page.locator("#id_summary").fill("推介新能源产业链空间与政策，欢迎企业报名参加。")
    page.locator("#id_body").fill("## 议程\n\n- 片区介绍\n- 政策解读<script>alert(1)</script>")
    page.locator("#id_starts_at_0").fill(starts.strftime("%Y-%m-%d"))
    page.locator("#id_starts_at_1").fill("14:00:00")
    page.locator("#id_ends_at_0").fill(starts.strftime("%Y-%m-%d"))
    page.locator("#id_ends_at_1").fill("17:00:00")
    page.locator("#id_attendance").select_option("offline")
    page.locator("#id_place").fill("钱开区管委会一楼报告厅")
    page.locator("#id_capacity").fill("2")
    closes = starts - datetime.timedelta(days=1)
    page.locator("#id_registration_closes_at_0").fill(closes.strftime("%Y-%m-%d"))
    page.locator("#id_registration_closes_at_1").fill("18:00:00")
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    item = NewsItem.objects.get(title__contains="（端到端）")
    assert (item.status, item.written_by) == ("draft", editor)
    assert "script" not in item.body_html and "<h2>议程</h2>" in item.body_html
    with page.expect_navigation():
        page.locator("input[name=_news_submit]").click()
    item.refresh_from_db()
    assert item.status == "submitted"
    # She wrote it: no publish button for her, and the public page does not show it yet.
    expect(page.locator("input[name=_news_publish]")).to_have_count(0)
    shots("editor-submitted")
    assert page.request.get(site + item.get_absolute_url()).status == 404

    # The reviewer opens it and publishes it.
    reviewer_context = browser.new_context(viewport=WIDTHS["desktop"], locale="zh-CN", timezone_id="Asia/Shanghai")
    reviewer = reviewer_context.new_page()
    admin_log_in(reviewer, site, "news-reviewer", STAFF_PASSWORD)
    reviewer.goto(f"{site}/admin/news/newsitem/{item.pk}/change/")
    publish = reviewer.locator("input[name=_news_publish]")
    expect(publish).to_have_value("保存并立即发布")
    with reviewer.expect_navigation():
        publish.click()
    item.refresh_from_db()
    assert item.status == "published" and item.reviewed_by.username == "news-reviewer"
    history_users = {record.history_user.username for record in item.history.all() if record.history_user}
    assert history_users == {"news-editor", "news-reviewer"}
    reviewer_context.close()

    # A visitor finds it on /events/ (the cached list shows it at once) and registers.
    visitor_context = browser.new_context(viewport=WIDTHS["phone"], locale="zh-CN", timezone_id="Asia/Shanghai")
    visitor = visitor_context.new_page()
    visitor.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    visitor.goto(site + "/events/")
    card = visitor.get_by_role("link", name=re.compile("新能源产业招商推介会（端到端）"))
    with visitor.expect_navigation():
        card.first.click()
    main = visitor.locator("main")
    expect(main.locator("h1")).to_contain_text("新能源产业招商推介会")
    expect(main).to_contain_text("钱开区管委会一楼报告厅")
    expect(main).not_to_contain_text("alert(1)")
    assert_accessible(visitor, "event page with the registration form")
    assert_fits_width(visitor)
    form = main.locator("form:has([name=contact_name])")
    form.locator("[name=contact_name]").fill("周女士")
    form.locator("[name=company]").fill("杭州某新能源科技有限公司")
    form.locator("[name=email]").fill("zhou@example.com")
    form.locator("[name=consent]").check()
    Path = __import__("pathlib").Path
    visitor.screenshot(path=str(Path(shots.folder) / "visitor-registration-form.png"), full_page=True)
    with visitor.expect_navigation():
        form.locator("button[type=submit]").click()
    reference = REGISTRATION_REFERENCE.search(visitor.locator("main").inner_text()).group(0)
    registration = Registration.objects.get(reference=reference)
    assert (registration.status, registration.event_id) == ("confirmed", item.pk)
    assert_accessible(visitor, "registration thanks")
    visitor.screenshot(path=str(Path(shots.folder) / "visitor-registered.png"), full_page=True)
    visitor_context.close()

    # The confirmation mail carries the reference and the event as an .ics.
    run_queued_jobs()
    [confirmation] = [m for m in mail.outbox if m.to == ["zhou@example.com"]]
    assert reference in confirmation.subject + confirmation.body
    [(name, content, mimetype)] = confirmation.attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert "钱开区管委会一楼报告厅" in (content if isinstance(content, str) else content.decode())
    assert not console_errors, console_errors


NEW_PAGES = {
    "news-list": "/news/",
    "news-list-bad-input": "/news/?kind=blog&year=abc",
    "news-seed-item": "/news/qianjiang-edz-report-card-2022/",
    "events": "/events/",
    "event": None,  # the first upcoming sample event, found below
    "registration-lookup": "/events/registration/",
    "subscribe": "/subscribe/",
    "subscribe-space-search": "/subscribe/?spaces=kind%3Dfactory%26zone%3Dnorth",
}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_new_pages_have_no_serious_accessibility_violation(deployed_site, page, shots, language):
    from news.models import NewsItem

    event = NewsItem.objects.public().upcoming().filter(registration_closes_at__isnull=False).first()
    prefix = "/en" if language == "en" else ""
    for name, path in NEW_PAGES.items():
        path = path or event.get_absolute_url().removeprefix(prefix)
        response = page.goto(deployed_site.url + prefix + path)
        assert response.status == 200, f"{path} answered {response.status}"
        assert page.evaluate("() => document.documentElement.lang") == ("en" if language == "en" else "zh-CN")
        shots(f"{name}-{language}")
        assert_accessible(page, f"{name} ({language}, {page.width_name})")
        assert_fits_width(page)

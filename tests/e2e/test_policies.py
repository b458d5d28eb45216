"""A visitor on a phone checks which policy measures may apply, opens one, and follows the official link."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, WIDTHS, Shots, _new_page
from tests.e2e.helpers import assert_fits_width
from tests.e2e.policy_fixtures import OFFICIAL, policy_site  # noqa: F401 - a fixture

pytestmark = pytest.mark.e2e


@pytest.mark.usefixtures("policy_site")
def test_visitor_checks_eligibility_on_a_phone_and_follows_the_official_link(site, browser, console_errors):

    context, page = _new_page(browser, WIDTHS["phone"], console_errors, is_phone=True)
    shots = Shots(page, ARTIFACTS / "policy-checker-phone")
    # The official site is outside the test network: answer for it, and record that it was reached.
    reached = []
    page.route(
        re.compile(r"https://www\.example\.gov\.cn/.*"),
        lambda route: (
            reached.append(route.request.url),
            route.fulfill(status=200, body="<h1>official</h1>", content_type="text/html"),
        ),
    )
    try:
        page.goto(site.url + "/policies/")
        shots("list")
        assert_fits_width(page)
        with page.expect_navigation():
            page.get_by_role("link", name=re.compile("看看哪些条款")).click()
        form = page.locator("form.checker-form")
        form.locator("input[name=in_zone][value=yes]").check()
        form.locator("input[name=employees]").fill("60")
        form.locator("input[name=founded_year]").fill("2020")
        shots("checker-filled")
        with page.expect_navigation():
            form.get_by_role("button", name="开始比对").click()
        assert "employees=60" in page.url and "in_zone=yes" in page.url
        likely = page.locator(".result-group-likely")
        expect(likely.get_by_role("link", name="示例：人才安居补助")).to_be_visible()
        expect(likely.locator(".verdict-met").first).to_be_visible()
        assert_fits_width(page)
        shots("checker-answer")
        assert not page.context.cookies(), "the checker must set no cookie"
        with page.expect_navigation():
            likely.get_by_role("link", name="示例：人才安居补助").click()
        assert "/policies/e2e-talent/" in page.url and page.url.endswith(re.search(r"#measure-\d+", page.url).group(0))
        expect(page.locator(":target")).to_contain_text("人才安居补助")
        shots("measure")
        with page.expect_navigation():
            page.locator("a.official-link").click()
        assert page.url == OFFICIAL
        assert reached == [OFFICIAL]
    finally:
        context.close()
    assert not console_errors, console_errors

"""Keyboard only, in both display modes (issue 26): the public journeys with Tab, Enter, Space and the
arrow keys, never a mouse click; the mode itself switched from the header with the keyboard.

The data is what `make run` creates (deployed_site). Each journey starts on the home page: in large-text
mode the visitor first reaches "长者模式" in the header and presses Enter. Every Tab stop on the way must
show where the focus is (tests/e2e/test_keyboard.py's pixel check). The journeys: find a project through
the menu and the filters; search from the header box; the investment inquiry; the 钱小二 service
request; a barrier report from /accessibility/.
"""

import re

import pytest

from core import display
from tests.e2e.helpers import path_of
from tests.e2e.test_keyboard import REFERENCE, assert_focus_visible, focused

pytestmark = pytest.mark.e2e

MODES = [display.STANDARD, display.LARGE]
MAX_STOPS = 260  # the service request form has the space needs and attachments: many stops


def is_large(page) -> bool:
    return page.evaluate("() => document.documentElement.classList.contains('display-large')")


def tab_until(page, wanted, *, what: str, limit: int = MAX_STOPS) -> dict:
    """Press Tab until the focused element satisfies `wanted`; every stop on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = focused(page)
        assert info is not None, f"focus fell back to the page body while looking for {what}"
        assert_focus_visible(page, info)
        if wanted(info):
            return info
    raise AssertionError(f"{what} not reached in {limit} Tab stops")


def press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def start(page, site_url: str, mode: str) -> None:
    """The home page, and in large-text mode the header's switch reached with Tab and followed with Enter."""
    page.goto(site_url + "/")
    assert not is_large(page)
    if mode == display.LARGE:
        tab_until(page, lambda i: "/display/?mode=large" in i["href"], what="the large-text switch", limit=12)
        press_enter_and_wait(page)
        assert is_large(page) and path_of(page) == "/"


def fill_by_keyboard(page, *, typed: dict[str, str], pick: set[str] = frozenset(), tick: set[str] = frozenset()):
    """Tab through the form in <main>: type into the fields named in `typed`, choose the first real option of
    the selects in `pick` with the Down arrow, tick the boxes in `tick` with Space, send it with Enter."""
    done: set[str] = set()
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        info = focused(page)
        assert info is not None, "focus fell back to the page body"
        assert_focus_visible(page, info)
        if not info["inForm"]:
            continue
        name = info["name"]
        if name in typed and name not in done:
            page.keyboard.type(typed[name])
            done.add(name)
        elif name in pick and name not in done:
            page.keyboard.press("ArrowDown")
            assert page.evaluate("() => document.activeElement.value"), f"the Down arrow chose nothing in {name}"
            done.add(name)
        elif name in tick and name not in done:
            page.keyboard.press("Space")
            assert focused(page)["checked"], f"Space did not tick {name}"
            done.add(name)
        elif info["type"] == "submit" or info["tag"] == "button":
            missing = (set(typed) | set(pick) | set(tick)) - done
            assert not missing, f"reached the submit button with {missing} left"
            press_enter_and_wait(page)
            return
    raise AssertionError(f"never reached the submit button (done: {done})")


@pytest.mark.parametrize("mode", MODES)
def test_find_a_project_through_the_menu_and_filters(deployed_site, desktop_page, mode):
    page = desktop_page
    start(page, deployed_site.url, mode)
    tab_until(page, lambda i: i["href"] == "/projects/", what="the menu's Projects link")
    press_enter_and_wait(page)
    assert path_of(page) == "/projects/" and is_large(page) == (mode == display.LARGE)
    fill_by_keyboard(page, typed={}, pick={"zone"})
    assert "zone=" in page.url and path_of(page) == "/projects/"
    tab_until(page, lambda i: i["inMain"] and re.fullmatch(r"/projects/[\w-]+/", i["href"] or ""), what="a project")
    press_enter_and_wait(page)
    assert re.fullmatch(r"/projects/[\w-]+/", path_of(page))
    assert is_large(page) == (mode == display.LARGE)


@pytest.mark.parametrize("mode", MODES)
def test_search_from_the_header_box(deployed_site, desktop_page, mode):
    page = desktop_page
    start(page, deployed_site.url, mode)
    tab_until(page, lambda i: i["name"] == "q", what="the header search box")
    page.keyboard.type("科技")
    press_enter_and_wait(page)
    assert path_of(page) == "/search/" and "q=" in page.url
    tab_until(page, lambda i: i["inMain"] and i["tag"] == "a" and "/search/" not in i["href"], what="a result")
    press_enter_and_wait(page)
    assert path_of(page) != "/search/" and is_large(page) == (mode == display.LARGE)


@pytest.mark.parametrize("mode", MODES)
def test_investment_inquiry(deployed_site, desktop_page, mode):
    from inquiries.models import Inquiry

    page = desktop_page
    start(page, deployed_site.url, mode)
    tab_until(page, lambda i: i["href"] == "/inquiry/", what="the menu's inquiry link")
    press_enter_and_wait(page)
    name = f"键盘{mode}"
    fill_by_keyboard(
        page,
        typed={"contact_name": name, "company": "杭州示例有限公司", "phone": "13900139000", "message": "想了解厂房。"},
        tick={"consent"},
    )
    match = REFERENCE.search(page.locator("main").inner_text())
    assert match, "no reference number after sending the inquiry with the keyboard"
    assert Inquiry.objects.filter(reference=match.group(0), contact_name=name).exists()


@pytest.mark.parametrize("mode", MODES)
def test_service_request(deployed_site, desktop_page, mode):
    from service.models import ServiceRequest

    page = desktop_page
    start(page, deployed_site.url, mode)
    tab_until(page, lambda i: i["href"] == "/service/", what="the menu's service link")
    press_enter_and_wait(page)
    tab_until(page, lambda i: i["href"] == "/service/request/", what="the request link")
    press_enter_and_wait(page)
    description = f"键盘提交的诉求（{mode}）"
    fill_by_keyboard(
        page,
        typed={"contact_name": "李经理", "phone": "13912345678", "description": description},
        pick={"enterprise", "category"},
        tick={"consent"},
    )
    assert path_of(page) == "/service/request/thanks/", page.locator("main").inner_text()[:500]
    saved = ServiceRequest.objects.get(description=description)
    assert saved.reference in page.locator("main").inner_text() and saved.enterprise is not None


@pytest.mark.parametrize("mode", MODES)
def test_barrier_report_from_the_accessibility_statement(deployed_site, desktop_page, mode):
    from service.models import ServiceCategory, ServiceRequest

    page = desktop_page
    start(page, deployed_site.url, mode)
    # The statement is linked from the footer: a long way by Tab, and it must be reachable.
    tab_until(page, lambda i: i["href"] == "/accessibility/", what="the footer's accessibility link", limit=200)
    press_enter_and_wait(page)
    assert path_of(page) == "/accessibility/"
    tab_until(page, lambda i: i["href"] == "/accessibility/report/", what="the report link")
    press_enter_and_wait(page)
    description = f"地图用键盘无法选择片区（{mode}）"
    fill_by_keyboard(
        page,
        typed={"page": "/zones/", "description": description, "contact": "reader@example.com"},
        tick={"consent"},
    )
    assert path_of(page) == "/accessibility/report/thanks/", page.locator("main").inner_text()[:500]
    saved = ServiceRequest.objects.get(description__endswith=description)
    assert saved.category.slug == ServiceCategory.ACCESSIBILITY and saved.enterprise_name == ""
    assert saved.email == "reader@example.com" and saved.reference in page.locator("main").inner_text()
    assert is_large(page) == (mode == display.LARGE)


def test_back_to_standard_by_keyboard(deployed_site, desktop_page):
    page = desktop_page
    start(page, deployed_site.url, display.LARGE)
    page.goto(deployed_site.url + "/en/spaces/")
    assert is_large(page)
    tab_until(page, lambda i: "mode=standard" in i["href"], what="the standard-text switch", limit=12)
    press_enter_and_wait(page)
    assert path_of(page) == "/en/spaces/" and not is_large(page)

"""Keyboard only: the skip link comes first and works, focus is always visible, the inquiry form can be sent."""

import re

import pytest

from tests.e2e.helpers import path_of

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"\b[A-Z]{1,4}-?\d{4}-?\d{3,6}\b")

# What the focused element looks like: is it marked so that a sighted keyboard user sees it?
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = !!style.boxShadow && style.boxShadow !== 'none';
    return {
        tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', id: el.id || '',
        href: el.getAttribute('href') || '', text: (el.innerText || el.value || '').trim().slice(0, 40),
        inForm: !!el.closest('main form'), inMain: !!el.closest('main'),
        // Inside <main> or after its start in document order (not back in the header).
        fromMain: !!document.querySelector('main')
            && (document.querySelector('main').contains(el)
                || !!(document.querySelector('main').compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)),
        checked: !!el.checked, visible: outline || shadow,
        style: `outline: ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`
            + `; box-shadow: ${style.boxShadow}`,
        onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0
            && rect.top < innerHeight + scrollY && rect.left < innerWidth,
    };
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def assert_focus_visible(info: dict) -> None:
    assert info["visible"], f"no visible focus indicator on {info}"


@pytest.mark.parametrize("path", ["/", "/projects/", "/en/inquiry/"])
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(site, page, shots, path):
    page.goto(site.url + path)
    page.keyboard.press("Tab")
    info = focused(page)
    assert info and info["href"] == "#main", f"first Tab stop is {info}, not the skip link"
    assert_focus_visible(info)
    assert info["onScreen"], f"the focused skip link is off screen: {info}"
    shots("skip-link-focused")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    # Focus is on <main> (tabindex=-1), or at least the sequential focus starting point moved there:
    # the next Tab must not go back to the header.
    now = focused(page)
    if not (now and now["id"] == "main"):
        page.keyboard.press("Tab")
        now = focused(page)
        assert now and now["fromMain"], f"after the skip link, Tab went to {now}, before <main>"
    shots("after-skip-link")


@pytest.mark.parametrize("path", ["/", "/projects/", "/projects/qiangxin-technology/", "/enterprises/", "/inquiry/"])
def test_every_tab_stop_shows_where_the_focus_is(site, desktop_page, path):
    page = desktop_page
    page.goto(site.url + path)
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        info = focused(page)
        if info is None or (seen and info == seen[0]):
            break  # back to the start of the page
        assert_focus_visible(info)
        seen.append(info)
    assert len(seen) >= 3, f"only {len(seen)} Tab stops on {path}"


def test_inquiry_form_can_be_filled_and_sent_with_the_keyboard_only(site, page, shots):
    from inquiries.models import Inquiry

    typed = {
        "contact_name": "王芳",
        "company": "杭州示例新材料有限公司",
        "phone": "13900139000",
        "email": "wangfang@example.com",
        "message": "希望了解南部片区的孵化空间。",
    }
    page.goto(site.url + "/inquiry/")
    filled, consented, sent = set(), False, False
    for _ in range(120):
        page.keyboard.press("Tab")
        info = focused(page)
        assert info is not None, "focus fell back to the page body"
        assert_focus_visible(info)
        if not info["inForm"]:
            continue
        if info["name"] in typed and info["name"] not in filled:
            page.keyboard.type(typed[info["name"]])
            filled.add(info["name"])
        elif info["type"] == "checkbox" and "consent" in info["name"] and not info["checked"]:
            page.keyboard.press("Space")
            assert focused(page)["checked"], "Space did not tick the consent box"
            consented = True
            shots("keyboard-form-filled")
        elif info["type"] == "submit" or info["tag"] == "button":
            assert consented and filled >= {"contact_name", "company", "phone"}, (filled, consented)
            with page.expect_navigation():
                page.keyboard.press("Enter")
            sent = True
            break
    assert sent, f"never reached the submit button (filled {filled}, consent {consented})"
    assert path_of(page) != "/inquiry/" or REFERENCE.search(page.locator("main").inner_text())
    shots("keyboard-form-sent")
    match = REFERENCE.search(page.locator("main").inner_text())
    assert match, "no reference number after sending the form with the keyboard"
    assert Inquiry.objects.filter(reference=match.group(0), contact_name="王芳").exists()

"""Keyboard only: the skip link comes first and works, focus is always visible, the inquiry form can be sent."""

import io
import re

import pytest
from PIL import Image, ImageChops

from tests.e2e.helpers import path_of

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"\b[A-Z]{1,4}-?\d{4}-?\d{3,6}\b")

# What the focused element looks like: is it marked so that a sighted keyboard user sees it?
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', id: el.id || '',
        href: el.getAttribute('href') || '', text: (el.innerText || el.value || '').trim().slice(0, 40),
        inForm: !!el.closest('main form'), inMain: !!el.closest('main') && el.tagName !== 'MAIN',
        checked: !!el.checked,
        style: `outline: ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`
            + `; box-shadow: ${style.boxShadow}`,
        onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0
            && rect.top < innerHeight + scrollY && rect.left < innerWidth,
    };
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def _changed_pixels(before: bytes, after: bytes) -> int:
    a = Image.open(io.BytesIO(before)).convert("RGB")
    b = Image.open(io.BytesIO(after)).convert("RGB")
    if a.size != b.size:
        return a.size[0] * a.size[1]
    # A channel difference above 24 counts: anti-aliasing noise does not, a focus ring does.
    return ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 24 else 0).histogram()[255]


def assert_focus_visible(page, info: dict) -> None:
    """Compare the focused element with itself unfocused, pixel by pixel (ring, outline, colour change...).

    The indicator must change at least as many pixels as a 1 px line around the element (the minimum
    area of WCAG 2.2's focus-appearance criterion): a white shadow on white or an outline of the
    background colour does not pass, however the CSS is written.
    """
    box = page.evaluate(
        """() => {
            const el = document.activeElement;
            const r = el.getBoundingClientRect();
            // A link that wraps onto two lines is two boxes: its perimeter is theirs, not the union's.
            const parts = [...el.getClientRects()].reduce((sum, p) => sum + 2 * (p.width + p.height), 0);
            const perimeter = Math.min(2 * (r.width + r.height), parts || Infinity);
            return {x: r.x, y: r.y, w: r.width, h: r.height, vw: innerWidth, vh: innerHeight, perimeter};
        }"""
    )
    pad = 8
    x0, y0 = max(box["x"] - pad, 0), max(box["y"] - pad, 0)
    x1, y1 = min(box["x"] + box["w"] + pad, box["vw"]), min(box["y"] + box["h"] + pad, box["vh"])
    assert x1 > x0 and y1 > y0, f"the focused element is not in the viewport: {info}"
    clip = {"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0}
    shot = {"clip": clip, "animations": "disabled", "caret": "hide"}
    with_focus = page.screenshot(**shot)
    page.evaluate("() => { window.__e2eFocus = document.activeElement; document.activeElement.blur(); }")
    without_focus = page.screenshot(**shot)
    page.evaluate("() => window.__e2eFocus.focus()")
    changed = _changed_pixels(with_focus, without_focus)
    perimeter = min(box["perimeter"], 2 * (clip["width"] + clip["height"]))
    assert changed >= perimeter, f"focus barely visible ({changed} px changed, need {perimeter:.0f}): {info}"


@pytest.mark.parametrize("path", ["/", "/projects/", "/en/inquiry/"], ids=["home", "projects", "en-inquiry"])
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(site, page, shots, path):
    page.goto(site.url + path)
    page.keyboard.press("Tab")
    info = focused(page)
    assert info and info["href"] == "#main", f"first Tab stop is {info}, not the skip link"
    assert_focus_visible(page, info)
    assert info["onScreen"], f"the focused skip link is off screen: {info}"
    shots("skip-link-focused", full_page=False)
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    # Focus is on <main> itself (it has tabindex=-1), so the next Tab goes to the first stop inside it.
    now = focused(page)
    assert now and now["id"] == "main", f"after the skip link, focus is on {now}, not on <main>"
    page.keyboard.press("Tab")
    now = focused(page)
    assert now and now["inMain"], f"the Tab after the skip link went to {now}, outside <main>"
    shots("after-skip-link", full_page=False)


@pytest.mark.parametrize(
    "path",
    ["/", "/projects/", "/projects/qiangxin-technology/", "/enterprises/", "/inquiry/", "/en/inquiry/status/"],
    ids=["home", "projects", "project", "enterprises", "inquiry", "en-status"],
)
def test_every_tab_stop_shows_where_the_focus_is(site, desktop_page, path):
    page = desktop_page
    page.goto(site.url + path)
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        info = focused(page)
        if info is None or (seen and info == seen[0]):
            break  # back to the start of the page
        assert_focus_visible(page, info)
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
    for _ in range(240):  # the form has grown optional space needs since the first release
        page.keyboard.press("Tab")
        info = focused(page)
        assert info is not None, "focus fell back to the page body"
        assert_focus_visible(page, info)
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


def test_focus_check_fails_on_a_page_that_hides_focus(site, desktop_page):
    """The check above can fail: with every focus style removed, a focused link is reported."""
    page = desktop_page
    page.goto(site.url + "/projects/")
    page.evaluate(
        """() => {
            const sheet = new CSSStyleSheet();
            sheet.replaceSync('*:focus, *:focus-visible { outline: none !important; box-shadow: none !important; }');
            document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        }"""
    )
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the skip link, whose whole box appears on focus
    info = focused(page)
    with pytest.raises(AssertionError, match="focus barely visible"):
        assert_focus_visible(page, info)

"""What a visitor's hands do, written once: language switch, the menu on a phone, page checks."""

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect


def path_of(page) -> str:
    return urlsplit(page.url).path


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def html_lang(page) -> str:
    return page.evaluate("() => document.documentElement.lang")


def switch_language(page, code: str) -> None:
    """Use the language switch on the page (a link or a button marked with the target language)."""
    lang = "en" if code == "en" else "zh"
    switch = page.locator(
        f"header a[hreflang^='{lang}'], header a[lang^='{lang}'], header button[lang^='{lang}'], "
        f"footer a[hreflang^='{lang}'], footer a[lang^='{lang}'], footer button[lang^='{lang}'], "
        f"[class*=lang] a[hreflang^='{lang}'], [class*=lang] button[value^='{lang}']"
    ).first
    if not switch.is_visible():
        open_menu(page)
    with page.expect_navigation():
        switch.click()
    expected = "en" if code == "en" else "zh-CN"
    expect(page.locator("html")).to_have_attribute("lang", expected)


def open_menu(page) -> None:
    """On a phone the main navigation may sit behind a menu toggle (a <details> or a button)."""
    toggle = page.locator(
        "header details > summary, header button[aria-controls], header button[aria-expanded='false']"
    ).first
    if toggle.count() and toggle.is_visible():
        toggle.click()


def go_via_nav(page, href_path: str) -> None:
    """Follow the main navigation link whose href ends with href_path (e.g. '/projects/')."""
    link = page.locator(f"header nav a[href$='{href_path}']").first
    if not link.is_visible():
        open_menu(page)
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()


def nav_label(page, href_path: str) -> str:
    """The text of the main-navigation link to href_path, visible or behind a closed menu."""
    return (page.locator(f"header nav a[href$='{href_path}']").first.text_content() or "").strip()


def assert_fits_width(page) -> None:
    """No sideways scrolling and nothing cut off at the right edge (a phone at 390 px included).

    Content inside its own horizontal scroll box (a wide table in an overflow-x container) is allowed.
    """
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const scrollBox = el => {
                for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                    const x = getComputedStyle(p).overflowX;
                    if (x === 'auto' || x === 'scroll') return true;
                }
                return false;
            };
            const wide = [...document.querySelectorAll('body *')]
                .filter(el => {
                    const r = el.getBoundingClientRect();
                    return r.width > 0 && r.right > width + 1 && !scrollBox(el);
                })
                .slice(0, 5)
                .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                    + (typeof el.className === 'string' ? '.' + el.className.trim().replaceAll(' ', '.') : ''));
            return {scroll: document.documentElement.scrollWidth, width, wide};
        }"""
    )
    assert overflow["scroll"] <= overflow["width"] and not overflow["wide"], f"wider than the viewport: {overflow}"


def project_names_on_page(page, prefix: str) -> set[str]:
    """Names of the demo projects (see conftest.site) linked from the list on this page."""
    texts = page.locator("main a").all_inner_texts()
    return {match.group(0) for text in texts for match in re.finditer(rf"{re.escape(prefix)}\S*?项目\d\d", text)}


def admin_log_in(page, base_url: str, username: str, password: str, *, prefix: str = "") -> None:
    """Log in on the admin's own login page (`prefix` "/en" for the English admin)."""
    page.goto(f"{base_url}{prefix}/admin/login/?next={prefix}/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("#login-form [type=submit]").click()
    assert path_of(page) == f"{prefix}/admin/", f"login failed for {username}: {page.url}"

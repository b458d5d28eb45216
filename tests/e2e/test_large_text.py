"""Large-text mode (长者模式, core/display.py) in a real browser: axe with the AAA rules on every public page
type at 390 and 1280 px, the sizes the mode promises measured as Chromium draws them, and the switch
itself used from the header with the keyboard.

The keyboard-only journeys in both modes: tests/e2e/test_keyboard_modes.py.

Lighthouse's accessibility audit is run by hand, not here: `npx --yes lighthouse@12` fetches Lighthouse
from the npm registry on every machine that runs it (the CI machines have no network to npm and no Node
packages pinned in the repository), and its accessibility category is axe-core again, which this file runs
from the vendored copy. The manual run, against `manage.py runserver 127.0.0.1:8610` on `make run`'s data:
    CHROME_PATH=/usr/bin/chromium npx --yes lighthouse@12 http://127.0.0.1:8610/projects/ \
      --only-categories=accessibility --chrome-flags="--headless=new --no-sandbox" \
      [--extra-headers='{"Cookie":"kaiqu_display=large"}']
On 2026-12-07 (Lighthouse 12.8.2, Chromium 156): 1.0 for /, /projects/, /spaces/, /policies/ and
/accessibility/, in both modes.
"""

import pytest

from core import display
from tests.e2e.axe import AAA_TAGS, axe_report, axe_run
from tests.e2e.helpers import assert_fits_width, path_of
from tests.e2e.policy_fixtures import policy_site  # noqa: F401 - a fixture

pytestmark = pytest.mark.e2e

# Every public page type (as tests/e2e/test_accessibility.py, plus the pages that came later).
PAGES = {
    "home": "/",
    "project-list": "/projects/",
    "project-list-filtered": "/projects/?zone=north&stage=construction",
    "project-detail": "/projects/qiangxin-technology/",
    "enterprise-list": "/enterprises/",
    "enterprise-detail": "/enterprises/heshun-technology/",
    "space-list": "/spaces/?status=all",
    "space-detail": "/spaces/revived-factory-kashen/",
    "space-compare": "/spaces/compare/",
    "zone-list": "/zones/",
    "zone-detail": "/zones/north/",
    "policy-list": "/policies/",
    "policy-detail": "/policies/e2e-talent/",
    "policy-checker-answer": "/policies/check/?in_zone=yes&employees=abc&rd_share=150&recognitions=high_tech",
    "about": "/about/",
    "contact": "/contact/",
    "search": "/search/?q=新能源",
    "privacy": "/privacy/",
    "accessibility": "/accessibility/",
    "barrier-report": "/accessibility/report/",
    "inquiry-form": "/inquiry/",
    "inquiry-status": "/inquiry/status/",
    "service": "/service/",
    "service-request": "/service/request/",
    "service-status": "/service/status/",
    "open-data": "/data/",
    "open-data-dataset": "/data/projects/",
    "figures": "/figures/",
}
LANGUAGES = {"zh": "", "en": "/en"}

# What the mode promises (static/css/large.css).
MIN_TEXT_PX = 20
MIN_LINE_HEIGHT = 1.5
MIN_TARGET_PX = 48

# Every visible piece of text and every control on the page, as drawn: its element, computed font size and
# line height, and for a control its box. Drawings (svg) and visually hidden text (skip link at rest, labels
# for screen readers, the honeypot) are left out: they are not text a sighted visitor reads.
MEASURE = """() => {
    const hidden = el => {
        for (let e = el; e && e !== document.body; e = e.parentElement) {
            const s = getComputedStyle(e);
            if (s.display === 'none' || s.visibility === 'hidden') return true;
            if (e.classList.contains('visually-hidden') || e.classList.contains('iq-hp')) return true;
            if (e.getAttribute('aria-hidden') === 'true') return true;
        }
        const r = el.getBoundingClientRect();
        return r.width === 0 || r.height === 0 || r.bottom < 0 || r.right < 0;
    };
    const classes = el => typeof el.className === 'string' ? el.className.trim().split(/\\s+/).filter(Boolean) : [];
    const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes(el).map(c => '.' + c).join('');
    const text = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!node.textContent.trim() || !el || el.closest('svg, script, style, noscript')) continue;
        if (hidden(el)) continue;
        const s = getComputedStyle(el);
        const size = parseFloat(s.fontSize);
        const line = s.lineHeight === 'normal' ? null : parseFloat(s.lineHeight);
        text.push({el: name(el), text: node.textContent.trim().slice(0, 30), size, line});
    }
    const controls = [];
    const selector = 'button, input:not([type=hidden]), select, textarea, summary, header a, nav a, footer a, '
        + '.pagination a, a.button, a.iq-button, .card-title a, .tier a, .stat a, .breadcrumbs a';
    for (const el of document.querySelectorAll(selector)) {
        if (hidden(el) || el.closest('svg')) continue;
        const r = el.getBoundingClientRect();
        const label = (el.innerText || el.value || el.name || '').trim().slice(0, 30);
        controls.push({el: name(el), type: el.type || '', text: label, width: r.width, height: r.height});
    }
    const animated = [...document.querySelectorAll('*')].filter(el => {
        const s = getComputedStyle(el);
        return s.animationName !== 'none' || parseFloat(s.transitionDuration) > 0;
    }).map(name);
    return {text, controls, animated};
}"""


def set_mode(page, site_url: str, mode: str) -> None:
    if mode == display.LARGE:
        page.context.add_cookies([{"name": display.COOKIE, "value": display.LARGE, "url": site_url}])
    else:
        page.context.clear_cookies(name=display.COOKIE)


def is_large(page) -> bool:
    return page.evaluate("() => document.documentElement.classList.contains('display-large')")


def too_small(measured: dict) -> dict[str, list]:
    """What breaks the mode's promises on the page as measured (empty lists: nothing)."""
    text = [t for t in measured["text"] if t["size"] < MIN_TEXT_PX - 0.01]
    lines = [t for t in measured["text"] if t["line"] is None or t["line"] < MIN_LINE_HEIGHT * t["size"] - 0.01]
    # A checkbox or radio is a square: both sides count; any other control needs the height (width follows text).
    targets = [
        c
        for c in measured["controls"]
        if c["height"] < MIN_TARGET_PX - 0.5
        or (c["type"] in ("checkbox", "radio") and c["width"] < MIN_TARGET_PX - 0.5)
    ]
    return {"text": text, "lines": lines, "targets": targets, "animated": measured["animated"]}


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.usefixtures("policy_site")
def test_large_mode_has_no_aaa_violation_and_keeps_its_sizes(site, page, name):
    from tests.service.conftest import ensure_desk_rows

    ensure_desk_rows()  # the request categories (a data migration's rows) for the service and barrier forms
    set_mode(page, site.url, display.LARGE)
    for language, prefix in LANGUAGES.items():
        response = page.goto(site.url + prefix + PAGES[name])
        assert response.status == 200, f"{prefix}{PAGES[name]} answered {response.status}"
        assert is_large(page), "the page is not in large-text mode"
        where = f"{name} ({language}, {page.width_name}, large text)"
        violations = axe_run(page, AAA_TAGS)
        assert not violations, f"axe (WCAG A, AA and AAA) on {where}:\n{axe_report(violations)}"
        problems = too_small(page.evaluate(MEASURE))
        assert not any(problems.values()), f"large-text promises broken on {where}: {problems}"
        assert_fits_width(page)


def test_the_measurement_fails_on_the_standard_pages(site, page):
    """The same measurement on the standard mode finds small text and small targets: it can fail."""
    page.goto(site.url + "/projects/")
    assert not is_large(page)
    problems = too_small(page.evaluate(MEASURE))
    assert problems["text"] and problems["targets"]


def test_large_mode_measurements_on_the_home_page(site, page):
    """The figures themselves: body text 20 px, line height at least 1.5, the menu one column of 48 px links."""
    set_mode(page, site.url, display.LARGE)
    page.goto(site.url + "/")
    body = page.evaluate(
        """() => { const s = getComputedStyle(document.querySelector('main p'));
                   return {size: parseFloat(s.fontSize), line: parseFloat(s.lineHeight)}; }"""
    )
    assert body["size"] >= MIN_TEXT_PX and body["line"] >= MIN_LINE_HEIGHT * body["size"], body
    links = page.locator(".main-nav a")
    boxes = [links.nth(i).bounding_box() for i in range(links.count())]
    assert len(boxes) >= 8
    assert all(box["height"] >= MIN_TARGET_PX for box in boxes), boxes
    lefts = {round(box["x"]) for box in boxes}
    assert len(lefts) == 1, f"the menu is not one column: link left edges at {sorted(lefts)}"
    tops = [box["y"] for box in boxes]
    assert tops == sorted(tops) and len(set(tops)) == len(tops), "the menu links are not one below the other"


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_header_switch_works_without_javascript_and_keeps_the_page(browser, site, language):
    """Scripts off: the plain link switches to large text and back, on the same page and address."""
    from tests.e2e.conftest import WIDTHS

    context = browser.new_context(viewport=WIDTHS["desktop"], java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    try:
        prefix = LANGUAGES[language]
        page.goto(site.url + prefix + "/projects/?zone=north")
        assert not is_large(page)
        with page.expect_navigation():
            page.locator("header .display-switch a").click()
        assert path_of(page) == prefix + "/projects/" and "zone=north" in page.url
        assert is_large(page)
        cookie = next(c for c in context.cookies() if c["name"] == display.COOKIE)
        assert cookie["value"] == "large" and cookie["sameSite"] == "Lax" and cookie["httpOnly"]
        # Every other page follows, and back to standard from there.
        page.goto(site.url + prefix + "/spaces/")
        assert is_large(page)
        with page.expect_navigation():
            page.locator("header .display-switch a").click()
        assert path_of(page) == prefix + "/spaces/" and not is_large(page)
        assert not [c for c in context.cookies() if c["name"] == display.COOKIE]
    finally:
        context.close()


def test_switching_never_shows_the_old_mode_from_the_browser_cache(site, desktop_page):
    """The browser keeps pages (ETag, Last-Modified); after the switch it must still show the new mode,
    and again after a reload and after going to the page by a link."""
    page = desktop_page
    page.goto(site.url + "/zones/")
    page.goto(site.url + "/projects/")
    assert not is_large(page)
    with page.expect_navigation():
        page.locator("header .display-switch a").click()
    assert is_large(page)
    page.goto(site.url + "/zones/")  # seen before in the standard mode
    assert is_large(page)
    page.reload()
    assert is_large(page)
    with page.expect_navigation():
        page.locator("header .display-switch a").click()
    assert not is_large(page) and path_of(page) == "/zones/"
    page.goto(site.url + "/projects/")
    assert not is_large(page)


SHOT_PAGES = {"home": "/", "projects": "/projects/", "accessibility": "/accessibility/"}


@pytest.mark.parametrize("mode", [display.STANDARD, display.LARGE])
def test_screenshots_in_both_modes(site, page, mode):
    """artifacts/a11y/<page>-<language>-<width>-<mode>.png, to be looked at (the e2e run keeps them)."""
    from tests.e2e.conftest import REPO
    from tests.service.conftest import ensure_desk_rows

    ensure_desk_rows()
    folder = REPO / "artifacts" / "a11y"
    folder.mkdir(parents=True, exist_ok=True)
    set_mode(page, site.url, mode)
    width = page.viewport_size["width"]
    for name, path in SHOT_PAGES.items():
        for language, prefix in LANGUAGES.items():
            page.goto(site.url + prefix + path)
            assert is_large(page) == (mode == display.LARGE)
            page.screenshot(path=str(folder / f"{name}-{language}-{width}-{mode}.png"), full_page=True)
            assert_fits_width(page)

"""axe-core (WCAG 2.1 A/AA and best practices) on every public page type, in both languages and widths.

Serious and critical violations fail the test; minor and moderate ones are printed (pytest -s or -rA).
Colour contrast is one of axe's WCAG AA rules, so it is covered here.
"""

import pytest

from tests.e2e.axe import assert_accessible, axe_run, blocking
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.helpers import assert_fits_width
from tests.e2e.policy_fixtures import policy_site  # noqa: F401 - a fixture

pytestmark = pytest.mark.e2e

PAGES = {
    "home": "/",
    "project-list": "/projects/",
    "project-list-filtered": "/projects/?zone=north&stage=construction",
    "project-list-bad-input": "/projects/?year=abc&min_investment=-1&zone=nowhere",
    "project-detail": "/projects/qiangxin-technology/",
    "enterprise-list": "/enterprises/",
    "enterprise-list-filtered": "/enterprises/?tag=listed&zone=north",
    "enterprise-detail": "/enterprises/heshun-technology/",
    "space-list": "/spaces/?status=all",
    "space-list-bad-input": "/spaces/?min_area=abc&max_power=-1&kind=castle&sort=price",
    "space-detail": "/spaces/revived-factory-kashen/",
    "zone-list": "/zones/",
    "zone-detail": "/zones/north/",
    "about": "/about/",
    "figures": "/figures/",
    "privacy": "/privacy/",
    "inquiry-form": "/inquiry/",
    "inquiry-status": "/inquiry/status/",
    "open-data": "/data/",
    "open-data-dataset": "/data/indicators/",
}
LANGUAGES = {"zh": "", "en": "/en"}


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_accessibility_violation(site, page, shots, name, language):
    response = page.goto(site.url + LANGUAGES[language] + PAGES[name])
    assert response.status == 200, f"{PAGES[name]} answered {response.status}"
    assert page.evaluate("() => document.documentElement.lang") == ("en" if language == "en" else "zh-CN")
    shots(f"{name}-{language}")
    assert_accessible(page, f"{name} ({language}, {page.width_name})")
    assert_fits_width(page)


POLICY_PAGES = {
    "policy-list": "/policies/",
    "policy-list-bad-input": "/policies/?status=forever&level=galactic",
    "policy-detail": "/policies/e2e-talent/",
    "policy-checker": "/policies/check/",
    "policy-checker-answer": "/policies/check/?in_zone=yes&employees=abc&rd_share=150&recognitions=high_tech",
}


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("name", list(POLICY_PAGES))
@pytest.mark.usefixtures("policy_site")
def test_policy_page_has_no_serious_accessibility_violation(site, page, shots, name, language):
    response = page.goto(site.url + LANGUAGES[language] + POLICY_PAGES[name])
    assert response.status == 200, f"{POLICY_PAGES[name]} answered {response.status}"
    shots(f"{name}-{language}")
    assert_accessible(page, f"{name} ({language}, {page.width_name})")
    assert_fits_width(page)


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_status_lookup_that_finds_nothing_has_no_serious_accessibility_violation(site, desktop_page, shots, language):
    page = desktop_page
    page.goto(site.url + LANGUAGES[language] + "/inquiry/status/")
    form = page.locator("main form:has([name=reference])")
    form.locator("[name=reference]").fill("QK2026-99999")
    form.locator("input:not([type=hidden]):not([name=reference])").first.fill("nobody@example.com")
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").first.click()
    shots(f"status-not-found-{language}")
    assert "QK2026-99999" in page.locator("[name=reference]").input_value()
    assert_accessible(page, f"status lookup without a match ({language})")


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_not_found_page_has_no_serious_accessibility_violation(site, desktop_page, shots, language):
    response = desktop_page.goto(site.url + LANGUAGES[language] + "/projects/no-such-project/")
    assert response.status == 404
    shots(f"404-{language}")
    assert_accessible(desktop_page, f"404 page ({language})")


def test_axe_reports_planted_violations(site, desktop_page):
    """The gate can fail: an unlabelled field and faint text added to a real page are caught as blocking."""
    page = desktop_page
    page.goto(site.url + "/inquiry/")
    page.evaluate(
        """() => {
            const main = document.querySelector('main');
            main.appendChild(document.createElement('input'));
            const faint = document.createElement('p');
            faint.textContent = '浅色文字 faint text';
            faint.style.color = '#dddddd';
            main.appendChild(faint);
        }"""
    )
    found = {v["id"]: v["impact"] for v in blocking(axe_run(page))}
    assert found.get("label") == "critical"
    assert found.get("color-contrast") == "serious"


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_pages_reflow_at_320_css_pixels(site, browser, language):
    """WCAG 1.4.10 Reflow: at 320 px (1280 px zoomed to 400 %) nothing needs sideways scrolling."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="zh-CN")
    try:
        page = context.new_page()
        for name, path in PAGES.items():
            page.goto(site.url + LANGUAGES[language] + path)
            try:
                assert_fits_width(page)
            except AssertionError:
                page.screenshot(path=str(ARTIFACTS / f"reflow-320-{name}-{language}.png"), full_page=True)
                raise
    finally:
        context.close()

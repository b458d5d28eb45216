"""Issue 13, the investors' journeys in both languages at 390 and 1280 px: true figures and dates on
the way, a project as the inquiry's context, an office landline accepted, the status page reached
from the thank-you page with the reference filled in, nothing cut off on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_fits_width, path_of

pytestmark = pytest.mark.e2e

TEXT = {
    "en": {"month": "June 2021", "unknown": "Date not published", "amount": re.compile(r"^RMB [\d.,]+$")},
    "zh-hans": {"month": "2021年6月", "unknown": "日期未公布", "amount": re.compile(r"^[\d.,]+$")},
}


def _lines(page, selector: str) -> int:
    """How many lines the first element matching `selector` takes."""
    return page.evaluate(
        """sel => { const el = document.querySelector(sel); const rects = [...el.getClientRects()];
                   const tops = new Set(rects.map(r => Math.round(r.top))); return tops.size; }""",
        selector,
    )


def _select_cut_off(page, selector: str) -> list[str]:
    """Options of the select that would not fit in its box (text width against the inner width)."""
    return page.evaluate(
        """sel => { const el = document.querySelector(sel); const style = getComputedStyle(el);
                   const ctx = document.createElement('canvas').getContext('2d');
                   ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                   const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
                   return [...el.options].filter(o => ctx.measureText(o.text).width > room).map(o => o.text); }""",
        selector,
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_investor_journey_sees_true_figures_and_reaches_the_status_page(site, page, shots, language):
    from inquiries.models import Inquiry
    from projects.models import Project

    prefix = "/en" if language == "en" else ""
    text = TEXT[language]
    tag = f"{language}-{page.width_name}"

    # Home: the total is one unbroken figure, in the reader's terms.
    page.goto(f"{site.url}{prefix}/")
    figure = page.locator(".stat-grid .stat >> nth=1").locator(".figure")
    expect(figure).to_have_text(text["amount"])
    assert _lines(page, ".stat-grid .stat:nth-child(2) .figure") == 1
    assert_fits_width(page)
    shots(f"home-{tag}")

    # A project whose signing date the report gives to the month; one whose date it does not give.
    page.goto(f"{site.url}{prefix}/projects/hzii-innovation-base-83-mu/")
    expect(page.locator("main")).to_contain_text(text["month"])
    expect(page.locator("main")).not_to_contain_text("2021-06-01")
    shots(f"project-month-{tag}")
    page.goto(f"{site.url}{prefix}/projects/morgan-stanley-lekun-renhe-park/")
    expect(page.locator(".timeline")).to_contain_text(text["unknown"])
    shots(f"project-unknown-date-{tag}")

    # From the project to the inquiry form: the project is the context, the preferences are the investor's.
    with page.expect_navigation():
        page.locator("main a[href*='/inquiry/?project=']").first.click()
    project = Project.objects.get(slug="morgan-stanley-lekun-renhe-park")
    expect(page.locator(".iq-about")).to_contain_text(project.name_en if language == "en" else project.name)
    form = page.locator("main form:has([name=contact_name])")
    assert form.locator("select[name=zone]").input_value() == ""
    assert form.locator("select[name=industry]").input_value() == ""
    assert _select_cut_off(page, "select[name=zone]") == []
    assert_fits_width(page)
    shots(f"inquiry-form-{tag}")

    # An office landline, accepted.
    form.locator("[name=contact_name]").fill("Li Ming")
    form.locator("[name=company]").fill("Example Smart Equipment Co.")
    form.locator("[name=phone]").fill("0571-8888 8888 转 123")
    form.locator("[name=email]").fill("")
    form.locator("textarea[name=message]").fill("We would like to see standard factory space.")
    form.locator("input[type=checkbox][name=consent]").check()
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").first.click()
    inquiry = Inquiry.objects.get()
    assert inquiry.phone == "0571-88888888-123"
    shots(f"thanks-{tag}")

    # The thank-you page leads to the status page with the reference filled in.
    with page.expect_navigation():
        page.locator("main a[href*='/inquiry/status/']").first.click()
    assert path_of(page) == f"{prefix}/inquiry/status/"
    status = page.locator("main form:has([name=reference])")
    expect(status.locator("[name=reference]")).to_have_value(inquiry.reference)
    status.locator("[name=reference]").fill(inquiry.reference.replace("-", "").lower())  # typed loosely
    status.locator("[name=contact]").fill("0571 88888888 ext 123")
    with page.expect_navigation():
        status.locator("button[type=submit], input[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("New" if language == "en" else "新提交")
    shots(f"status-{tag}")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_about_page_puts_on_this_page_before_the_text_and_filters_fit(site, page, shots, language):
    prefix = "/en" if language == "en" else ""
    page.goto(f"{site.url}{prefix}/about/")
    toc = page.locator("nav.about-toc").bounding_box()
    first_section = page.locator(".detail-main section").first.bounding_box()
    if page.width_name == "phone":
        assert toc["y"] < first_section["y"], "On this page comes after the text on a phone"
    else:
        assert toc["x"] > first_section["x"] and toc["y"] < first_section["y"] + first_section["height"]
    assert_fits_width(page)
    shots(f"about-{language}-{page.width_name}")
    page.goto(f"{site.url}{prefix}/projects/")
    assert _select_cut_off(page, "main select[name=zone]") == []
    shots(f"projects-{language}-{page.width_name}")

"""Journey (issue 24): a Chinese investor on a phone, on the data `make run` creates.

At 390 px she searches "新能源" from the header box and finds the new-energy enterprise, space
and policy the sample data holds; opens a result; searches the English site for "new energy"
and finds the same rows; filters the space list and sees the count and the first space within
the first screen (the filters folded above them); and opens the data catalogue from the footer.
The same pages at 1280 px, in both languages, are kept as screenshots and checked for the header
row and the folded filters (in the same test: deployed_site's data lives for one test).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import WIDTHS
from tests.e2e.helpers import assert_fits_width, go_via_nav

pytestmark = pytest.mark.e2e

PHONE_SCREEN = WIDTHS["phone"]["height"]  # the phone's first screen at 390 px


def new_energy_rows(language: str) -> dict[str, list[str]]:
    """What /search/ should list for the new-energy industry, from the database `setup_site` filled."""
    from django.utils import translation

    from enterprises.models import Enterprise
    from policies.models import Policy
    from spaces.models import Space

    spaces = Space.objects.public().exclude(status=Space.Status.WITHDRAWN)
    rows = {
        "enterprises": Enterprise.objects.public().filter(industry__slug="new-energy"),
        "spaces": spaces.filter(target_industries__slug="new-energy"),
        "policies": Policy.objects.public().filter(industries__slug="new-energy"),
    }
    with translation.override(language):
        return {
            key: sorted({str(row.title_i18n if key == "policies" else row.name_i18n) for row in queryset})
            for key, queryset in rows.items()
        }


def search_from_header(page, base_url: str, words: str) -> None:
    box = page.locator("header form[role=search] input[name=q]")
    expect(box).to_be_visible()
    # The box is labelled for a screen reader and fits the phone's width beside its button.
    assert box.evaluate("el => el.labels.length") == 1
    box.fill(words)
    with page.expect_navigation():
        box.press("Enter")
    assert "/search/" in page.url


def assert_group_shows(page, expected: dict[str, list[str]]) -> None:
    """Each group says how many rows it found and lists (up to five of) exactly those."""
    for key, names in expected.items():
        heading = page.locator(f"#group-{key}")
        expect(heading.locator(".count")).to_have_text(f"({len(names)})")
        shown = heading.locator("xpath=..").locator("ul.search-results > li > a").all_inner_texts()
        assert shown and set(shown) <= set(names), f"{key}: {shown}, expected among {names}"
        assert len(shown) == min(len(names), 5)


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_chinese_investor_on_a_phone_searches_filters_and_finds_the_data(deployed_site, browser, page, shots):
    from spaces.models import Space

    base = deployed_site.url
    page.goto(base + "/")
    assert_fits_width(page)
    # A compact menu: one row under the brand and the search box, not three.
    nav = page.locator("header nav.main-nav").bounding_box()
    assert nav["height"] < 60, f"the menu takes {nav['height']} px"
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] < 170, f"the header takes {header['height']} px of the phone's screen"
    shots("home-header", full_page=False)

    # 1. "新能源" from the header box: the new-energy enterprise, space and policy of the sample data.
    search_from_header(page, base, "新能源")
    expected = new_energy_rows("zh-hans")
    assert expected["enterprises"] and expected["spaces"] and expected["policies"], expected
    assert_group_shows(page, expected)
    assert "西湖比亚迪" in expected["enterprises"]  # the article's new-energy enterprise
    assert_fits_width(page)
    shots("search-xinnengyuan")

    # 2. She opens a space from the results: its page, with its status.
    first_space = page.locator("#group-spaces").locator("xpath=..").locator("ul.search-results > li > a").first
    name = first_space.inner_text()
    with page.expect_navigation():
        first_space.click()
    expect(page.locator("main h1")).to_contain_text(name)
    shots("space-opened", full_page=False)

    # 3. The English site finds the same rows for "new energy", the labels in English.
    page.goto(base + "/en/")
    search_from_header(page, base, "new energy")
    assert_group_shows(page, new_energy_rows("en"))
    shots("search-new-energy-en")

    # 4. The space register, filtered: after "筛选" the count and the first space are on the first screen.
    page.goto(base + "/")
    go_via_nav(page, "/spaces/")
    panel = page.locator("main details.filter-panel")
    expect(panel).to_have_attribute("open", "")
    page.locator("main select[name=kind]").select_option("factory")
    with page.expect_navigation():
        page.locator("main .filter-form button[type=submit]").click()
    assert "kind=factory" in page.url
    expect(panel).not_to_have_attribute("open", re.compile(".*"))
    count = Space.objects.public().on_offer().filter(kind=Space.Kind.FACTORY).count()
    heading = page.locator("#results-heading")
    expect(heading).to_have_text(f"{count} 个载体")
    assert heading.bounding_box()["y"] < PHONE_SCREEN
    first = page.locator("main .card-list > li").first
    top = first.bounding_box()["y"]
    assert top < PHONE_SCREEN, f"the first result starts {top:.0f} px down, below the first screen"
    expect(page.locator("main details.filter-panel > summary")).to_contain_text("类型")
    shots("spaces-filtered", full_page=False)
    # The folded filters open again without JavaScript's help (a <details>), with the chosen kind kept.
    page.locator("main details.filter-panel > summary").click()
    expect(page.locator("main select[name=kind]")).to_have_value("factory")

    # 5. The data catalogue, from the footer.
    link = page.locator("footer a[href='/data/']")
    expect(link).to_have_text("开放数据")
    with page.expect_navigation():
        link.click()
    expect(page.locator("main h1")).to_have_text("开放数据")
    assert_fits_width(page)
    shots("data-catalogue")

    # The same pages at 1280 px, in both languages (one database: deployed_site is set up once per test).
    for prefix in ("", "/en"):
        desktop_pages(browser, base, prefix, shots.folder)


def desktop_pages(browser, base: str, prefix: str, folder) -> None:
    """The header box, a search and a filtered list at 1280 px: one row of header, the folded filters."""
    context = browser.new_context(viewport=WIDTHS["desktop"], locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    name = "en" if prefix else "zh"
    try:
        page.goto(f"{base}{prefix}/")
        header = page.locator("header.site-header .header-inner").bounding_box()
        assert header["height"] < 70, "brand, search box and languages share one row at 1280 px"
        search_from_header(page, base, "83 mu" if prefix else "83亩")
        spaces = page.locator("#group-spaces").locator("xpath=..").locator("ul.search-results > li")
        # The space being fitted out is "coming": found, with its status on the result.
        expect(spaces.first).to_contain_text("Being fitted out" if prefix else "改造中")
        page.screenshot(path=str(folder / f"desktop-{name}-search-83-mu.png"), full_page=True)
        page.goto(f"{base}{prefix}/spaces/?zone=south")
        expect(page.locator("main details.filter-panel")).not_to_have_attribute("open", re.compile(".*"))
        assert page.locator("main .card-list > li").first.bounding_box()["y"] < WIDTHS["desktop"]["height"]
        page.screenshot(path=str(folder / f"desktop-{name}-spaces-filtered.png"))
    finally:
        context.close()

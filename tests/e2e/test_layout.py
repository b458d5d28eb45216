"""Issue 13, layout flaws found by walking the site: measured in the browser, at the widths people use.

- The admin changelists keep the name (or title) column readable at 1280 px with the navigation sidebar,
  every column and the filter column showing.
- A filter select on the public lists shows whichever option is chosen in full, on a phone and on a desktop.
- The service desk's figures are tiles like the home page's, with no number broken over two lines.
"""

import datetime
import os

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_fits_width

pytestmark = pytest.mark.e2e

ADMIN_PASSWORD = "Layout-Check-Password-77"  # noqa: S105

# (changelist, model label, the free-text column a person reads the row by)
CHANGELISTS = [
    ("/admin/projects/project/?verification=due", "projects.project", "name"),
    ("/admin/enterprises/enterprise/?verification=due", "enterprises.enterprise", "name"),
    ("/admin/spaces/space/", "spaces.space", "name"),
    ("/admin/policies/policy/", "policies.policy", "title"),
]

LISTS = ["/projects/", "/enterprises/", "/spaces/", "/policies/"]


def options_cut_off(page, selector: str) -> list[str]:
    """Options of each select matching `selector` whose text is wider than the select's text room.

    Chromium keeps 20 px of a select's inner width for the arrow: a select sized to its content is
    exactly text + padding + 20 px wide.
    """
    return page.evaluate(
        """sel => [...document.querySelectorAll(sel)].flatMap(el => {
                const style = getComputedStyle(el);
                const ctx = document.createElement('canvas').getContext('2d');
                ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
                const width = o => Math.round(ctx.measureText(o.text).width);
                return [...el.options].filter(o => ctx.measureText(o.text).width > room)
                    .map(o => `${el.name}: ${o.text} (${width(o)} > ${Math.round(room)})`);
            })""",
        selector,
    )


def lines_of(page, selector: str) -> list[int]:
    """How many lines the text of each element matching `selector` takes."""
    return page.evaluate(
        """sel => [...document.querySelectorAll(sel)].map(el => {
                const range = document.createRange(); range.selectNodeContents(el);
                return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
            })""",
        selector,
    )


@pytest.fixture
def admin_site(site):
    """The seed site as an officer sees the back office: a stale project, sample spaces and policies."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from projects.models import Project

    with open(os.devnull, "w") as devnull:
        call_command("generate_demo_data", policies=6, spaces=8, stdout=devnull)
    # A project checked long ago: the due list then shows a date in the last column, not only dashes.
    Project.objects.filter(slug="morgan-stanley-lekun-renhe-park").update(last_verified_on=datetime.date(2023, 3, 1))
    get_user_model().objects.create_superuser("layout-admin", "layout@example.com", ADMIN_PASSWORD)
    return site


def _log_in(page, url: str) -> None:
    page.goto(url + "/admin/login/")
    page.locator("#id_username").fill("layout-admin")
    page.locator("#id_password").fill(ADMIN_PASSWORD)
    with page.expect_navigation():
        page.locator("input[type=submit]").click()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_admin_changelists_keep_the_name_readable_at_1280(admin_site, desktop_page, shots, language):
    from django.apps import apps
    from django.contrib import admin

    page = desktop_page
    prefix = "/en" if language == "en" else ""
    _log_in(page, admin_site.url)
    for path, label, column in CHANGELISTS:
        page.goto(f"{admin_site.url}{prefix}{path}")
        expect(page.locator("#nav-sidebar")).to_be_visible()
        expect(page.locator("#changelist-filter")).to_be_visible()
        model_admin = admin.site._registry[apps.get_model(label)]
        # Every column of list_display is there (and the action checkbox): nothing left out to make room.
        assert page.locator("#result_list thead th").count() == len(model_admin.list_display) + 1, path
        cells = page.locator(f"#result_list tbody .field-{column}")
        assert cells.count() >= 2, f"{path} lists {cells.count()} rows"
        font = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('#result_list td')).fontSize)")
        widths = cells.evaluate_all("cells => cells.map(c => c.clientWidth)")
        # Readable: at least ten characters a line (a Chinese name of 20 characters takes two lines).
        assert min(widths) >= 10 * font, f"{path}: the {column} column is {min(widths)} px wide ({font} px font)"
        assert max(lines_of(page, f"#result_list tbody .field-{column} a, #result_list tbody .field-{column}")) <= 3
        if language == "zh-hans":
            # The back office works in Chinese: there every column fits beside the sidebars, no sideways scroll.
            results = page.evaluate(
                "() => { const r = document.querySelector('#changelist-form .results');"
                " return [r.scrollWidth, r.clientWidth]; }"
            )
            assert results[0] <= results[1], f"{path}: the table is {results[0]} px in a {results[1]} px box"
        shots(f"{language}-{label.split('.')[1]}")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_filter_selects_show_any_chosen_option_whole(site, page, shots, language):
    prefix = "/en" if language == "en" else ""
    for path in LISTS:
        page.goto(f"{site.url}{prefix}{path}")
        assert page.locator("main .filter-form select").count() >= 3
        assert options_cut_off(page, "main .filter-form select") == [], f"{prefix}{path} at {page.width_name}"
        assert_fits_width(page)
    # The longest English industry name, chosen: the closed select shows it whole.
    page.goto(f"{site.url}{prefix}/spaces/")
    chain = page.locator("main select[name=chain]")
    longest = max(chain.locator("option").all_inner_texts(), key=len)
    chain.select_option(label=longest)
    assert options_cut_off(page, "main select[name=chain]") == []
    shots(f"spaces-filters-{language}-{page.width_name}", full_page=False)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_service_desk_figures_are_tiles_with_whole_numbers(site, page, shots, language):
    from tests.service.conftest import ensure_desk_rows

    ensure_desk_rows()
    prefix = "/en" if language == "en" else ""
    page.goto(f"{site.url}{prefix}/service/")
    figures = page.locator("main .sv-figures").first
    expect(figures).to_be_visible()
    tiles = figures.locator(":scope > div")
    assert tiles.count() == 4
    boxes = [tiles.nth(i).bounding_box() for i in range(4)]
    # Tiles side by side: two a row on a phone, four on a desktop.
    per_row = sum(1 for box in boxes if abs(box["y"] - boxes[0]["y"]) < 1)
    assert per_row == (2 if page.width_name == "phone" else 4), boxes
    style = page.evaluate(
        """() => { const tile = document.querySelector('main .sv-figures > div');
                   const dd = tile.querySelector('dd'), body = getComputedStyle(document.body);
                   return {ddMargin: parseFloat(getComputedStyle(dd).marginLeft),
                           ddSize: parseFloat(getComputedStyle(dd).fontSize), bodySize: parseFloat(body.fontSize),
                           border: parseFloat(getComputedStyle(tile).borderTopWidth),
                           valueFirst: dd.getBoundingClientRect().top
                               < tile.querySelector('dt').getBoundingClientRect().top}; }"""
    )
    assert style["ddMargin"] == 0 and style["border"] >= 3, style
    assert style["ddSize"] >= 1.3 * style["bodySize"] and style["valueFirst"], style
    assert set(lines_of(page, "main .sv-figures dd")) == {1}  # no figure broken over two lines
    assert_fits_width(page)
    shots(f"service-{language}-{page.width_name}")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_form_selects_show_any_chosen_option_whole(site, page, shots, language):
    """The policy checker, the inquiry and the service request: on a phone their selects ran 290 px wide."""
    from tests.service.conftest import ensure_desk_rows

    ensure_desk_rows()
    prefix = "/en" if language == "en" else ""
    for path in ("/policies/check/", "/inquiry/", "/service/request/"):
        page.goto(f"{site.url}{prefix}{path}")
        assert page.locator("main form select").count() >= 1
        assert options_cut_off(page, "main form select") == [], f"{prefix}{path} at {page.width_name}"
        assert_fits_width(page)
        shots(f"{path.strip('/').replace('/', '-')}-{language}-{page.width_name}")


def _contrast(page, selector: str) -> float:
    """WCAG contrast of the text of `selector` against the first opaque background behind it."""
    return page.evaluate(
        """sel => {
            const el = document.querySelector(sel);
            const rgb = c => c.match(/[\\d.]+/g).map(Number);
            const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92
                : ((v + 0.055) / 1.055) ** 2.4; }).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
            let bg = null;
            for (let p = el; p && !bg; p = p.parentElement) {
                const c = rgb(getComputedStyle(p).backgroundColor);
                if (c.length === 3 || c[3] === 1) bg = c.slice(0, 3);
            }
            const [a, b] = [lum(rgb(getComputedStyle(el).color).slice(0, 3)), lum(bg || [255, 255, 255])];
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""",
        selector,
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_undisclosed_total_is_legible_on_the_home_tile(site, page, language):
    from core.cache import content_changed
    from projects.models import Project

    Project.objects.update(investment_disclosed=False)
    content_changed()
    page.goto(f"{site.url}{'/en' if language == 'en' else ''}/")
    expect(page.locator(".stat-grid .undisclosed")).to_be_visible()
    assert _contrast(page, ".stat-grid .undisclosed") >= 4.5


def test_search_box_and_data_catalogue_are_styled(site, page):
    page.goto(f"{site.url}/search/?q=电池")
    box = page.locator("main .search-form input[name=q]").bounding_box()
    assert box["height"] >= 38 and box["width"] >= 150, box  # a proper box, not the browser's bare 21 px field
    assert_fits_width(page)
    page.goto(f"{site.url}/en/data/")
    first = page.locator("main .dataset").first
    assert first.evaluate("li => getComputedStyle(li).listStyleType") == "none"
    dt, dd = first.locator("dt").first.bounding_box(), first.locator("dd").first.bounding_box()
    assert abs(dt["y"] - dd["y"]) < 8 and dt["x"] < dd["x"], (dt, dd)  # label beside its value
    widths = first.locator("dt").evaluate_all("dts => dts.map(d => Math.round(d.getBoundingClientRect().left))")
    assert len(set(widths)) == 1  # the labels in one column
    assert_fits_width(page)

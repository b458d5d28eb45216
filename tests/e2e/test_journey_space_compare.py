"""Journey (issue 24, item 10): a content editor adds a space named only in Chinese, with a photo and
a position, and gets its code and slug made for them; an investor on a phone or a desktop then picks
spaces on the list (seeing that photo and the position on the zone map), compares them side by side
and shares the comparison's address. On `make run`'s own data, the editor made by the administrator."""

import datetime
import io
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import WIDTHS, Shots, _new_page, _test_folder
from tests.e2e.helpers import admin_log_in, assert_fits_width, path_of

pytestmark = pytest.mark.e2e

NEW_SPACE = "钱江湾智造园三号标准厂房"


def _photo(tmp_path):
    from PIL import Image

    path = tmp_path / "factory.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (70, 110, 160)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def _editor_adds_a_space(browser, console_errors, deployed_site, editor, shots, tmp_path):
    """At 1280 px: the editor adds a space with a Chinese name only; returns the space."""
    from spaces.models import Space
    from zones.models import Zone

    context, page = _new_page(browser, WIDTHS["desktop"], console_errors, is_phone=False)
    try:
        shots.page = page
        admin_log_in(page, deployed_site.url, editor.username, editor.password_for_tests)
        page.goto(deployed_site.url + "/admin/spaces/space/add/")
        form = page.locator("#space_form")
        expect(form.locator("input[type=radio][name=zone]")).to_have_count(Zone.objects.count())
        expect(form.locator(".field-code .help")).to_contain_text("留空")
        shots("editor-space-add-empty")
        form.locator("#id_name").fill(NEW_SPACE)
        form.locator("#id_kind").select_option("factory")
        south = Zone.objects.get(slug="south")
        form.locator(f"input[type=radio][name=zone][value='{south.pk}']").check()
        form.locator("#id_floor_area_m2").fill("5200")
        form.locator("#id_clear_height_m").fill("9.5")
        form.locator("#id_offers_lease").check()
        page.locator("fieldset:has(#id_latitude) summary").click()
        form.locator("#id_latitude").fill("30.36500")
        form.locator("#id_longitude").fill("120.28500")
        page.locator("#images-group .add-row a").click()
        form.locator("#id_images-0-image").set_input_files(str(_photo(tmp_path)))
        form.locator("#id_images-0-alt_text").fill("三号厂房南侧外立面")
        shots("editor-space-filled")
        with page.expect_navigation():
            form.locator("input[name=_continue]").click()
        expect(page.locator(".messagelist")).to_contain_text("成功")
        space = Space.objects.get(name=NEW_SPACE)
        year = datetime.date.today().year
        assert re.fullmatch(rf"ZT-{year}-\d{{3}}", space.code)
        assert space.slug == space.code.lower()
        # What the editor sees: the generated code and slug in the form they are back on.
        expect(page.locator("#id_code")).to_have_value(space.code)
        expect(page.locator("#id_slug")).to_have_value(space.slug)
        assert space.images.get().thumbnail
        shots("editor-space-saved")
        assert_fits_width(page)

        # The theme picker of a policy reads Chinese throughout (Django's JavaScript catalogue).
        page.goto(deployed_site.url + "/admin/policies/policy/add/")
        picker = page.locator(".selector").first
        expect(picker).to_contain_text("可用")
        expect(picker).not_to_contain_text("Choose")
        shots("editor-policy-add-theme-picker")
        page.goto(deployed_site.url + "/en/admin/policies/policy/add/")
        expect(page.locator(".selector").first).to_contain_text("Available")
        shots("editor-policy-add-en")
        page.goto(deployed_site.url + "/en/admin/spaces/space/add/")
        shots("editor-space-add-en")

        # A measure's page, with its conditions inline, fits a 1280 px screen.
        from policies.models import Measure

        measure = Measure.objects.filter(conditions__isnull=False).order_by("pk").first()
        page.goto(f"{deployed_site.url}/admin/policies/measure/{measure.pk}/change/")
        expect(page.locator("#conditions-group")).to_be_visible()
        shots("editor-measure-conditions")
        assert_fits_width(page)
        return space
    finally:
        context.close()


def test_editor_adds_a_space_then_an_investor_compares_spaces(
    deployed_site, staff_account, browser, page, console_errors, request, tmp_path
):
    from spaces.models import Space
    from staff.roles import CONTENT_EDITOR

    shots = Shots(page, _test_folder(request))
    editor = staff_account(CONTENT_EDITOR, "editor-spaces", email="editor@example.com", first_name="编辑")
    new_space = _editor_adds_a_space(browser, console_errors, deployed_site, editor, shots, tmp_path)

    # The investor, at this test's width.
    shots.page = page
    page.goto(deployed_site.url + "/spaces/")
    main = page.locator("main")
    card = main.locator("article.space-card", has_text=NEW_SPACE)
    expect(card.locator("img")).to_have_attribute("alt", "三号厂房南侧外立面")
    # Sample spaces without photos show none.
    assert main.locator("article.space-card img").count() == Space.objects.filter(images__isnull=False).count()
    # The position is drawn on the zone map, numbered, with its coordinates in words below.
    map_figure = main.locator(".space-map")
    expect(map_figure.locator("a.map-point")).to_have_count(1)
    expect(map_figure).to_contain_text(NEW_SPACE)
    expect(map_figure).to_contain_text("30.36500, 120.28500")
    assert_fits_width(page)
    shots(f"investor-list-{page.width_name}")

    others = list(Space.objects.public().on_offer().exclude(pk=new_space.pk).newest_first()[:2])
    card.locator("input[name=ids]").check()
    main.locator("article.space-card", has_text=others[0].name).locator("input[name=ids]").check()
    with page.expect_navigation():
        main.locator(".compare-form button[type=submit]").click()
    assert path_of(page) == "/spaces/compare/"
    table = page.locator("table.compare-table")
    headers = table.locator("thead th")
    expect(headers).to_have_count(2)
    expect(headers.nth(0)).to_contain_text(NEW_SPACE)
    expect(headers.nth(1)).to_contain_text(others[0].name)
    expect(table.locator("thead img")).to_have_attribute("alt", "三号厂房南侧外立面")
    expect(table).to_contain_text("9.5 m")
    expect(table).to_contain_text(new_space.code)
    assert_fits_width(page)
    assert_accessible(page, f"compare page at {page.width_name}")
    shots(f"investor-compare-two-{page.width_name}")

    # The shareable address, opened as someone else would: with a third space added to it.
    link = page.locator("#compare-link").input_value()
    assert link.endswith(f"?ids={new_space.pk},{others[0].pk}")
    page.goto(f"{link},{others[1].pk}")
    expect(page.locator("table.compare-table thead th")).to_have_count(3)
    assert_fits_width(page)
    shots(f"investor-compare-three-{page.width_name}")
    page.goto(f"{deployed_site.url}/en/spaces/compare/?ids={new_space.pk},{others[0].pk},{others[1].pk}")
    expect(page.locator("h1")).to_have_text("Compare spaces")
    assert_fits_width(page)
    shots(f"investor-compare-en-{page.width_name}")
    page.goto(deployed_site.url + "/en/spaces/")
    assert_fits_width(page)
    shots(f"investor-list-en-{page.width_name}")

    # Four at once is refused with a message, not an error page.
    extra = Space.objects.public().on_offer().exclude(pk__in=[new_space.pk, *[o.pk for o in others]]).first()
    response = page.goto(f"{link},{others[1].pk},{extra.pk}")
    assert response.status == 400
    expect(page.locator("main [role=alert]")).to_contain_text("最多可并排比较3个载体")
    # The browser logs the 400 it was meant to get; nothing else may be logged.
    assert [e for e in console_errors if "status of 400" not in e] == []

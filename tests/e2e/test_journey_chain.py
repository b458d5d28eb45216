"""Issue 28, industry chain maps, on the data `make run` creates (`deployed_site`: the seed's ten
industries and the sample chains of `generate_demo_data --chains`):

- an investor on a phone (390 px) opens /industries/, picks an industry with an investment target,
  opens its chain page (an accessible SVG diagram; axe finds nothing serious), picks a target and
  follows its link to the inquiry form pre-filled with the industry and the link, sees the target named
  on the form, sends it and gets a reference; an investment officer, with an account the administrator
  made, opens the inquiry admin filtered by that chain link and finds the inquiry there (and not under
  another link);
- the chain pages read in both languages at 390 px, with nothing serious for axe.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import STAFF_PASSWORD, WIDTHS, _new_page
from tests.e2e.helpers import admin_log_in, assert_fits_width, html_lang, path_of, query_of

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"QK\d{4}-\d{5}")
INDUSTRY = "new-energy"  # any of the ten: every sample chain has a target
OFFICER = "chain-officer"
INVESTOR_EMAIL = "lin@example.com"


@pytest.fixture(autouse=True)
def _migration_rows(transactional_db):
    """The request categories a migration makes, again before `deployed_site`: the flush that ends a
    transactional test empties them, and `setup_site` needs them for its sample service requests."""
    from importlib import import_module

    from django.apps import apps

    import_module("service.migrations.0002_categories_and_job_schedules").create(apps, None)


@pytest.fixture
def officer_desktop(browser, console_errors):
    """The officer's own browser at 1280 px."""
    context, page = _new_page(browser, WIDTHS["desktop"], console_errors, is_phone=False)
    yield page
    context.close()


def assert_labelled_diagram(page) -> str:
    """The chain is drawn as an <svg> in main with an accessible name; returns that name."""
    diagram = page.locator("main svg").first
    expect(diagram).to_be_visible()
    name = diagram.evaluate(
        """svg => {
            const by = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
                .map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
            const title = svg.querySelector(':scope > title');
            return (svg.getAttribute('aria-label') || by || (title && title.textContent) || '').trim();
        }"""
    )
    assert name, "the chain diagram has no accessible name (aria-label, aria-labelledby or <title>)"
    assert diagram.get_attribute("aria-hidden") != "true"
    return name


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_investor_on_a_phone_answers_a_chain_target_and_the_officer_finds_it_by_link(
    deployed_site, staff_account, page, officer_desktop, shots, console_errors
):
    from industries.models import ChainNode, Industry
    from inquiries.models import Inquiry
    from staff.roles import INVESTMENT_OFFICER

    site = deployed_site.url
    industry = Industry.objects.get(slug=INDUSTRY)
    targets = list(industry.chain_nodes.filter(is_target=True))
    assert targets, "the sample chain of make run has no target"
    other = industry.chain_nodes.exclude(pk__in=[t.pk for t in targets]).first()

    # /industries/ lists the industries; she picks one.
    response = page.goto(site + "/industries/")
    assert response.status == 200
    main = page.locator("main")
    expect(main).to_contain_text(industry.name)
    assert_fits_width(page)
    shots("industries")
    with page.expect_navigation():
        main.locator(f"a[href$='/industries/{INDUSTRY}/']").first.click()
    assert path_of(page) == f"/industries/{INDUSTRY}/"

    # The chain page: what the industry is, the chain drawn as a labelled SVG, every link named.
    expect(main.locator("h1")).to_contain_text(industry.name)
    assert_labelled_diagram(page)
    for node in industry.chain_nodes.filter(parent=None):
        expect(main).to_contain_text(node.name)
    assert_accessible(page, f"chain page {INDUSTRY} (zh, phone)")
    assert_fits_width(page)
    shots("chain")

    # She picks a target and follows "tell us you can fill this".
    target = targets[0]
    expect(main).to_contain_text(target.target_brief[:20])
    answer = main.locator(f"a[href*='/inquiry/?'][href*='industry={INDUSTRY}'][href*='node={target.pk}']").first
    expect(answer).to_be_visible()
    assert (answer.inner_text() or "").strip()
    with page.expect_navigation():
        answer.click()
    assert path_of(page) == "/inquiry/"
    assert query_of(page)["industry"] == [INDUSTRY]
    assert query_of(page)["node"] == [str(target.pk)]

    # The form names the target she answers, and sends it with the link.
    form = main.locator("form:has([name=contact_name])")
    expect(main.locator(".iq-about")).to_contain_text(target.name)  # above the form, with a way out
    assert_fits_width(page)
    shots("inquiry-prefilled")
    form.locator("[name=contact_name]").fill("林女士")
    form.locator("[name=company]").fill("浙江某储能科技有限公司")
    form.locator("[name=email]").fill(INVESTOR_EMAIL)
    form.locator("textarea[name=message]").fill("我们生产动力电池模组，希望了解园区的标准厂房。")
    form.locator("input[type=checkbox][name=consent]").check()
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").first.click()
    reference = REFERENCE.search(main.inner_text()).group(0)
    shots("inquiry-sent")
    inquiry = Inquiry.objects.get(reference=reference)
    assert inquiry.chain_node_id == target.pk
    assert inquiry.industry_id == industry.pk
    assert inquiry.email == INVESTOR_EMAIL

    # The investment officer opens the inquiries filtered by that link and finds it.
    staff_account(INVESTMENT_OFFICER, OFFICER, first_name="军", last_name="吴")
    admin_log_in(officer_desktop, site, OFFICER, STAFF_PASSWORD)
    officer_desktop.goto(f"{site}/admin/inquiries/inquiry/?chain_node__id__exact={target.pk}")
    results = officer_desktop.locator("#result_list")
    expect(results).to_contain_text(reference)
    shots.page = officer_desktop
    shots("officer-inquiries-by-link")
    # Under another link of the same chain it is not listed.
    if other is not None:
        officer_desktop.goto(f"{site}/admin/inquiries/inquiry/?chain_node__id__exact={other.pk}")
        expect(officer_desktop.locator("#content-main")).not_to_contain_text(reference)
    assert ChainNode.objects.get(pk=target.pk).inquiries.filter(reference=reference).exists()
    assert not console_errors, console_errors


@pytest.mark.parametrize("page", ["phone"], indirect=True)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_chain_pages_read_in_both_languages_on_a_phone_with_nothing_serious_for_axe(
    deployed_site, page, shots, console_errors, language
):
    from industries.models import Industry

    site = deployed_site.url
    prefix = "/en" if language == "en" else ""
    industry = Industry.objects.get(slug=INDUSTRY)
    node = industry.chain_nodes.filter(parent=None, is_target=True).first()
    for name, path in {
        "industries": "/industries/",
        "chain": f"/industries/{INDUSTRY}/",
        "targets": "/industries/targets/",
    }.items():
        response = page.goto(site + prefix + path)
        assert response.status == 200, f"{prefix}{path} answered {response.status}"
        assert html_lang(page) == ("en" if language == "en" else "zh-CN")
        main = page.locator("main")
        expect(main).to_contain_text(industry.name_en if language == "en" else industry.name)
        if name != "industries":
            # The links read in the page's language (the sample chain has both).
            expect(main).to_contain_text(node.name_en if language == "en" else node.name)
            if language == "en":
                expect(main).not_to_contain_text(node.name)
        if name == "chain":
            label = assert_labelled_diagram(page)
            # The diagram's name is in the page's language too.
            has_chinese = bool(re.search(r"[\u4e00-\u9fff]", label))
            assert has_chinese == (language == "zh"), label
        shots(f"{name}-{language}")
        assert_accessible(page, f"{name} ({language}, phone)")
        assert_fits_width(page)
    assert not console_errors, console_errors

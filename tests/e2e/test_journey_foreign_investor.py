"""A foreign investor on the English site, at a desktop's 1280 px, on the data `make run` creates.

From the English home page the investor browses the signed projects with a filter, opens the policy
checker, answers as an enterprise *planning to come* (with a profile: industry, investment, staff,
revenue, R&D share, year founded), sees the measures grouped as likely / to check with a reason each
and every amount in RMB million / billion, reads one policy, and sends an inquiry in English.
"""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_fits_width, go_via_nav, html_lang, path_of, query_of

pytestmark = pytest.mark.e2e

PROFILE = {
    "industry": "life-health",
    "investment": "2.5",  # 亿元: RMB 250 million
    "employees": "120",
    "revenue": "5000",  # 万元: RMB 50 million
    "rd_share": "5",
    "founded_year": "2015",
}


def _expected_groups(profile: dict) -> dict[str, list[str]]:
    """What the rule engine says for this profile on the deployed data: the page must show the same."""
    from django.utils import translation

    from industries.models import Industry
    from policies.eligibility import Presence, Profile, evaluate, grouped
    from policies.models import Measure

    measures = Measure.objects.open().select_related("policy").prefetch_related("conditions__industries")
    answer = Profile(
        industry_id=Industry.objects.get(slug=profile["industry"]).pk,
        in_zone=Presence.PLANNING,
        investment=Decimal(profile["investment"]),
        employees=int(profile["employees"]),
        revenue=Decimal(profile["revenue"]),
        rd_share=Decimal(profile["rd_share"]),
        founded_year=int(profile["founded_year"]),
    )
    with translation.override("en"):
        groups = grouped(evaluate(measures, answer, datetime.date.today()))
        return {str(group): [r.measure.title_en for r in results] for group, results in groups.items()}


def test_foreign_investor_checks_policies_as_planning_to_come_and_inquires(
    deployed_site, desktop_page, shots, console_errors
):
    from inquiries.models import Inquiry
    from projects.models import Project

    page = desktop_page
    url = deployed_site.url

    # The English home page.
    page.goto(url + "/en/")
    assert html_lang(page) == "en"
    shots("home")

    # Signed projects, filtered to the north zone; the investment filter names RMB, not Chinese units.
    go_via_nav(page, "/projects/")
    assert path_of(page) == "/en/projects/"
    filters = page.locator("form.filter-form")
    expect(filters.get_by_text("Investment from (in units of RMB 100 million)")).to_be_visible()
    expect(filters.get_by_text("1 = RMB 100 million", exact=False).first).to_be_visible()
    assert "100 million yuan" not in page.locator("main").inner_text()
    filters.locator("select[name=zone]").select_option("north")
    with page.expect_navigation():
        filters.get_by_role("button", name="Apply filters").click()
    assert query_of(page)["zone"] == ["north"]
    north = Project.objects.public().filter(zone__slug="north").count()
    assert north, "make run's seed has projects in the north zone"
    expect(page.locator("#results-heading")).to_have_text(f"{north} projects")
    expect(page.locator(".project-card")).to_have_count(north)
    assert_fits_width(page)
    shots("projects-north")

    # The policy checker, from the policy library.
    go_via_nav(page, "/policies/")
    with page.expect_navigation():
        page.get_by_role("link", name="Check which measures may apply to you").click()
    assert path_of(page) == "/en/policies/check/"
    form = page.locator("form.checker-form")
    zone_question = form.locator("fieldset.field-in_zone")
    expect(zone_question).to_contain_text("Already here")
    expect(zone_question).to_contain_text("Neither")
    zone_question.get_by_label("Planning to come to the zone").check()
    form.locator("select[name=industry]").select_option(PROFILE["industry"])
    for name in ("investment", "employees", "revenue", "rd_share", "founded_year"):
        form.locator(f"input[name={name}]").fill(PROFILE[name])
    expect(form.locator("#id_investment_helptext")).to_contain_text("1 = RMB 100 million")
    expect(form.locator("#id_revenue_helptext")).to_contain_text("100 = RMB 1 million")
    shots("checker-filled")
    with page.expect_navigation():
        form.get_by_role("button", name="Check the measures").click()
    # The answer keeps the contract's parameters and units: in_zone=planning, investment in 亿元.
    assert query_of(page)["in_zone"] == ["planning"] and query_of(page)["investment"] == ["2.5"]
    expect(page.locator("#id_investment_amount")).to_have_text("You entered RMB 250 million.")
    expect(page.locator("#id_revenue_amount")).to_have_text("You entered RMB 50 million.")

    expected = _expected_groups(PROFILE)
    assert expected["likely"] and expected["check"], expected
    likely = page.locator(".result-group-likely")
    check = page.locator(".result-group-check")
    expect(likely.locator("h3")).to_contain_text(f"Likely eligible ({len(expected['likely'])})")
    expect(check.locator("h3")).to_contain_text(f"Check these ({len(expected['check'])})")
    assert sorted(likely.locator(".result-title a").all_inner_texts()) == sorted(expected["likely"])
    assert sorted(check.locator(".result-title a").all_inner_texts()) == sorted(expected["check"])
    # Each measure says why, in English: a location condition is met once the firm registers.
    for reason in likely.locator(".result-reason").all():
        expect(reason).to_contain_text("the location condition is met once you register in the zone")
    expect(likely.locator(".verdict-on_arrival").first).to_contain_text("Met once you register")
    expect(check.locator(".result-reason").first).to_contain_text("not answered yet:")
    # Amounts read in RMB: the conditions and the benefit caps, never in Chinese units.
    results_text = page.locator("#results").inner_text()
    assert "yuan" not in results_text and "万元" not in results_text and "亿元" not in results_text
    assert re.search(r"at least RMB [\d.,]+ (million|billion)", results_text), results_text
    assert re.search(r"up to RMB [\d.,]+ million", results_text), results_text
    assert_fits_width(page)
    shots("checker-answer")

    # The investor reads the first likely measure on its policy's page.
    first = likely.locator(".result-title a").first
    title = first.inner_text()
    with page.expect_navigation():
        first.click()
    assert path_of(page).startswith("/en/policies/") and "#measure-" in page.url
    measure = page.locator(":target")
    expect(measure).to_contain_text(title)
    expect(measure).to_contain_text("up to RMB")
    assert "yuan" not in measure.inner_text()
    expect(page.get_by_text("the Chinese text is the authoritative one", exact=False).first).to_be_visible()
    shots("policy")

    # Then sends an inquiry in English.
    go_via_nav(page, "/inquiry/")
    assert path_of(page) == "/en/inquiry/"
    inquiry_form = page.locator("main form")
    inquiry_form.locator("[name=contact_name]").fill("Anna Schmidt")
    inquiry_form.locator("[name=company]").fill("Schmidt Medical GmbH")
    inquiry_form.locator("[name=email]").fill("anna.schmidt@example.com")
    inquiry_form.locator("select[name=industry]").select_option(label="Life and health")
    inquiry_form.locator("textarea[name=message]").fill(
        "We plan a production site for medical devices and would like to learn about the R&D subsidy."
    )
    inquiry_form.locator("input[type=checkbox][name=consent]").check()
    shots("inquiry-form")
    with page.expect_navigation():
        inquiry_form.get_by_role("button", name="Send inquiry").click()
    expect(page.locator("h1")).to_have_text("Thank you for your inquiry")
    reference = page.locator(".iq-reference__number").inner_text().strip()
    expect(page.locator("main")).to_contain_text("An investment officer reads your inquiry")
    shots("inquiry-thanks")
    inquiry = Inquiry.objects.get(reference=reference)
    assert inquiry.contact_name == "Anna Schmidt" and inquiry.email == "anna.schmidt@example.com"
    assert inquiry.company == "Schmidt Medical GmbH" and inquiry.industry.slug == "life-health"
    assert inquiry.language.startswith("en")
    assert not console_errors, console_errors

"""/accessibility/: the statement in both languages, linked from every page's footer and listed in the
sitemap; /privacy/ names the display cookie; the tools the statement names are the ones the tests use."""

import re
from importlib.metadata import version
from pathlib import Path

import pytest

from portal.accessibility import TESTED_WITH

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]


def test_statement_in_chinese(client):
    response = client.get("/accessibility/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>无障碍声明</h1>" in html
    assert "WCAG" in html and "GB/T 37668-2019" in html and "AAA" in html
    assert f"axe-core {TESTED_WITH['axe']}" in html and f"Playwright {TESTED_WITH['playwright']}" in html
    assert "已知例外" in html and "/admin/" in html
    assert 'href="/accessibility/report/"' in html
    assert "1 个工作日内" in html  # the barrier category's acknowledge time, from the database


def test_statement_in_english(client):
    response = client.get("/en/accessibility/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Accessibility statement</h1>" in html
    assert "GB/T 37668-2019" in html and "Known exceptions" in html and "How we tested" in html
    assert f"Chromium {TESTED_WITH['chromium']}" in html
    assert 'href="/en/accessibility/report/"' in html
    assert "within 1 working day" in html


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
def test_statement_promises_the_reply_the_desk_sends_when_it_resolves_a_report(client, prefix):
    """What service.services does when the desk resolves a report (tests/service/test_barrier_report.py):
    the reply by e-mail, or a text message saying where to read it; no more."""
    html = client.get(prefix + "/accessibility/").content.decode()
    report = " ".join(html[html.index('id="report"') :].split())
    if prefix:
        assert (
            "Your report goes to the 钱小二 service desk, which acknowledges it within 1 working day. When it "
            "resolves your report, it sends you its reply by e-mail or, if you gave only a phone number, a text "
            "message saying where to read it."
        ) in report
        assert "tells you what was done" not in report
    else:
        assert (
            "您的反馈会交给钱小二服务台，服务台将在 1 个工作日内确认受理；办结时，服务台会把答复发到您的电子邮箱；"
            "如您只留了电话号码，则发短信告诉您在哪里查看答复。"
        ) in report
        assert "告诉您处理结果" not in report


def test_statement_without_the_barrier_category_offers_no_form(client):
    from service.models import ServiceCategory

    ServiceCategory.objects.filter(slug=ServiceCategory.ACCESSIBILITY).delete()
    html = client.get("/en/accessibility/").content.decode()
    assert "/en/accessibility/report/" not in html
    assert client.get("/en/accessibility/report/").status_code == 404


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_page_links_the_statement_from_its_footer(client, prefix):
    html = client.get(prefix + "/projects/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'href="{prefix}/accessibility/"' in footer


def test_sitemap_lists_the_statement_in_both_languages(client):
    xml = client.get("/sitemap.xml").content.decode()
    if "<sitemapindex" in xml:  # an index: read its sections
        xml = "".join(
            client.get(loc.replace("http://testserver", "")).content.decode()
            for loc in re.findall(r"<loc>([^<]+)</loc>", xml)
        )
    assert "/accessibility/</loc>" in xml and "/en/accessibility/" in xml


@pytest.mark.parametrize(("prefix", "words"), [("", "kaiqu_display"), ("/en", "kaiqu_display")])
def test_privacy_notice_names_the_display_cookie(client, prefix, words):
    html = client.get(prefix + "/privacy/").content.decode()
    section = html[html.index('id="display-cookie"') :][:600]
    assert words in section
    assert ("不用于识别或跟踪您" in section) if not prefix else ("not used to recognise or follow you" in section)


def test_statement_names_the_axe_that_is_vendored():
    readme = (REPO / "tests/e2e/vendor/axe-core/README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# axe-core {TESTED_WITH['axe']} ")


def test_statement_names_the_playwright_that_is_installed():
    assert version("playwright") == TESTED_WITH["playwright"]

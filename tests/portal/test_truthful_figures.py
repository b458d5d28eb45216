"""Issue 13: figures count real records, samples only when nothing real exists (labelled), undisclosed is
not 0, latest projects prefer real records, English amounts read "RMB … billion"."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from core.figures import amount_in_yi
from tests.publicsite.builders import make_enterprise, make_project

pytestmark = pytest.mark.django_db


def _stats(body: str) -> list[str]:
    """The text of the four live-count tiles, tags dropped."""
    grid = body[body.index('<ul class="stat-grid">') : body.index("</ul>", body.index('<ul class="stat-grid">'))]
    return [re.sub(r"<[^>]+>", "", tile).strip() for tile in re.findall(r'<li class="stat">(.*?)</li>', grid, re.S)]


def test_nothing_disclosed_reads_not_disclosed_never_zero(client):
    make_project(investment="99", investment_disclosed=False)
    zh, en = _stats(client.get("/").content.decode()), _stats(client.get("/en/").content.decode())
    assert zh[1].startswith("未披露") and not zh[1].startswith("0")
    assert en[1].startswith("Not disclosed")


def test_home_figures_count_real_records_and_ignore_samples(client):
    make_project(investment="10", slug="real")
    for n in range(3):
        make_project(investment="50000", is_demo=True, slug=f"demo-{n}")
    make_enterprise(listing_status="listed", exchange="chinext")
    for _n in range(5):
        make_enterprise(listing_status="listed", exchange="sse", is_demo=True)
    body = client.get("/").content.decode()
    projects, investment, enterprises, listed = _stats(body)
    assert projects.startswith("1") and investment.startswith("10 亿元")
    assert enterprises.startswith("1") and listed.startswith("1")
    assert "示例数据" not in "".join(_stats(body))


def test_home_figures_fall_back_to_samples_with_a_visible_label(client):
    make_project(investment="7", is_demo=True, slug="demo-a")
    make_project(investment="8", is_demo=True, slug="demo-b")
    projects, investment, enterprises, _listed = _stats(client.get("/").content.decode())
    assert projects.startswith("2") and "示例数据" in projects
    assert investment.startswith("15 亿元") and "示例数据" in investment
    assert enterprises.startswith("0") and "示例数据" not in enterprises
    en = _stats(client.get("/en/").content.decode())
    assert "Sample data" in en[0] and en[1].startswith("RMB 1.5 billion")


def test_latest_projects_prefer_real_records(client):
    real = make_project(name="真实的老项目", signed_on=datetime.date(2019, 1, 1), slug="real-old")
    for n in range(7):
        make_project(name=f"示例新项目{n}", is_demo=True, signed_on=datetime.date(2024, 1, n + 1), slug=f"d{n}")
    response = client.get("/")
    latest = list(response.context["latest_projects"])
    assert latest[0] == real
    body = response.content.decode()
    block = body[body.index('id="latest-heading"') :]
    assert block.index("真实的老项目") < block.index("示例新项目")


@pytest.mark.parametrize(
    ("yi", "english", "chinese"),
    [
        ("186.08", "RMB 18.6 billion", "186.08 亿元"),
        ("752", "RMB 75.2 billion", "752 亿元"),
        ("10", "RMB 1 billion", "10 亿元"),
        ("3.5", "RMB 350 million", "3.5 亿元"),
        ("0.125", "RMB 12.5 million", "0.13 亿元"),
    ],
)
def test_amounts_read_in_rmb_for_english_and_in_yi_for_chinese(yi, english, chinese):
    assert amount_in_yi(Decimal(yi), "en") == english
    assert amount_in_yi(Decimal(yi), "zh-hans") == chinese


@pytest.mark.parametrize(("prefix", "shown"), [("", "186.08</span> 亿元"), ("/en", "RMB 18.6</span> billion")])
def test_project_pages_show_the_amount_in_the_readers_terms(client, prefix, shown):
    make_project(investment="186.08", slug="big")
    for path in (f"{prefix}/projects/big/", f"{prefix}/projects/", f"{prefix}/"):
        body = client.get(path).content.decode()
        assert shown in body, path
        assert "× 100 million yuan" not in body


def test_report_card_amount_reads_in_rmb_billions_in_english(client, seeded):
    assert "RMB 75.2</span> billion" in client.get("/en/").content.decode()
    assert "752</span> 亿元" in client.get("/").content.decode()


def test_a_figure_never_wraps_mid_number():
    """At 390 px a large total stays on one line: figures sit in .figure, which never wraps."""
    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    assert re.search(r"\.figure\s*\{[^}]*white-space:\s*nowrap", css)

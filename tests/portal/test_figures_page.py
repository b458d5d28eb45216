"""/figures/, its CSVs and /api/v1/figures/: the same numbers three ways, in both languages, in a fixed number
of queries, samples labelled, small cells hidden and said so."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from api.figures import LedgerRowSerializer, MarketRowSerializer
from inquiries.models import Inquiry
from portal.figures import LEDGER_COLUMNS
from service.models import ServiceRequest
from spaces.market import MARKET_COLUMNS
from spaces.models import Space
from tests.factories import ProjectFactory, ServiceGridFactory, SpaceFactory, ZoneFactory
from tests.portal.test_figures import make_inquiry, make_request
from tests.publicsite.builders import count_queries
from tests.spaces.test_market import logged

pytestmark = pytest.mark.django_db

FIGURE = re.compile(r'data-figure="([^"]+)">([^<]*)<')


@pytest.fixture
def records(db):
    """Real inquiries, service requests, projects and spaces over the last weeks (relative to today)."""
    north = ZoneFactory(slug="north", name="北智", name_en="North")
    grid = ServiceGridFactory(number=2, zone=north)
    start = timezone.now() - datetime.timedelta(days=40)
    for n in range(7):
        received = start + datetime.timedelta(days=n)
        make_inquiry(received, [(Inquiry.Stage.CONTACTED, received + datetime.timedelta(days=n % 3 + 1))], zone=north)
        make_request(received, moves=[(ServiceRequest.Stage.ACCEPTED, received + datetime.timedelta(days=n % 2))],
                     grid=grid, zone=north)  # fmt: skip
    for n in range(6):
        ProjectFactory(zone=north, signed_on=datetime.date(2023, 3, 1 + n), started_on=datetime.date(2023, 9, 4 + n))
    for n in range(6):
        status = Space.Status.AVAILABLE if n % 2 else Space.Status.OCCUPIED
        space = SpaceFactory(zone=north, status=status, floor_area_m2=Decimal(1000 * (n + 1)), rent_disclosed=n < 5,
                             rent=Decimal(20 + n) if n < 5 else None)  # fmt: skip
        logged(space, (datetime.date(2023, 1, 2), Space.Status.AVAILABLE))


def page_figures(body: str) -> dict[str, Decimal]:
    return {key: Decimal(text.replace(",", "").rstrip("%")) for key, text in FIGURE.findall(body)}


def csv_rows(client, name):
    response = client.get(f"/figures/{name}.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="{name}.csv"'
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def as_csv(row: dict) -> dict:
    """An API row as its CSV row reads."""
    text = {True: "true", False: "false", None: ""}
    return {key: text[value] if value is None or isinstance(value, bool) else str(value) for key, value in row.items()}


def test_page_csv_and_api_give_the_same_numbers(client, records):
    body = client.get("/figures/").content.decode()
    shown = page_figures(body)
    ledger, market = csv_rows(client, "speed-ledger"), csv_rows(client, "space-market")
    api = client.get("/api/v1/figures/").json()
    assert [as_csv(row) for row in api["speed"]] == ledger
    assert [as_csv(row) for row in api["space_market"]] == market
    assert api["min_sample"] == 5 and api["as_of"] == timezone.localdate().isoformat()

    in_csv = {}
    for row in ledger:
        key = f"speed/{row['process']}/{row['breakdown']}/{row['group']}/{row['stage']}"
        in_csv[f"{key}/n"] = row["n"]
        in_csv[f"{key}/median"], in_csv[f"{key}/p90"] = row["median_working_days"], row["p90_working_days"]
    for row in market:
        measure = row["measure"]
        if row["table"] == "months_to_occupied":
            measure = {"median_months": "median", "p90_months": "p90"}[measure]
            in_csv[f"market/{row['table']}/{row['row']}/{row['column']}/n"] = row["n"]
        in_csv[f"market/{row['table']}/{row['row']}/{row['column']}/{measure}"] = row["value"]
    assert shown, "the page tags its figures"
    for key, value in shown.items():
        assert Decimal(in_csv[key]) == value, key
    # Every median the CSV gives is on the page, and the page hides what the CSV hides.
    medians = {key for key, value in in_csv.items() if key.endswith("/median") and value}
    assert medians <= set(shown)
    assert shown["speed/inquiries/all/all/first_reply/n"] == 7
    assert "speed/inquiries/all/all/first_reply/median" in shown
    assert "market/vacancy/factory//vacancy_share" in shown


def test_figures_link_to_the_lists_that_make_them(client, records):
    body = client.get("/figures/").content.decode()
    assert 'href="/projects/?zone=north"' in body
    assert 'href="/spaces/?kind=factory&amp;zone=north"' in body
    assert 'href="/spaces/?kind=factory&amp;tenure=lease&amp;sort=price"' in body
    assert 'href="/service/"' in body  # the requests are private: the page says what it counts instead
    assert 'href="/figures/speed-ledger.csv"' in body and 'href="/api/v1/figures/"' in body


def test_small_cells_are_hidden_and_the_page_says_so(client, records):
    body = client.get("/figures/").content.decode()
    assert "不足5" in body  # a month with fewer than five cases
    assert "不足5件的中位数和分位数不予公布" in body
    english = client.get("/en/figures/").content.decode()
    assert "fewer than 5" in english and "A median or percentile over fewer than 5 cases is not shown." in english


def test_the_setting_moves_the_minimum_sample(client, records, settings):
    settings.FIGURES_MIN_SAMPLE = 8
    api = client.get("/api/v1/figures/").json()
    wanted = ("inquiries", "all", "first_reply")
    (whole,) = [row for row in api["speed"] if (row["process"], row["breakdown"], row["stage"]) == wanted]
    assert (whole["n"], whole["median_working_days"], whole["hidden"]) == (7, None, True)
    assert api["min_sample"] == 8


def test_samples_are_labelled(client, db):
    zone = ZoneFactory(slug="north")
    SpaceFactory(zone=zone, is_demo=True)
    received = timezone.now() - datetime.timedelta(days=3)
    make_request(received, moves=[(ServiceRequest.Stage.ACCEPTED, received)], is_demo=True)
    body = client.get("/figures/").content.decode()
    assert body.count("示例数据") >= 4  # the service requests' and the market's headings and notes
    assert "尚无真实记录" in body and "尚未发布真实载体" in body
    rows = client.get("/api/v1/figures/").json()
    assert {row["is_sample"] for row in rows["space_market"]} == {True}
    assert {row["is_sample"] for row in rows["speed"] if row["process"] == "service"} == {True}
    assert {row["is_sample"] for row in rows["speed"] if row["process"] == "inquiries"} == {False}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_page_renders_in_both_languages_without_records(client, db, prefix):
    response = client.get(f"{prefix}/figures/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{"en" if prefix else "zh-CN"}">' in body
    assert ("Nothing to count yet." if prefix else "暂无可统计的记录。") in body
    assert not re.search(r"\sstyle=", body)


def test_unknown_csv_is_404_and_the_csvs_keep_their_columns(client, db):
    assert client.get("/figures/nothing.csv").status_code == 404
    assert list(csv_rows(client, "speed-ledger")[0]) == list(LEDGER_COLUMNS)
    header = client.get("/figures/space-market.csv").content.decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == list(MARKET_COLUMNS)
    # The API's rows have the CSVs' columns, in their order.
    assert list(LedgerRowSerializer().fields) == list(LEDGER_COLUMNS)
    assert list(MarketRowSerializer().fields) == list(MARKET_COLUMNS)


def test_figures_are_in_the_sitemap_and_the_footer(client, db):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/figures/" in sitemap and "http://testserver/en/figures/" in sitemap
    assert 'href="/figures/"' in client.get("/about/").content.decode()


def test_the_page_reads_a_fixed_number_of_queries_at_two_table_sizes(client, db):
    north = ZoneFactory(slug="north")

    def add(count):
        start = timezone.now() - datetime.timedelta(days=60)
        for n in range(count):
            received = start + datetime.timedelta(days=n % 50)
            make_inquiry(received, [(Inquiry.Stage.CONTACTED, received + datetime.timedelta(days=1))], zone=north)
            make_request(received, moves=[(ServiceRequest.Stage.ACCEPTED, received + datetime.timedelta(days=1))])
            ProjectFactory(zone=north, signed_on=datetime.date(2023, 3, 1), started_on=datetime.date(2023, 9, 4))
            logged(SpaceFactory(zone=north), (datetime.date(2023, 1, 2), Space.Status.AVAILABLE))

    add(2)
    small = count_queries(client, "/figures/")
    add(30)
    large = count_queries(client, "/figures/")
    assert small == large <= 14
    assert count_queries(client, "/api/v1/figures/") <= 16  # the page's reads, and the API's rate count


def test_charts_draw_the_medians_the_tables_give(client, records):
    from portal.figures import current_figures

    response = client.get("/figures/")
    body = response.content.decode()
    drawn = [(process, chart) for process, chart in response.context["ledger"] if chart is not None]
    # A process is drawn when one of its periods has a median (the projects' year here); the vacancy too.
    assert "projects" in {process.key for process, _chart in drawn}
    assert body.count('<svg class="chart-svg"') == len(drawn) + 1
    for process, chart in drawn:
        periods = process.breakdowns[1]
        for series, stage in zip(chart.data.series, process.stages, strict=True):
            assert list(series.values) == [dict(row.cells)[stage].median for row in periods.rows]
        assert [row.heading for row in chart.table.rows] == [row.group.key for row in periods.rows]
    vacancy = response.context["vacancy_chart"]
    assert list(vacancy.data.series[0].values) == [
        cells[-1][1].share for _kind, cells in current_figures().market.vacancy.rows
    ]


def test_no_chart_without_a_median_to_draw(client, db):
    body = client.get("/figures/").content.decode()
    assert '<svg class="chart-svg"' not in body

"""Every dataset declares what a catalogue and its readers need, and its data dictionary describes every
column (api/dictionary.py); the dataset pages show it in both languages, the .xlsx carries it."""

import io
import re
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from api import vocabularies
from api.common import Openness
from api.datasets import DATASETS
from api.dictionary import TYPES, columns
from tests.factories import IndicatorFactory, ProjectFactory, SpaceFactory, ZoneFactory

CJK = re.compile(r"[\u4e00-\u9fff]")


def both(text) -> tuple[str, str]:
    with translation.override("zh-hans"):
        zh = str(text)
    with translation.override("en"):
        en = str(text)
    return zh, en


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_dataset_is_described_for_catalogues_and_search_engines(name):
    """50 to 5,000 characters (Google's Dataset rich result; portals cut longer ones), in both languages."""
    dataset = DATASETS[name]
    for text in (dataset.description, *([dataset.series.description] if dataset.series else [])):
        zh, en = both(text)
        assert 50 <= len(zh) <= 5000 and CJK.search(zh), (name, len(zh), zh)
        assert 50 <= len(en) <= 5000 and not CJK.fullmatch(en), (name, len(en))
    title_zh, title_en = both(dataset.title)
    assert CJK.search(title_zh) and title_en and title_zh != title_en
    assert dataset.keywords, name
    for keyword in dataset.keywords:
        zh, en = both(keyword)
        assert CJK.search(zh) and en and zh != en, (name, zh, en)
    assert dataset.themes and set(dataset.themes) <= set(vocabularies.THEMES)
    assert dataset.frequency in vocabularies.FREQUENCIES
    assert Openness(dataset.openness).label
    assert re.fullmatch(r"[a-z][a-z0-9-]*", name) and name != "catalog"


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_column_has_names_in_both_languages_a_type_and_an_empty_meaning(name):
    dataset = DATASETS[name]
    described = columns(dataset)
    # The CSV's columns in its order, then the JSON-only fields.
    assert [c.name for c in described if c.in_csv] == list(dataset.columns)
    json_only = [entry.name for entry in dataset.allow_list.entries if not entry.columns]
    assert [c.name for c in described if not c.in_csv] == json_only
    for column in described:
        assert CJK.search(column.label_zh), (name, column.name, column.label_zh)
        assert column.label_en and column.label_en != column.label_zh, (name, column.name)
        assert column.type in TYPES and column.type_zh and column.type_en, (name, column.name)
        if column.empty_zh or column.empty_en:
            assert CJK.search(column.empty_zh) and column.empty_en, (name, column.name)
        if column.type == "decimal" and column.name.endswith(".value"):
            assert column.unit_zh and column.unit_en, (name, column.name)


def test_an_undisclosed_amount_is_not_zero():
    by_name = {c.name: c for c in columns(DATASETS["projects"])}
    assert by_name["investment.value"].empty_en == "not disclosed (not zero)"
    assert by_name["investment.value"].empty_zh == "未公开（不是零）"
    assert (by_name["investment.value"].unit_zh, by_name["investment.value"].unit_en) == ("亿元", "100 million yuan")
    assert by_name["land.value"].empty_en == "not known or not published (not zero)"
    assert by_name["signed_on"].type == "partial_date"
    assert not by_name["name"].can_be_empty and by_name["name_en"].can_be_empty


@pytest.mark.django_db
def test_the_units_in_the_dictionary_are_those_the_rows_carry(client):
    """A dataset's ``amounts`` name the unit its serializer writes; a row says which."""
    ProjectFactory(land_mu=Decimal("83"), floor_area_m2=Decimal("1000"))
    SpaceFactory(rent=Decimal("25"), rent_disclosed=True, clear_height_m=Decimal("9"))
    ZoneFactory(area_km2=Decimal("12.5"))
    for name, endpoint in [
        ("projects", "/api/v1/projects/"),
        ("spaces", "/api/v1/spaces/"),
        ("zones", "/api/v1/zones/"),
    ]:
        body = client.get(endpoint).json()
        row = body["results"][0] if isinstance(body, dict) else body[0]
        for field, (_source, unit) in DATASETS[name].amounts.items():
            if isinstance(row.get(field), dict) and row[field].get("unit"):
                assert (row[field]["unit"], row[field]["unit_en"]) == unit, (name, field)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "openness", "heading"),
    [("", "无条件开放", "数据字典"), ("/en", "Open without conditions", "Data dictionary")],
)
def test_the_dataset_page_shows_the_dictionary_in_both_languages(client, prefix, openness, heading):
    page = client.get(f"{prefix}/data/projects/")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    text = page.content.decode()
    assert openness in text and heading in text
    # Both names of a column, whatever the page's language.
    assert "总投资（亿元）：数值" in text and "total investment (100 million yuan): value" in text
    assert ("未公开（不是零）" if not prefix else "not disclosed (not zero)") in text
    assert 'href="/data/projects.xlsx"' in text


@pytest.mark.django_db
def test_an_unknown_dataset_page_is_a_404(client):
    assert client.get("/data/nothing/").status_code == 404
    assert client.get("/data/nothing/", HTTP_ACCEPT="text/turtle").status_code == 404


@pytest.mark.django_db
def test_the_year_by_year_list_on_the_indicators_page(client):
    IndicatorFactory(period="2019—2022年")
    IndicatorFactory(period="2023年")
    text = client.get("/en/data/indicators/").content.decode()
    assert 'id="year-2023"' in text and 'id="year-2022"' in text and "covers 2019–2022" in text
    assert "/data/indicators.csv?year=2023" in text


# --- The spreadsheet ------------------------------------------------------------------------------


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == vocabularies.FORMATS["xlsx"].content_type
    assert response["Content-Disposition"] == 'attachment; filename="projects.xlsx"'
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)


@pytest.mark.django_db
def test_xlsx_has_the_csv_columns_numbers_as_numbers_and_the_dictionary(client):
    ProjectFactory(name="示例项目", investment=Decimal("12.50"), investment_disclosed=True)
    ProjectFactory(name="未公开项目", investment=Decimal("3"), investment_disclosed=False)
    book = workbook(client.get("/data/projects.xlsx"))
    data, dictionary = book.worksheets
    rows = list(data.iter_rows(values_only=True))
    assert list(rows[0]) == list(DATASETS["projects"].columns)
    value = rows[0].index("investment.value")
    assert {row[value] for row in rows[1:]} == {Decimal("12.5"), None} or {row[value] for row in rows[1:]} == {
        12.5,
        None,
    }
    described = list(dictionary.iter_rows(values_only=True))
    assert described[0][:3] == ("column", "名称", "name")
    assert [row[0] for row in described[1:]] == list(DATASETS["projects"].columns)


@pytest.mark.django_db
def test_xlsx_is_bounded_and_takes_the_list_filters(client, monkeypatch):
    ProjectFactory(signed_on="2021-06-01")
    ProjectFactory(signed_on="2024-06-01")
    monkeypatch.setattr("api.downloads.XLSX_MAX_ROWS", 1)
    refused = client.get("/data/projects.xlsx")
    assert refused.status_code == 400 and "CSV" in refused.json()["detail"]
    book = workbook(client.get("/data/projects.xlsx?year=2024"))
    assert len(list(book.worksheets[0].iter_rows(values_only=True))) == 2
    assert client.get("/data/projects.xlsx?year=abc").status_code == 400


@pytest.mark.django_db
def test_a_dataset_page_is_not_the_current_section_of_the_list_it_describes(client):
    """/data/projects/ names /projects/ in its address; the header's "Projects" is still not the current page."""
    text = client.get("/data/projects/").content.decode()
    assert 'href="/projects/" aria-current="page"' not in text
    assert 'href="/projects/" aria-current="page"' in client.get("/projects/").content.decode()

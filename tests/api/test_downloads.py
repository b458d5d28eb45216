"""Downloads of every filtered list: CSV (BOM, formula guard) and JSON, streamed with flat memory."""

import csv
import io
import json
import tracemalloc

import pytest

from tests.factories import IndustryFactory, ProjectFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def content(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def test_csv_has_bom_and_the_list_filter(client, seeded):
    response = client.get("/data/projects.csv?zone=north")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = content(response)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    api = client.get("/api/v1/projects/?zone=north&page_size=100").json()
    assert [r["slug"] for r in rows] == [p["slug"] for p in api["results"]]
    assert {r["zone.slug"] for r in rows} == {"north"}


def test_csv_defuses_formulas(client, db):
    ProjectFactory(name='=HYPERLINK("http://evil")', summary="@SUM(A1)")
    rows = list(csv.DictReader(io.StringIO(content(client.get("/data/projects.csv")).decode("utf-8-sig"))))
    assert rows[0]["name"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["summary"] == "'@SUM(A1)"


def test_json_download_matches_the_api(client, seeded):
    response = client.get("/data/enterprises.json?tag=listed")
    assert response.status_code == 200
    body = json.loads(content(response))
    api = client.get("/api/v1/enterprises/?tag=listed&page_size=100").json()
    assert body["count"] == api["count"] and body["results"] == api["results"]
    assert body["licence"] == "CC BY 4.0"


def test_bad_filter_is_400_and_unknown_format_or_dataset_404(client, seeded):
    response = client.get("/data/projects.csv?year=abc")
    assert response.status_code == 400 and "year" in response.json()
    assert client.get("/data/projects.xml").status_code == 404
    assert client.get("/data/inquiries.csv").status_code == 404


@pytest.mark.parametrize("name", ["projects", "enterprises", "zones", "industries", "indicators", "platforms"])
def test_every_dataset_downloads(client, seeded, name):
    for fmt in ("csv", "json"):
        response = client.get(f"/data/{name}.{fmt}")
        assert response.status_code == 200, (name, fmt)
        content(response)


def test_list_pages_link_their_downloads_with_the_filter(client, seeded):
    page = client.get("/projects/?zone=north&utm_source=x").content.decode()
    assert 'href="/data/projects.csv?zone=north"' in page
    assert 'href="/data/projects.json?zone=north"' in page
    assert 'href="/api/v1/projects/?zone=north"' in page
    assert 'href="/data/enterprises.csv"' in client.get("/enterprises/").content.decode()


def _peak_while_streaming(client, url) -> tuple[int, int]:
    """(rows, peak of Python's allocations while the body streams, read chunk by chunk and dropped)."""
    response = client.get(url)
    tracemalloc.start()
    for _chunk in response.streaming_content:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return int(response["X-Total-Count"]), peak


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_download_memory_stays_flat(client, db, monkeypatch, fmt):
    """Five times the rows, about the same peak: rows are read a chunk at a time and written out.

    The chunk is made small (100 rows) so that both sizes span several chunks (6 and 30) and both
    fill the writers' 500-row output buffer, at a size the suite can afford; a download that held
    its rows, their serialized form or the body would peak about five times higher.
    bench/downloads.py measures 1,000 to 100,000 rows with the real
    chunk on PostgreSQL (docs/benchmarks.md).
    """
    monkeypatch.setattr("api.downloads.ITERATOR_CHUNK", 100)
    zone, industry = ZoneFactory(), IndustryFactory()
    ProjectFactory.create_batch(600, zone=zone, industry=industry)
    small_rows, small = _peak_while_streaming(client, f"/data/projects.{fmt}")
    ProjectFactory.create_batch(2400, zone=zone, industry=industry)
    large_rows, large = _peak_while_streaming(client, f"/data/projects.{fmt}")
    assert (small_rows, large_rows) == (600, 3000)
    assert large < small * 1.5, (small, large)

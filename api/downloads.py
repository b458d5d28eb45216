"""/data/<dataset>.csv, .json and .xlsx: the filtered list (api/datasets.py).

CSV is UTF-8 with a byte-order mark and goes through the admin exports' writer
(core.spreadsheets.files.csv_chunks: the same formula guard). JSON is one object with the dataset's
name, licence, count and ``results`` (rows as the API writes them), written row by row. Both are
streamed: rows are read with ``iterator()``, so memory stays flat whatever the row count
(tests/api/test_downloads.py measures it). The .xlsx has the CSV's columns (numbers as numbers) and
the data dictionary on a second sheet (api/dictionary.py); openpyxl's write-only mode writes it to a
temporary file, not to memory, and a workbook holds at most ``XLSX_MAX_ROWS`` rows (a filter that
matches more is a 400 pointing to the CSV). Filters are the list's own (a bad value: 400 naming
the field); downloads are counted by the API's per-client limit.
"""

import json
import tempfile
from decimal import Decimal, InvalidOperation

from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from rest_framework.exceptions import ValidationError

from api.datasets import DATASETS, DOWNLOAD_MAX_ROWS, ITERATOR_CHUNK, cell
from api.dictionary import columns as dictionary_columns
from api.filters import directory_filterset
from api.models import CatalogueSettings
from api.throttling import API_LIMIT, count_request
from core.spreadsheets.files import XLSX_CONTENT_TYPE, csv_chunks, write_xlsx

FORMATS = ("csv", "json", "xlsx", "geojson")
# A workbook is built whole before it is sent (a zip cannot be streamed row by row): at most this many
# rows, about 20 MB and a few seconds of work; a larger selection is offered as CSV.
XLSX_MAX_ROWS = 50_000


class _View:
    """What the FilterSet helper reads from a view."""

    def __init__(self, filterset_class):
        self.filterset_class = filterset_class


def _serialized(request, dataset, queryset):
    serializer = dataset.serializer(context={"request": request})  # the request makes each `url` absolute
    for row in queryset.iterator(chunk_size=ITERATOR_CHUNK):
        yield serializer.to_representation(row)


def _json_chunks(dataset, licence, count, rows):
    head = {"dataset": dataset.name, "licence": licence.licence_name, "licence_url": licence.licence_url}
    yield (json.dumps(head, ensure_ascii=False)[:-1] + f', "count": {count}, "results": [').encode()
    first = True
    chunk = []
    for row in rows:
        chunk.append(("" if first else ",\n") + json.dumps(row, ensure_ascii=False))
        first = False
        if len(chunk) == 500:
            yield "".join(chunk).encode()
            chunk = []
    yield ("".join(chunk) + "]}\n").encode()


def _geojson_chunks(rows):
    """An RFC 7946 FeatureCollection: one Point per row ([longitude, latitude], WGS 84), the row as properties."""
    yield b'{"type": "FeatureCollection", "features": ['
    first = True
    for row in rows:
        properties = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
        feature = {
            "type": "Feature",
            "id": row["slug"],
            "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
            "properties": properties,
        }
        yield (("" if first else ",\n") + json.dumps(feature, ensure_ascii=False)).encode()
        first = False
    yield b"]}\n"


def _number(kind):
    """How an .xlsx cell of a dictionary type is written: decimals and whole numbers as numbers."""

    def convert(value):
        if value in (None, "") or not isinstance(value, str):
            return value
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        return int(number) if kind == "integer" else number

    return convert if kind in ("decimal", "integer") else (lambda value: value)


def _xlsx_response(spec, rows):
    described = {column.name: column for column in dictionary_columns(spec)}
    converters = [_number(described[path].type if path in described else "") for path in spec.columns]
    data = ([convert(cell(row, path)) for convert, path in zip(converters, spec.columns, strict=True)] for row in rows)
    dictionary = [
        [c.name, c.label_zh, c.label_en, c.type, c.unit_zh, c.unit_en, c.empty_zh, c.empty_en]
        for c in described.values()
        if c.in_csv
    ]
    headers = ["column", "名称", "name", "type", "单位", "unit", "为空表示", "empty means"]
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    write_xlsx(spool, list(spec.columns), data, sheets=[(gettext("Dictionary"), headers, dictionary)])
    spool.seek(0)
    return FileResponse(spool, content_type=XLSX_CONTENT_TYPE)


@require_safe
def download(request, dataset, fmt):
    if dataset not in DATASETS or fmt not in FORMATS:
        raise Http404
    spec = DATASETS[dataset]
    if fmt == "geojson" and not spec.geojson:
        raise Http404
    refused = count_request(request)
    if refused is not None:
        return refused
    queryset = spec.rows()
    if spec.filterset_class is not None:
        try:
            queryset = directory_filterset(_View(spec.filterset_class), request, queryset).qs
        except ValidationError as error:
            return JsonResponse(error.detail, status=400, json_dumps_params={"ensure_ascii": False})
    if fmt == "geojson":
        queryset = queryset.filter(latitude__isnull=False, longitude__isnull=False)
    count = queryset.count()
    if count > DOWNLOAD_MAX_ROWS:
        return JsonResponse(
            {"detail": f"{count} rows match; a download holds at most {DOWNLOAD_MAX_ROWS}. Narrow the filter."},
            status=400,
        )
    if fmt == "xlsx" and count > XLSX_MAX_ROWS:
        return JsonResponse(
            {
                "detail": f"{count} rows match; a workbook holds at most {XLSX_MAX_ROWS}. Narrow the filter, "
                f"or download the CSV (up to {DOWNLOAD_MAX_ROWS} rows)."
            },
            status=400,
        )
    rows = _serialized(request, spec, queryset)
    if fmt == "xlsx":
        response = _xlsx_response(spec, rows)
    elif fmt == "csv":
        body = csv_chunks(list(spec.columns), ([cell(row, path) for path in spec.columns] for row in rows))
        response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    elif fmt == "geojson":
        response = StreamingHttpResponse(_geojson_chunks(rows), content_type="application/geo+json")
    else:
        body = _json_chunks(spec, CatalogueSettings.current(), count, rows)
        response = StreamingHttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{dataset}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Total-Count"] = str(count)
    return response


# Counted with the page lookup, so a stored answer counts too (the count is then read, not repeated, above).
download.page_cache_rate_limit = API_LIMIT

"""Reading uploaded sheets and writing exports: the only place that touches CSV and xlsx bytes.

Reading: CSV in UTF-8, GB18030 (Excel on Chinese Windows) or Windows-1252 (Excel on Western
Windows), told apart by the shape of the bytes and refused when they could be either; the first
sheet of an .xlsx, refused when it has merged cells or unpacks to a "zip bomb"; a formula cell
whose value Excel never computed is marked so the row reports it (openpyxl cannot calculate).

Writing: one path for every export (the model exports and the inquiry export): text is cleaned
of the control characters a workbook cannot hold and defused against formula injection by one
rule, and rows are streamed — CSV chunk by chunk, xlsx through openpyxl's write-only mode into
a temporary file — so memory stays flat whatever the row count.
"""

import csv
import datetime
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from io import BytesIO

import tablib
from django.utils.translation import gettext
from import_export.formats import base_formats
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.spreadsheets.cells import is_empty

# An .xlsx is a zip: refuse one that would unpack to more than this (a "zip bomb").
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read; the message is shown to the user as is."""


class FormulaWithoutValue:
    """An xlsx cell holding a formula that was never calculated (the file was not saved by Excel)."""

    def __init__(self, coordinate: str, formula: str):
        self.coordinate, self.formula = coordinate, formula

    def message(self) -> str:
        return gettext(
            "Cell %(cell)s holds the formula %(formula)s without a computed value. Open the file in "
            "Excel or WPS and save it again, or type the value."
        ) % {"cell": self.coordinate, "formula": self.formula}

    def __str__(self):
        return self.formula


class Dataset(tablib.Dataset):
    """A tablib dataset that also carries notes about how the file was read (its encoding), and
    the row number Excel shows for each data row (`sheet_rows`; the header is row 1), which differs
    from the data row's position once empty rows are left out. Empty: row n is sheet row n + 1."""

    notes: list[str]
    sheet_rows: list[int]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notes = []
        self.sheet_rows = []


# --- Reading ---------------------------------------------------------------------------------

_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_GB2312_BYTE = range(0xA1, 0xFF)


def decode_csv(data: bytes) -> tuple[str, str | None]:
    """The text of a CSV file and, when it is not UTF-8, a note saying how it was read.

    GB18030 decodes almost any byte string, so trying it after UTF-8 turns Windows-1252 "Crédit"
    into "Cr閐it". The two differ in shape: common Chinese characters are pairs of bytes in
    A1–FE, accented Latin letters single high bytes between ASCII letters. A file with both
    shapes is refused with a request to save it as UTF-8, never guessed.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    runs = _HIGH_RUN.findall(data)
    chinese = sum(1 for run in runs if len(run) % 2 == 0 and all(b in _GB2312_BYTE for b in run))
    single = sum(1 for run in runs if len(run) == 1)
    candidates = []
    for encoding in ("gb18030", "cp1252"):
        try:
            candidates.append((encoding, data.decode(encoding)))
        except UnicodeDecodeError:
            continue
    decoded = dict(candidates)
    if "cp1252" in decoded and "gb18030" in decoded:
        if chinese and not single:
            choice = "gb18030"
        elif single and not chinese:
            choice = "cp1252"
        else:
            raise SpreadsheetError(
                gettext(
                    "Cannot tell whether this CSV file is Chinese (GB18030) or Western European (Windows-1252) "
                    "text. In Excel choose “Save as” → “CSV UTF-8”, and upload that file."
                )
            )
    elif decoded:
        choice = next(iter(decoded))
    else:
        raise SpreadsheetError(gettext("The CSV file is neither UTF-8, GB18030 nor Windows-1252 text."))
    names = {"gb18030": gettext("Chinese (GB18030)"), "cp1252": gettext("Western European (Windows-1252)")}
    note = gettext(
        "The file is not UTF-8; it was read as %(encoding)s text. Check the names below; if they look "
        "garbled, save the file as “CSV UTF-8” and upload it again."
    ) % {"encoding": names[choice]}
    return decoded[choice], note


class CSV(base_formats.CSV):
    """CSV in UTF-8 (with or without BOM), GB18030 or Windows-1252 (see `decode_csv`)."""

    def is_binary(self):
        # Read the upload as bytes, so the encoding is chosen here rather than fixed by the admin.
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        note = None
        if isinstance(in_stream, bytes):
            in_stream, note = decode_csv(in_stream)
        if "\x00" in in_stream:
            raise SpreadsheetError(gettext("This is not a CSV text file."))
        dataset = Dataset()
        dataset.load(in_stream, format="csv", **kwargs)
        if note:
            dataset.notes.append(note)
        return dataset


class XLSX(base_formats.XLSX):
    """The first sheet of an .xlsx, refused when it has merged cells (their values would be lost)."""

    MERGE = re.compile(rb'mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
    FORMULA = re.compile(rb"<f[ >/]")

    def create_dataset(self, in_stream):
        import openpyxl

        try:
            archive = zipfile.ZipFile(BytesIO(in_stream))
        except zipfile.BadZipFile:
            raise SpreadsheetError(gettext("This is not an Excel (.xlsx) file.")) from None
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise SpreadsheetError(gettext("The workbook is too large once unpacked."))
        try:
            book = openpyxl.load_workbook(BytesIO(in_stream), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a damaged workbook
            raise SpreadsheetError(gettext("This is not an Excel (.xlsx) file.")) from None
        sheet = book.worksheets[0]
        merged, has_formulas = self._scan(archive, sheet._worksheet_path)
        if merged:
            raise SpreadsheetError(
                gettext("The sheet has merged cells (%(ranges)s); unmerge them and fill in every cell.")
                % {"ranges": ", ".join(merged[:5])}
            )
        rows = sheet.iter_rows(values_only=True)
        formulas = None
        if has_formulas:  # a second pass over the same sheet, reading the formulas themselves
            formula_book = openpyxl.load_workbook(BytesIO(in_stream), read_only=True, data_only=False)
            formulas = formula_book.worksheets[0].iter_rows()
        dataset = Dataset()
        try:
            dataset.headers = [("" if value is None else str(value).strip()) for value in next(rows)]
            if formulas is not None:
                next(formulas)
        except StopIteration:
            return dataset
        width = len(dataset.headers)
        for sheet_row, values in enumerate(rows, 2):
            values = list(values[:width]) + [None] * (width - len(values))
            if formulas is not None:
                for index, cell in enumerate(next(formulas)[:width]):
                    text = getattr(cell, "value", None)
                    if values[index] is None and isinstance(text, str) and text.startswith("="):
                        values[index] = FormulaWithoutValue(cell.coordinate, text)
            if all(is_empty(value) for value in values):
                continue
            dataset.append(values)
            dataset.sheet_rows.append(sheet_row)
        return dataset

    def _scan(self, archive, sheet_path) -> tuple[list[str], bool]:
        found, tail, formulas = [], b"", False
        with archive.open(sheet_path.lstrip("/")) as stream:
            while chunk := stream.read(1 << 20):
                data = tail + chunk
                found += [m.decode() for m in self.MERGE.findall(data)]
                formulas = formulas or bool(self.FORMULA.search(data))
                tail = data[-200:]
        return sorted(set(found)), formulas


IMPORT_FORMATS = [CSV, XLSX]


# --- Writing ---------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def defuse(value):
    """Keep a spreadsheet program from running text as a formula (CSV/formula injection).

    Text starting with = @ tab or a line break gets a leading apostrophe; so does text starting
    with + or -, unless it is a plain signed number (+123, -4.5), which a spreadsheet reads as
    that number. Numbers, dates and booleans are not text and pass unchanged.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if value[0] in "+-" and _NUMBER.fullmatch(value):
        return value
    return "'" + value


def clean_cell(value):
    """A value ready for either format: control characters a workbook cannot hold removed, defused."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | datetime.date):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)  # xlsx has no time zones; callers pass local time
        return value
    return defuse(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


class _Line:
    """A file-like object for csv.writer that hands back each written line."""

    def write(self, text):
        return text


def csv_chunks(headers: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """The CSV, UTF-8 with a byte-order mark (Excel on Chinese Windows needs it), a few hundred rows a chunk."""
    writer = csv.writer(_Line())
    yield "\ufeff".encode() + writer.writerow([clean_cell(h) for h in headers]).encode()
    chunk = []
    for row in rows:
        chunk.append(writer.writerow([clean_cell(value) for value in row]))
        if len(chunk) == 500:
            yield "".join(chunk).encode()
            chunk = []
    if chunk:
        yield "".join(chunk).encode()


def write_xlsx(target, headers: list[str], rows: Iterable[list], *, sheets: Iterable[tuple] = ()) -> None:
    """Write an .xlsx to a path or binary file; openpyxl's write-only mode keeps rows on disk, not in memory.

    `sheets` adds further sheets as (title, headers, rows), e.g. the allowed values of a template.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    for title, sheet_headers, sheet_rows in [(gettext("Data"), headers, rows), *sheets]:
        sheet = book.create_sheet(title=str(title)[:31])
        bold = []
        for header in sheet_headers:
            cell = WriteOnlyCell(sheet, value=clean_cell(header))
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        for row in sheet_rows:
            sheet.append([clean_cell(value) for value in row])
    book.save(target)


def write_file(target, fmt: str, headers: list[str], rows: Iterable[list]) -> None:
    """Write a whole export to a binary file (a background job's result)."""
    if fmt == "csv":
        for chunk in csv_chunks(headers, rows):
            target.write(chunk)
    else:
        write_xlsx(target, headers, rows)


def export_response(filename: str, fmt: str, headers: list[str], rows: Iterable[list]):
    """The HTTP response of an export in the request: CSV streamed, xlsx from a temporary file."""
    from django.http import FileResponse, StreamingHttpResponse

    if fmt == "csv":
        response = StreamingHttpResponse(csv_chunks(headers, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    write_xlsx(spool, headers, rows)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE)


class ExportCSV(base_formats.CSV):
    """The format choice offered by the export form; `export_response` does the writing."""


class ExportXLSX(base_formats.XLSX):
    pass


EXPORT_FORMATS = [ExportCSV, ExportXLSX]

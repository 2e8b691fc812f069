"""Reading an import file into a table of text: CSV (UTF-8 with or without BOM, Windows-1252, or
the UTF-16 with BOM that Excel's "Unicode Text" writes; `,`, `;` or tab, detected) or Excel
`.xlsx` (its first sheet). REGISTER.md section 9.

What is not a table is bad input (exit 2) with a sentence saying what is wrong: a missing,
empty, binary or header-only file, duplicate headers, too many columns, an oversized cell, an
`.xlsx` that is not a workbook, one that unpacks to more than any customer list (a zip bomb), one
that holds formulas without their values (written by a program, never saved by a spreadsheet).
Values stay text, as written (an Excel number is written back as the digits it shows; an Excel
date as 2026-11-24)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..errors import BadInput

MAX_COLUMNS = 200  # a customer list has ~25; a sheet of 1,000 columns is not one
MAX_CELL_CHARS = 10_000  # the longest field (an address) is far shorter; a 20 MB cell is not data
MAX_FILE_BYTES = 200 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"
# A workbook unpacks to ~10x its size (XML compresses well); a zip bomb to 1000x and more. A list of
# a million customers is ~250 MB of sheet XML: more than MAX_UNPACKED_BYTES is not a customer list.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 250  # of an entry over 10 MB unpacked
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class RawTable:
    headers: list[str]
    rows: list[list[str]]  # every row as long as the headers, '' for an empty cell
    numbers: list[int]  # each row's number in the file as a spreadsheet counts (the header is 1; blank rows count)
    encoding: str  # utf-8, utf-8-sig, cp1252 or xlsx
    delimiter: str | None


def _bad(message: str, code: str, **params) -> BadInput:
    return BadInput(message, code=code, **params)


def read_table(path: Path | str, name: str | None = None) -> RawTable:
    """The file's header and rows as text. `name` is the file's own name where `path` is a
    temporary copy (an upload): its ending says whether it is a workbook."""
    path = Path(path)
    if not path.is_file():
        raise _bad(f"no file at {path}", "import_no_file", path=str(path))
    size = path.stat().st_size
    if size == 0:
        raise _bad(f"{path.name} is empty: export the list again with its header row", "import_empty")
    if size > MAX_FILE_BYTES:
        raise _bad(f"{path.name} is larger than {MAX_FILE_BYTES // 2**20} MB; split it", "import_too_large",
                   limit=MAX_FILE_BYTES // 2**20)
    data = path.read_bytes()
    is_xlsx = (name or path.name).lower().endswith((".xlsx", ".xlsm")) or data.startswith(XLSX_MAGIC)
    table = _read_xlsx(data, path.name) if is_xlsx else _read_csv(data, path.name)
    _check_shape(table, path.name)
    return table


def _read_csv(data: bytes, name: str) -> RawTable:
    if data.startswith(UTF16_BOMS):  # Excel's "Unicode Text": UTF-16 with its BOM, tab-separated
        try:
            return _read_text(data.decode("utf-16"), "utf-16", name)
        except UnicodeDecodeError:
            raise _bad(f"{name} starts as UTF-16 text but is not: save it as CSV (UTF-8)", "import_binary") from None
    if b"\x00" in data[:65536]:
        raise _bad(f"{name} is not a text file (it holds binary data): save it as CSV or .xlsx", "import_binary")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _bad(f"{name} is neither UTF-8 nor Windows-1252 text: save it as CSV (UTF-8)", "import_binary")
    if encoding == "utf-8-sig" and not data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8"
    return _read_text(text, encoding, name)


def _read_text(text: str, encoding: str, name: str) -> RawTable:
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)  # the first of them on a tie: a one-column file
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as err:  # a field larger than csv's limit (128 KiB) among others
        raise _bad(f"{name} cannot be read as CSV: {err}", "import_bad_csv", detail=str(err)) from None
    if not any(any(cell.strip() for cell in r) for r in records):
        raise _bad(f"{name} holds no table: export the list again with its header row", "import_empty")
    return _rectangle(records, encoding, delimiter)


def _read_xlsx(data: bytes, name: str) -> RawTable:
    from python_calamine import CalamineWorkbook  # only an .xlsx import pays for the import

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise _bad(f"{name} is a zip file but not an Excel workbook", "import_not_xlsx")
            has_formulas = _check_unpacked(archive, name)
    except zipfile.BadZipFile:
        raise _bad(f"{name} is not an Excel workbook (.xlsx)", "import_not_xlsx") from None
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_index(0).to_python(skip_empty_area=True)
    except Exception as err:  # noqa: BLE001 - calamine's errors have no common base class
        raise _bad(f"{name} cannot be read as a workbook: {err}", "import_not_xlsx") from None
    records = [[_cell_text(v) for v in row] for row in sheet]
    filled = [r for r in records if any(cell.strip() for cell in r)]
    if has_formulas and len(filled) <= 1:
        raise _bad(f"{name} holds formulas without their values (it was written by a program, not saved by a "
                   "spreadsheet): open it in Excel or LibreOffice and save it, or save it as CSV", "import_formulas_only")
    if not filled:
        raise _bad(f"{name} holds no table in its first sheet", "import_empty")
    return _rectangle(records, "xlsx", None)


def _check_unpacked(archive: zipfile.ZipFile, name: str) -> bool:
    """Unpack every entry once without keeping it, stopping at MAX_UNPACKED_BYTES (a zip bomb's
    declared sizes may lie, so the bytes are counted as they come); a large entry that compresses
    more than MAX_RATIO is refused before it is unpacked. Returns whether a sheet holds formulas."""
    def bomb() -> BadInput:
        return _bad(f"{name} unpacks to more than {MAX_UNPACKED_BYTES // 2**20:,} MB: it is not a customer list "
                    "(a zip bomb?)", "import_zip_bomb", limit=MAX_UNPACKED_BYTES // 2**20)

    total, formulas = 0, False
    for info in archive.infolist():
        if info.file_size > 10 * 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise bomb()
        sheet = info.filename.startswith("xl/worksheets/")
        tail = b""
        with archive.open(info) as entry:
            while chunk := entry.read(1 << 20):
                total += len(chunk)
                if total > MAX_UNPACKED_BYTES:
                    raise bomb()
                if sheet and not formulas:
                    window = tail + chunk
                    formulas = b"<f>" in window or b"<f " in window
                    tail = chunk[-8:]
    return formulas


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _rectangle(records: list[list[str]], encoding: str, delimiter: str | None) -> RawTable:
    """The first non-blank record is the header; blank records are no rows but keep their numbers."""
    numbered = [(n, r) for n, r in enumerate(records, start=1) if any(cell.strip() for cell in r)]
    headers = [h.strip() for h in numbered[0][1]]
    while headers and not headers[-1]:
        headers.pop()  # trailing empty header cells (a spreadsheet's formatted columns)
    width = len(headers)
    rows = [(r + [""] * (width - len(r)))[:width] for _, r in numbered[1:]]
    return RawTable(headers, rows, [n for n, _ in numbered[1:]], encoding, delimiter)


def _check_shape(table: RawTable, name: str) -> None:
    if len(table.headers) > MAX_COLUMNS:
        raise _bad(f"{name} has {len(table.headers)} columns, more than {MAX_COLUMNS}: it is not a customer list",
                   "import_too_many_columns", n=len(table.headers), limit=MAX_COLUMNS)
    if not table.headers or not any(table.headers):
        raise _bad(f"{name} has no header row", "import_empty")
    if not table.rows:
        raise _bad(f"{name} has a header but no rows", "import_header_only")
    for number, row in zip(table.numbers, table.rows, strict=True):
        for cell in row:
            if len(cell) > MAX_CELL_CHARS:
                raise _bad(f"{name} row {number} has a cell of {len(cell):,} characters (at most {MAX_CELL_CHARS:,})",
                           "import_cell_too_long", row=number, limit=MAX_CELL_CHARS)

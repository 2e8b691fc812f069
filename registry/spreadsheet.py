"""Cells a spreadsheet opens safely, and CSV in the dialect a user's spreadsheet reads.

A cell whose text starts with =, +, -, @, a tab or a carriage return would be read by Excel or
LibreOffice as a formula (CSV injection, OWASP): it is written with a leading apostrophe, which the
spreadsheet shows as text. The register's own imports take that apostrophe off again
(`unneutralise`), so a file the register wrote can be corrected and imported as it is.

Dialects: "standard" is RFC 4180 (comma, UTF-8); "excel-fi" is what Excel opens with a Finnish
locale by a double click: semicolons, UTF-8 with its BOM (without it Excel reads ä as Ã¤)."""

from __future__ import annotations

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DIALECTS = ("standard", "excel-fi")


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unneutralise(text: str) -> str:
    """The value `neutralise` was given (text the register did not neutralise is left as it is)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def csv_bytes(rows: list[list[str]], dialect: str = "standard") -> bytes:
    """Rows (the first is the header) as CSV, every cell neutralised; CRLF line ends as RFC 4180."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dialect == "excel-fi" else ",", lineterminator="\r\n")
    writer.writerows([[neutralise("" if cell is None else str(cell)) for cell in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")

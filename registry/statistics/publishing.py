"""The statistics' files (REGISTER.md section 8): one CSV per table, in the standard or the
Finnish-Excel dialect, tables.json, the zip the page offers, and the protection report of `--json`."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from ..errors import BadInput
from ..spreadsheet import DIALECTS, neutralise
from . import linked
from .counting import StatTable
from .disclosure import DOMINANCE, PRIMARY, SECONDARY, TOTAL, input_cell
from .tables import LABEL_WORDS, WITHHELD


def _text(value: float | None, money: bool, dialect: str) -> str:
    if value is None:
        return WITHHELD
    text = f"{value:.2f}" if money else str(int(value))
    return text.replace(".", ",") if dialect == "excel-fi" else text


def finnish_label(dimension: str, value: str) -> str:
    """A row or column label as the Finnish-Excel CSV writes it: months, quarters, years and regions
    as they are, codes in words."""
    if value == TOTAL:
        return LABEL_WORDS["total"][0]
    key = f"kind.{value}" if dimension == "kind" else f"{dimension}.{value}"
    return LABEL_WORDS[key][0] if key in LABEL_WORDS else value


def table_rows(stat: StatTable, dialect: str = "standard") -> list[list[str]]:
    """The wide table of section 8: header, one row per row label, the total row. The excel-fi
    dialect writes the labels in Finnish words (section 8's codes stay in the standard CSV)."""
    table = stat.table
    rows_dim, columns_dim = stat.spec.rows, stat.spec.columns
    if dialect == "excel-fi":
        def words(dimension, value):
            return finnish_label(dimension, value)
        corner = LABEL_WORDS[f"dim.{rows_dim}"][0]
    else:
        def words(dimension, value):
            return value
        corner = rows_dim
    header = [corner, *(words(columns_dim, c) for c in table.columns), words(columns_dim, TOTAL)]
    body = []
    for row in (*table.rows, TOTAL):
        values = [_text(stat.cell(row, column), table.money, dialect) for column in (*table.columns, TOTAL)]
        body.append([words(rows_dim, row), *values])
    return [[neutralise(text) for text in line] for line in [header, *body]]


def csv_bytes(stat: StatTable, dialect: str = "standard") -> bytes:
    """The table as CSV: UTF-8 and commas; `excel-fi` is for Finnish Excel (semicolons, decimal
    comma, a byte-order mark so that Excel reads UTF-8)."""
    if dialect not in DIALECTS:
        raise BadInput(f"unknown CSV dialect {dialect!r}: use one of {', '.join(DIALECTS)}")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dialect == "excel-fi" else ",", lineterminator="\r\n")
    writer.writerows(table_rows(stat, dialect))
    data = out.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if dialect == "excel-fi" else data


def tables_json(tables: list[StatTable]) -> list[dict]:
    """The index of section 8, one entry per CSV file."""
    return [{"file": s.spec.file, "title_fi": s.spec.title_fi, "title_en": s.spec.title_en, "rows": s.spec.rows,
             "columns": s.spec.columns, "measure": s.spec.measure, "k": s.k} for s in tables]


def output_files(tables: list[StatTable], dialect: str = "standard") -> dict[str, bytes]:
    """Every file of `stats --out`: one CSV per table and tables.json."""
    files = {s.spec.file: csv_bytes(s, dialect) for s in tables}
    files["tables.json"] = (json.dumps(tables_json(tables), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files


def write_output(tables: list[StatTable], out_dir, dialect: str = "standard") -> list[str]:
    """Write the files into `out_dir` (created if missing); returns their names."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise BadInput(f"--out {out} is a file, not a directory")
    out.mkdir(parents=True, exist_ok=True)
    files = output_files(tables, dialect)
    for name, data in files.items():
        (out / name).write_bytes(data)
    return list(files)


def zip_bytes(tables: list[StatTable], dialect: str = "standard") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in output_files(tables, dialect).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def withheld_counts(stat: StatTable) -> tuple[int, int]:
    """(primary, secondary): how many cells the table withholds for their own sake and to protect them, without
    the intervals of `protection_report` (linear programs)."""
    statuses = list(stat.protected.status.values())
    return statuses.count(PRIMARY), statuses.count(SECONDARY)


def protection_report(stat: StatTable, dominance: float = DOMINANCE) -> dict:
    """Per withheld cell: why (primary or secondary), the interval an attacker can derive from
    everything published (all periods of a time table together; high is None when unbounded),
    and the range that interval must reach (REGISTER.md section 5): need_low and need_high, for a
    primary cell; a secondary cell (publishable in itself) must only not be pinned to one value, so
    its need_low and need_high are None."""
    cells = []
    table = stat.table
    per_unit = 100 if table.money else 1
    for (row, column), status in stat.protected.status.items():
        if status == "published":
            continue
        low, high = stat.protected.intervals[(row, column)]
        cell = input_cell(table, (row, column))
        need_low, need_high = linked.range_in_units(round(cell.value * per_unit), round(cell.top * per_unit),
                                                    table.money, status, dominance)
        cells.append({"row": row, "column": column, "why": status, "low": round(low, 2),
                      "high": None if high == float("inf") else round(high, 2),
                      "need_low": round(need_low / per_unit, 2) if status == "primary" else None,
                      "need_high": round(need_high / per_unit, 2) if status == "primary" else None})
    primary, secondary = withheld_counts(stat)
    return {"file": stat.spec.file, "withheld": len(cells), "primary": primary, "secondary": secondary,
            "cells": cells}

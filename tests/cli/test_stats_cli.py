"""`python -m registry stats --out DIR` (REGISTER.md sections 7 and 8), run as a scheduled job."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from registry.store import db
from registry.access import Actor
from registry.statistics.counting import statistics
from registry.statistics.publishing import table_rows
from tests.cli.test_cli import ok, one_line_error
from tests.conftest import run_cli

TODAY = "2026-11-25"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("stats-cli") / "registry.duckdb"
    ok(run_cli("demo", "--db", path, "--customers", 1500, "--seed", 4, "--today", TODAY))
    return path


def read_csv(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_stats_writes_one_csv_per_table_and_the_index_with_the_same_numbers_as_the_registry(demo_store, tmp_path):
    out = tmp_path / "stats" / "2026-11"  # created, parents too
    done = ok(run_cli("stats", "--db", demo_store, "--today", TODAY, "--out", out))
    assert f"to {out}" in done.stdout
    index = json.loads((out / "tables.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in out.iterdir()) == sorted([e["file"] for e in index] + ["tables.json"])
    by_file = {e["file"]: e for e in index}
    assert by_file["persons_by_region_status.csv"]["rows"] == "region"
    assert by_file["revenue_by_month_region.csv"]["measure"] == "eur"
    assert all(e["k"] == 5 and e["title_fi"] and e["title_en"] for e in index)
    with db.connect(demo_store) as conn:
        tables = statistics(conn, Actor("check", "auditor"), date.fromisoformat(TODAY))
    for stat in tables:
        assert read_csv(out / stat.spec.file) == table_rows(stat)  # the page shows these same tables
    persons = read_csv(out / "persons_by_region_status.csv")
    assert persons[0] == ["region", "active", "ended", "total"]
    assert persons[-1][0] == "total" and int(persons[-1][-1]) > 1000


def test_stats_json_reports_every_withheld_cell_with_its_interval(demo_store, tmp_path):
    done = ok(run_cli("stats", "--db", demo_store, "--today", TODAY, "--out", tmp_path, "--k", "7", "--json"))
    report = json.loads(done.stdout)
    assert report["k"] == 7 and len(report["tables"]) == len(report["files"]) - 1
    cells = [c for t in report["tables"] for c in t["cells"]]
    assert cells and {c["why"] for c in cells} == {"primary", "secondary"}
    for c in cells:
        assert c["high"] is None or c["high"] > c["low"]  # never a single value
    for table in report["tables"]:
        rows = read_csv(tmp_path / table["file"])
        header = rows[0]
        shown = {(r[0], column): text for r in rows[1:] for column, text in zip(header[1:], r[1:], strict=True)}
        assert sum(text == ".." for text in shown.values()) == table["withheld"]
        assert all(shown[(c["row"], c["column"])] == ".." for c in table["cells"])
    index = json.loads((tmp_path / "tables.json").read_text(encoding="utf-8"))
    assert {e["k"] for e in index} == {7}


def test_stats_for_finnish_excel(demo_store, tmp_path):
    ok(run_cli("stats", "--db", demo_store, "--today", TODAY, "--out", tmp_path, "--dialect", "excel-fi"))
    data = (tmp_path / "revenue_by_month_region.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b";" in data.splitlines()[0]


def test_stats_bad_input_is_one_line_and_changes_nothing(demo_store, tmp_path):
    assert "--k" in one_line_error(run_cli("stats", "--db", demo_store, "--out", tmp_path, "--k", "1"), 2)
    a_file = tmp_path / "taken"
    a_file.write_text("x")
    one_line_error(run_cli("stats", "--db", demo_store, "--out", a_file), 2)
    one_line_error(run_cli("stats", "--db", tmp_path / "missing" / "r.duckdb", "--out", tmp_path / "o"), 2)
    assert not (tmp_path / "o").exists()
    one_line_error(run_cli("stats", "--db", demo_store, "--out", tmp_path, "--today", "2026-13-01"), 2)


def test_stats_by_quarter_names_its_files_and_rows_by_quarter(demo_store, tmp_path):
    done = ok(run_cli("stats", "--db", demo_store, "--today", TODAY, "--out", tmp_path, "--period", "quarter",
                      "--json"))
    assert json.loads(done.stdout)["period"] == "quarter"
    index = {e["file"]: e for e in json.loads((tmp_path / "tables.json").read_text(encoding="utf-8"))}
    assert index["revenue_by_quarter_region.csv"]["rows"] == "quarter"
    assert "neljännesvuosittain" in index["orders_by_quarter_product_group.csv"]["title_fi"]
    rows = read_csv(tmp_path / "revenue_by_quarter_region.csv")
    assert rows[0][0] == "quarter" and rows[-2][0] == "2026-Q4" and rows[-1][0] == "total"

"""`python -m registry import` as a scheduled job or an operator runs it: exit codes and JSON."""

from __future__ import annotations

import json

import pytest

from registry.store import db
from tests.conftest import run_cli

GOOD = "etunimi;sukunimi;sähköposti\nAino;Aaltonen;aino@example.fi\nEino;Eskola;eino@example.fi\n"
ONE_BAD = GOOD + "Huono;Rivi;ei-osoite\n"


def do_import(store, tmp_path, text: str, *extra, source="registration"):
    path = tmp_path / "asiakkaat.csv"
    path.write_text(text, encoding="utf-8")
    return run_cli("import", "--db", store, "--source", source, "--file", path, "--actor", "mika", "--today",
                   "2026-11-24", *extra)


def test_a_clean_file_is_imported_and_prints_one_json_document(store, tmp_path):
    done = do_import(store, tmp_path, GOOD, "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert {k: doc[k] for k in ("source", "dry_run", "rows", "created", "updated", "unchanged", "rejected",
                                "ignored_columns", "notify")} == {
        "source": "registration", "dry_run": False, "rows": 2, "created": 2, "updated": 0, "unchanged": 0,
        "rejected": [], "ignored_columns": [], "notify": []}
    again = json.loads(do_import(store, tmp_path, GOOD, "--json").stdout)
    assert (again["created"], again["unchanged"]) == (0, 2)


def test_json_says_how_each_header_was_read_and_which_rows_were_copies(store, tmp_path):
    """REGISTER.md section 9: "columns" (a real CRM's headers, no mapping) and "duplicate_rows"."""
    text = ("First Name,Last Name,Email,Phone Number,Mobile Phone Number,Country/Region,Record ID\n"
            "Aino,A,aino@example.fi,09 4000000,040 1234567,Finland,17\n"
            "Eino,E,eino@example.fi,,050 7654321,Suomi,18\n"
            "Aino,A,aino@example.fi,09 4000000,040 1234567,Finland,17\n")
    done = do_import(store, tmp_path, text, "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["columns"] == {"First Name": "first_name", "Last Name": "last_name", "Email": "email",
                              "Mobile Phone Number": "phone", "Country/Region": "postal_country"}
    assert doc["ignored_columns"] == ["Phone Number", "Record ID"]
    assert doc["duplicate_rows"] == [{"row": 4, "same_as": 2}]
    assert (doc["created"], doc["rejected"]) == (2, [])


def test_a_rejected_row_refuses_the_file_with_exit_1_and_skip_invalid_imports_the_rest(store, tmp_path):
    for extra in (("--json",), ("--json", "--dry-run")):
        done = do_import(store, tmp_path, ONE_BAD, *extra)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert json.loads(done.stdout)["rejected"] == [{
            "row": 4, "reason": "invalid_email", "column": "email", "message": "not an e-mail address",
            "values": {"etunimi": "Huono", "sukunimi": "Rivi", "sähköposti": "ei-osoite"}}]  # to fix the row by
    assert json.loads(run_cli("due", "--db", store, "--json").stdout) == []
    skipped = do_import(store, tmp_path, ONE_BAD, "--skip-invalid")
    assert skipped.returncode == 0 and "row 4: invalid_email" in skipped.stdout and "2 new" in skipped.stdout


@pytest.mark.parametrize("args, message", [
    (("--source", "nowhere"), "nowhere"),
    (("--file", "/no/such/file.csv"), "no file"),
])
def test_an_unknown_source_or_a_missing_file_exits_2(store, tmp_path, args, message):
    path = tmp_path / "a.csv"
    path.write_text(GOOD, encoding="utf-8")
    base = {"--source": "registration", "--file": str(path)}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    done = run_cli("import", "--db", store, "--actor", "mika", *[x for kv in base.items() for x in kv])
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


def test_a_header_only_file_exits_2(store, tmp_path):
    done = do_import(store, tmp_path, "etunimi;sähköposti\n")
    assert done.returncode == 2 and "header but no rows" in done.stderr


def _bomb(path):
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 2**20))


def _formulas(path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["etunimi", "sähköposti"])
    book.active.append(['="Aino"', '="aino@example.fi"'])
    book.save(path)


@pytest.mark.parametrize("make, said", [(_bomb, "zip bomb"), (_formulas, "formulas without their values")])
def test_a_workbook_that_is_a_zip_bomb_or_only_formulas_exits_2_with_what_to_do(store, tmp_path, make, said):
    path = tmp_path / "asiakkaat.xlsx"
    make(path)
    done = run_cli("import", "--db", store, "--source", "registration", "--file", path, "--actor", "mika", "--json")
    assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr
    with db.connect(store) as conn:
        assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 0  # nothing changed


def test_excels_unicode_text_is_imported(store, tmp_path):
    path = tmp_path / "asiakkaat.txt"
    path.write_bytes("Etunimi\tSukunimi\tSähköposti\r\nAino\tÅberg\taino@example.fi\r\n".encode("utf-16"))
    done = run_cli("import", "--db", store, "--source", "registration", "--file", path, "--actor", "mika", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["created"] == 1

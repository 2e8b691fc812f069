"""`python -m registry settings` as an operator runs it: JSON, validation exit codes, the due list moved."""

from __future__ import annotations

import json

from tests.conftest import Contract, run_cli
from registry.store import db


def test_settings_show_prints_the_notices_facts_as_one_json_document(store):
    done = run_cli("settings", "show", "--db", store, "--json")
    assert done.returncode == 0, done.stderr
    values = json.loads(done.stdout)
    assert values["controller.name"] == "Molentum Oy" and values["retention_days"] == 90
    assert set(values["purposes"]) == {"fi", "en"}


def test_settings_set_retention_moves_the_due_list_and_bad_values_exit_2(store):
    with db.connect(store) as conn:
        Contract(conn).customer(id=1, until="2026-08-01")  # 115 days before 2026-11-24
    due = lambda: json.loads(run_cli("due", "--db", store, "--today", "2026-11-24", "--json").stdout)  # noqa: E731
    assert [p["customer_id"] for p in due()] == [1]
    assert run_cli("settings", "set", "retention_days", "150", "--db", store, "--actor", "mika").returncode == 0
    assert due() == []
    notice = run_cli("notice", "--db", store, "--lang", "fi", "--out", store.parent / "seloste.md")
    assert notice.returncode == 0 and "150 päivää asiakkuuden" in (store.parent / "seloste.md").read_text()
    for key, value in (("retention_days", "0"), ("controller.business_id", "1234567-0"), ("what", "x")):
        refused = run_cli("settings", "set", key, value, "--db", store, "--actor", "mika")
        assert refused.returncode == 2 and "Traceback" not in refused.stderr and refused.stderr.startswith("Error:")
    shown = json.loads(run_cli("settings", "show", "--db", store, "--json").stdout)
    assert shown["retention_days"] == 150 and shown["controller.business_id"] == "1813720-8"  # nothing changed


def test_notice_writes_each_format_and_a_missing_folder_exits_2(store, tmp_path):
    for fmt in ("md", "html", "pdf"):
        out = tmp_path / f"seloste.{fmt}"
        done = run_cli("notice", "--db", store, "--lang", "fi", "--format", fmt, "--out", out)
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 1000
    assert b"Tietosuojaseloste" in (tmp_path / "seloste.md").read_bytes()
    record = run_cli("notice", "--db", store, "--kind", "processing", "--lang", "en", "--out", tmp_path / "r.md")
    assert record.returncode == 0 and b"Article 30" in (tmp_path / "r.md").read_bytes()
    missing = run_cli("notice", "--db", store, "--out", tmp_path / "no" / "such" / "x.md")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr

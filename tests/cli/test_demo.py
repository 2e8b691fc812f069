"""Demo data: realistic, deterministic for a seed, and covering every case of the rules."""

from __future__ import annotations

import json
import re

import pytest

from registry import validation

from registry.store import db
from registry.validation import is_valid_y_tunnus, y_tunnus_check_digit
from registry.geo import POSTCODES
from tests.conftest import run_cli

TODAY = "2026-11-25"
TABLES = ("organisations", "customers", "orders", "invoices", "collection_cases", "legal_holds", "requests",
          "disclosures", "customer_notes", "visit_log", "import_rows")


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "registry.duckdb"
    result = run_cli("demo", "--db", path, "--customers", 3000, "--seed", 42, "--today", TODAY)
    assert result.returncode == 0, result.stderr
    return path


def fingerprint(path) -> dict:
    with db.connect(path) as conn:
        # Table names come from the fixed TABLES tuple.
        return {t: conn.execute(f"SELECT count(*), sum(hash(t)) FROM {t} t").fetchone() for t in TABLES}


def test_the_same_seed_gives_the_same_store(demo_store, tmp_path):
    again = tmp_path / "again.duckdb"
    assert run_cli("demo", "--db", again, "--customers", 3000, "--seed", 42, "--today", TODAY).returncode == 0
    other = tmp_path / "other.duckdb"
    assert run_cli("demo", "--db", other, "--customers", 3000, "--seed", 43, "--today", TODAY).returncode == 0
    assert fingerprint(again) == fingerprint(demo_store)
    assert fingerprint(other) != fingerprint(demo_store)


def test_every_case_of_the_rules_is_present(demo_store):
    due = json.loads(run_cli("due", "--db", demo_store, "--today", TODAY, "--json").stdout)
    reasons = {p["reason"] for p in due}
    blockers = {b for p in due for b in p["blockers"]}
    assert reasons == {"retention", "erasure_request"}
    assert blockers == {"collection", "legal_hold", "open_invoice", "org_contact"}
    assert any(not p["blockers"] for p in due)
    assert any(len(p["blockers"]) > 1 for p in due)
    requests = json.loads(run_cli("requests", "--db", demo_store, "--today", TODAY, "--json").stdout)
    assert {r["kind"] for r in requests} >= {"access", "rectification", "erasure", "restriction", "portability"}
    assert any(r["overdue"] for r in requests)
    assert any(r["days_left"] == 0 for r in requests)
    assert any(0 < r["days_left"] <= 7 for r in requests)
    with db.connect(demo_store) as conn:
        q = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        assert q("SELECT count(DISTINCT status) FROM requests") == 5
        assert q("SELECT count(*) FROM requests WHERE extended_on IS NOT NULL AND status IN ('received', 'in_progress')")
        assert q("SELECT count(*) FROM requests WHERE customer_id IS NULL")
        assert q("SELECT count(*) FROM customers WHERE restricted_on IS NOT NULL")
        assert q("SELECT count(*) FROM customers WHERE marketing_objection_on IS NOT NULL")
        assert q("SELECT count(*) FROM customers WHERE purged_on IS NOT NULL AND email IS NULL")
        assert q("SELECT count(*) FROM customers WHERE is_contact_person AND organisation_id IS NOT NULL")
        assert q("SELECT count(DISTINCT year(ordered_on)) FROM orders") >= 5
        assert q("SELECT count(DISTINCT purpose) FROM disclosures") == 5
        assert q("SELECT count(DISTINCT source) FROM customers") == 4


def test_persons_look_finnish_and_well_formed(demo_store):
    real_postcodes = {(code, town) for code, town, _, _ in POSTCODES}
    with db.connect(demo_store) as conn:
        rows = conn.execute("SELECT email, phone, ip_address, postal_postcode, postal_city FROM customers "
                            "WHERE purged_on IS NULL").fetchall()
        business_ids = [r[0] for r in conn.execute("SELECT business_id FROM organisations").fetchall()]
        orders_per_person = conn.execute("SELECT count(*) / count(DISTINCT customer_id) FROM orders").fetchone()[0]
    assert rows
    for email, phone, ip, postcode, city in rows:
        assert re.fullmatch(r"[a-z-]+\.[a-z-]+\d*@[a-z.]+", email), email
        assert re.fullmatch(r"\+358(4[0-9]|50)\d{7}", phone), phone  # a Finnish mobile number in E.164
        assert all(0 <= int(part) <= 255 for part in ip.split(".")) and ip.count(".") == 3
        assert (postcode, city) in real_postcodes
    assert all(validation.phone(phone) == phone for _, phone, _, _, _ in rows)  # stored as a form would store it
    assert all(is_valid_y_tunnus(b) for b in business_ids)
    assert len(set(business_ids)) == len(business_ids)
    assert 8 <= orders_per_person <= 12


@pytest.mark.parametrize("business_id,valid", [
    ("1813720-8", True),   # Molentum Oy, from the privacy notice
    ("0112038-9", True),
    ("1813720-7", False),
    ("181372-8", False),
    ("1813720", False),
])
def test_y_tunnus_check_digit(business_id, valid):
    assert is_valid_y_tunnus(business_id) is valid


def test_a_base_with_remainder_one_has_no_valid_check_digit():
    assert y_tunnus_check_digit("0000006") is None  # 6 * 2 = 12, remainder 1: no check digit exists
    assert any(y_tunnus_check_digit(f"{n:07d}") is None for n in range(1000, 1100))


def test_demo_refuses_a_store_that_already_holds_persons(demo_store):
    result = run_cli("demo", "--db", demo_store, "--customers", 100)
    assert result.returncode == 2
    assert "already holds 3,000 persons" in result.stderr and "Traceback" not in result.stderr


def test_demo_needs_enough_persons_for_every_case(tmp_path):
    result = run_cli("demo", "--db", tmp_path / "r.duckdb", "--customers", 10)
    assert result.returncode == 2 and "at least 50" in result.stderr

"""Shared fixtures: a temporary store built through the public data contract.

`contract` inserts rows naming only the contract's columns (REGISTER.md section 2), as the web
shop and the accounting system do, so every test also checks that such INSERTs keep working.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from registry.store import db

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _fast_busy_timeout(monkeypatch):
    monkeypatch.setenv("REGISTRY_BUSY_TIMEOUT", "1")


@pytest.fixture
def store(tmp_path) -> Path:
    """Path of a fresh, initialised store in a temporary directory."""
    path = tmp_path / "registry.duckdb"
    with db.connect(path, must_exist=False):
        pass
    return path


@pytest.fixture
def conn(store):
    """A connection to the fresh store, closed after the test."""
    with db.connect(store) as connection:
        yield connection


class Contract:
    """Insert rows the way other systems do: only contract columns, defaults for the rest."""

    def __init__(self, conn):
        self.conn = conn
        self._next = {}

    def _id(self, table, given):
        if given is not None:
            return given
        self._next[table] = self._next.get(table, 1000) + 1
        return self._next[table]

    def _insert(self, table, row):
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        # Table and column names come from the test code, not from input.
        self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))
        return row["id"]

    def organisation(self, id=None, name="Esimerkki Oy", since=date(2020, 1, 1), until=None, business_id="1572860-0"):
        return self._insert("organisations", dict(id=self._id("organisations", id), name=name, business_id=business_id,
                                                  customer_since=since, customer_until=until))

    def customer(self, id=None, since=date(2020, 1, 1), until=None, **columns):
        row = dict(id=self._id("customers", id), first_name="Matti", last_name="Meikäläinen",
                   email=f"person{id}@example.fi", customer_since=since, customer_until=until)
        row.update(columns)
        return self._insert("customers", row)

    def order(self, customer_id, ordered_on=date(2024, 5, 1), amount=100, id=None, product="Kahvinkeitin"):
        return self._insert("orders", dict(id=self._id("orders", id), customer_id=customer_id, ordered_on=ordered_on,
                                           product=product, amount_eur=amount))

    def invoice(self, customer_id, issued_on=date(2024, 5, 1), paid_on=None, credited_on=None, amount=100, id=None,
                order_id=None):
        return self._insert("invoices", dict(id=self._id("invoices", id), customer_id=customer_id, order_id=order_id,
                                             issued_on=issued_on, due_on=issued_on, amount_eur=amount,
                                             paid_on=paid_on, credited_on=credited_on))

    def collection(self, customer_id, opened_on=date(2025, 1, 1), closed_on=None, id=None):
        return self._insert("collection_cases", dict(id=self._id("collection_cases", id), customer_id=customer_id,
                                                     opened_on=opened_on, closed_on=closed_on, agency="Perintä Oy"))

    def legal_hold(self, customer_id, placed_on=date(2025, 1, 1), lifted_on=None, reason="Riita-asia", id=None):
        return self._insert("legal_holds", dict(id=self._id("legal_holds", id), customer_id=customer_id, reason=reason,
                                                placed_on=placed_on, lifted_on=lifted_on))

    def request(self, customer_id, kind="access", received_on=date(2026, 11, 1), status="received",
                verified_on=None, extended_on=None, id=None, channel="email"):
        return self._insert("requests", dict(id=self._id("requests", id), customer_id=customer_id, kind=kind,
                                             received_on=received_on, channel=channel,
                                             identity_verified_on=verified_on, extended_on=extended_on,
                                             status=status))


@pytest.fixture
def contract(conn) -> Contract:
    return Contract(conn)


def no_wait(due_on: str, extend_by: str | None = None) -> dict:
    """The keys `requests --json` gives a request nobody asked anything of, beside due_on (REGISTER.md
    section 7): no suspension, so strict_due_on is due_on, and extend_by is due_on unless extended."""
    return {"strict_due_on": due_on, "suspended_days": 0, "waiting": False, "asked_late": False,
            "extend_by": extend_by or due_on, "duplicate_of": None}


def demo_template(tmp_path_factory, name: str, customers: int, seed: int, today: date) -> Path:
    """A demo store made once per module (a module-scoped fixture returns it), for `copy_of` per test."""
    from registry.demo import generate

    path = tmp_path_factory.mktemp(name) / "registry.duckdb"
    with db.connect(path, must_exist=False) as conn:
        generate(conn, customers=customers, seed=seed, today=today)
    return path


def copy_of(template: Path, tmp_path: Path) -> Path:
    """A test's own copy of a module's template store: what one test changes, the next does not see."""
    path = tmp_path / "registry.duckdb"
    path.write_bytes(template.read_bytes())
    return path


def run_cli(*args, env=None, input=None, timeout=120):
    """Run `python -m registry ARGS` in a fresh process, as a scheduled job would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "registry", *map(str, args)], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, env=full_env, input=input, timeout=timeout)


def store_at_version(path: Path, version: int):
    """A connection to a store built by the first `version` migrations only, as an older program left it."""
    import duckdb

    from registry.store.schema import MIGRATIONS, MIGRATIONS_TABLE_SQL

    conn = duckdb.connect(str(path))
    conn.execute(MIGRATIONS_TABLE_SQL)
    for number, name, sql in MIGRATIONS[:version]:
        conn.execute(sql)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [number, name, date(2026, 1, 1)])
    return conn


# --- real SMTP servers on 127.0.0.1 (tests/smtp.py) ----------------------------------------------

@pytest.fixture
def smtp():
    """start(refuse=False, down=False) -> (inbox, port): a server that keeps what it accepts (or refuses with 550,
    or is going down: 421 to every greeting)."""
    from tests.smtp import start_server
    controllers = []

    def start(refuse: bool = False, down: bool = False):
        controller, inbox, _ = start_server(refuse, down=down)
        controllers.append(controller)
        return inbox, controller.port

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture(scope="session")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 made with `cryptography`: (cert file, key file)."""
    from tests.smtp import make_certificate
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_smtp(certificate):
    """start(security, username=..., password=...) -> (inbox, authenticator, port): STARTTLS or implicit TLS."""
    from tests.smtp import start_server
    controllers = []

    def start(security: str, username: str = "rekisteri", password: str = "smtp-salasana"):
        controller, inbox, auth = start_server(security=security, certificate=certificate, username=username,
                                               password=password)
        controllers.append(controller)
        return inbox, auth, controller.port

    yield start
    for controller in controllers:
        controller.stop()

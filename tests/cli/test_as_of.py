"""`--today D`: every dated answer is the register as it stood at the end of day D (REGISTER.md
section 7), a later purge or a future-dated row never makes a command fail, and the default day is
the date in Finland whatever the server's clock and time zone."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from datetime import date, datetime, timedelta

import pytest

from registry.store import db
from registry.clock import finnish_today
from tests.cli.test_cli import ok
from tests.conftest import no_wait, Contract, run_cli

TODAY = "2026-11-25"
PAST_DAYS = ("2025-12-31", "2026-11-24", TODAY)  # all before the real purge


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("as-of") / "registry.duckdb"
    ok(run_cli("demo", "--db", path, "--customers", 800, "--seed", 6, "--today", TODAY))
    return path


def stats_files(store, day, out, *extra):
    ok(run_cli("stats", "--db", store, "--today", day, "--out", out, *extra))
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_statistics_for_past_days_succeed_and_a_purge_made_since_changes_no_byte(demo_store, tmp_path):
    store = tmp_path / "copy.duckdb"
    store.write_bytes(demo_store.read_bytes())
    before = {(day, period): stats_files(store, day, tmp_path / f"a-{day}-{period}", "--period", period)
              for day in PAST_DAYS for period in ("month", "quarter")}
    receipt = json.loads(ok(run_cli("purge", "--db", store, "--today", TODAY, "--actor", "mika", "--yes",
                                    "--json")).stdout)  # stamped with the real clock: after every day above
    assert len(receipt["customer_ids"]) > 10 and receipt["requests_completed"]
    for (day, period), files in before.items():
        after = stats_files(store, day, tmp_path / f"b-{day}-{period}", "--period", period)
        if day == TODAY:  # the erasure requests the purge carried out closed on the day it acted for
            changed = {name for name in files if files[name] != after[name]}
            assert changed <= {"requests_by_kind_outcome.csv"}, (day, period)
            continue
        assert after == files, (day, period)
    # The purge's own Finnish day counts it (its UTC date may still be the day before).
    purge_day = finnish_today(datetime.fromisoformat(receipt["at"].removesuffix("Z"))).isoformat()

    def purges_total(files):
        return int(list(csv.reader(io.StringIO(files["purges_by_month.csv"].decode())))[-1][-1])

    then = purges_total(before[(TODAY, "month")])
    assert purges_total(stats_files(store, purge_day, tmp_path / "now")) > then


def test_rows_dated_after_the_day_never_make_a_command_fail_and_are_not_counted_yet(store, tmp_path):
    with db.connect(store) as conn:
        c = Contract(conn)
        for i in range(1, 8):
            c.customer(id=i, postal_postcode="00100", since=date(2025, 1, 1))
            c.order(i, ordered_on=date(2026, 3, 1))
        c.order(1, ordered_on=date(2027, 6, 1))  # the web shop's order dated next year
        c.customer(id=8, since=date(2027, 1, 1))  # a customer from next year on
        c.request(1, kind="access", received_on=date(2027, 2, 1))
        conn.execute("UPDATE customers SET customer_until = DATE '2027-03-01' WHERE id = 2")
        conn.execute("INSERT INTO customers (id, customer_since, customer_until, purged_on) "
                     "VALUES (9, DATE '2020-01-01', DATE '2020-06-01', TIMESTAMP '2027-05-01 10:00:00')")
    for args in (["due", "--json"], ["requests", "--json"], ["purge", "--actor", "mika", "--dry-run", "--json"],
                 ["marketing-list", "--out", tmp_path / "m.csv"], ["stats", "--out", tmp_path / "s"],
                 ["stats", "--out", tmp_path / "q", "--period", "year"]):
        ok(run_cli(*args, "--db", store, "--today", TODAY))
    orders = list(csv.reader((tmp_path / "s" / "orders_by_month_product_group.csv").open(encoding="utf-8")))
    assert orders[-2][0] == "2026-11" and orders[-1][-1] == "7"  # up to today's month; next year's order not yet
    assert json.loads(ok(run_cli("requests", "--db", store, "--today", TODAY, "--json")).stdout) == []


@pytest.fixture
def marketing_store(store):
    with db.connect(store) as conn:
        c = Contract(conn)
        c.customer(id=1, first_name="Aino", email="aino@example.fi")  # a customer, open-ended
        c.customer(id=2, first_name="Eino", email="eino@example.fi", until=date(2026, 12, 20))  # ends next month
        c.customer(id=3, first_name="Ilona", email="ilona@example.fi", until=date(2026, 11, 25))  # ends on the day
        c.customer(id=4, first_name="Olli", email="olli@example.fi", until=date(2026, 11, 24))  # ended yesterday
        c.customer(id=5, first_name="Ukko", email="ukko@example.fi", since=date(2026, 11, 26))  # from tomorrow
        c.customer(id=6, first_name="Ville", email="ville@example.fi", marketing_objection_on=date(2026, 12, 1))
        c.customer(id=7, first_name="Sini", email="sini@example.fi", restricted_on=date(2026, 1, 1))
    return store


def marketing_ids(store, out, *today):
    ok(run_cli("marketing-list", "--db", store, "--out", out, *today))
    return [int(row["customer_id"]) for row in csv.DictReader(out.open(encoding="utf-8"))]


def test_marketing_list_as_of_a_day_holds_those_who_were_customers_then(marketing_store, tmp_path):
    # A relationship that ends next month still counts; one that ended by the day does not; an
    # objection binds whenever it was made; a restricted person is never processed.
    assert marketing_ids(marketing_store, tmp_path / "a.csv", "--today", TODAY) == [1, 2]
    assert marketing_ids(marketing_store, tmp_path / "b.csv", "--today", "2026-11-24") == [1, 2, 3]
    assert marketing_ids(marketing_store, tmp_path / "c.csv", "--today", "2026-12-20") == [1, 5]
    assert marketing_ids(marketing_store, tmp_path / "d.csv", "--today", "2026-11-26") == [1, 2, 5]


def test_requests_as_of_a_day_show_the_list_as_it_stood_then(store):
    with db.connect(store) as conn:
        c = Contract(conn)
        c.customer(id=1)
        c.request(1, kind="access", received_on=date(2026, 11, 2), id=1)  # open
        c.request(1, kind="erasure", received_on=date(2026, 11, 3), id=2, status="completed")
        c.request(1, kind="objection", received_on=date(2026, 11, 26), id=3)  # received the day after
        c.request(1, kind="portability", received_on=date(2026, 10, 1), id=4, status="refused",
                  extended_on=date(2026, 10, 20))
        conn.execute("UPDATE requests SET closed_on = DATE '2026-11-30' WHERE id IN (2, 4)")  # closed after the day
    found = json.loads(ok(run_cli("requests", "--db", store, "--today", TODAY, "--json")).stdout)
    assert found == [
        {"request_id": 1, "customer_id": 1, "kind": "access", "status": "received", "due_on": "2026-12-02",
         "days_left": 7, "overdue": False, **no_wait("2026-12-02")},
        {"request_id": 2, "customer_id": 1, "kind": "erasure", "status": "received", "due_on": "2026-12-03",
         "days_left": 8, "overdue": False, **no_wait("2026-12-03")},
        {"request_id": 4, "customer_id": 1, "kind": "portability", "status": "in_progress",
         "due_on": "2027-01-04", "days_left": 40, "overdue": False,  # extended by then: 1 January is a holiday
         **no_wait("2027-01-04", "2026-11-02")},
    ]
    later = json.loads(ok(run_cli("requests", "--db", store, "--today", "2026-12-01", "--json")).stdout)
    assert [r["request_id"] for r in later] == [1, 3]


FAKETIME = shutil.which("faketime")
needs_faketime = pytest.mark.skipif(not FAKETIME and not os.environ.get("CI"),
                                    reason="Debian's faketime is not installed (apt-get install -y faketime); "
                                           "with CI=true these tests run anyway")


def at_clock(moment: str, *args, tz="UTC"):
    """The command with the whole process's clock at `moment` (in the zone `tz`), via libfaketime."""
    return run_cli(*args, env={"FAKETIME": f"@{moment}", "TZ": tz, "LD_PRELOAD": faketime_library()})


def faketime_library() -> str:
    for folder in ("/usr/lib/x86_64-linux-gnu/faketime", "/usr/lib/aarch64-linux-gnu/faketime", "/usr/lib/faketime"):
        path = os.path.join(folder, "libfaketimeMT.so.1")  # DuckDB runs threads
        if os.path.exists(path):
            return path
    pytest.fail("libfaketimeMT.so.1 not found: apt-get install -y faketime")


@needs_faketime
@pytest.mark.parametrize("moment, tz, finnish", [
    ("2026-12-31 22:30:00", "UTC", "2027-01-01"),  # the server's date is still 31 December
    ("2026-12-31 18:30:00", "America/New_York", "2027-01-01"),  # 23:30 UTC, 01:30 in Helsinki
    ("2026-06-30 21:15:00", "UTC", "2026-07-01"),  # summer time: Helsinki is UTC+3
    ("2026-12-31 21:59:00", "UTC", "2026-12-31"),  # a minute before midnight in Helsinki
])
def test_the_default_day_is_the_date_in_finland_whatever_the_servers_clock_and_zone(store, moment, tz, finnish):
    day = date.fromisoformat(finnish)
    tomorrow = (day + timedelta(days=1)).isoformat()
    refused = at_clock(moment, "request", "record", "--db", store, "--kind", "access", "--received-on", tomorrow,
                       "--channel", "email", "--json", tz=tz)
    assert refused.returncode == 2 and "in the future" in refused.stderr, refused.stderr
    recorded = json.loads(ok(at_clock(moment, "request", "record", "--db", store, "--kind", "access",
                                      "--received-on", finnish, "--channel", "email", "--json", tz=tz)).stdout)
    listed = json.loads(ok(at_clock(moment, "requests", "--db", store, "--json", tz=tz)).stdout)
    assert [(r["due_on"], r["days_left"]) for r in listed] == [(recorded["due_on"], recorded["days_left"])]
    assert recorded["days_left"] == (date.fromisoformat(recorded["due_on"]) - day).days

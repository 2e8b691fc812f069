"""The statistics tables: what they count, that they hold the disclosure rules on demo data,
that a purge leaves them as they were, and their CSV output (REGISTER.md sections 5 and 8)."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.store import db
from registry.access import Actor, NotPermitted
from registry.demo import generate
from registry.statistics.disclosure import input_cell, recoverable, TOTAL
from registry.errors import BadInput
from registry.purge import purge_persons
from registry.retention.due import purgeable_ids
from registry.spreadsheet import neutralise
from registry.statistics.counting import statistics
from registry.statistics.publishing import csv_bytes, output_files, protection_report, table_rows
from registry.statistics.tables import PERIODS, SPECS
from tests.conftest import Contract

TODAY = date(2026, 11, 25)
PURGED_AT = datetime(2026, 11, 25, 10, 0)  # UTC: noon in Helsinki on TODAY
AUDITOR = Actor("anna.auditor", "auditor")
MANAGER = Actor("mika.manager", "manager")


def by_name(tables):
    return {t.spec.name: t for t in tables}


def lines(table):
    """Every row and column of the table with its margins: lists of keys."""
    rows, columns = (*table.rows, TOTAL), (*table.columns, TOTAL)
    return [[(r, c) for c in columns] for r in rows] + [[(r, c) for r in rows] for c in columns]


def inputs(table):
    """key -> the Cell the table was built from (margins included)."""
    out = {(r, c): table.cells.get((r, c)) for r in table.rows for c in table.columns}
    out.update({(r, TOTAL): table.row_totals.get(r) for r in table.rows})
    out.update({(TOTAL, c): table.column_totals.get(c) for c in table.columns})
    out[(TOTAL, TOTAL)] = table.total
    return out


@pytest.fixture(scope="module", params=[400, 3000], ids=lambda n: f"{n}-persons")
def demo_path(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("stats") / "registry.duckdb"
    with db.connect(path, must_exist=False) as conn:
        generate(conn, customers=request.param, seed=5, today=TODAY)
    return path


# --- what is counted ---------------------------------------------------------------------------
def test_persons_by_region_and_status_count_each_person_once_by_postcode_and_leave_out_restricted(conn):
    c = Contract(conn)
    for i in range(6):
        c.customer(id=i + 1, postal_postcode="00100")  # Uusimaa, active
    c.customer(id=7, postal_postcode="33100", until=date(2025, 1, 1))  # Pirkanmaa, ended
    c.customer(id=8, postal_postcode="33100", restricted_on=date(2026, 1, 1))  # restricted: left out
    c.customer(id=9, postal_postcode="10115", postal_country="DE")  # abroad: unknown region
    c.customer(id=10, postal_postcode="00100", since=date(2027, 1, 1))  # not a customer yet on TODAY
    persons = by_name(statistics(conn, AUDITOR, TODAY, k=2))["persons_by_region_status"]
    table = persons.table
    assert table.cells[("Uusimaa", "active")].value == 6
    assert table.cells[("Pirkanmaa", "ended")].persons == 1
    assert ("Pirkanmaa", "active") not in table.cells
    assert table.cells[("unknown", "active")].value == 1
    assert table.total.value == 8
    assert persons.cell("Pirkanmaa", "ended") is None  # one person < k = 2
    # With Uusimaa's 6 and the total 8 published, person 9 (alone in "unknown") would know the other
    # one-person region holds 1: the insider rule withholds Uusimaa or the totals too (REGISTER.md section 5;
    # the pattern of least cost withholds the totals, 7 and 8, rather than Uusimaa's 6 twice).
    assert persons.cell("Uusimaa", "active") is None or persons.cell(TOTAL, TOTAL) is None
    assert persons.cell("Uusimaa", TOTAL) is None or persons.cell(TOTAL, TOTAL) is None
    assert table.rows[-1] == "unknown" and table.rows[0] == "Uusimaa"


def test_orders_count_distinct_persons_and_revenue_knows_the_largest_contributor(conn):
    c = Contract(conn)
    conn.execute("INSERT INTO product_groups VALUES ('Kahvinkeitin', 'Laitteet')")
    for i in range(1, 6):
        c.customer(id=i, postal_postcode="20100")  # Varsinais-Suomi
        c.order(i, ordered_on=date(2026, 3, 5), amount=100)
    for _ in range(4):
        c.order(1, ordered_on=date(2026, 3, 20), amount=1000)  # person 1: 4,100 of 4,500 euros in March
    c.order(2, ordered_on=date(2026, 3, 9), amount=50, product="Tuntematon tuote")
    c.order(3, ordered_on=date(2026, 12, 1), amount=50)  # after TODAY: not yet counted
    tables = by_name(statistics(conn, AUDITOR, TODAY, k=5))
    orders = tables["orders_by_month_product_group"].table
    assert orders.cells[("2026-03", "Laitteet")].value == 9
    assert orders.cells[("2026-03", "Laitteet")].persons == 5
    assert orders.cells[("2026-03", "other")].persons == 1
    assert orders.row_totals["2026-03"].persons == 5 and orders.row_totals["2026-03"].value == 10
    assert orders.rows[0] == "2026-03" and orders.rows[-1] == "2026-11"  # every month up to today's
    revenue = tables["revenue_by_month_region"]
    cell = revenue.table.cells[("2026-03", "Varsinais-Suomi")]
    assert (cell.value, cell.persons, cell.top) == (4550.0, 5, 4100.0)
    assert revenue.protected.status[("2026-03", "Varsinais-Suomi")] == "primary"  # 4,100 / 4,550 > 85 %
    assert revenue.cell("2026-03", "Varsinais-Suomi") is None


def test_relationships_requests_and_purges_per_month(conn):
    c = Contract(conn)
    c.customer(id=1, since=date(2026, 2, 3), until=date(2026, 5, 1))
    c.customer(id=2, since=date(2026, 2, 10))
    c.customer(id=3, since=date(2026, 5, 10), until=date(2026, 5, 20), purged_on=datetime(2026, 8, 19, 10, 0))
    c.request(customer_id=2, kind="access", received_on=date(2026, 6, 1), status="completed")
    c.request(customer_id=None, kind="erasure", received_on=date(2026, 6, 2))
    tables = by_name(statistics(conn, AUDITOR, TODAY, k=2))
    changes = tables["relationships_by_month"].table
    assert changes.cells[("2026-02", "new")].value == 2
    assert changes.cells[("2026-05", "ended")].value == 2 and changes.cells[("2026-05", "new")].value == 1
    assert changes.row_totals["2026-05"].value == 3 and changes.row_totals["2026-05"].persons == 2
    requests = tables["requests_by_kind_outcome"].table
    assert requests.cells[("access", "completed")].value == 1 and requests.cells[("erasure", "open")].value == 1
    assert requests.total.persons == 2  # the unmatched request is a person of its own
    assert tables["purges_by_month"].table.cells[("2026-08", "purged")].value == 1


# --- the rules hold on demo data ---------------------------------------------------------------
@pytest.mark.parametrize("k", [3, 5, 10])
def test_demo_statistics_hold_every_rule(demo_path, k):
    with db.connect(demo_path) as conn:
        tables = statistics(conn, AUDITOR, TODAY, k=k)
    assert [t.spec.name for t in tables] == [s.name for s in SPECS]
    withheld_somewhere = 0
    for stat in tables:
        table, protected = stat.table, stat.protected
        for key, cell in inputs(table).items():
            if cell is None or protected.withheld(key):
                continue
            assert not 0 < cell.persons < k, (stat.spec.name, key, cell)
            if table.money and cell.value > 0:
                assert cell.top <= 0.85 * cell.value + 1e-9, (stat.spec.name, key, cell)
        for line in lines(table):
            assert sum(protected.withheld(key) for key in line) != 1, (stat.spec.name, line)
        for key, interval in protected.intervals.items():
            assert not recoverable(interval, table.money), (stat.spec.name, key, interval)
        withheld_somewhere += len(protected.intervals)
    assert withheld_somewhere > 0  # a demo store has small cells: the rules had work to do


def test_a_purge_leaves_every_table_but_the_purges_as_it_was(tmp_path, demo_path):
    path = tmp_path / "copy.duckdb"
    path.write_bytes(demo_path.read_bytes())
    with db.connect(path) as conn:
        before = by_name(statistics(conn, AUDITOR, TODAY))
        due = purgeable_ids(conn, TODAY)
        counted = conn.execute("SELECT count(*) FROM customers WHERE restricted_on IS NULL AND list_contains(?, id)",
                               [due]).fetchone()[0]  # restricted persons are purged too, but never counted
        assert counted > 10
        receipt = purge_persons(conn, TODAY, MANAGER, due, now=PURGED_AT,  # a purge made on TODAY (Finnish time)
                                letters_dir=tmp_path)
    with db.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM customers WHERE postal_postcode IS NULL AND purged_on IS NOT NULL "
                            "AND stat_region IS NOT NULL").fetchone()[0] >= len(due)
        after = by_name(statistics(conn, AUDITOR, TODAY))
    for name, stat in before.items():
        if name == "purges_by_month":
            assert after[name].table.total.value == stat.table.total.value + counted
            continue
        if name == "requests_by_kind_outcome":  # the erasure requests it carried out closed with it
            answered = len(receipt.requests_completed)
            assert answered > 0 and after[name].table.total.value == stat.table.total.value
            def completed(table):
                cell = table.cells.get(("erasure", "completed"))
                return cell.value if cell is not None else 0
            assert completed(after[name].table) == completed(stat.table) + answered
            continue
        assert after[name].table == stat.table, name
        assert table_rows(after[name]) == table_rows(stat), name


# --- as of a day: the register as it stood at the end of `today` (REGISTER.md section 7) ------------
def test_statistics_as_of_a_day_count_only_what_had_happened_by_the_end_of_that_finnish_day(conn):
    c = Contract(conn)
    day = date(2026, 11, 25)
    c.customer(id=1, since=date(2026, 1, 5), until=date(2026, 11, 26), postal_postcode="00100")  # ends the day after
    c.customer(id=2, since=date(2026, 11, 26), postal_postcode="00100")  # a customer only from the day after
    c.customer(id=3, since=date(2026, 1, 5), until=date(2026, 3, 1), postal_postcode="00100",
               purged_on=datetime(2026, 11, 25, 21, 59), stat_region="Uusimaa")  # 23:59 in Helsinki: purged that day
    c.customer(id=4, since=date(2026, 1, 5), until=date(2026, 3, 1), postal_postcode="00100",
               purged_on=datetime(2026, 11, 25, 22, 0), stat_region="Uusimaa")  # 00:00 on the 26th in Helsinki: not yet
    c.customer(id=5, since=date(2026, 1, 5), until=date(2026, 3, 1), postal_postcode="00100",
               purged_on=datetime(2026, 10, 31, 22, 30), stat_region="Uusimaa")  # 00:30 on 1 November in Helsinki
    c.order(1, ordered_on=date(2026, 11, 25))
    c.order(1, ordered_on=date(2026, 11, 26))  # the next day: not yet
    c.order(1, ordered_on=date(2027, 6, 1))  # another system's order dated next year: not yet, and no error
    c.request(customer_id=1, kind="access", received_on=date(2026, 11, 20), status="completed")
    conn.execute("UPDATE requests SET closed_on = DATE '2026-11-27'")  # closed after the day: open then
    c.request(customer_id=1, kind="objection", received_on=date(2026, 11, 26))  # received after: not counted
    tables = {t.spec.kind: t.table for t in statistics(conn, AUDITOR, day, k=2)}
    persons = tables["persons"]
    assert persons.cells[("Uusimaa", "active")].value == 1  # person 1: the relationship ends only later
    assert persons.cells[("Uusimaa", "ended")].value == 3  # persons 3, 4 and 5, purged or not
    assert persons.total.value == 4  # person 2 was not a customer yet
    assert tables["orders"].total.value == 1 and tables["orders"].rows[-1] == "2026-11"
    assert tables["relationships"].cells.get(("2026-11", "ended")) is None  # person 1 ends on the 26th
    assert tables["requests"].cells[("access", "open")].value == 1 and tables["requests"].total.value == 1
    purges = tables["purges"]
    assert purges.cells[("2026-11", "purged")].value == 2  # persons 3 and 5, by their Finnish day
    assert ("2026-10", "purged") not in purges.cells and purges.total.value == 2
    later = {t.spec.kind: t.table for t in statistics(conn, AUDITOR, date(2026, 12, 31), k=2)}
    assert later["purges"].total.value == 3 and later["requests"].cells[("access", "completed")].value == 1
    assert later["orders"].total.value == 2 and later["persons"].total.value == 5


@pytest.fixture(scope="module")
def purged_later(tmp_path_factory):
    """A demo store, and a copy of it in which every person due on TODAY was purged on TODAY."""
    folder = tmp_path_factory.mktemp("as-of")
    before, after = folder / "before.duckdb", folder / "after.duckdb"
    with db.connect(before, must_exist=False) as conn:
        generate(conn, customers=400, seed=11, today=TODAY)
    after.write_bytes(before.read_bytes())
    with db.connect(after) as conn:
        receipt = purge_persons(conn, TODAY, MANAGER, now=PURGED_AT)
    assert len(receipt.customer_ids) > 10
    return before, after


# Few examples: each protects every table of a 400-person store for a day (seconds each); the purge changes
# only the purges table, whose protection is the one made anew.
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(min_value=date(2016, 1, 1), max_value=TODAY - timedelta(days=1)),
       period=st.sampled_from(["month", "quarter", "year"]), k=st.sampled_from([3, 5]))
def test_statistics_as_of_any_earlier_day_are_the_same_files_before_and_after_a_later_purge(purged_later, day,
                                                                                            period, k):
    before, after = purged_later
    files = []
    for path in (before, after):
        with db.connect(path) as conn:
            files.append(output_files(statistics(conn, AUDITOR, day, k=k, period=period)))
    assert files[0] == files[1]


# --- who may see them, and bad input ---------------------------------------------------------
def test_staff_may_not_read_statistics_and_k_must_be_sensible(conn):
    with pytest.raises(NotPermitted):
        statistics(conn, Actor("sari.staff", "staff"), TODAY)
    with pytest.raises(NotPermitted):
        statistics(conn, Actor("aki.admin", "admin"), TODAY)
    for bad in (1, 0, -5, 2.5, True):
        with pytest.raises(BadInput):
            statistics(conn, AUDITOR, TODAY, k=bad)
    assert statistics(conn, MANAGER, TODAY)  # an empty register gives empty tables, not an error


# --- output (REGISTER.md section 8) -------------------------------------------------------------
def test_csv_files_are_wide_tables_with_totals_and_withheld_cells_as_two_dots(demo_path):
    with db.connect(demo_path) as conn:
        tables = statistics(conn, AUDITOR, TODAY)
    files = output_files(tables)
    index = json.loads(files["tables.json"])
    assert [entry["file"] for entry in index] == [t.spec.file for t in tables]
    assert set(files) == {t.spec.file for t in tables} | {"tables.json"}
    for entry in index:
        assert set(entry) == {"file", "title_fi", "title_en", "rows", "columns", "measure", "k"}
        assert entry["k"] == 5 and entry["measure"] in ("persons", "orders", "eur", "requests")
    required = {("region", "status", "persons"), ("month", "product_group", "orders"), ("month", "region", "eur")}
    assert required <= {(e["rows"], e["columns"], e["measure"]) for e in index}
    for stat in tables:
        rows = list(csv.reader(io.StringIO(files[stat.spec.file].decode("utf-8"))))
        assert rows[0] == [stat.spec.rows, *stat.table.columns, "total"]
        assert [r[0] for r in rows[1:]] == [*stat.table.rows, "total"]
        assert all(len(r) == len(rows[0]) for r in rows)
        for line, row in zip(rows[1:], (*stat.table.rows, TOTAL), strict=True):
            for text, column in zip(line[1:], (*stat.table.columns, TOTAL), strict=True):
                value = stat.cell(row, column)
                assert text == (".." if value is None else (f"{value:.2f}" if stat.table.money else str(int(value))))
        published = [(r, c) for r in stat.table.rows for c in stat.table.columns if stat.cell(r, c) is not None]
        for r in stat.table.rows:  # a row whose cells are all published adds up to its total
            if stat.cell(r, TOTAL) is not None and all((r, c) in published for c in stat.table.columns):
                assert abs(sum(stat.cell(r, c) for c in stat.table.columns) - stat.cell(r, TOTAL)) < 0.005
    assert any(".." in data.decode() for name, data in files.items() if name.endswith(".csv"))


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(conn):
    c = Contract(conn)
    conn.execute("INSERT INTO product_groups VALUES ('Hack', '=HYPERLINK(\"http://x.example\",\"x\")'), "
                 "('Plus', '+1'), ('At', '@SUM(A1)'), ('Minus', '-2')")
    for i in range(1, 8):
        c.customer(id=i, postal_postcode="00100")
        for product in ("Hack", "Plus", "At", "Minus"):
            c.order(i, ordered_on=date(2026, 3, 1), product=product)
    stat = by_name(statistics(conn, AUDITOR, TODAY))["orders_by_month_product_group"]
    header = next(csv.reader(io.StringIO(csv_bytes(stat).decode("utf-8"))))
    assert "'=HYPERLINK(\"http://x.example\",\"x\")" in header
    assert {"'+1", "'@SUM(A1)", "'-2"} <= set(header)
    assert not [h for h in header if h[:1] in "=+-@"]
    assert neutralise("12") == "12" and neutralise("-3.00") == "'-3.00" and neutralise("\t=1") == "'\t=1"


def test_finnish_excel_dialect_uses_semicolons_decimal_commas_and_a_byte_order_mark(demo_path):
    with db.connect(demo_path) as conn:
        revenue = by_name(statistics(conn, AUDITOR, TODAY))["revenue_by_month_region"]
    data = csv_bytes(revenue, "excel-fi")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    standard = list(csv.reader(io.StringIO(csv_bytes(revenue).decode("utf-8"))))
    assert len(rows) == len(standard)
    assert rows[0][0] == "Kuukausi" and rows[0][-1] == "Yhteensä" and rows[-1][0] == "Yhteensä"  # Finnish words
    assert standard[0][0] == "month" and standard[0][-1] == "total"  # the standard CSV keeps section 8's codes
    assert rows[0][1:-1] == [r if r != "unknown" else "tuntematon" for r in standard[0][1:-1]]  # regions as named
    assert rows[-1][-1] == standard[-1][-1].replace(".", ",") and "," in rows[-1][-1]
    with db.connect(demo_path) as conn:
        persons = by_name(statistics(conn, AUDITOR, TODAY))["persons_by_region_status"]
    header = next(csv.reader(io.StringIO(csv_bytes(persons, "excel-fi").decode("utf-8-sig")), delimiter=";"))
    assert header == ["Maakunta", "voimassa", "päättynyt", "Yhteensä"]  # not region;active;ended;total
    labels = [r[0] for r in csv.reader(io.StringIO(csv_bytes(persons, "excel-fi").decode("utf-8-sig")),
                                       delimiter=";")]
    assert "unknown" not in labels
    with pytest.raises(BadInput):
        csv_bytes(revenue, "tsv")


def test_region_of_a_postcode_in_python_and_in_sql_agree_and_place_every_demo_postcode_right(conn):
    from registry import geo

    assert all(geo.region_of(code) == region for code, _, region, _ in geo.POSTCODES)
    assert geo.region_of("22100") == "Ahvenanmaa" and geo.region_of("99999") == "Lappi"
    for bad, country in (("", "FI"), (None, "FI"), ("0010", "FI"), ("00100", "SE"), ("0010A", "FI")):
        assert geo.region_of(bad, country) == geo.UNKNOWN_REGION
    c = Contract(conn)
    cases = [(code, "FI") for code, *_ in geo.POSTCODES] + [("10115", "DE"), ("ABCDE", "FI"), (None, None)]
    for i, (code, country) in enumerate(cases, start=1):
        c.customer(id=i, postal_postcode=code, postal_country=country)
    geo.load_region_table(conn)
    found = dict(conn.execute(f"SELECT id, {geo.region_sql('c')} FROM customers c").fetchall())
    assert [found[i] for i in range(1, len(cases) + 1)] == [geo.region_of(code, country) for code, country in cases]


@pytest.mark.parametrize("period, first, label", [("quarter", "2026-Q1", "2026-Q4"), ("year", "2026", "2026")])
def test_by_quarter_or_year_the_same_orders_fall_into_fewer_rows_and_fewer_cells_are_withheld(conn, period, first,
                                                                                               label):
    c = Contract(conn)
    conn.execute("INSERT INTO product_groups VALUES ('Kahvinkeitin', 'Laitteet')")
    for i in range(1, 7):  # six persons, each ordering in a different month of 2026
        c.customer(id=i, postal_postcode="00100")
        c.order(i, ordered_on=date(2026, i, 15), amount=100)
    monthly = by_name(statistics(conn, AUDITOR, TODAY))
    coarse = {t.spec.kind: t for t in statistics(conn, AUDITOR, TODAY, period=period)}
    orders = coarse["orders"]
    assert orders.spec.name == f"orders_by_{period}_product_group" and orders.spec.rows == period
    assert orders.table.rows[0] == first and orders.table.rows[-1] == label
    assert orders.table.total == monthly["orders_by_month_product_group"].table.total
    assert monthly["orders_by_month_product_group"].cell("2026-01", "Laitteet") is None  # one person a month
    if period == "year":
        assert orders.cell("2026", "Laitteet") == 6  # six persons in the year: published
    assert coarse["revenue"].table.total.value == 600
    with pytest.raises(BadInput):
        statistics(conn, AUDITOR, TODAY, period="week")


def test_period_keys_and_first_days():
    from registry.statistics.tables import first_day, period_key, period_label

    assert period_key(date(2026, 11, 25), "quarter") == 202604 and period_label(202604, "quarter") == "2026-Q4"
    assert first_day(202604, "quarter", later=1) == date(2027, 1, 1)
    assert first_day(202612, "month", later=1) == date(2027, 1, 1) and first_day(202600, "year") == date(2026, 1, 1)
    assert period_label(202611) == "2026-11" and period_label(202600, "year") == "2026"


def test_the_time_tables_of_a_demo_store_read_together_give_no_withheld_cell_away(demo_path):
    """REGISTER.md section 5: months, quarters and years of one table downloaded together, and every insider,
    narrow no withheld cell below its range (the linked audit over all three periods' published files)."""
    from registry.statistics import linked
    from registry.statistics.tables import period_parent

    with db.connect(demo_path) as conn:
        periods = {period: statistics(conn, AUDITOR, TODAY, period=period) for period in PERIODS}
    for n, spec in enumerate(SPECS):
        if spec.rows not in PERIODS:
            continue
        levels = {period: periods[period][n] for period in PERIODS}
        system = linked.linked_system({p: s.table for p, s in levels.items()}, period_parent)
        withheld = linked.withheld_keys({p: s.protected for p, s in levels.items()})
        assert withheld, spec.file  # a small register withholds something in every time table...
        assert linked.audit(system, withheld) == [], spec.file  # ...and none of it comes back


def test_the_protection_audit_shows_every_primary_cell_reaching_its_required_range(demo_path):
    """REGISTER.md section 5 as the page and `stats --json` report it: a primary cell's interval reaches its
    range (10 % either side, counts ±1); a secondary cell has no range, only no single value."""
    with db.connect(demo_path) as conn:
        tables = statistics(conn, AUDITOR, TODAY, period="quarter")
    seen = set()
    for stat in tables:
        for cell in protection_report(stat)["cells"]:
            seen.add(cell["why"])
            high = math.inf if cell["high"] is None else cell["high"]
            if cell["why"] == "primary":
                value = input_cell(stat.table, (cell["row"], cell["column"]))
                step = 0.01 if stat.table.money else 1
                assert cell["need_low"] <= max(0, value.value * 0.9) + 1e-9
                assert cell["need_high"] >= max(value.value * 1.1, value.value + step) - 1e-9
                assert cell["low"] <= cell["need_low"] + 1e-9 and high >= cell["need_high"] - 1e-9, cell
            else:
                assert cell["need_low"] is None and cell["need_high"] is None
                assert high > cell["low"], cell
    assert seen == {"primary", "secondary"}

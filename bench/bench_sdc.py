"""Benchmark: our disclosure control beside τ-ARGUS's (issue #10). Prints figures, asserts nothing.

    python bench/bench_sdc.py --persons 3000 20000 [--period quarter] [--workdir DIR] [--today 2026-11-25]

For each demo store (built once per size in the work directory, as bench_stats does) and each of the six
tables of `registry.statistics` at the chosen period:

* `ours`: `stats.statistics` (primary suppression, the table's own pattern, then the linked protection of the
  month, quarter and year tables together, outsiders and insiders); timed whole, once for all six tables;
* `tau`: τ-ARGUS (`pytauargus`, its native engines: the optimal method `OPT`) on the same table, given the
  same rules (frequency 5 with a 10 % range, dominance 1 person over 85 %), from microdata with one record per
  person and cell, so that its frequencies are persons; each table on its own, as τ-ARGUS protects one table
  (its margins count records: a person in two months of a region is two contributors to the region's total).

Printed per table: cells withheld for their own sake (primary) and to protect them (secondary), the value of
the withheld interior cells (persons, orders or euros: the information lost), and whether each pattern
passes our audit (`linked.audit`: every primary cell's protection range, no secondary cell a point, for
outsiders and insiders; else "2o+3i": cells short for an outsider, and only for an insider) on the table
alone and, for ours, with all three periods together. τ-ARGUS's patterns per period are independent, so the
linked audit is not theirs to pass.

A third line (issue #25) starts our protection from τ-ARGUS's pattern (its cells withheld from the start, as
`linked.protect`'s anchor; our rules' own cells besides) and repairs it until our whole audit is clean: what
τ-ARGUS's optimum costs once it meets our standard (all periods together, insiders).

Two lines show the register as it was when issue #25 was filed (`--baseline`, commit d1af48e): *today, as
published*, its patterns as it made them, through our audit of now; and *today, audit corrected*, the same code with
only its audit's tolerance corrected as ours was (bench/baseline-d1af48e-sound.patch: at most a hundredth of a unit
of solver noise, a lone cell's question weighed 1), so that it repairs until that audit is clean. Each version runs
from a copy of its own source (`git archive`, bench/baseline_patterns.py) on its own demo store of the same seed
and day; the bench checks that its tables' values are ours before comparing.

A last line is the exact model (`registry.statistics.optimal`): the least withheld value (all periods together)
that passes our whole audit, or the last pattern when --exact-seconds ran out ("stopped"; that pattern need not
pass). Its withheld value is what our heuristic is measured against.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from importlib.metadata import version
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_stats import demo_store  # noqa: E402
from registry import clock, geo  # noqa: E402
from registry.store import db  # noqa: E402
from registry.access import Actor  # noqa: E402
from registry.statistics import linked  # noqa: E402
from registry.statistics.counting import PERSONS_SQL, REQUESTS_SQL, TEMP_TABLES_SQL, statistics  # noqa: E402
from registry.statistics.disclosure import DOMINANCE, TOTAL, K  # noqa: E402
from registry.statistics.optimal import optimal  # noqa: E402
from registry.statistics.tables import PERIODS, period_parent  # noqa: E402

DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "registry-bench"
BASELINE = "d1af48e"  # the register when issue #25 was filed
BENCH = Path(__file__).resolve().parent
ACTOR = Actor("bench", "auditor")

# One record per person and cell: (row, column, value); the CASE labels follow registry.statistics.counting.
_PERIOD = "CASE WHEN $period = 'month' THEN strftime({d}, '%Y-%m') WHEN $period = 'quarter' THEN " \
          "strftime({d}, '%Y') || '-Q' || quarter({d}) ELSE strftime({d}, '%Y') END"
MICRODATA_SQL = {
    "persons": "SELECT region, status, 1 FROM stat_persons",
    "orders": f"""SELECT {_PERIOD.format(d='o.ordered_on')} AS r, coalesce(g.product_group, 'other') AS c, count(*)
                  FROM orders o JOIN stat_persons p ON p.person = o.customer_id
                  LEFT JOIN product_groups g ON g.product = o.product
                  WHERE o.ordered_on <= $today GROUP BY o.customer_id, r, c""",
    "revenue": f"""SELECT {_PERIOD.format(d='o.ordered_on')} AS r, p.region, sum(o.amount_eur)::DOUBLE
                   FROM orders o JOIN stat_persons p ON p.person = o.customer_id
                   WHERE o.ordered_on <= $today GROUP BY o.customer_id, r, p.region""",
    "relationships": f"""SELECT {_PERIOD.format(d='c.customer_since')}, 'new', 1 FROM customers c
                         JOIN stat_persons p ON p.person = c.id
                         UNION ALL
                         SELECT {_PERIOD.format(d='c.customer_until')}, 'ended', 1 FROM customers c
                         JOIN stat_persons p ON p.person = c.id WHERE c.customer_until <= $today""",
    "requests": "SELECT kind, outcome, count(*) FROM stat_requests GROUP BY who, kind, outcome",
    "purges": f"""SELECT {_PERIOD.format(d=clock.LOCAL_TIME_SQL.format(c='c.purged_on'))}, 'purged', 1
                  FROM customers c JOIN stat_persons p ON p.person = c.id WHERE p.purged_month IS NOT NULL""",
}


def microdata(store: Path, today: date, period: str) -> dict[str, list[tuple]]:
    with db.connect(store) as conn:
        geo.load_region_table(conn)
        for sql in TEMP_TABLES_SQL:
            conn.execute(sql)
        conn.execute(PERSONS_SQL, {"today": today, "period": period, "purged_by": clock.day_ends_at(today)})
        conn.execute(REQUESTS_SQL, {"today": today})
        out = {}
        for kind, sql in MICRODATA_SQL.items():
            params = {name: value for name, value in (("today", today), ("period", period)) if f"${name}" in sql}
            out[kind] = conn.execute(sql, params).fetchall()
        return out


def tau_pattern(records: list[tuple], money: bool) -> tuple[set[tuple[str, str]], set[tuple[str, str]], float]:
    """(primary, secondary, seconds) by τ-ARGUS's optimal method; keys as ours (TOTAL for its 'Total')."""
    from pytauargus import protect

    # plain codes: its fixed-width microdata files take neither spaces nor letters such as ä
    codes = {side: {label: f"{side}{n:04d}" for n, label in enumerate(sorted({str(rec[i]) for rec in records}))}
             for i, side in enumerate("rc")}
    back = {code: label for side in codes.values() for label, code in side.items()}
    frame = {"r": [codes["r"][str(r)] for r, _, _ in records], "c": [codes["c"][str(c)] for _, c, _ in records],
             "v": [float(v) for _, _, v in records]}
    rules = f"FREQ({K},10)|NK(1,{round(DOMINANCE * 100)})" if money else f"FREQ({K},10)"
    started = time.perf_counter()
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as work:
        os.chdir(work)  # its engines write their logs (CSPlogfile.txt, sdcnet.lp, ...) where they run
        try:
            result = protect(frame, tables=[["r", "c"]], response="v", safety_rules=rules, suppress="OPT(1)",
                             decimals=2 if money else 0, workdir=work)
            rows = result.tables[0].rows
        finally:
            os.chdir(here)
    seconds = time.perf_counter() - started
    primary, secondary = set(), set()
    for row in rows:
        key = (TOTAL if row["r"] == "Total" else back[row["r"]], TOTAL if row["c"] == "Total" else back[row["c"]])
        if row["status"] == "U":
            primary.add(key)
        elif row["status"] == "M":
            secondary.add(key)
    return primary, secondary, seconds


def baseline_patterns(commit: str, sound: bool, persons: int, today: date, workdir: Path) -> dict:
    """{"seconds", "patterns": {file: {period: {"withheld": [[row, column, why]], "sum"}}}} of version `commit`
    (with `sound`, its audit's tolerance corrected), made once and kept in the work directory."""
    name = f"baseline-{commit}{'-sound' if sound else ''}"
    kept = workdir / f"{name}-{persons}-{today.isoformat()}.json"
    if not kept.exists():
        checkout = workdir / name
        if not checkout.exists():
            unpacking = checkout.with_suffix(".part")
            unpacking.mkdir(parents=True, exist_ok=True)
            source = subprocess.run(["git", "-C", str(PROJECT_ROOT), "archive", commit], capture_output=True,
                                    check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(unpacking)], input=source, check=True)
            if sound:
                patch = BENCH / f"baseline-{commit}-sound.patch"
                subprocess.run(["git", "apply", "--unsafe-paths", f"--directory={unpacking}", str(patch)],
                               cwd=unpacking, check=True)
            unpacking.rename(checkout)
        subprocess.run([sys.executable, str(BENCH / "baseline_patterns.py"), str(checkout), str(persons),
                        today.isoformat(), str(workdir / name), str(kept)], check=True)
    return json.loads(kept.read_text(encoding="utf-8"))


def withheld_value(table, keys) -> float:
    return sum(table.cells[key].value for key in keys if key[0] != TOTAL and key[1] != TOTAL and key in table.cells)


def all_periods(system, table, keys) -> float:
    """The withheld value of `keys` over every level of `system` (euros, persons or counts)."""
    at = system.index()
    return sum(int(system.units[at[key]]) for key in keys) / (100 if table.money else 1)


def passes(levels: dict, withheld: dict) -> str:
    """'yes', or how many withheld cells fall short: for an outsider (o) and only for an insider (i)."""
    system = linked.linked_system(levels, period_parent)
    findings = linked.audit(system, withheld, DOMINANCE)
    outsider = {f.key for f in findings if f.insider is None}
    insider = {f.key for f in findings if f.insider is not None} - outsider
    return f"{len(outsider)}o+{len(insider)}i" if findings else "yes"


def bench(persons: int, workdir: Path, today: date, period: str, exact_seconds: float, baseline: str) -> None:
    store = demo_store(workdir, persons, today)
    with db.connect(store) as conn:  # ours protected afresh: no pattern kept from an earlier run to read
        conn.execute("DELETE FROM statistics_patterns")
    started = time.perf_counter()
    with db.connect(store) as conn:
        ours = {period: statistics(conn, ACTOR, today, k=K, dominance=DOMINANCE, period=period)}
        ours_seconds = time.perf_counter() - started  # the other periods come from the same protection
        ours.update({each: statistics(conn, ACTOR, today, k=K, dominance=DOMINANCE, period=each)
                     for each in PERIODS if each != period})
    records = microdata(store, today, period)
    baselines = [] if baseline == "none" else \
        [(f"  today ({baseline}), as published", "as published",
          baseline_patterns(baseline, False, persons, today, workdir)),
         (f"  today ({baseline}), audit corrected", "audit corrected",
          baseline_patterns(baseline, True, persons, today, workdir))]
    print(f"disclosure control · {persons:,} persons · period {period} · pytauargus {version('pytauargus')} · "
          f"highspy {version('highspy')} · {os.cpu_count()} cores · load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"ours: all six tables, counted and protected (three periods together), in {ours_seconds:.1f} s")
    for label, _, made in baselines:
        print(f"{label.strip()}: all six tables at all three periods, in {made['seconds']:.1f} s")
    print(f"{'table':34s}{'primary':>9s}{'second.':>9s}{'withheld value':>16s}{'audit':>7s}{'linked':>8s}{'s':>7s}")
    for n, stat in enumerate(ours[period]):
        table = stat.table
        mine = {key: why for key, why in stat.protected.status.items() if why != "published"}
        levels = {period: table}
        own_ok = passes(levels, {(period, r, c): why for (r, c), why in mine.items()})
        if stat.spec.by_period:
            all_levels = {each: ours[each][n].table for each in PERIODS}
            linked_ok = passes(all_levels, linked.withheld_keys({each: ours[each][n].protected for each in PERIODS}))
        else:
            linked_ok = own_ok
        start = all_levels if stat.spec.by_period else {stat.spec.rows: table}
        level = period if stat.spec.by_period else stat.spec.rows
        system = linked.linked_system(start, period_parent)
        unit = "€" if table.money else ""
        name = stat.spec.file.removesuffix(".csv")
        print(f"{name:34s}{sum(w == 'primary' for w in mine.values()):9d}"
              f"{sum(w == 'secondary' for w in mine.values()):9d}{withheld_value(table, mine):15,.0f}{unit or ' '}"
              f"{own_ok:>7s}{linked_ok:>8s}{'':>7s}")
        earlier = {}
        for label, short, made in baselines:  # the register when the issue was filed, through today's audit
            theirs = {}
            for each in start:
                source = made["patterns"][ours[each if stat.spec.by_period else period][n].spec.file]
                source = source[each if stat.spec.by_period else period]
                if not math.isclose(source["sum"], sum(cell.value for cell in start[each].cells.values())):
                    raise SystemExit(f"{label.strip()}: its {name} holds other values than ours")
                theirs.update({(each, r, c): why for r, c, why in source["withheld"]})
            here = {(r, c): why for (each, r, c), why in theirs.items() if each == level}
            earlier[short] = all_periods(system, table, theirs)
            print(f"{label:34s}{sum(w == 'primary' for w in here.values()):9d}"
                  f"{sum(w == 'secondary' for w in here.values()):9d}{withheld_value(table, here):15,.0f}"
                  f"{unit or ' '}{passes({level: table}, {(level, r, c): w for (r, c), w in here.items()}):>7s}"
                  f"{passes(start, theirs):>8s}{'':>7s}")
        primary, secondary, seconds = tau_pattern(records[stat.spec.kind], table.money)
        tau_withheld = {(period, r, c): "primary" for r, c in primary} | \
            {(period, r, c): "secondary" for r, c in secondary}
        try:
            tau_ok = passes(levels, tau_withheld)
        except (KeyError, ValueError):
            tau_ok = "n/a"  # its table's cells are not ours (its margins count records, not persons)
        print(f"{'  τ-ARGUS OPT':34s}{len(primary):9d}{len(secondary):9d}"
              f"{withheld_value(table, primary | secondary):15,.0f}{unit or ' '}{tau_ok:>7s}{'–':>8s}"
              f"{seconds:7.2f}")
        # τ-ARGUS's pattern as the start of ours (`linked.protect`'s anchor): our own rules' cells, then the
        # repair until our whole audit, all periods together, is clean.
        started = time.perf_counter()
        repaired = linked.protect(start, period_parent, k=K, dominance=DOMINANCE,
                                  anchor=[(level, r, c) for r, c in primary | secondary])
        seconds = time.perf_counter() - started
        after = {key: why for key, why in repaired[level].status.items() if why != "published"}
        after_ok = passes(start, linked.withheld_keys(repaired))
        print(f"{'  τ-ARGUS OPT, then our repair':34s}{sum(w == 'primary' for w in after.values()):9d}"
              f"{sum(w == 'secondary' for w in after.values()):9d}{withheld_value(table, after):15,.0f}{unit or ' '}"
              f"{passes({level: table}, {(level, r, c): why for (r, c), why in after.items()}):>7s}{after_ok:>8s}"
              f"{seconds:7.2f}")
        if exact_seconds > 0:  # the least withheld value that passes our whole audit (registry.statistics.optimal)
            best = optimal(start, period_parent, k=K, dominance=DOMINANCE, seconds=exact_seconds)
            chosen = {key: why for key, why in best.status[level].items() if why != "published"}
            verdict = passes(start, best.withheld())
            label = "  exact: least value passing" if best.optimal else f"  exact: stopped ({best.rounds} rounds)"
            print(f"{label:34s}{sum(w == 'primary' for w in chosen.values()):9d}"
                  f"{sum(w == 'secondary' for w in chosen.values()):9d}{withheld_value(table, chosen):15,.0f}"
                  f"{unit or ' '}{passes({level: table}, {(level, r, c): w for (r, c), w in chosen.items()}):>7s}"
                  f"{verdict:>8s}{best.seconds:7.2f}")
        # All periods together: ours against the earlier versions and the least value (a stopped master is a
        # relaxation: its value bounds the least value from below).
        mine_all = linked.withheld_keys({each: ours[each][n].protected for each in start}) \
            if stat.spec.by_period else {(level, r, c): w for (r, c), w in mine.items()}
        ours_all = all_periods(system, table, mine_all)
        line = f"    all periods: ours {ours_all:,.0f}{unit}"
        for short, value in earlier.items():
            line += f" · {short} {value:,.0f}{unit}"
        if exact_seconds > 0:
            least = best.value / (100 if table.money else 1)
            line += (f" · least value passing {'=' if best.optimal else '>='} {least:,.0f}{unit} · ours / least "
                     f"{'<=' if not best.optimal else '='} {ours_all / least if least else 1:.2f}")
        print(line)
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[3000, 20000])
    parser.add_argument("--period", choices=PERIODS, default="quarter")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 25))
    parser.add_argument("--baseline", default=BASELINE,
                        help="the earlier version to compare with (a commit; 'none': leave it out)")
    parser.add_argument("--exact-seconds", type=float, default=300.0,
                        help="time for the exact model per table (0: leave it out)")
    args = parser.parse_args()
    for persons in args.persons:
        bench(persons, args.workdir, args.today, args.period, args.exact_seconds, args.baseline)


if __name__ == "__main__":
    main()

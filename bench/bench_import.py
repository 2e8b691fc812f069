"""Benchmark: importing registration rows in bulk beside a plain row-by-row importer (issue #12).
Prints figures, asserts nothing.

    .venv/bin/python bench/bench_import.py --persons 1000000 --rows 100000 [--repeat 3] [--row-sample 2000]

The demo store is built once per size in the work directory (as bench_stats does) and copied
afresh for every timed run. The file (untimed, made once): `--rows` registration rows, four in
five new persons and one in five known persons (by e-mail) with a new phone and street, with
Finnish headers, `;`-separated, as Excel writes it.

* `registry`: `python -m registry import --source registration --file … --actor bench` in a fresh
  process, end to end (start, reading the file, validation, matching, applying, the audit entry,
  commit);
* `row-by-row`: a plain importer in a fresh process: for each row the same validators, one SELECT
  to find the person by e-mail and one INSERT or UPDATE, in one transaction. It is timed on the
  first `--row-sample` rows (a whole 100,000-row file would take the better part of an hour) and
  its time per row is scaled to the file; the table says so.

Both variants import the sample too, and the customers they leave behind are compared (the
same rows, the same values): printed as "same result".
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
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
from registry import validation  # noqa: E402
from registry.store import db  # noqa: E402

DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "registry-bench"
TODAY = date(2026, 11, 25)
HEADER = ["Etunimi", "Sukunimi", "Sähköposti", "Puhelin", "Katuosoite", "Postinumero", "Postitoimipaikka"]


def make_file(store: Path, path: Path, rows: int) -> None:
    """Four in five rows are new persons, one in five known persons with a new phone and street."""
    known = rows // 5
    with db.connect(store) as conn:
        emails = [e for (e,) in conn.execute(
            "SELECT email FROM customers WHERE purged_on IS NULL AND restricted_on IS NULL AND email IS NOT NULL "
            "AND lower(email) IN (SELECT lower(email) FROM customers GROUP BY 1 HAVING count(*) = 1) "
            "ORDER BY hash(id) LIMIT ?", [known]).fetchall()]
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(HEADER)
        for i in range(rows):
            if i % 5 == 4 and i // 5 < len(emails):
                writer.writerow(["", "", emails[i // 5], f"050 {i % 1000:03d} {i % 10000:04d}", f"Muuttokatu {i}",
                                 "", ""])
            else:
                writer.writerow([f"Uusi{i}", "Tuotu", f"uusi.{i}@tuonti.example.fi", f"040 {i % 1000:03d} {i % 10000:04d}",
                                 f"Tuontikuja {i % 90 + 1}", f"{(i * 7) % 99000 + 100:05d}", "Ylämylly"])


def row_by_row(store: Path, path: Path) -> None:
    """The plain importer: per row, the validators, one SELECT and one INSERT or UPDATE."""
    with db.connect(store) as conn, open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        next(reader)
        conn.execute("BEGIN TRANSACTION")
        next_id = conn.execute("SELECT max(id) FROM customers").fetchone()[0]
        for first, last, email, phone, street, postcode, city in reader:
            email, phone = validation.email(email), validation.phone(phone)
            if email is None or phone is None or (postcode and validation.finnish_postcode(postcode) is None):
                continue
            found = conn.execute("SELECT id FROM customers WHERE lower(email) = ?", [email]).fetchall()
            if found:
                conn.execute("UPDATE customers SET phone = coalesce(?, phone), postal_street = coalesce(?, postal_street),"
                             " first_name = coalesce(?, first_name), last_name = coalesce(?, last_name) WHERE id = ?",
                             [phone, street or None, first or None, last or None, found[0][0]])
            else:
                next_id += 1
                conn.execute("INSERT INTO customers (id, first_name, last_name, email, phone, postal_street, "
                             "postal_postcode, postal_city, postal_country, source, customer_since) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'FI', 'registration', ?)",
                             [next_id, first, last, email, phone, street, postcode, city, TODAY])
        conn.execute("COMMIT")


def customers_digest(store: Path) -> str:
    with db.connect(store) as conn:
        rows = conn.execute("SELECT id, first_name, last_name, email, phone, postal_street, postal_postcode, "
                            "postal_city FROM customers ORDER BY id").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def child(variant: str, store: Path, path: Path) -> None:
    started = time.perf_counter()
    if variant == "registry":
        from registry.cli import main

        code = main(["import", "--db", str(store), "--source", "registration", "--file", str(path), "--actor",
                     "bench", "--today", TODAY.isoformat(), "--skip-invalid", "--json"])
        assert code == 0
    else:
        row_by_row(store, path)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mib": peak}), file=sys.stderr)


def timed(variant: str, base: Path, path: Path, scratch: Path) -> tuple[dict, str]:
    copy = scratch / f"{variant}.duckdb"
    shutil.copyfile(base, copy)
    done = subprocess.run([sys.executable, __file__, "--child", variant, "--store", str(copy), "--file", str(path)],
                          capture_output=True, text=True, check=True)
    figures = json.loads(done.stderr.strip().splitlines()[-1])
    return figures, customers_digest(copy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--row-sample", type=int, default=2_000)
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--child", choices=("registry", "row-by-row"))
    parser.add_argument("--store", type=Path)
    parser.add_argument("--file", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.store, args.file)
        return
    base = demo_store(args.workdir, args.persons, TODAY)
    whole = args.workdir / f"import-{args.persons}-{args.rows}.csv"
    if not whole.exists():
        make_file(base, whole, args.rows)
    sample = args.workdir / f"import-{args.persons}-{args.rows}-first{args.row_sample}.csv"
    with open(whole, encoding="utf-8") as f, open(sample, "w", encoding="utf-8") as out:
        out.writelines(line for _, line in zip(range(args.row_sample + 1), f, strict=False))
    with tempfile.TemporaryDirectory(dir=args.workdir) as folder:
        scratch = Path(folder)
        _, ours_on_sample = timed("registry", base, sample, scratch)
        plain_figures, plain_on_sample = timed("row-by-row", base, sample, scratch)
        ours = [timed("registry", base, whole, scratch)[0] for _ in range(args.repeat)]
        plain = [plain_figures] + [timed("row-by-row", base, sample, scratch)[0] for _ in range(args.repeat - 1)]
    ours_s = statistics.median(f["seconds"] for f in ours)
    plain_per_row = statistics.median(f["seconds"] for f in plain) / args.row_sample
    plain_s = plain_per_row * args.rows
    print(f"import · {args.rows:,} registration rows into {args.persons:,} persons · duckdb {version('duckdb')} · "
          f"python {platform.python_version()} · {os.cpu_count()} cores · load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} · {args.repeat} runs, medians")
    print(f"{'':26s}{'registry':>12s}{'row-by-row':>14s}")
    print(f"{'median_s (whole file)':26s}{ours_s:12.2f}{plain_s:14.1f}   (row-by-row: {args.row_sample:,} rows timed, "
          f"{plain_per_row * 1000:.2f} ms a row, scaled)")
    print(f"{'rows per second':26s}{args.rows / ours_s:12,.0f}{1 / plain_per_row:14,.0f}")
    print(f"{'peak_MiB':26s}{max(f['peak_mib'] for f in ours):12.0f}{max(f['peak_mib'] for f in plain):14.0f}")
    print(f"ratio row-by-row / registry: {plain_s / ours_s:.1f}x · same result on the first {args.row_sample:,} rows: "
          f"{'yes' if ours_on_sample == plain_on_sample else 'NO'}")


if __name__ == "__main__":
    main()

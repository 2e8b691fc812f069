"""Who direct marketing may address on a day: customers then, not purged, not restricted, without a
marketing objection (REGISTER.md sections 4 and 7).

A customer on day D is one whose relationship had begun by D (customer_since <= D) and had not
ended (customer_until NULL or after D): a relationship that ends next month still counts today,
one that ended yesterday does not. An objection or a restriction counts whenever it was made
(they bind from now on), and a purged person has no address left to write to.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from .access import Actor, require
from .audit import write_audit
from .store.db import transaction
from .errors import BadInput

# Cells that would start a spreadsheet formula get a leading apostrophe, in SQL.
SAFE = "CASE WHEN left({c}, 1) IN ('=', '+', '-', '@') THEN '''' || {c} ELSE {c} END AS {c}"
COLUMNS = ("first_name", "last_name", "email", "language")
MARKETING_SQL = (
    "SELECT id AS customer_id, " + ", ".join(SAFE.format(c=c) for c in COLUMNS) + """
    FROM customers
    WHERE purged_on IS NULL AND restricted_on IS NULL AND marketing_objection_on IS NULL AND email IS NOT NULL
      AND customer_since <= $today AND (customer_until IS NULL OR customer_until > $today)
    ORDER BY id"""
)  # column names from the fixed COLUMNS tuple


def write_marketing_list(conn, actor: Actor, out_file, today: date) -> int:
    """Write the marketing list of `today` as CSV (UTF-8) to `out_file`; returns how many persons."""
    require(actor, "view_personal_data")
    path = Path(out_file)
    if not path.parent.is_dir():
        raise BadInput(f"the directory {path.parent} does not exist")
    count = 0
    with transaction(conn):
        cursor = conn.execute(MARKETING_SQL, {"today": today})
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["customer_id", *COLUMNS])
            while rows := cursor.fetchmany(10_000):
                writer.writerows(rows)
                count += len(rows)
        write_audit(conn, actor.name, "marketing_list", {"persons": count, "today": today.isoformat()})
    return count

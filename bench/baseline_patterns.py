"""The patterns an earlier version of the register publishes, for bench_sdc.py's "today" lines (issue #25).

    python bench/baseline_patterns.py CHECKOUT PERSONS TODAY WORKDIR OUT.json

Run by bench_sdc.py with CHECKOUT an unpacked copy of that version (`git archive`); imports that copy's
`registry`, builds its own demo store (same generator, seed and day as ours, so the same data) and writes, per
table file and period, the cells it withholds, and per file the sum of its published and withheld values, which
bench_sdc.py checks against ours before comparing.
"""

import json
import sys
import time
from datetime import date
from pathlib import Path

checkout, persons, today, workdir, out = Path(sys.argv[1]), int(sys.argv[2]), date.fromisoformat(sys.argv[3]), \
    Path(sys.argv[4]), Path(sys.argv[5])
sys.path[:0] = [str(checkout), str(checkout / "bench")]

from bench_stats import demo_store  # noqa: E402  (the earlier version's)
from registry.access import Actor  # noqa: E402
from registry.statistics.counting import statistics  # noqa: E402
from registry.statistics.tables import PERIODS  # noqa: E402
from registry.store import db  # noqa: E402

store = demo_store(workdir, persons, today)
patterns: dict = {}
started = time.perf_counter()
with db.connect(store) as conn:
    for period in PERIODS:
        for stat in statistics(conn, Actor("bench", "auditor"), today, period=period):
            patterns.setdefault(stat.spec.file, {})[period] = {
                "withheld": [[row, column, why] for (row, column), why in stat.protected.status.items()
                             if why != "published"],
                "sum": sum(cell.value for cell in stat.table.cells.values())}
out.write_text(json.dumps({"seconds": time.perf_counter() - started, "patterns": patterns}), encoding="utf-8")

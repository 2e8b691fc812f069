"""The statistics of a page run, kept while the store file is unchanged: a page rerun (a new k,
a language switch) does not recompute a million persons' tables.

Kept here rather than by `st.cache_data`: making them tells the page each stage as it goes (a
progress bar), and Streamlit would replay a cached function's progress calls on every later run."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date
from functools import partial
from pathlib import Path

from registry.access import Actor
from registry.store.db import connect
from registry.statistics.counting import Progress, statistics_of_periods
from registry.statistics.tables import PERIODS

KEPT = 24  # results kept (a day and k's three periods, twice over after keeping), the most recently used to stay
_RESULTS: OrderedDict[tuple, list] = OrderedDict()
_LOCK = threading.Lock()


def store_version(path: str) -> tuple:
    """Changes whenever the store's file or its write-ahead log changes."""
    stamps = []
    for name in (path, path + ".wal"):
        p = Path(name)
        stamps.append((p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else None)
    return tuple(stamps)


def cached_statistics(path: str, username: str, role: str, today: date, k: int, period: str = "month",
                      progress: Progress | None = None):
    """registry.statistics.counting.statistics for this store, day and k; the role is checked by the registry
    (and is part of the key, so a kept result never reaches a role that may not see it). `progress` is told
    the stages only when the tables are made, not when they are kept."""
    before = store_version(path)
    key = (path, before, username, role, today, k, period)
    with _LOCK:
        if (found := _RESULTS.get(key)) is not None:
            _RESULTS.move_to_end(key)
            return found
    seen = {}

    def tell(stage: str, *args) -> None:
        if stage == "keep":  # the store as it is just before the registry keeps the new patterns in it
            seen["keeping"] = store_version(path)
        if progress:
            progress(stage, *args)

    # Every period at once: they are counted and protected together anyway, and a period switch then shows at once.
    made = statistics_of_periods(partial(connect, path), Actor(username, role), today, k=k,
                                 periods=(period, *(p for p in PERIODS if p != period)), progress=tell)
    with _LOCK:
        for each, tables in made.items():
            _RESULTS[key[:-1] + (each,)] = tables
        # Keeping the patterns writes to the store, so the next run would see a new version and count again. If
        # nothing else changed the store while the tables were made, that write was the only one (a DuckDB file
        # has one writing process at a time, and ours held it to keep them), and it moves no figure: every result
        # of the version before stands for the version after it too (a new k, then the old k back, is not made
        # again).
        if seen.get("keeping") == before:
            after = store_version(path)
            for old in [old for old in _RESULTS if old[0] == path and old[1] == before]:
                _RESULTS[(path, after, *old[2:])] = _RESULTS[old]
        while len(_RESULTS) > KEPT:
            _RESULTS.popitem(last=False)
    return made[period]


def is_kept(path: str, username: str, role: str, today: date, k: int, period: str = "month") -> bool:
    with _LOCK:
        return (path, store_version(path), username, role, today, k, period) in _RESULTS


def made_before(path: str, username: str, role: str, today: date, k: int) -> dict[str, list]:
    """period -> the tables already made for the store as it is now, this day and k: what the page offers to
    download while another period's are made."""
    prefix = (path, store_version(path), username, role, today, k)
    with _LOCK:
        return {key[-1]: tables for key, tables in _RESULTS.items() if key[:-1] == prefix}

"""The statistics of the Statistics page, made in a thread of their own and kept while the store file is
unchanged.

A page run starts the work (`making`) and shows each table as soon as it is protected, the one being read
first; a rerun meanwhile (a click on another tab, a period switch) finds the same work under way and waits on
it instead of starting again, and a later run (a new k and back, a language switch) reads what was made
instead of recomputing a million persons' tables.

Kept here rather than by `st.cache_data`: the page shows the stages as they go (a progress bar) and the tables
one by one, and Streamlit would replay a cached function's calls on every later run. Nothing here draws: the
thread only calls the registry, and the page reads what it has made."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date
from functools import partial
from pathlib import Path

from registry.access import Actor
from registry.store.db import connect
from registry.statistics.counting import StatTable, statistics_of_periods
from registry.statistics.tables import PERIODS

KEPT = 8  # days and k's whose tables are kept (each with its three periods), the most recently used to stay
_RESULTS: OrderedDict[tuple, dict[str, list[StatTable]]] = OrderedDict()
_UNDER_WAY: dict[tuple, Making] = {}
_LOCK = threading.Lock()


def store_version(path: str) -> tuple:
    """Changes whenever the store's file or its write-ahead log changes."""
    stamps = []
    for name in (path, path + ".wal"):
        p = Path(name)
        stamps.append((p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else None)
    return tuple(stamps)


class Making:
    """The statistics of one store version, user, role, day and k: under way or made."""

    def __init__(self, made: dict[str, list[StatTable]] | None = None):
        self.tables: dict[str, dict[str, StatTable]] = {}  # kind -> period -> its table, as each is protected
        self.stage: tuple = ("count", 0, 1, None)  # the last stage told (registry.statistics.counting.Progress)
        self.keeping = False  # the last stage: the patterns are being kept in the store (its version moves)
        self.error: BaseException | None = None
        self.made = made  # period -> every table, once all are made
        self.done = threading.Event()
        if made is not None:
            self.done.set()

    def table(self, kind: str, period: str) -> StatTable | None:
        """The table of `kind` by `period`, once it is protected."""
        if self.made is not None:
            return next(stat for stat in self.made[period] if stat.spec.kind == kind)
        return self.tables.get(kind, {}).get(period)

    def ready(self) -> int:
        """How many tables are protected."""
        return len(self.made[PERIODS[0]]) if self.made is not None else len(self.tables)

    def wait(self, seconds: float) -> None:
        """Wait up to `seconds` for the work to end; raise what stopped it, if anything did."""
        self.done.wait(seconds)
        if self.error is not None:
            raise self.error


def making(path: str, username: str, role: str, today: date, k: int, period: str = "month",
           first: str | None = None) -> Making:
    """registry.statistics.counting.statistics_of_periods for this store, day and k: made, under way, or started
    now with the table of kind `first` protected first. The role is checked by the registry (and is part of the
    key, so a kept result never reaches a role that may not see it)."""
    before = store_version(path)
    key = (path, before, username, role, today, k)
    with _LOCK:
        if (made := _RESULTS.get(key)) is not None:
            _RESULTS.move_to_end(key)
            return Making(made)
        under_way = _UNDER_WAY.get(key) or next(
            # keeping its patterns has just moved the store's version: it is still the work for this store
            (job for other, job in _UNDER_WAY.items() if job.keeping and other[:1] + other[2:] == key[:1] + key[2:]),
            None)
        if under_way is not None:
            return under_way
        job = _UNDER_WAY[key] = Making()
    threading.Thread(target=_make, args=(job, key, period, first), daemon=True, name="statistics").start()
    return job


def _make(job: Making, key: tuple, period: str, first: str | None) -> None:
    path, before, username, role, today, k = key
    seen = {}

    def tell(stage: str, *args) -> None:
        if stage == "keep":  # the store as it is just before the registry keeps the new patterns in it
            seen["keeping"] = store_version(path)
            job.keeping = True
        job.stage = (stage, *args)

    def ready(kind: str, periods: dict[str, StatTable]) -> None:
        job.tables[kind] = periods

    try:
        made = statistics_of_periods(partial(connect, path), Actor(username, role), today, k=k,
                                     periods=(period, *(p for p in PERIODS if p != period)), progress=tell,
                                     first=first, ready=ready)
        with _LOCK:
            _RESULTS[key] = made
            # Keeping the patterns writes to the store, so the next run would see a new version and count again.
            # If nothing else changed the store while the tables were made, that write was the only one (a DuckDB
            # file has one writing process at a time, and ours held it to keep them), and it moves no figure: every
            # result of the version before stands for the version after it too (a new k, then the old k back, is
            # not made again).
            if seen.get("keeping") == before:
                after = store_version(path)
                for old in [old for old in _RESULTS if old[0] == path and old[1] == before]:
                    _RESULTS[(path, after, *old[2:])] = _RESULTS[old]
            while len(_RESULTS) > KEPT:
                _RESULTS.popitem(last=False)
            job.made = made
    except BaseException as err:  # noqa: BLE001 - told to the page, which shows it (a busy store, a bad k)
        job.error = err
    finally:
        with _LOCK:
            _UNDER_WAY.pop(key, None)
        job.done.set()


def forget() -> None:
    """Let go of every result kept (tests; the work under way goes on)."""
    with _LOCK:
        _RESULTS.clear()

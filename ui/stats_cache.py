"""The statistics of a page run, kept while the store file is unchanged: a page rerun (a new k,
a language switch) does not recompute a million persons' tables."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

import streamlit as st

from registry.access import Actor
from registry.store.db import connect
from registry.statistics.counting import statistics_from_store


def store_version(path: str) -> tuple:
    """Changes whenever the store's file or its write-ahead log changes."""
    stamps = []
    for name in (path, path + ".wal"):
        p = Path(name)
        stamps.append((p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else None)
    return tuple(stamps)


@st.cache_data(max_entries=8, show_spinner=False)
def _statistics(path: str, version: tuple, username: str, role: str, today: date, k: int, period: str):
    return statistics_from_store(partial(connect, path), Actor(username, role), today, k=k, period=period)


def cached_statistics(path: str, username: str, role: str, today: date, k: int, period: str = "month"):
    """registry.statistics.counting.statistics for this store, day and k; the role is checked by the registry
    (and is part of the key, so a cached result never reaches a role that may not see it)."""
    return _statistics(path, store_version(path), username, role, today, k, period)

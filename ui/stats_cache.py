"""The statistics of a page run, kept while the store file is unchanged: a page rerun (a new k,
a language switch) does not recompute a million persons' tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

from registry.access import Actor
from registry.db import connect
from registry.errors import BadInput
from registry.stats import PERIODS, count_tables, protect_tables


def store_version(path: str) -> tuple:
    """Changes whenever the store's file or its write-ahead log changes."""
    stamps = []
    for name in (path, path + ".wal"):
        p = Path(name)
        stamps.append((p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else None)
    return tuple(stamps)


@st.cache_data(max_entries=8, show_spinner=False)
def _statistics(path: str, version: tuple, username: str, role: str, today: date, k: int, period: str):
    if period not in PERIODS:
        raise BadInput(f"unknown period {period!r}: use one of {', '.join(PERIODS)}")
    with connect(path) as conn:  # counted in the store, then protected with it closed (that takes seconds)
        counted = count_tables(conn, Actor(username, role), today, k=k)
    return protect_tables(counted, period, k=k)


def cached_statistics(path: str, username: str, role: str, today: date, k: int, period: str = "month"):
    """registry.stats.statistics for this store, day and k; the role is checked by the registry
    (and is part of the key, so a cached result never reaches a role that may not see it)."""
    return _statistics(path, store_version(path), username, role, today, k, period)

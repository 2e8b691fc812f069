"""The statistics' disclosure patterns kept in the store (issue #25): the next view or `stats` of the same
tables reads the pattern instead of protecting again and publishes the same bytes; any change that moves a
cell (a purge, a new day, k) gives tables another key, so a kept pattern is never used for tables it was not
made for; the store keeps statuses only, no personal data."""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import partial

import pytest

from registry.access import Actor
from registry.demo import generate
from registry.retention.due import purgeable_ids
from registry.purge import purge_persons
from registry.statistics import counting, linked
from registry.statistics.publishing import output_files
from registry.store import db

TODAY = date(2026, 11, 25)
DAY_BEFORE = date(2026, 11, 24)
PURGED_AT = datetime(2026, 11, 25, 10, 0)  # UTC: noon in Helsinki on TODAY
AUDITOR = Actor("tarja", "auditor")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("kept") / "registry.duckdb"
    with db.connect(path, must_exist=False) as conn:
        generate(conn, customers=300, seed=5, today=TODAY)
    return path


@pytest.fixture
def store(template, tmp_path):
    path = tmp_path / "registry.duckdb"
    path.write_bytes(template.read_bytes())
    return path


@pytest.fixture
def protections(monkeypatch):
    """How many times the linked protection really ran (the process's own memory cleared first)."""
    counting._PROTECTED.clear()
    calls = []
    real = linked.protect

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(linked, "protect", counted)
    yield calls
    counting._PROTECTED.clear()


def files(store, day=TODAY, k=None, period="month"):
    options = {} if k is None else {"k": k}
    tables = counting.statistics_from_store(partial(db.connect, store), AUDITOR, day, period=period, **options)
    counting._PROTECTED.clear()  # the next call is a new process: only the store remembers
    return output_files(tables)


def test_the_same_tables_read_their_kept_pattern_and_publish_the_same_bytes(store, protections):
    first = files(store)
    made = len(protections)
    assert made > 0
    with db.connect(store) as conn:
        kept = conn.execute("SELECT statuses FROM statistics_patterns").fetchall()
        names = conn.execute("SELECT first_name, last_name, email FROM customers WHERE first_name IS NOT NULL") \
            .fetchall()
    assert kept
    statuses = {why for (row,) in kept for level in json.loads(row).values() for *_, why in level}
    assert statuses <= {"published", "primary", "secondary"}
    text = " ".join(row for (row,) in kept)
    assert not [v for person in names for v in person if v and len(v) > 3 and f'"{v}"' in text]  # no person's data
    assert files(store) == first and len(protections) == made  # read, not protected again
    assert files(store, period="year") != first and len(protections) == made  # the time tables share one pattern


def test_a_purge_a_later_day_or_another_k_protects_again_and_never_reuses_a_pattern(store, protections):
    files(store)
    made = len(protections)
    files(store, k=counting.K + 2)
    assert len(protections) > made  # another k: other patterns
    made = len(protections)
    files(store, day=DAY_BEFORE)
    assert len(protections) > made  # another day: other tables
    made = len(protections)
    with db.connect(store, exclusive=True) as conn:
        purge_persons(conn, TODAY, Actor.system("test"), purgeable_ids(conn, TODAY)[:3], now=PURGED_AT)
    assert files(store, day=DAY_BEFORE) and len(protections) == made  # as of a day before it, nothing moved
    after_purge = files(store)
    assert len(protections) > made  # the purges table moved: protected again
    with db.connect(store) as conn:
        conn.execute("DELETE FROM statistics_patterns")
    assert files(store) == after_purge  # what the kept patterns gave is what protecting afresh gives


def test_a_pattern_made_by_another_version_of_the_protection_is_not_used(store, protections, monkeypatch):
    files(store)
    made = len(protections)
    monkeypatch.setattr(counting, "PATTERN_VERSION", counting.PATTERN_VERSION + 1)
    files(store)
    assert len(protections) == 2 * made

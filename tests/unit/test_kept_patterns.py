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
from registry.retention.due import purgeable_ids
from registry.purge import purge_persons
from registry.statistics import counting, linked
from registry.statistics.publishing import output_files
from registry.store import db
from tests.conftest import copy_of, demo_template

TODAY = date(2026, 11, 25)
DAY_BEFORE = date(2026, 11, 24)
PURGED_AT = datetime(2026, 11, 25, 10, 0)  # UTC: noon in Helsinki on TODAY
AUDITOR = Actor("tarja", "auditor")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return demo_template(tmp_path_factory, "kept", customers=300, seed=5, today=TODAY)


@pytest.fixture
def store(template, tmp_path):
    return copy_of(template, tmp_path)


@pytest.fixture
def protections(monkeypatch):
    """How many times the linked protection really ran (the process's own memory cleared first)."""
    counting._PROTECTED.clear()
    calls = []
    real = linked.protect

    def counted(*args, **kwargs):
        calls.append(list(kwargs.get("anchor", ())))
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


def test_a_new_version_of_the_protection_starts_from_the_cells_the_old_one_withheld_in_past_periods(
        store, protections, monkeypatch):
    """An upgrade must not publish a past month that yesterday's files withheld: the family outlives the version."""
    files(store, day=DAY_BEFORE)
    before = withheld_in_store(store, DAY_BEFORE)
    made = len(protections)
    monkeypatch.setattr(counting, "PATTERN_VERSION", counting.PATTERN_VERSION + 1)
    files(store, day=TODAY)
    anchors = [set(anchor) for anchor in protections[made:] if anchor]
    assert anchors  # the old version's patterns started the new one's
    current = {"month": "2026-11", "quarter": "2026-Q4", "year": "2026"}
    past = {(level, row, column) for _, level, row, column in before if row not in (current[level], counting.TOTAL)}
    assert past and past <= set().union(*anchors)
    today = withheld_in_store(store, TODAY)
    assert past <= {(level, row, column) for _, level, row, column in today}


def withheld_in_store(store, day):
    """(family, level, row, column) of every cell the pattern kept for `day` withholds."""
    with db.connect(store) as conn:
        rows = conn.execute("SELECT family, statuses FROM statistics_patterns WHERE made_for = ? AND family IS NOT NULL",
                            [day]).fetchall()
    return {(family, level, row, column) for family, statuses in rows
            for level, cells in json.loads(statuses).items() for row, column, why in cells if why != "published"}


def test_a_later_day_starts_from_the_last_days_pattern_for_its_past_months_and_passes_the_whole_audit(store,
                                                                                                   protections):
    files(store, day=DAY_BEFORE)
    before = withheld_in_store(store, DAY_BEFORE)
    assert before and not any(protections)  # nothing kept yet: nothing to start from
    made = len(protections)
    counting._PROTECTED.clear()
    with db.connect(store) as conn:
        counted = counting.count_tables(conn, AUDITOR, TODAY)
    assert counted.last  # the day before's patterns, one per time table
    tables = counting.protect_tables(counted, "month")
    anchors = [anchor for anchor in protections[made:] if anchor]
    assert len(anchors) == len(counted.last)
    current = {"month": "2026-11", "quarter": "2026-Q4", "year": "2026"}
    for anchor in anchors:  # the past periods only: never this month, quarter or year, nor the totals
        assert anchor and all(row not in (current[level], counting.TOTAL) for level, row, _ in anchor)
    for spec, levels, key in counting._groups(counted.tables, "month", counting.K, counting.DOMINANCE):
        if not spec.by_period or not all(t.rows and t.columns for t in levels.values()):
            continue
        result = counting._PROTECTED[key]
        withheld = linked.withheld_keys(result)
        family = counting._family(spec, counting.K, counting.DOMINANCE)
        past = {(level, row, column) for f, level, row, column in before
                if f == family and row not in (current[level], counting.TOTAL)}
        assert past <= set(withheld)  # a past month withheld yesterday is withheld today
        system = linked.linked_system(levels, counting.period_parent)
        assert linked.audit(system, withheld) == []  # and the pattern passes the whole audit, insiders too
    assert tables


def test_a_cell_withheld_on_an_earlier_day_stays_withheld_and_the_pattern_around_it_is_completed(store):
    """The case that makes the anchor matter: a past month that today's protection alone would publish."""
    with db.connect(store) as conn:
        counted = counting.count_tables(conn, AUDITOR, TODAY)
    counting._PROTECTED.clear()
    spec, levels, key = next(g for g in counting._groups(counted.tables, "month", counting.K, counting.DOMINANCE)
                             if g[0].kind == "revenue")
    alone = counting._protect_linked(levels, counting.K, counting.DOMINANCE, key)
    counting._PROTECTED.clear()
    published = [(row, column) for (row, column), why in alone["month"].status.items()
                 if why == "published" and row not in ("2026-11", counting.TOTAL) and column != counting.TOTAL
                 and (row, column) in alone["month"].table.cells]
    chosen = published[len(published) // 2]
    last = {level: [[row, column, why] for (row, column), why in p.status.items()] for level, p in alone.items()}
    last["month"] = [[row, column, "secondary" if (row, column) == chosen else why] for row, column, why in last["month"]]
    last["month"].append(["2026-11", levels["month"].columns[0], "secondary"])  # today's month: not carried over
    anchored = counting._protect_linked(levels, counting.K, counting.DOMINANCE, key, last=last)
    counting._PROTECTED.clear()
    assert anchored["month"].status[chosen] == "secondary"
    system = linked.linked_system(levels, counting.period_parent)
    assert linked.audit(system, linked.withheld_keys(anchored)) == []
    # the carried-over cell alone in its row or column would give itself away: the audit completed the pattern
    assert sum(why != "published" for why in anchored["month"].status.values()) > \
        sum(why != "published" for why in alone["month"].status.values())
    first_today = ("2026-11", levels["month"].columns[0])
    assert anchored["month"].status[first_today] == alone["month"].status[first_today]


def test_another_k_does_not_start_from_a_pattern_made_for_other_k(store, protections):
    files(store, day=DAY_BEFORE, k=counting.K + 2)
    made = len(protections)
    files(store, day=TODAY)
    assert made and not any(protections[made:])  # no anchor: nothing of this k was kept


def test_each_stage_is_told_as_it_starts_and_a_caller_that_stops_keeps_nothing(store):
    from registry.statistics.tables import specs

    seen = []
    counting._PROTECTED.clear()
    counting.statistics_from_store(partial(db.connect, store), AUDITOR, TODAY,
                                   progress=lambda stage, n, total, spec: seen.append((stage, n, total, spec)))
    assert seen == [("count", 0, 1, None), *[("protect", n, 6, spec) for n, spec in enumerate(specs("month"))],
                    ("keep", 0, 1, None)]

    class Stopped(Exception):
        pass

    def stop(stage, *_):
        if stage == "protect":
            raise Stopped  # a page rerun (a new k) stops the run at its next stage
    with db.connect(store) as conn:
        conn.execute("DELETE FROM statistics_patterns")
    with pytest.raises(Stopped):
        counting.statistics_from_store(partial(db.connect, store), AUDITOR, DAY_BEFORE, progress=stop)
    with db.connect(store) as conn:
        assert conn.execute("SELECT count(*) FROM statistics_patterns").fetchone()[0] == 0


def test_the_table_asked_for_first_is_protected_first_and_each_is_told_as_soon_as_it_is(store, monkeypatch):
    """The page shows the table being read as soon as it is protected: it starts first, and `ready` is told
    each table once, with its table of every period, the same as those returned at the end."""
    counting._PROTECTED.clear()
    started, told = [], {}
    real = counting._protect_linked
    monkeypatch.setattr(counting, "_protect_linked", lambda levels, *a, **k: started.append(sorted(levels)) or
                        real(levels, *a, **k))
    made = counting.statistics_of_periods(partial(db.connect, store), AUDITOR, TODAY, first="requests",
                                          ready=lambda kind, periods: told.setdefault(kind, []).append(periods))
    counting._PROTECTED.clear()
    assert started[0] == ["kind"]  # the requests by kind and outcome: the one table with rows of kinds
    assert sorted(told) == sorted(spec.kind for spec in counting.specs("month"))
    assert all(len(each) == 1 for each in told.values())
    for period, tables in made.items():
        for stat in tables:
            assert told[stat.spec.kind][0][period] == stat

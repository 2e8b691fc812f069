"""Benchmark: the server-side time of each dashboard page (issue #4). Prints figures, asserts nothing.

    python bench/bench_pages.py --persons 1000000 [--repeat 5] [--workdir DIR] [--today 2026-11-25]
                                [--audit-entries 500000] [--no-apptest]

Setup, untimed: the demo store of `bench_due_purge.py` (built once per size, seed and day in the
work directory, default /tmp/registry-bench, and reused), copied once to a page-bench store
beside it (`pages-…-audit<N>.duckdb`, also reused). The demo store's audit trail holds one
entry, so the copy gets `--audit-entries` synthetic entries (a valid hash chain, spread over
the five years before the demo's own entries; 0 leaves the trail as it is): the Audit trail
page would otherwise page through nothing. Opening a record writes to the audit trail, which is
why the pages run on this copy and the demo store stays as `bench_due_purge.py` left it.

Each page, two ways (and a third, optional):

* `registry`: the page's registry calls exactly as the page makes them on its first render,
  each `with db.connect(store)` block opened and closed as in the page (Overview: `overview`,
  `purges_coming_due`, `open_requests_by_days_left`; Customers: `search_customers`, and on
  opening a record `customer_record(audit=True)`; Due for purge: `due_counts`, `due_page`,
  `blocker_details` of the page's blocked persons; Requests: `open_requests`, then
  `get_request` of the first row shown; Audit trail: `audit_facets`, then `audit_page` of the
  last 30 days). Actor `Actor('bench', 'manager')`, `'auditor'` for the audit trail.
* `pandas`: a plain pandas app doing the same page's work: the tables the page needs loaded
  whole (`SELECT *` through `db.connect`, `.df()`), then filtered, joined, sorted and counted
  in pandas to produce the same rows and figures. Loading counts; importing pandas does not.
  Before timing, each page's pandas result is checked once against the registry's.
* `apptest` (unless --no-apptest): the whole page run with `streamlit.testing.v1.AppTest`
  through `Home.py` (a session signed in as a bench staff account, as tests/pages do it; the
  store through $REGISTRY_DB), after untimed warm-up runs (imports, Streamlit's first-run
  set-up, the sign-in record); only the page's `AppTest.run()` is timed. The pages use
  `date.today()`, not --today.

Every timed run is a fresh process (`--child`), so peak RSS (VmHWM) is that run's own; the
store is opened by one process at a time, so the runs go one after another, the variants
taking turns within each repeat so that noise on a shared machine falls on all alike. In its
process the registry's work is timed twice: `registry` is the first call, as every other
variant is timed (what the first page view after a server start costs: lazy imports, the
holiday table of the deadline rule); `registry-warm` is a second call in the same process (the
store opened and closed again, as the page does), what a running server spends per view.
Reported: median, min and max seconds over --repeat runs, the median CPU seconds of the process
in the timed part (all threads; steadier than wall time on a shared machine), and the largest
peak RSS. Targets are read on the `registry` medians; the ratio is pandas / registry.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import astuple
from datetime import date, datetime, timedelta
from datetime import time as day_start
from decimal import Decimal
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(BENCH_DIR))

import bench_due_purge as due_bench  # noqa: E402  (its demo store, child helpers and due list in pandas)

from registry.store import db  # noqa: E402
from registry.access import Actor  # noqa: E402
from registry.audit import GENESIS_HASH, audit_facets, audit_page, entry_hash, verify_chain  # noqa: E402
from registry.customers import customer_record, phone_pattern, search_customers  # noqa: E402
from registry.requests.deadlines import request_due_on  # noqa: E402
from registry.overview import DAYS_LEFT_BUCKETS, open_requests_by_days_left, overview, purges_coming_due  # noqa: E402
from registry.requests.register import OPEN_STATUSES, get_request, open_requests  # noqa: E402
from registry.retention.due import RETENTION_DAYS, blocker_details, due_counts, due_page, purgeable_ids  # noqa: E402
from registry.retention.review import review_page  # noqa: E402

MANAGER = Actor("bench", "manager")
AUDITOR = Actor("bench", "auditor")
# Page sizes and windows as the pages set them.
CUSTOMERS_PAGE_SIZE = 25
DUE_PAGE_SIZE = 50
REVIEW_PAGE_SIZE = 20  # the purge review dialog's page of names
REQUESTS_PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 50
AUDIT_DAYS = 30
COMING_WEEKS = 12
NAME_QUERY = "virtanen"  # a common Finnish surname
DEFAULT_AUDIT_ENTRIES = 500_000
AUDIT_YEARS = 5
SYNTHETIC_ACTORS = ("aino", "eero", "helmi", "ilmari", "kaisa", "lauri", "mikko", "noora", "olli", "sanna")
IMPLS = ("registry", "pandas", "apptest")


# --- the page's work, through the registry ---------------------------------------------------
# Each takes (store, today, params) and returns the page's result in plain comparable values.

def registry_overview(store: Path, today: date, params: dict):
    with db.connect(store) as conn:
        figures = overview(conn, today)
        weeks = purges_coming_due(conn, today)
        buckets = open_requests_by_days_left(conn, today)
    return plain((astuple(figures), weeks, buckets))


def registry_search(store: Path, today: date, params: dict):
    with db.connect(store) as conn:
        page = search_customers(conn, MANAGER, params["query"], after_id=0, limit=CUSTOMERS_PAGE_SIZE)
    return plain(([astuple(row) for row in page.rows], page.next_after))


def registry_record(store: Path, today: date, params: dict):
    with db.connect(store) as conn:
        record = customer_record(conn, MANAGER, params["customer_id"], today, audit=True)
    return plain((record.person, record.related, record.due, [astuple(b) for b in record.blockers]))


def registry_due(store: Path, today: date, params: dict):
    with db.connect(store) as conn:
        counts = due_counts(conn, today, None, None)
        persons, next_after = due_page(conn, today, None, None, 0, DUE_PAGE_SIZE)
        details = blocker_details(conn, today, [p.customer_id for p in persons if p.blocked])
    return plain((astuple(counts), persons, next_after, [astuple(d) for d in details]))


def registry_review(store: Path, today: date, params: dict):
    """Opening the purge review: whom it will erase (every due, unblocked id), then the dialog's
    first page of them by name (issue #11)."""
    with db.connect(store) as conn:
        ids = purgeable_ids(conn, today)
    with db.connect(store) as conn:
        page = review_page(conn, MANAGER, ids, None, 0, REVIEW_PAGE_SIZE)
    return plain((len(ids), page.matched, [astuple(r) for r in page.rows], page.next_after))


def registry_requests(store: Path, today: date, params: dict):
    with db.connect(store) as conn:
        found = open_requests(conn, today)
    shown = found[:REQUESTS_PAGE_SIZE]
    metrics = (len(found), sum(r.overdue for r in found), sum(0 <= r.days_left <= 7 for r in found))
    request = None
    if shown:
        with db.connect(store) as conn:
            request = astuple(get_request(conn, shown[0].request_id))
    return plain((metrics, [astuple(r) for r in shown], request))


def audit_window(today: date) -> tuple[datetime, datetime]:
    """The page's default date filter: the last 30 days up to and including today."""
    return (datetime.combine(today - timedelta(days=AUDIT_DAYS), day_start.min),
            datetime.combine(today, day_start.min) + timedelta(days=1))


def registry_audit(store: Path, today: date, params: dict):
    since, until = audit_window(today)
    with db.connect(store) as conn:
        actors, actions = audit_facets(conn)
    with db.connect(store) as conn:
        entries, next_before = audit_page(conn, AUDITOR, None, None, since, until, None, AUDIT_PAGE_SIZE)
    return plain((actors, actions, [(e.seq, e.at, e.actor, e.action, e.details) for e in entries], next_before))


# --- the same work in plain pandas --------------------------------------------------------------
# pandas is imported inside the functions, so that the registry runs do without it.

def load_tables(store: Path, *tables: str) -> dict:
    """Whole tables as DataFrames, as a plain pandas app reads them. Names come from the code."""
    with db.connect(store) as conn:
        return {table: conn.execute(f"SELECT * FROM {table}").df() for table in tables}


DUE_TABLES = tuple(due_bench.PANDAS_LOAD_SQL)  # customers, requests, invoices, collection_cases, legal_holds, organisations


def open_requests_pandas(requests, today: date):
    """Open requests with due_on, days_left, overdue, sorted by due date then id. The deadline
    rule (months, weekends, Finnish holidays) is the register's own `request_due_on`, applied
    once per distinct (received_on, extended)."""
    import pandas as pd

    found = requests[requests.status.isin(OPEN_STATUSES)]
    keys = list(zip(found.received_on.dt.date, found.extended_on.notna(), strict=True))
    due_of = {key: request_due_on(*key) for key in set(keys)}
    due_on = pd.to_datetime(pd.Series([due_of[key] for key in keys], index=found.index, dtype="object"))
    days_left = (due_on - pd.Timestamp(today)).dt.days
    return (found.assign(due_on=due_on, days_left=days_left, overdue=days_left < 0)
                 .sort_values(["due_on", "id"], ignore_index=True))


def blocker_details_pandas(frames: dict, today: date, ids) -> list[tuple]:
    """(customer_id, blocker, since, items) for the named persons, by id then blocker."""
    import pandas as pd

    rows = []
    for blocker, table, open_mask, since_col in (
        ("collection", "collection_cases", lambda f: f.closed_on.isna(), "opened_on"),
        ("legal_hold", "legal_holds", lambda f: f.lifted_on.isna(), "placed_on"),
        ("open_invoice", "invoices", lambda f: f.paid_on.isna() & f.credited_on.isna(), "issued_on"),
    ):
        frame = frames[table]
        held = frame[open_mask(frame) & frame.customer_id.isin(ids)].groupby("customer_id")[since_col].agg(["min", "count"])
        rows += [(cid, blocker, since, count) for cid, since, count in held.itertuples()]
    customers, orgs = frames["customers"], frames["organisations"]
    contacts = customers[customers.id.isin(ids) & customers.is_contact_person]
    active = orgs[orgs.customer_until.isna() | (orgs.customer_until >= pd.Timestamp(today))]
    joined = contacts.merge(active, left_on="organisation_id", right_on="id", suffixes=("", "_org"))
    rows += [(cid, "org_contact", since, 1) for cid, since in zip(joined.id, joined.customer_since_org, strict=True)]
    return sorted(rows, key=lambda row: (row[0], row[1]))


def pandas_overview(store: Path, today: date, params: dict):
    import pandas as pd

    frames = load_tables(store, *DUE_TABLES)
    customers = frames["customers"]
    persons, purged = len(customers), int(customers.purged_on.notna().sum())
    active = int((customers.purged_on.isna() & customers.customer_until.isna()).sum())
    due = due_bench.due_list_pandas(frames, today)
    blocked = int(due.blockers.map(bool).sum())
    found = open_requests_pandas(frames["requests"], today)
    days = found.days_left
    figures = (persons, active, purged, len(due) - blocked, blocked, len(found), int((days < 0).sum()),
               int(((days >= 0) & (days <= 7)).sum()))

    ends = customers.customer_until[customers.purged_on.isna() & customers.customer_until.notna()]
    days_to_due = (ends + pd.Timedelta(days=RETENTION_DAYS) - pd.Timestamp(today)).dt.days
    in_window = days_to_due[(days_to_due > 0) & (days_to_due <= 7 * COMING_WEEKS)]
    per_week = ((in_window - 1) // 7).value_counts()
    weeks = [(today + timedelta(days=1 + 7 * w), int(per_week.get(w, 0))) for w in range(COMING_WEEKS)]
    buckets = [(label, int((((low is None) | (days >= (low or 0))) & ((high is None) | (days <= (high or 0)))).sum()))
               for label, low, high in DAYS_LEFT_BUCKETS]
    return plain((figures, weeks, buckets))


def search_pandas(customers, orgs, query: str | None, after_id: int = 0, limit: int = CUSTOMERS_PAGE_SIZE):
    """The Customers search: rows (the search columns) and next_after."""
    named = customers.merge(orgs[["id", "name"]].rename(columns={"id": "organisation_id", "name": "organisation"}),
                            on="organisation_id", how="left")
    text = (query or "").strip().lower() or None
    hits = named.id > after_id
    if text is not None:
        as_id = int(text) if text.isdigit() and len(text) < 19 else None

        def contains(series, fragment):
            return series.str.contains(fragment, regex=False).fillna(False).astype(bool)

        match = (contains((named.first_name + " " + named.last_name).str.lower(), text)
                 | contains((named.last_name + " " + named.first_name).str.lower(), text)
                 | contains(named.email.str.lower(), text)
                 | contains(named.organisation.str.lower(), text))
        phone = phone_pattern(text)  # '040 123' -> '+35840123', as the registry matches numbers
        if phone is not None:
            match = contains(named.phone.str.replace(" ", "", regex=False), phone)  # then only phone and id
        match &= named.restricted_on.isna()  # a restricted person is found only by id (Art. 18)
        if as_id is not None:
            match |= named.id == as_id
        hits &= match
    page = named[hits].sort_values("id").head(limit + 1)
    columns = ["id", "first_name", "last_name", "email", "phone", "organisation", "customer_since",
               "customer_until", "restricted_on", "marketing_objection_on", "purged_on"]
    page = page[columns].astype(object)
    hidden = page.restricted_on.notna()  # shown as an id with the restricted marker only
    page.loc[hidden, ["first_name", "last_name", "email", "phone", "organisation"]] = None
    rows = list(page.itertuples(index=False, name=None))
    return rows[:limit], (rows[limit - 1][0] if len(rows) > limit else None)


def pandas_search(store: Path, today: date, params: dict):
    frames = load_tables(store, "customers", "organisations")
    return plain(search_pandas(frames["customers"], frames["organisations"], params["query"]))


RECORD_TABLES = ("customers", "organisations", "orders", "invoices", "collection_cases", "legal_holds", "requests",
                 "disclosures", "customer_notes", "import_rows")
# name -> (table, columns, sort columns, descending flags), as the record's queries.
RECORD_RELATED = {
    "orders": ("orders", ["id", "ordered_on", "product", "amount_eur"], ["ordered_on", "id"], [False, True]),
    "invoices": ("invoices", ["id", "order_id", "issued_on", "due_on", "amount_eur", "paid_on", "credited_on"],
                 ["issued_on", "id"], [False, True]),
    "collection_cases": ("collection_cases", ["id", "opened_on", "closed_on", "agency"], ["opened_on", "id"],
                         [False, True]),
    "legal_holds": ("legal_holds", ["id", "reason", "placed_on", "lifted_on"], ["placed_on"], [False]),
    "requests": ("requests", ["id", "kind", "received_on", "channel", "identity_verified_on", "extended_on", "status",
                              "closed_on", "language"], ["received_on", "id"], [False, True]),
    "disclosures": ("disclosures", ["id", "disclosed_on", "recipient", "purpose", "outside_eu"],
                    ["disclosed_on", "id"], [False, True]),
    "notes": ("customer_notes", ["written_at", "author", "body"], ["written_at"], [False]),
}


def pandas_record(store: Path, today: date, params: dict):
    """The record as a plain pandas app builds it: every table the record shows loaded whole.
    (The registry also writes the audit entry for the opening; this version writes nothing.)"""
    frames = load_tables(store, *RECORD_TABLES)
    cid = params["customer_id"]
    mine = {name: frame[frame.customer_id == cid] if "customer_id" in frame else frame
            for name, frame in frames.items()}
    mine["customers"] = frames["customers"][frames["customers"].id == cid]
    orgs = frames["organisations"].rename(columns={"id": "organisation_id", "name": "organisation_name",
                                                   "customer_until": "organisation_until"})
    person = mine["customers"].merge(orgs[["organisation_id", "organisation_name", "business_id", "organisation_until"]],
                                     on="organisation_id", how="left").iloc[0].to_dict()
    related = {}
    for name, (table, columns, order, ascending) in RECORD_RELATED.items():
        rows = mine[table].sort_values(order, ascending=ascending, kind="stable")[columns]
        related[name] = rows.to_dict("records")
    sources = (mine["import_rows"].groupby("source").imported_at.agg(["count", "min", "max"]).sort_index()
               .reset_index().set_axis(["source", "rows", "first_at", "last_at"], axis=1))
    related["data_sources"] = sources.to_dict("records")
    # The whole requests table (3,388 rows at 1,000,000 persons) into the due rule: the helper's
    # erasure lookup does not take an empty table.
    due = due_bench.pandas_rows(due_bench.due_list_pandas({**mine, "requests": frames["requests"]}, today))
    return plain((person, related, due[0] if due else None, blocker_details_pandas(mine, today, [cid])))


def pandas_due(store: Path, today: date, params: dict):
    frames = load_tables(store, *DUE_TABLES)
    due = due_bench.due_list_pandas(frames, today)
    blocked = int(due.blockers.map(bool).sum())
    page = due.head(DUE_PAGE_SIZE + 1)
    persons = due_bench.pandas_rows(page)[:DUE_PAGE_SIZE]
    next_after = persons[-1][0] if len(page) > DUE_PAGE_SIZE else None
    details = blocker_details_pandas(frames, today, [p[0] for p in persons if p[3]])
    return plain(((len(due) - blocked, blocked), persons, next_after, details))


def pandas_review(store: Path, today: date, params: dict):
    frames = load_tables(store, *DUE_TABLES)
    due = due_bench.due_list_pandas(frames, today)
    ids = due[due.blockers.map(len) == 0]
    people = frames["customers"].merge(ids, left_on="id", right_on="customer_id")
    people = people.merge(frames["organisations"][["id", "name"]].rename(columns={"id": "organisation_id",
                                                                                  "name": "organisation"}),
                          on="organisation_id", how="left").sort_values("id")
    first = people.head(REVIEW_PAGE_SIZE + 1)
    rows = [(int(r.id), " ".join(x for x in (r.first_name, r.last_name) if isinstance(x, str)),
             r.organisation if isinstance(r.organisation, str) else None,
             None if r.customer_until is None or r.customer_until != r.customer_until else r.customer_until.date(),
             r.reason, r.due_on.date()) for r in first.head(REVIEW_PAGE_SIZE).itertuples()]
    next_after = rows[-1][0] if len(first) > REVIEW_PAGE_SIZE else None
    return plain((len(ids), len(people), rows, next_after))


def pandas_requests(store: Path, today: date, params: dict):
    requests = load_tables(store, "requests")["requests"]
    found = open_requests_pandas(requests, today)
    days = found.days_left
    metrics = (len(found), int((days < 0).sum()), int(((days >= 0) & (days <= 7)).sum()))
    shown = found.head(REQUESTS_PAGE_SIZE)
    rows = list(shown[["id", "customer_id", "kind", "status", "due_on", "days_left", "overdue"]]
                .itertuples(index=False, name=None))
    request = None
    if rows:
        columns = ["id", "customer_id", "kind", "received_on", "channel", "identity_verified_on", "extended_on",
                   "status", "closed_on", "language", "extension_reason", "closing_reason"]
        request = next(requests[requests.id == rows[0][0]][columns].itertuples(index=False, name=None))
    return plain((metrics, rows, request))


def pandas_audit(store: Path, today: date, params: dict):
    log = load_tables(store, "audit_log")["audit_log"]
    since, until = audit_window(today)
    actors, actions = sorted(log.actor.unique()), sorted(log.action.unique())
    page = (log[(log.logged_at >= since) & (log.logged_at < until)]
            .sort_values("seq", ascending=False).head(AUDIT_PAGE_SIZE + 1))
    entries = [(seq, at, actor, action, json.loads(details)) for seq, at, actor, action, details
               in page[["seq", "logged_at", "actor", "action", "details"]].itertuples(index=False, name=None)]
    next_before = entries[AUDIT_PAGE_SIZE - 1][0] if len(entries) > AUDIT_PAGE_SIZE else None
    return plain((actors, actions, entries[:AUDIT_PAGE_SIZE], next_before))


# --- comparable values --------------------------------------------------------------------------

def plain(value):
    """Python values that compare equal whichever side made them: dates and timestamps as ISO
    text (pandas holds DATE columns as timestamps), NULL/NaN/NaT/NA as None, numpy scalars and
    decimals as Python numbers, tuples as lists."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else value
    if isinstance(value, datetime):  # pandas' Timestamp and NaT too; NaT is not equal to itself
        return value.isoformat(sep=" ") if value == value else None
    if isinstance(value, date):
        return datetime.combine(value, day_start.min).isoformat(sep=" ")
    import pandas as pd  # values below come only from the pandas side

    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().isoformat(sep=" ")
    if hasattr(value, "item"):  # numpy scalar
        return plain(value.item())
    raise TypeError(f"no plain form for {type(value).__name__}: {value!r}")


# --- AppTest: the whole page -------------------------------------------------------------------

PAGE_KEYS = {"overview": "overview", "search": "customers", "record": "customers", "due": "due",
             "requests": "requests", "audit": "audit"}
BENCH_ACCOUNTS = {"manager": "bench-manager", "auditor": "bench-auditor"}  # added to the page store
BENCH_PASSWORD = "bench-password-not-secret"


def apptest_page(store: Path, today: date, params: dict, kind: str):
    """Prepare an AppTest of the page (untimed): the app's entry point `Home.py` with a session
    signed in (as the sign-in form leaves it, as tests/pages do), run once on the default page
    and once on this page as a warm-up (imports, Streamlit's first-run set-up, the sign-in
    record: a running server has done these). The returned work runs the page again: Home.py's
    session check, the sidebar, and the page."""
    os.environ["REGISTRY_DB"] = str(store)
    os.environ.setdefault("REGISTRY_COOKIE_KEY", "bench-only-" + "k" * 40)
    from streamlit.testing.v1 import AppTest

    from ui.i18n import CATALOGUES, DEFAULT_LANGUAGE
    from ui.nav import PAGES

    username = BENCH_ACCOUNTS["auditor" if kind == "audit" else "manager"]
    at = AppTest.from_file(str(PROJECT_ROOT / "Home.py"), default_timeout=600)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = username
    at.session_state["name"] = username
    at.session_state["logout"] = False
    if kind in ("search", "record"):
        at.session_state["cust_q"] = params.get("query") or ""
    if kind == "record":
        at.session_state["cust_open"] = params["customer_id"]

    def run():
        if kind == "record":
            at.session_state["cust_audited"] = None  # each run is a first opening: audited
        at.run()
        if at.exception:
            raise RuntimeError(f"{kind} page raised: {at.exception[0].value}")
        if at.error:
            raise RuntimeError(f"{kind} page showed an error: {at.error[0].value}")
        return None
    run()
    at.switch_page(next(spec.path for spec in PAGES if spec.key == PAGE_KEYS[kind]))
    run()
    # What is timed must be the page itself, signed in (not the sign-in form, not another page).
    expected = CATALOGUES[DEFAULT_LANGUAGE][f"page.{PAGE_KEYS[kind]}"]
    shown = [title.value for title in at.title]
    if shown != [expected] or (kind == "record" and not at.header):
        raise RuntimeError(f"the AppTest of {kind} shows {shown}, not the page {expected!r}")
    return run


# --- the pages ----------------------------------------------------------------------------------

# label -> (kind, registry work, pandas work, targets: ≤ 0.5 s, ≥ 10× pandas)
def page_table(phone_fragment: str) -> dict:
    return {
        "overview": ("overview", registry_overview, pandas_overview, {}, True),
        "customers: first page, no query": ("search", registry_search, pandas_search, {"query": None}, False),
        f"customers: search '{NAME_QUERY}'": ("search", registry_search, pandas_search, {"query": NAME_QUERY}, True),
        f"customers: search phone '{phone_fragment}'": ("search", registry_search, pandas_search,
                                                          {"query": phone_fragment}, True),
        "customers: open a record": ("record", registry_record, pandas_record, {}, False),
        "due for purge: first page": ("due", registry_due, pandas_due, {}, True),
        "purge review: first page of names": ("review", registry_review, pandas_review, {}, True),
        "requests": ("requests", registry_requests, pandas_requests, {}, False),
        "audit trail: first page": ("audit", registry_audit, pandas_audit, {}, False),
    }


CHILD_WORK = {
    "overview": (registry_overview, pandas_overview), "search": (registry_search, pandas_search),
    "record": (registry_record, pandas_record), "due": (registry_due, pandas_due),
    "review": (registry_review, pandas_review),
    "requests": (registry_requests, pandas_requests), "audit": (registry_audit, pandas_audit),
}


def run_as_child(kind: str, impl: str, store: Path, today: date, params: dict) -> None:
    """Time one page in this (fresh) process; print seconds, CPU seconds and peak RSS as JSON.
    The registry's calls are timed twice: the first call (`seconds`), as every other variant,
    and a second one (`warm_seconds`), as on a running server whose process has done its lazy
    imports and first-use set-up (the store is opened and closed again, as the page does)."""
    if impl == "apptest":
        work = apptest_page(store, today, params, kind)
    else:
        if impl == "pandas":
            import pandas  # noqa: F401  (an app imports it at start, untimed like the others' imports)
        function = CHILD_WORK[kind][IMPLS.index(impl)]

        def work():
            return function(store, today, params)
    figures = {}
    for run in ("", "warm_")[:2 if impl == "registry" else 1]:
        cpu_started, started = cpu_seconds(), time.perf_counter()
        work()
        figures[run + "seconds"] = time.perf_counter() - started
        figures[run + "cpu_s"] = cpu_seconds() - cpu_started
    print(json.dumps({**figures, "peak_mib": due_bench.peak_rss_mib()}))


def cpu_seconds() -> float:
    """User and system CPU time of this process, all its threads (DuckDB works in several)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def in_fresh_process(kind: str, impl: str, store: Path, today: date, params: dict) -> dict:
    command = [sys.executable, __file__, "--child", kind, "--impl", impl, "--store", str(store),
               "--today", today.isoformat(), "--params", json.dumps(params)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{kind}/{impl} failed (exit {done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


# --- setup, untimed -----------------------------------------------------------------------------

def synthetic_audit_trail(conn, entries: int, today: date, persons: int) -> None:
    """Put `entries` synthetic entries before the trail's own (renumbered after them), spread
    evenly over the AUDIT_YEARS years before the first own entry, hash chain recomputed."""
    import random

    import pandas as pd

    own = conn.execute("SELECT logged_at, actor, action, details FROM audit_log ORDER BY seq").fetchall()
    first_own = own[0][0] if own else datetime.combine(today, day_start.min)
    start = first_own - timedelta(days=365 * AUDIT_YEARS)
    step = (first_own - start) / (entries + 1)
    rng = random.Random(1)
    rows, prev = [], GENESIS_HASH
    for i in range(entries):
        at = (start + step * (i + 1)).replace(microsecond=0)
        actor = rng.choice(SYNTHETIC_ACTORS)
        kind = rng.random()
        if kind < 0.85:
            action, details = "view_record", {"customer_id": rng.randint(1, persons)}
        elif kind < 0.95:
            action, details = "sign_in", {}
        else:
            action, details = "request_recorded", {"request_id": i, "kind": "access", "customer_id": None}
        rows.append((at, actor, action, json.dumps(details, sort_keys=True, separators=(",", ":"))))
    rows += own
    table = []
    for seq, (at, actor, action, details_json) in enumerate(rows, start=1):
        digest = entry_hash(seq, at, actor, action, details_json, prev)
        table.append((seq, at, actor, action, details_json, prev, digest))
        prev = digest
    frame = pd.DataFrame(table, columns=["seq", "logged_at", "actor", "action", "details", "prev_hash", "hash"])
    with db.transaction(conn):
        conn.execute("DELETE FROM audit_log")
        conn.register("synthetic_audit", frame)
        conn.execute("INSERT INTO audit_log SELECT * FROM synthetic_audit")
        conn.unregister("synthetic_audit")


def pages_store(demo: Path, audit_entries: int, today: date, persons: int) -> tuple[Path, str]:
    """The page-bench copy of the demo store: reused, else copied, given its audit trail and
    the bench's staff accounts (for the AppTest runs) under a temporary name, and renamed when
    complete."""
    from registry.users import add_user, get_user

    store = demo.with_name(f"pages-{demo.stem.removeprefix('demo-')}-audit{audit_entries}.duckdb")
    if store.exists():
        return store, "reused from an earlier run"
    started = time.perf_counter()
    building = store.with_name(store.name + ".building")
    due_bench.remove_store(building)
    shutil.copyfile(demo, building)
    with db.connect(building) as conn:
        if audit_entries:
            synthetic_audit_trail(conn, audit_entries, today, persons)
        for role, username in BENCH_ACCOUNTS.items():
            if get_user(conn, username) is None:
                add_user(conn, Actor.system("bench"), username, role, BENCH_PASSWORD, nda_signed_on=today)
        report = verify_chain(conn)
        conn.execute("CHECKPOINT")
    if not report.ok:
        sys.exit(f"the synthetic audit trail does not verify: {report.problem}")
    os.replace(building, store)
    due_bench.remove_store(building)
    return store, f"built in {time.perf_counter() - started:.0f} s"


def bench_params(store: Path) -> tuple[str, int]:
    """A phone fragment as staff type it (the middle person's number in national form without
    its last two digits: '+358 40 835 2704' -> '040 835 27'), and the person whose record is
    opened (the first hit of the name search)."""
    with db.connect(store) as conn:
        (phone,) = conn.execute("SELECT phone FROM customers WHERE phone IS NOT NULL AND id >= "
                                "(SELECT max(id) / 2 FROM customers) ORDER BY id LIMIT 1").fetchone()
        hits = search_customers(conn, MANAGER, NAME_QUERY, limit=CUSTOMERS_PAGE_SIZE).rows
    national = "0" + phone.removeprefix("+358 ") if phone.startswith("+358 ") else phone
    return national[:-2], hits[0].customer_id


def check_identical(pages: dict, store: Path, today: date) -> dict[str, bool]:
    """Each page's pandas result against the registry's, once, untimed."""
    same = {}
    for label, (_, registry_work, pandas_work, params, _) in pages.items():
        expected = registry_work(store, today, params)
        got = pandas_work(store, today, params)
        same[label] = expected == got
        if not same[label]:
            print(f"  MISMATCH on {label}:\n    registry {str(expected)[:600]}\n    pandas   {str(got)[:600]}")
    return same


NO_APPTEST = {"review"}  # a dialog opened by a click: AppTest times the due page itself ("due for purge")


def time_pages(pages: dict, store: Path, today: date, repeat: int, impls: tuple) -> dict:
    def timed(kind: str) -> tuple:
        return tuple(impl for impl in impls if not (impl == "apptest" and kind in NO_APPTEST))
    runs = {(label, impl): [] for label, (kind, *_) in pages.items() for impl in timed(kind)}
    for _ in range(repeat):
        for label, (kind, _, _, params, _) in pages.items():
            for impl in timed(kind):
                runs[label, impl].append(in_fresh_process(kind, impl, store, today, params))
    return runs


# --- report -------------------------------------------------------------------------------------

def summarise(runs: dict) -> dict:
    """(label, column) -> summary; the registry's second calls make the column `registry-warm`."""
    results = {}
    for (label, impl), value in runs.items():
        results[label, impl] = {**due_bench.summary(value), "cpu_s": statistics.median(r["cpu_s"] for r in value)}
        if impl == "registry":
            results[label, "registry-warm"] = {**due_bench.summary(value, "warm_seconds"),
                                               "cpu_s": statistics.median(r["warm_cpu_s"] for r in value)}
    return results


def columns_of(impls: tuple) -> tuple:
    return ("registry", "registry-warm", *impls[1:])


def print_tables(persons: int, pages: dict, results: dict, impls: tuple, identical: dict) -> None:
    print(f"dashboard pages · {persons:,} persons · {due_bench.versions()}")
    columns = columns_of(impls)
    for label in pages:
        print()
        print(f"{label} · results identical: {'yes' if identical[label] else 'no'}")
        print(f"{'':10}" + "".join(f"{column:>14}" for column in columns))
        for row, cell in (("median_s", lambda s: f"{s['median_s']:.3f}"),
                          ("min–max_s", lambda s: f"{s['min_s']:.2f}–{s['max_s']:.2f}"),
                          ("cpu_s", lambda s: f"{s['cpu_s']:.3f}"),
                          ("peak_MiB", lambda s: f"{s['peak_mib']:.0f}")):
            print(f"{row:10}" + "".join(f"{cell(results[label, column]) if (label, column) in results else '–':>14}"
                                        for column in columns))
        ratio = results[label, "pandas"]["median_s"] / results[label, "registry"]["median_s"]
        print(f"ratio pandas/registry: {ratio:.1f}×")


def print_targets(pages: dict, results: dict) -> None:
    print("targets (registry medians, first call in a fresh process; warm: the second call;")
    print("ratio: pandas median / registry median; reported, not asserted):")
    for label, (*_, tenfold) in pages.items():
        registry = results[label, "registry"]["median_s"]
        warm = results[label, "registry-warm"]["median_s"]
        ratio = results[label, "pandas"]["median_s"] / registry
        line = (f"  {label:40} ≤ 0.5 s: {registry:6.3f} s {'met' if registry <= 0.5 else 'NOT met':8}"
                f"(warm {warm:.3f} s {'met' if warm <= 0.5 else 'NOT met'})")
        if tenfold:
            line += f"  ≥ 10× pandas: {ratio:5.1f}× {'met' if ratio >= 10 else 'NOT met'}"
        print(line)


def bench(persons: int, repeat: int, workdir: Path, today: date, audit_entries: int, apptest: bool) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M %Z')} · {platform.platform()} · load average {due_bench.load_average()}")
    workdir.mkdir(parents=True, exist_ok=True)
    demo, how = due_bench.demo_store(workdir, persons, today)
    print(f"demo store: {demo} ({demo.stat().st_size / 2**20:.0f} MiB), {how}")
    store, how = pages_store(demo, audit_entries, today, persons)
    with db.connect(store) as conn:
        log_size, in_window = conn.execute("SELECT count(*), count(*) FILTER (WHERE logged_at >= ?) FROM audit_log",
                                           [audit_window(today)[0]]).fetchone()
    print(f"page store: {store} ({store.stat().st_size / 2**20:.0f} MiB), {how}; audit trail {log_size:,} entries, "
          f"{in_window:,} in the last {AUDIT_DAYS} days")
    if apptest and today != date.today():
        print(f"note: the AppTest runs use today's date {date.today()}, the others --today {today}")

    phone, record_id = bench_params(store)
    pages = page_table(phone)
    for label in pages:
        if pages[label][0] == "record":
            pages[label][3]["customer_id"] = record_id
    print(f"record opened: person {record_id} (first hit of '{NAME_QUERY}'); phone fragment '{phone}'")
    identical = check_identical(pages, store, today)
    print("results identical (pandas vs registry, checked once before timing): "
          + ", ".join(f"{label}: {'yes' if same else 'no'}" for label, same in identical.items()))

    impls = IMPLS if apptest else IMPLS[:2]
    runs = time_pages(pages, store, today, repeat, impls)
    results = summarise(runs)
    print()
    print_tables(persons, pages, results, impls, identical)
    print()
    print(f"{repeat} runs each, a fresh process per run · load average at the end {due_bench.load_average()}")
    print_targets(pages, results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=due_bench.DEFAULT_WORKDIR,
                        help=f"where the stores are built and kept (default {due_bench.DEFAULT_WORKDIR})")
    parser.add_argument("--today", type=date.fromisoformat, default=date.fromisoformat(due_bench.DEFAULT_TODAY))
    parser.add_argument("--audit-entries", type=int, default=DEFAULT_AUDIT_ENTRIES,
                        help=f"synthetic audit trail entries in the page store (default {DEFAULT_AUDIT_ENTRIES:,})")
    parser.add_argument("--no-apptest", dest="apptest", action="store_false", help="skip the AppTest runs")
    parser.add_argument("--child", choices=CHILD_WORK, help=argparse.SUPPRESS)  # internal: one timed run
    parser.add_argument("--impl", choices=IMPLS, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--params", type=json.loads, default={}, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_as_child(args.child, args.impl, args.store, args.today, args.params)
    else:
        bench(args.persons, args.repeat, args.workdir, args.today, args.audit_entries, args.apptest)


if __name__ == "__main__":
    main()

"""Benchmark: the Statistics page as its user meets it, in headless Chromium (issue #25). Prints figures, asserts
nothing.

    python bench/bench_stats_page.py --persons 3000 20000 [--repeat 3]

For each size, a demo store made for today (the page shows today by default), and per repeat a copy of it with no
pattern kept (a new store, or the first view after k changed) served by `streamlit run Home.py` (the browser tests'
server, warmed up: its imports are not counted). Signed in as the demo auditor, in Finnish, it times from the click
to the end of the last run the step started (Streamlit's script_finished message to the browser), with what the
step asked for on screen:

* first table shown: the click on Tilastot until the table being read (the first tab's: persons by region) shows
  its cells and its CSV download (counted, and that table protected, cold); the other tables are still being made;
* first view, all made: the same click until every table is made and the page is idle (the zips downloadable);
* revenue tab: a click on another table's tab (only the open tab's table is made and sent);
* to quarters: the period chosen until the quarter tables' tabs show (the protection of all three periods is made
  once; the quarters are cut from it);
* back to months: once seen;
* k = 6: a new k, protected afresh;
* back to k = 5: once seen.

Targets (issue #25): first view <= 3 s at 3,000 and 20,000 persons; a period or k switch once seen <= 1 s. The
times include the browser drawing the page (a chart and a table), on the same two cores as the server.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics as stats
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from registry.clock import finnish_today  # noqa: E402
from registry.statistics.tables import specs  # noqa: E402
from registry.store import db  # noqa: E402
from registry.users import demo_credentials  # noqa: E402
from tests.conftest import run_cli  # noqa: E402
from tests.e2e import test_browser as e2e  # noqa: E402

STEPS = ("first table shown", "first view, all made", "revenue tab", "to quarters", "back to months", "k = 6", "back to k = 5")


def demo(workdir: Path, persons: int) -> Path:
    path = workdir / f"page-{persons}-{finnish_today().isoformat()}.duckdb"
    if not path.exists():
        done = run_cli("demo", "--db", path, "--customers", persons, "--seed", 1, "--today", finnish_today(),
                       timeout=600)
        assert done.returncode == 0, done.stderr
    return path


def idle_with(page, shown, timeout_s: float = 120) -> None:
    """Wait until `shown` (a locator) is visible and no run is under way."""
    expect(shown).to_be_visible(timeout=timeout_s * 1000)
    page.wait_for_selector(e2e.STATUS, state="detached", timeout=timeout_s * 1000)


def one_run(browser, store: Path, password: str, log: Path) -> list[float]:
    with db.connect(store) as conn:
        conn.execute("DELETE FROM statistics_patterns")
    seconds = []
    with e2e.running_server(store, browser, log) as server:
        page = e2e.new_tab(browser)
        finished = []  # when the server told the browser that a run ended (its last message of a run)

        def heard(payload) -> None:
            if isinstance(payload, bytes) and ForwardMsg.FromString(payload).WhichOneof("type") == "script_finished":
                finished.append(time.perf_counter())

        page.on("websocket", lambda ws: ws.on("framereceived", heard))
        e2e.load(page, server.url)
        e2e.sign_in(page, "demo-auditor", password)
        e2e.settle(page)
        tabs = page.get_by_role("tab")

        def timed(action, shown, early=None) -> None:
            """From the action to the end of the last run it started (the server's message that the run ended,
            after which the browser sent nothing for 0.4 s): the page then shows what this step asked for. The
            words on the page are no sign of that, as the caption with k shows before the tables are made."""
            started, runs = time.perf_counter(), len(finished)
            action()
            if early is not None:
                expect(early).to_be_visible(timeout=120_000)
                seconds.append(time.perf_counter() - started)
            idle_with(page, shown)
            while len(finished) == runs:
                page.wait_for_timeout(20)
            e2e.settle(page)
            seconds.append(finished[-1] - started)

        timed(lambda: page.locator(e2e.NAV_LINKS, has_text="Tilastot").click(),
              page.get_by_role("button", name="Kaikki taulukot (CSV, zip)"),
              early=page.get_by_role("tabpanel").first.get_by_role("button", name="Lataa CSV"))

        timed(lambda: tabs.filter(has_text=specs("month")[2].title_fi).click(),
              page.get_by_text(re.compile(r"^Mittari: euroa")).first)

        def choose(word: str) -> None:
            page.locator('[data-testid="stSelectbox"]').filter(has_text="Jakso").click()
            page.get_by_role("option", name=word, exact=True).click()

        timed(lambda: choose("neljännesvuosi"), tabs.filter(has_text=specs("quarter")[1].title_fi))
        timed(lambda: choose("kuukausi"), tabs.filter(has_text=specs("month")[1].title_fi))
        k_input = page.locator('input[aria-label="Vähimmäishenkilömäärä k"]')

        def set_k(value: int) -> None:
            k_input.fill(str(value))
            k_input.press("Enter")

        timed(lambda: set_k(6), page.get_by_text("k = 6:", exact=False).first)
        timed(lambda: set_k(5), page.get_by_text("k = 5:", exact=False).first)
        page.context.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[3000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "registry-bench")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = e2e.launch(p)
        for persons in args.persons:
            source = demo(args.workdir, persons)
            with db.connect(source) as conn:
                password = dict((u, pw) for u, pw, _ in demo_credentials(conn))["demo-auditor"]
            runs = []
            for _ in range(args.repeat):
                store = args.workdir / f"page-run-{persons}.duckdb"
                shutil.copyfile(source, store)
                runs.append(one_run(browser, store, password, args.workdir / f"page-run-{persons}.log"))
                store.unlink()
            print(f"Statistics page in headless Chromium · {persons:,} persons · today {finnish_today()} · "
                  f"{args.repeat} runs · {os.cpu_count()} cores · load average "
                  f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            for i, step in enumerate(STEPS):
                values = [run[i] for run in runs]
                print(f"  {step:16s} median {stats.median(values):5.2f} s   (min-max {min(values):.2f}-{max(values):.2f})")
        browser.close()


if __name__ == "__main__":
    main()

"""A look at every page as each role sees it, in Finnish and in English: screenshots to review by eye.

Not a test (pytest does not collect it): run it before resolving work that changes what a page
shows, and look at every picture.

    .venv/bin/python -m tests.e2e.tour            # tests/e2e/screenshots/tour-<role>-<lang>-<page>.png

It makes a 2,000-person demo store in a temporary folder, starts the dashboard on it and drives
Debian's chromium (headless) with the browser tests' helpers. It fails on a page that shows an
error, a traceback or a raw text key (the helpers' checks), and prints what it visited.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from registry.store.db import connect
from registry.users import demo_credentials
from tests.conftest import run_cli
from tests.e2e import test_browser as e2e
from ui.i18n import ENTRIES
from ui.nav import PAGES

ROLES = ("demo-manager", "demo-staff", "demo-auditor", "demo-admin")


def tour(store: Path, browser, roles=ROLES, languages=("fi", "en")) -> list[str]:
    with connect(store) as conn:
        passwords = {u: p for u, p, _ in demo_credentials(conn)}
    shots = []
    with e2e.running_server(store, browser, store.with_suffix(".log")) as server:
        for username in roles:
            for lang in languages:
                index = 0 if lang == "fi" else 1
                tab = e2e.new_tab(browser)
                e2e.load(tab, server.url)
                if lang == "en":
                    tab.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').click()
                    tab.get_by_role("option", name="English").click()
                    e2e.settle(tab)
                e2e.sign_in(tab, username, passwords[username], button=ENTRIES["auth.sign_in_button"][index],
                            user_label=ENTRIES["auth.username"][index], password_label=ENTRIES["auth.password"][index])
                for spec in PAGES:
                    title = ENTRIES[f"page.{spec.key}"][index]
                    link = tab.locator(e2e.NAV_LINKS, has_text=title)
                    if not link.count():
                        continue  # not this role's page
                    link.click()
                    e2e.settle(tab)
                    expect(tab.locator("h1", has_text=title).first).to_be_visible(timeout=120_000)
                    name = f"tour-{username.removeprefix('demo-')}-{lang}-{spec.key}"
                    e2e.shoot(tab, name)
                    shots.append(name)
                    print(name, flush=True)
                tab.context.close()
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", nargs="*", default=list(ROLES))
    parser.add_argument("--languages", nargs="*", default=["fi", "en"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "registry.duckdb"
        done = run_cli("demo", "--db", store, "--customers", 2000, "--seed", 3)
        assert done.returncode == 0, done.stderr
        with sync_playwright() as p:
            browser = e2e.launch(p)
            shots = tour(store, browser, args.roles, args.languages)
            browser.close()
    print(f"{len(shots)} screenshots in {e2e.SHOTS}")


if __name__ == "__main__":
    main()

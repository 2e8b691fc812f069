"""End-to-end: an admin sees on the Overview that no backup was ever taken (amber), takes one on
the Backups page, downloads it, and the Overview says when. The fixtures and helpers are those of
test_browser.py. Screenshots: tests/e2e/screenshots/backups-*.png: look at them.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from registry.backup import MAGIC
from tests.e2e import test_browser as e2e
from tests.e2e.test_browser import load, open_page, press, settle, shoot, sign_in

demo_store, server, browser, page = e2e.demo_store, e2e.server, e2e.browser, e2e.page
pytestmark = e2e.pytestmark


def test_admin_takes_a_backup_and_the_overview_stops_warning(page, server, demo_store):
    load(page, server.url)
    sign_in(page, "demo-admin", demo_store.passwords["demo-admin"])
    # Once: while the cookie component's run redraws the Overview, Streamlit shows the earlier
    # run's warning (stale) beside the new one for a moment; to_have_count waits that out, where
    # to_be_visible failed at once on two matches (CI, stop 27).
    expect(page.get_by_text("Varmuuskopiota ei ole otettu")).to_have_count(1)
    expect(page.get_by_text("Varmuuskopiota ei ole otettu")).to_be_visible()
    shoot(page, "backups-1-overview-never")

    open_page(page, "Varmuuskopiot")
    expect(page.get_by_text("Varmuuskopiota ei ole vielä otettu.")).to_be_visible()
    press(page, page.get_by_role("button", name="Ota varmuuskopio"))
    settle(page)
    expect(page.get_by_text("Varmuuskopio on valmis", exact=False)).to_be_visible()
    expect(page.get_by_text("Viimeisin varmuuskopio:", exact=False)).to_be_visible()
    expect(page.get_by_text("Demo admin", exact=False).first).to_be_visible()  # by name, not username
    shoot(page, "backups-2-taken")
    with page.expect_download() as download:
        page.get_by_role("button", name="Lataa varmuuskopio").click()
    assert download.value.suggested_filename.endswith(".backup")
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(MAGIC) and demo_store.person["email"].encode() not in data  # encrypted

    open_page(page, "Yleiskatsaus")
    expect(page.get_by_text("Varmuuskopiota ei ole otettu")).to_have_count(0)
    shoot(page, "backups-3-overview-after")

"""End-to-end: an admin keeps the privacy notice's facts on the Settings page (REGISTER.md section 10).

A wrong Y-tunnus is refused in Finnish with nothing saved; a shorter retention first says how many
persons it would make due today (the registry's own count) and needs a confirmation; once saved,
the due rule and the notice's preview say the new number of days, and the English notice
downloads as a PDF that says it too. The fixtures and helpers are those of test_browser.py.
Screenshots: tests/e2e/screenshots/settings-*.png: look at them.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from registry.clock import finnish_today
from registry.store.db import connect
from registry.documents import pdf_text
from registry.retention.change import retention_change
from registry.settings import current_settings
from tests.e2e import test_browser as e2e
from tests.e2e.test_browser import fi_int, load, open_page, press, settle, shoot, sign_in

demo_store, server, browser, page = e2e.demo_store, e2e.server, e2e.browser, e2e.page
pytestmark = e2e.pytestmark


def test_admin_changes_the_retention_with_a_confirmation_and_the_notice_follows(page, server, demo_store):
    load(page, server.url)
    sign_in(page, "demo-admin", demo_store.passwords["demo-admin"])
    open_page(page, "Asetukset")

    # A Y-tunnus whose check digit is wrong: the reason in Finnish, nothing saved.
    page.get_by_label("Y-tunnus").fill("1813720-9")
    press(page, page.get_by_role("button", name="Tallenna muutokset"))
    settle(page)
    expect(page.get_by_text("Y-tunnus ei kelpaa (tarkiste ei täsmää).", exact=True)).to_be_visible()
    shoot(page, "settings-1-wrong-business-id")
    with connect(demo_store.path) as conn:
        assert current_settings(conn)["controller.business_id"] == "1813720-8"
        newly_purgeable, _ = retention_change(conn, finnish_today(), 30)
    assert newly_purgeable > 0  # the demo has unblocked persons whose relationship ended 30-90 days ago

    # A shorter retention: what it would do today, and a confirmation before it is saved.
    load(page, server.url)  # a fresh run of the page: the form shows the stored values again
    open_page(page, "Asetukset")
    days = page.get_by_label("Säilytysaika asiakkuuden päättymisestä (päivää)")
    days.fill("30")
    days.press("Enter")
    settle(page)
    expect(page.get_by_text(f"30 päivän säilytysajalla poistettavissa olisi tänään {fi_int(newly_purgeable)} henkilöä "
                            "enemmän.", exact=False)).to_be_visible()
    change = page.get_by_role("button", name="Vaihda säilytysaika")
    expect(change).to_be_disabled()
    page.get_by_text("Ymmärrän, että säilytysaika muuttuu 30 päivään heti.").click()
    settle(page)
    shoot(page, "settings-2-retention-confirmation")
    press(page, change)
    settle(page)
    expect(page.get_by_text("Tallennettu: Säilytysaika.")).to_be_visible()
    expect(page.get_by_text("30 päivää asiakkuuden päättymisestä lukien.", exact=False)).to_be_visible()
    with connect(demo_store.path) as conn:
        assert current_settings(conn)["retention_days"] == 30
        action, details = conn.execute("SELECT action, details FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert action == "setting_changed" and re.search(r'"old": ?90', details) and re.search(r'"new": ?30', details)

    # The English notice in the preview and as a PDF.
    page.get_by_text("englanti", exact=True).click()
    settle(page)
    expect(page.get_by_text("30 days after the customer relationship ends", exact=False)).to_be_visible()
    shoot(page, "settings-3-english-preview")
    with page.expect_download() as download:
        page.get_by_role("button", name="Lataa (PDF)").click()
    assert download.value.suggested_filename == "privacy-notice-en.pdf"
    text = " ".join(pdf_text(Path(download.value.path()).read_bytes()).split())
    assert "Privacy notice" in text and "30 days after the customer relationship ends" in text
    assert "Molentum Oy" in text and "Office of the Data Protection Ombudsman" in text

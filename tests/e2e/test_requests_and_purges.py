"""End-to-end (issue #20): a manager purges a person with a verified erasure request from Due for
purge; the receipt offers the request's letter, made before the erasure; the Requests page shows
the request completed with its letter; the store agrees. Each screen is kept as a screenshot."""

from __future__ import annotations

import re
from datetime import date

import pypdf
import pytest
from playwright.sync_api import expect

from registry.clock import finnish_today
from registry.store.db import connect
from registry.users import demo_credentials
from tests.conftest import Contract, run_cli
from tests.e2e.test_browser import (CHROMIUM, browser, load, new_tab, open_page, press, running_server,  # noqa: F401
                                    shoot, sign_in)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
REQUEST_ID = 9001


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A demo register, and one more person: their relationship ended long ago, no blocker, and a
    verified erasure request (a letter, received three days ago)."""
    path = tmp_path_factory.mktemp("e2e-requests") / "registry.duckdb"
    assert run_cli("demo", "--db", path, "--customers", 300, "--seed", 4).returncode == 0
    today = finnish_today()
    with connect(path) as conn:
        c = Contract(conn)
        c.customer(id=90001, first_name="Eerika", last_name="Poistettava", postal_street="Kirjekuja 1",
                   postal_postcode="00100", postal_city="Helsinki", email="eerika@example.fi",
                   until=date(2020, 1, 1))
        c.request(90001, kind="erasure", received_on=today, verified_on=today, id=REQUEST_ID, channel="letter")
        passwords = {u: p for u, p, _ in demo_credentials(conn)}
    return path, passwords


def test_a_purge_from_the_due_list_closes_the_erasure_request_with_its_letter(browser, store, tmp_path):  # noqa: F811
    path, passwords = store
    with running_server(path, browser, tmp_path / "streamlit.log") as server:
        page = new_tab(browser)
        load(page, server.url)
        sign_in(page, "demo-manager", passwords["demo-manager"])
        open_page(page, "Poistettavat")
        page.get_by_label("Peruste").first.click()
        page.get_by_role("option", name="poistopyyntö").click()
        review = page.get_by_role("button", name=re.compile(r"^Tarkista ja poista"))
        expect(review).to_be_enabled()
        press(page, review)
        dialog = page.get_by_role("dialog")
        shoot(page, "i20-purge-review-answers")
        expect(dialog.locator('[role="gridcell"]', has_text="Eerika Poistettava")).to_be_attached()
        expect(dialog.get_by_text(re.compile("varmennettua poistopyyntöä"))).to_be_visible()
        dialog.get_by_text("Ymmärrän").click()
        press(page, dialog.get_by_role("button", name=re.compile(r"^Poista \d")))
        letter_button = page.get_by_role("button", name=f"Pyyntö {REQUEST_ID}: erasure-{REQUEST_ID}.pdf")
        expect(letter_button).to_be_visible()
        shoot(page, "i20-purge-receipt-letters")
        with page.expect_download() as download:
            letter_button.click()
        text = "".join(p.extract_text() for p in pypdf.PdfReader(download.value.path()).pages)
        assert "Eerika Poistettava" in text and "Kirjekuja 1" in text  # made before the erasure
        page.keyboard.press("Escape")

        open_page(page, "Pyynnöt")
        page.get_by_text("suljetut (30 pv)", exact=True).click()
        expect(page.get_by_text("Kirjeitä ei säilytetä rekisterissä")).to_be_visible()
        expect(page.locator('[role="gridcell"]', has_text=f"erasure-{REQUEST_ID}.pdf")).to_be_attached()
        shoot(page, "i20-requests-closed")
        page.context.close()
    with connect(path) as conn:
        status, closed_on = conn.execute("SELECT status, closed_on FROM requests WHERE id = ?", [REQUEST_ID]).fetchone()
        files = conn.execute("SELECT file_name FROM request_documents WHERE request_id = ?", [REQUEST_ID]).fetchall()
        purged = conn.execute("SELECT purged_on IS NOT NULL, first_name FROM customers WHERE id = 90001").fetchone()
    assert (status, closed_on) == ("completed", finnish_today())
    assert files == [(f"erasure-{REQUEST_ID}.pdf",)] and purged == (True, None)

"""End-to-end: a manager imports a Finnish spreadsheet export (.xlsx) through the Import page.

The fixtures and helpers are those of test_browser.py (this module's own demo store and server).
Screenshots: tests/e2e/screenshots/import-*.png: look at them.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from registry.db import connect
from tests.e2e import test_browser as e2e
from tests.e2e.test_browser import GRID_CELLS, load, open_page, press, settle, shoot, sign_in

demo_store, server, browser, page = e2e.demo_store, e2e.server, e2e.browser, e2e.page
pytestmark = e2e.pytestmark

NEW = [("Aino", "Tuontinen", "aino.tuontinen@esimerkki.fi", "040 123 4567", "Kauppakatu 1", "00500", "Helsinki"),
       ("Eero", "Tuontinen", "eero.tuontinen@esimerkki.fi", 401234568, "Kauppakatu 2", "80400", "Ylämylly")]


@pytest.fixture
def workbook(tmp_path, demo_store):
    """As Finnish Excel saves a customer list: Finnish headers, a number where a phone was typed, a
    date cell, a column the register does not take, and one row with a broken e-mail address."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Etunimi", "Sukunimi", "Sähköposti", "Puhelin", "Katuosoite", "Postinumero", "Postitoimipaikka",
                  "Asiakkuus alkoi", "Lisätiedot"])
    for row in NEW:
        sheet.append([*row, date(2026, 11, 2), "messuilta"])
    sheet.append(["Virhe", "Rivi", "virhe(at)esimerkki.fi", "", "", "", "", "", ""])
    path = tmp_path / "asiakkaat.xlsx"
    book.save(path)
    return path


def test_manager_imports_a_finnish_spreadsheet_and_gets_a_receipt(page, server, demo_store, workbook):
    load(page, server.url)
    sign_in(page, "demo-manager", demo_store.passwords["demo-manager"])
    open_page(page, "Tuonti")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(workbook))
    settle(page)
    expect(page.get_by_text("Luettu 3 riviä ja 9 saraketta.")).to_be_visible()
    shoot(page, "import-1-columns-and-preview")

    press(page, page.get_by_role("button", name="Tarkista tiedosto"))
    settle(page)
    expect(page.locator(GRID_CELLS, has_text="sähköpostiosoite ei kelpaa")).to_be_attached()  # row 4's reason
    expect(page.get_by_text("Tiedostossa on hylättyjä rivejä")).to_be_visible()
    shoot(page, "import-2-check")
    apply = page.get_by_role("button", name="Tuo: 2 uutta, 0 muuttuvaa")
    expect(apply).to_be_disabled()
    page.get_by_text("Ohita hylätyt rivit ja tuo muut").click()
    settle(page)
    press(page, apply)
    settle(page)
    expect(page.get_by_text("Tuotu: 2 uutta ja 0 muuttunutta henkilöä")).to_be_visible()
    shoot(page, "import-3-receipt")

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REGISTRY_BUSY_TIMEOUT", "60")
        with connect(demo_store.path) as conn:
            rows = conn.execute("SELECT first_name, phone, postal_postcode, customer_since, source FROM customers "
                                "WHERE email LIKE '%.tuontinen@esimerkki.fi' ORDER BY first_name").fetchall()
            audited = conn.execute("SELECT actor FROM audit_log WHERE action = 'import'").fetchall()
    assert rows == [("Aino", "+358401234567", "00500", date(2026, 11, 2), "registration"),
                    ("Eero", "+358401234568", "80400", date(2026, 11, 2), "registration")]
    assert audited == [("demo-manager",)]

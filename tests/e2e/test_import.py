"""End-to-end: a manager imports a Finnish spreadsheet export (.xlsx) through the Import page.

The fixtures and helpers are those of test_browser.py (this module's own demo store and server).
Screenshots: tests/e2e/screenshots/import-*.png: look at them.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from registry.store.db import connect
from tests.e2e import test_browser as e2e
from tests.e2e.test_browser import GRID_CELLS, load, metric, open_page, press, settle, shoot, sign_in

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
            audited = conn.execute("SELECT actor FROM audit_log WHERE action = 'import' AND list_contains("
                                   "CAST(json_extract(details, '$.created_ids') AS BIGINT[]), (SELECT id FROM customers "
                                   "WHERE email = 'aino.tuontinen@esimerkki.fi'))").fetchall()  # this import's entry
    assert rows == [("Aino", "+358401234567", "00500", date(2026, 11, 2), "registration"),
                    ("Eero", "+358401234568", "80400", date(2026, 11, 2), "registration")]
    assert audited == [("demo-manager",)]


# --- issue #21: imports that take the files small firms really have ---------------------------

HUBSPOT_HEADERS = ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number",
                   "Street Address", "City", "Postal Code", "Country/Region", "Website URL", "Company Name",
                   "Create Date"]
# (record id, first, last, e-mail, phone, mobile, street, city, postcode): each mobile's E.164 form beside it.
# A HubSpot contacts export: Country/Region "Finland", Create Date with a time of day, phones as typed.
HUBSPOT = [("5101", "Aada", "Hubspotila", "aada.hubspotila@esimerkki.fi", "09 123 4567", "040 1234567",
            "Mannerheimintie 5 A 3", "Helsinki", "00100"),
           ("5102", "Bertta", "Hubspotila", "bertta.hubspotila@esimerkki.fi", "", "050 765 4321",
            "Kauppakatu 12", "Jämsä", "42100"),
           ("5103", "Cecilia", "Öhman-Hubspot", "cecilia.ohman-hubspot@esimerkki.fi", "", "044 987 6543",
            "Rantatie 8", "Porvoo", "06100"),
           ("5104", "Daniel", "Hubspotila", "daniel.hubspotila@esimerkki.fi", "017 123 456", "045 111 2233",
            "Asemakatu 3", "Kuopio", "70100"),
           ("5105", "Eveliina", "Hubspotila", "eveliina.hubspotila@esimerkki.fi", "", "0400 555 666",
            "Puistotie 1", "Oulu", "90100")]
E164 = {"040 1234567": "+358401234567", "050 765 4321": "+358507654321", "044 987 6543": "+358449876543",
        "045 111 2233": "+358451112233", "0400 555 666": "+358400555666"}
COPIED = 1  # the row of HUBSPOT the export holds twice (a contact exported twice, record id and all)


@pytest.fixture
def hubspot_csv(tmp_path, demo_store):
    """A HubSpot contacts export as it is downloaded: UTF-8, commas, every cell quoted, English
    headers, a mobile beside the main phone, one company that is in the register (the rest are
    not), and one row that is an exact copy of another. Returns (path, organisation id, its name)."""
    with connect(demo_store.path) as conn:
        org_id, org_name = conn.execute("SELECT id, name FROM organisations WHERE lower(trim(name)) IN (SELECT "
                                        "lower(trim(name)) FROM organisations GROUP BY 1 HAVING count(*) = 1) "
                                        "ORDER BY id LIMIT 1").fetchone()
    rows = []
    for i, (record, first, last, email, phone, mobile, street, city, postcode) in enumerate(HUBSPOT):
        company = org_name if i == 0 else f"{last} Consulting Oy {record}"
        rows.append([record, first, last, email, phone, mobile, street, city, postcode, "Finland",
                     f"https://www.{last.lower()}-{record}.example", company, "2025-06-25 00:00"])
    rows.append(list(rows[COPIED]))
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows([HUBSPOT_HEADERS, *rows])
    path = tmp_path / "hubspot-crm-exports-all-contacts-2025-06-30.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path, org_id, org_name


def switch_to_english(page) -> None:
    """The sidebar's language choice on the sign-in page, as test_browser.py's language test makes it."""
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').click()
    page.get_by_role("option", name="English").click()
    settle(page)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def upload(page, path) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    settle(page)


def test_manager_in_english_imports_a_hubspot_export_as_it_comes(page, server, demo_store, hubspot_csv):
    path, org_id, org_name = hubspot_csv
    persons = len(HUBSPOT)
    load(page, server.url)
    switch_to_english(page)
    sign_in(page, "demo-manager", demo_store.passwords["demo-manager"], button="Sign in", user_label="Username",
            password_label="Password")
    open_page(page, "Import")
    upload(page, path)
    expect(page.get_by_text(f"Read {persons + 1} rows and {len(HUBSPOT_HEADERS)} columns.")).to_be_visible()
    # No column mapped by hand: the mobile is chosen over the main phone, and the page says so.
    expect(page.get_by_text(re.compile("Phone Number left out for Mobile Phone Number"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Columns not imported: .*Record ID"))).to_be_visible()
    shoot(page, "import-en-1-hubspot-columns")

    press(page, page.get_by_role("button", name="Check the file"))
    settle(page)
    expect(metric(page, "Rejected")).to_have_text("0")
    expect(metric(page, "New")).to_have_text(str(persons))
    copy_row, original_row = persons + 2, COPIED + 2  # file rows: the header is row 1
    expect(page.get_by_text(re.compile(rf"^1 row is a copy of another row.*row {copy_row} = row {original_row}"))
           ).to_be_visible()
    expect(page.get_by_text("Nothing in the file is new")).to_have_count(0)
    notes = page.get_by_text(re.compile(r"Imported, but note"))
    expect(notes).to_be_visible()  # the companies the register does not know: noted, not rejected
    notes.click()
    settle(page)
    expect(page.locator(GRID_CELLS, has_text="no organisation in the register is named").first).to_be_attached()
    expect(page.locator(GRID_CELLS, has_text=org_name)).to_have_count(0)  # the one it knows is linked, not noted
    shoot(page, "import-en-2-hubspot-check")

    press(page, page.get_by_role("button", name=f"Import: {persons} new, 0 changed"))
    settle(page)
    expect(page.get_by_text(f"Imported: {persons} new and 0 changed persons")).to_be_visible()
    shoot(page, "import-en-3-hubspot-receipt")

    with connect(demo_store.path) as conn:
        stored = conn.execute("SELECT email, first_name, last_name, phone, postal_street, postal_postcode, postal_city, "
                              "postal_country, customer_since, website, organisation_id FROM customers "
                              "WHERE email LIKE '%hubspot%@esimerkki.fi' ORDER BY email").fetchall()
    by_email = {row[0]: row[1:] for row in stored}
    assert len(stored) == len(by_email) == persons  # the copied row made one person, not two
    for i, (record, first, last, email, _phone, mobile, street, city, postcode) in enumerate(HUBSPOT):
        assert by_email[email][:7] == (first, last, E164[mobile], street, postcode, city, "FI"), email
        assert by_email[email][7] == date(2025, 6, 25)
        assert by_email[email][8] == f"https://www.{last.lower()}-{record}.example"
        assert (by_email[email][9] == org_id) == (i == 0), email  # only the company the register knows


FINNISH_HEADERS = ["Etunimi", "Sukunimi", "Sähköposti", "Puhelin", "Yritys", "Katuosoite", "Postinumero",
                   "Postitoimipaikka", "Maa", "Verkkosivu"]
# Each row as typed, and the country code it means. The countries as people write them.
WORKBOOK = [(["Sanni", "Taulukkola", "sanni.taulukkola@esimerkki.fi", "040 2345678", "Taulukkola Tmi",
              "Hämeenkatu 1", "33100", "Tampere", "Suomi", "www.taulukkola.example"], "FI"),
            (["Ville", "Taulukkola", "ville.taulukkola@esimerkki.fi", "0452345679", "", "Kirkkokatu 4 B 7",
              "90100", "Oulu", "Finland", ""], "FI"),
            (["Sven", "Tabellsson", "sven.tabellsson@esimerkki.fi", "+46 70 123 45 67", "Tabell AB",
              "Drottninggatan 10", "111 51", "Stockholm", "Ruotsi", "https://tabell.example"], "SE"),
            (["Oona", "Taulukkola", "oona.taulukkola@esimerkki.fi", "050 3456789", "", "Satamakatu 2", "40100",
              "Jyväskylä", "FIN", ""], "FI")]
# Typed wrong twice: an e-mail with (at) for @, and a country in Italian; its phone starts with '+'.
BROKEN = ["Kalle", "Korjattava", "kalle.korjattava(at)esimerkki.fi", "+358 44 765 4321", "", "Vapaudenkatu 9",
          "40100", "Jyväskylä", "Finlandia", ""]
CORRECTIONS = {"kalle.korjattava(at)esimerkki.fi": "kalle.korjattava@esimerkki.fi", "Finlandia": "Suomi"}


@pytest.fixture
def finnish_workbook(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(FINNISH_HEADERS)
    for row, _ in WORKBOOK[:2]:
        sheet.append(row)
    sheet.append(BROKEN)  # in the middle, as a mistake is
    for row, _ in WORKBOOK[2:]:
        sheet.append(row)
    path = tmp_path / "asiakasrekisteri.xlsx"
    book.save(path)
    return path


def test_manager_corrects_the_rejected_rows_file_and_imports_it_again(page, server, demo_store, finnish_workbook,
                                                                       tmp_path):
    """The Finnish way round: a workbook with one row typed wrong; the manager downloads the rejected
    rows, corrects them in the file as downloaded, imports the others, then the corrected file."""
    broken_row = 4  # the header is row 1; the broken row is the workbook's third
    load(page, server.url)
    sign_in(page, "demo-manager", demo_store.passwords["demo-manager"])
    open_page(page, "Tuonti")
    upload(page, finnish_workbook)
    expect(page.get_by_text(f"Luettu {len(WORKBOOK) + 1} riviä ja {len(FINNISH_HEADERS)} saraketta.")).to_be_visible()
    press(page, page.get_by_role("button", name="Tarkista tiedosto"))
    settle(page)
    expect(metric(page, "Hylättyjä")).to_have_text("1")
    expect(metric(page, "Uusia")).to_have_text(str(len(WORKBOOK)))
    # The rejected row is listed with its number, reason and its values as read, to correct it by.
    frames = page.locator('[data-testid="stDataFrame"]')
    rejected = frames.filter(has=page.locator('[role="gridcell"]', has_text="sähköpostiosoite ei kelpaa"))
    expect(rejected).to_have_count(1)
    # The table by its place: it keeps showing the row's values when the reason is scrolled out of view.
    rejected = frames.nth(rejected.evaluate("(e, s) => [...document.querySelectorAll(s)].indexOf(e)",
                                            '[data-testid="stDataFrame"]'))

    def cell(value):
        return rejected.locator('[role="gridcell"]').filter(has_text=re.compile(rf"^{re.escape(value)}$"))

    for value in (str(broken_row), BROKEN[0]):  # the others to the right, out of view until scrolled
        expect(cell(value)).to_have_count(1)
    expect(rejected.locator('[role="columnheader"]').filter(has_text="Arvo")).to_have_count(1)
    # The wrong value stands beside its reason (its own column is out of view: the grid draws only
    # the columns in sight).
    expect(rejected.locator('[role="gridcell"][aria-colindex="4"]')).to_have_text(f"{BROKEN[2]}; {BROKEN[8]}")
    # Every wrong value of the row at once, so that one round of corrections is enough.
    expect(rejected.locator('[role="gridcell"]').filter(
        has_text=re.compile(r"^sähköpostiosoite ei kelpaa; maa ei kelpaa"))).to_have_count(1)
    shoot(page, "import-fi-1-rejected-row")
    rejected.hover()  # the country is further right: the manager scrolls the table sideways
    page.mouse.wheel(3000, 0)
    expect(cell("Finlandia")).to_have_count(1)
    shoot(page, "import-fi-1b-rejected-row-scrolled")

    with page.expect_download() as download:
        page.get_by_role("button", name="Lataa hylätyt rivit (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with its BOM: Finnish Excel reads ä as ä
    text = data.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert lines[0] == ["Rivi", "Syy", *FINNISH_HEADERS]
    assert len(lines) == 2 and lines[1][0] == str(broken_row) and "sähköpostiosoite" in lines[1][1]
    assert "maa ei kelpaa" in lines[1][1]
    as_read = dict(zip(FINNISH_HEADERS, lines[1][2:], strict=True))
    assert {h: as_read[h] for h in ("Etunimi", "Sukunimi", "Sähköposti", "Postinumero", "Maa")} == \
        {h: BROKEN[FINNISH_HEADERS.index(h)] for h in ("Etunimi", "Sukunimi", "Sähköposti", "Postinumero", "Maa")}
    corrected = text
    for wrong, right in CORRECTIONS.items():  # as the manager corrects the cells in Excel, and saves
        assert wrong in corrected
        corrected = corrected.replace(wrong, right)
    corrected_path = tmp_path / "hylatyt-rivit-korjattu.csv"
    corrected_path.write_bytes(b"\xef\xbb\xbf" + corrected.encode("utf-8"))

    apply = page.get_by_role("button", name=f"Tuo: {len(WORKBOOK)} uutta, 0 muuttuvaa")
    expect(apply).to_be_disabled()
    page.get_by_text("Ohita hylätyt rivit ja tuo muut").click()
    settle(page)
    press(page, apply)
    settle(page)
    expect(page.get_by_text(f"Tuotu: {len(WORKBOOK)} uutta ja 0 muuttunutta henkilöä")).to_be_visible()
    expect(page.get_by_text("1 hylätty)")).to_be_visible()  # the one left out, counted in the receipt
    shoot(page, "import-fi-2-receipt-others")
    with connect(demo_store.path) as conn:
        assert conn.execute("SELECT count(*) FROM customers WHERE email ILIKE 'kalle.korjattava%'").fetchone()[0] == 0

    press(page, page.get_by_role("button", name="Tuo toinen tiedosto"))
    settle(page)
    upload(page, corrected_path)
    expect(page.get_by_text(f"Luettu 1 rivi ja {len(FINNISH_HEADERS) + 2} saraketta.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Sarakkeet, joita ei tuoda: Rivi, Syy"))).to_be_visible()
    press(page, page.get_by_role("button", name="Tarkista tiedosto"))
    settle(page)
    expect(metric(page, "Hylättyjä")).to_have_text("0")
    expect(metric(page, "Uusia")).to_have_text("1")
    shoot(page, "import-fi-3-corrected-check")
    press(page, page.get_by_role("button", name="Tuo: 1 uusi, 0 muuttuvaa"))
    settle(page)
    expect(page.get_by_text("Tuotu: 1 uusi ja 0 muuttunutta henkilöä")).to_be_visible()
    shoot(page, "import-fi-4-receipt-corrected")

    with connect(demo_store.path) as conn:
        stored = conn.execute("SELECT email, first_name, last_name, phone, postal_postcode, postal_city, postal_country "
                              "FROM customers WHERE email IN (SELECT unnest(?))",
                              [[row[2] for row, _ in WORKBOOK] + [CORRECTIONS[BROKEN[2]]]]).fetchall()
    by_email = {row[0]: row[1:] for row in stored}
    assert len(stored) == len(by_email) == len(WORKBOOK) + 1
    for row, country in WORKBOOK:
        assert by_email[row[2]][:2] == (row[0], row[1]) and by_email[row[2]][3:] == (row[6], row[7], country)
    # The corrected person, as the manager corrected it; its phone came back without the download's guard.
    assert by_email[CORRECTIONS[BROKEN[2]]] == (BROKEN[0], BROKEN[1], "+358447654321", BROKEN[6], BROKEN[7], "FI")

"""End-to-end: the Statistics page (an auditor's view, its zip equal to `python -m registry stats`)
and a manager lifting a restriction of processing (Art. 18) on the Customers page.

The fixtures and helpers are those of test_browser.py; imported here, they give this module its
own demo store and server. Screenshots go to tests/e2e/screenshots/ as stats-*.png and
restriction-*.png: look at them.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from registry.access import Actor
from registry.customers import search_customers
from registry.store.db import connect
from registry.statistics.tables import SPECS
from tests.conftest import run_cli
from tests.e2e import test_browser as e2e
from tests.e2e.test_browser import EMAIL, NAV_LINKS, click_row, load, open_page, press, settle, shoot, sign_in

# test_browser's fixtures, bound here so that pytest uses them in this module (its own store and server).
demo_store, server, browser, page = e2e.demo_store, e2e.server, e2e.browser, e2e.page

pytestmark = e2e.pytestmark  # skipped without Debian's chromium (unless CI=true)

CHART = '[data-testid="stPlotlyChart"]'
DATAFRAME = '[data-testid="stDataFrame"]'
CELLS = '[role="gridcell"]'  # within one dataframe
RESTRICTED_MARK = re.compile(r"^⚠ ")
RESTRICTED_WARNING = "KÄSITTELY RAJOITETTU"
LIFT = "Pura käsittelyn rajoitus"
# The CLI must wait for the server to let go of the store (it opens it per unit of work).
PATIENT = {"REGISTRY_BUSY_TIMEOUT": "60"}


@dataclass
class Restricted:
    id: int
    first_name: str
    last_name: str


@pytest.fixture(scope="module")
def restricted(demo_store) -> Restricted:
    """A restricted, not purged person whose full name finds only them (read before the lift)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REGISTRY_BUSY_TIMEOUT", "60")  # the module's server may already hold the store
        with connect(demo_store.path) as conn:
            rows = conn.execute("SELECT id, first_name, last_name FROM customers WHERE restricted_on IS NOT NULL "
                                "AND purged_on IS NULL AND first_name IS NOT NULL AND last_name IS NOT NULL "
                                "ORDER BY id").fetchall()
            setup = Actor("e2e-setup", "manager")
            for cid, first, last in rows:
                name = f"{first} {last}"
                # Masked while restricted: the search finds nobody by the name.
                if not search_customers(conn, setup, name).rows and conn.execute(
                        "SELECT count(*) FROM customers WHERE lower(concat_ws(' ', first_name, last_name)) "
                        "LIKE '%' || lower(?) || '%'", [name]).fetchone()[0] == 1:
                    return Restricted(cid, first, last)
    pytest.fail(f"the demo store has no restricted person with a unique name: {rows}")


def stats_page_text_ok(page) -> None:
    assert not EMAIL.findall(page.content()), "an e-mail address is in the page"


def open_tab(page, table: str) -> None:
    title = next(spec.title_fi for spec in SPECS if spec.name == table)
    tab = page.get_by_role("tab", name=title, exact=True)
    tab.click()
    settle(page)
    expect(tab).to_have_attribute("aria-selected", "true")


def test_auditor_reads_the_statistics_and_downloads_what_the_cli_writes(page, server, demo_store, tmp_path):
    load(page, server.url)
    sign_in(page, "demo-auditor", demo_store.passwords["demo-auditor"])
    expect(page.get_by_role("button", name="Kirjaudu ulos")).to_be_visible()
    page.locator(NAV_LINKS, has_text="Tilastot").click()
    # The first view makes the tables, and a bar names each stage as it goes (seconds: nothing is kept yet).
    stage = page.get_by_text(re.compile(r"^(Lasketaan taulukot rekisteristä…|Suojataan taulukoita: \d/6 valmiina…)$"))
    expect(stage.first).to_be_visible(timeout=60_000)
    e2e.SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=e2e.SHOTS / "stats-0-making-the-tables.png")  # mid-run: `shoot` would wait for the end
    # The first view protects every table of the 2,000-person store (all three periods together): give it
    # time, then go on as usual.
    # Wait for the tables themselves: the status widget can still be absent right after the click, so
    # waiting for it to go returned at once in CI and the next step timed out behind the protection.
    expect(page.get_by_role("tab").first).to_be_visible(timeout=180_000)
    open_page(page, "Tilastot")

    tabs = page.get_by_role("tab")
    expect(tabs).to_have_text([spec.title_fi for spec in SPECS])
    expect(tabs.first).to_have_attribute("aria-selected", "true")
    expect(page.get_by_text("Miten luvut suojataan")).to_be_visible()
    expect(page.locator('input[aria-label="Vähimmäishenkilömäärä k"]')).to_have_value("5")
    panel = page.get_by_role("tabpanel").first
    expect(panel.locator(CHART)).to_be_visible()
    expect(panel.locator(f"{CHART} .main-svg").first).to_be_visible()  # plotly has drawn the figure
    expect(panel.locator(DATAFRAME).first).to_be_visible()
    expect(panel.locator(DATAFRAME).first.locator(CELLS).filter(has_text=re.compile(r"^Uusimaa$"))).to_be_attached()
    expect(panel.get_by_role("button", name="Lataa CSV")).to_be_visible()
    expect(panel.get_by_role("button", name="CSV suomalaiselle Excelille")).to_be_visible()
    stats_page_text_ok(page)
    expect(stage).to_have_count(0)  # the bar is gone once the tables show
    shoot(page, "stats-1-auditor-first-table")

    # The protection audit: each withheld cell's interval beside the range it must reach, and what the range
    # and the insider rule mean, in one sentence each.
    panel.get_by_text(re.compile(r"^Suojauksen tarkastus: \d[\d\u202f]* salattua solua$")).click()
    expect(panel.get_by_text("Suojaväli:", exact=False)).to_be_visible()
    expect(panel.get_by_text("Sisäpiiriläinen:", exact=False)).to_be_visible()
    audit = panel.locator(DATAFRAME).nth(1)
    expect(audit).to_contain_text("Vaadittu alaraja")
    expect(audit).to_contain_text("Vaadittu yläraja")
    shoot(page, "stats-1b-auditor-protection-audit")

    # The zip of the page is, file for file, what the command writes for this store and day.
    with page.expect_download() as download:
        page.get_by_role("button", name="Kaikki taulukot (CSV, zip)").click()
    name = download.value.suggested_filename
    day = re.fullmatch(r"statistics-(\d{4}-\d{2}-\d{2})\.zip", name)
    assert day, name
    with zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    assert sorted(files) == sorted(["tables.json", *(spec.file for spec in SPECS)])
    assert [entry["file"] for entry in json.loads(files["tables.json"])] == [spec.file for spec in SPECS]
    withheld = re.compile(rb",\.\.(?:,|\r\n)")
    assert any(withheld.search(data) for file, data in files.items() if file.endswith(".csv")), "nothing withheld"
    assert not any(EMAIL.findall(data.decode("utf-8")) for data in files.values())

    settle(page)  # the server is idle: the command can open the store
    out = tmp_path / "stats"
    done = run_cli("stats", "--out", out, "--db", demo_store.path, "--today", day.group(1), env=PATIENT)
    assert done.returncode == 0, done.stderr
    written = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(written) == sorted(files)
    for file, data in files.items():
        assert data == written[file], f"{file} of the page differs from the one `registry stats` wrote"

    with page.expect_download() as download:
        page.get_by_role("button", name="Kaikki taulukot suomalaiselle Excelille (zip)").click()
    assert download.value.suggested_filename == f"statistics-{day.group(1)}-excel-fi.zip"
    with zipfile.ZipFile(download.value.path()) as archive:
        excel = {info.filename: archive.read(info) for info in archive.infolist()}
    assert sorted(excel) == sorted(files)
    revenue = excel["revenue_by_month_region.csv"]
    assert revenue.startswith(b"\xef\xbb\xbf") and b";" in revenue
    assert re.search(rb";\d+,\d\d[;\r]", revenue), "no amount with a decimal comma"

    # Another table: the revenue per month and region.
    open_tab(page, "revenue_by_month_region")
    shown = page.locator('[role="tabpanel"]:visible')
    expect(shown).to_have_count(1)
    expect(shown.locator(CHART)).to_be_visible()
    expect(shown.locator(f"{CHART} .main-svg").first).to_be_visible()
    expect(shown.get_by_text(re.compile(r"^Suojauksen tarkastus: \d[\d\u202f]* salattua solua$"))).to_be_visible()
    stats_page_text_ok(page)
    shoot(page, "stats-2-auditor-revenue")

    # A small table (requests by kind and outcome): its withheld cells are '..' in the grid and on the chart.
    open_tab(page, "requests_by_kind_outcome")
    shown = page.locator('[role="tabpanel"]:visible')
    expect(shown.locator(DATAFRAME).first.locator(CELLS).filter(has_text=re.compile(r"^\.\.$")).first).to_be_attached()
    expect(shown.locator(f"{CHART} text", has_text=re.compile(r"^\.\.$")).first).to_be_attached()
    stats_page_text_ok(page)
    shoot(page, "stats-3-auditor-requests")

    # Last year's mid-year figures, re-made today: the page's zip for that day is what the command
    # writes for it (purges and orders since do not show).
    earlier = date(int(day.group(1)[:4]) - 1, 6, 30)
    for part, value in (("day", f"{earlier.day:02d}"), ("month", f"{earlier.month:02d}"), ("year", str(earlier.year))):
        page.get_by_role("spinbutton", name=f"{part}, Tilannepäivä").click()  # the date field's segments
        page.keyboard.type(value)
    page.keyboard.press("Enter")
    page.locator("h1", has_text="Tilastot").first.click()  # leaving the field sends the day
    settle(page)
    expect(page.get_by_text(f"Tilanne {earlier.day}.{earlier.month}.{earlier.year} päivän päättyessä")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Kaikki taulukot (CSV, zip)").click()
    assert download.value.suggested_filename == f"statistics-{earlier.isoformat()}.zip"
    with zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())) as archive:
        then = {info.filename: archive.read(info) for info in archive.infolist()}
    settle(page)
    out = tmp_path / "stats-then"
    done = run_cli("stats", "--out", out, "--db", demo_store.path, "--today", earlier.isoformat(), env=PATIENT)
    assert done.returncode == 0, done.stderr
    assert then == {p.name: p.read_bytes() for p in out.iterdir()}
    assert then["orders_by_month_product_group.csv"].decode().splitlines()[-2].startswith(f"{earlier:%Y-%m},")
    shoot(page, "stats-4-auditor-earlier-day")

    # In English: the page's and the tables' titles.
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').click()
    page.get_by_role("option", name="English").click()
    settle(page)
    expect(page.locator("h1", has_text="Statistics").first).to_be_visible()
    expect(page.get_by_role("tab")).to_have_text([spec.title_en for spec in SPECS])
    expect(page.get_by_role("button", name="All tables (CSV, zip)")).to_be_visible()
    expect(page.get_by_text("Tilastot", exact=True)).to_have_count(0)
    # the choice made in Finnish, shown as chosen in English (Streamlit had kept it as its Finnish words)
    expect(page.get_by_role("radio", name="the last 24 months")).to_be_checked()
    stats_page_text_ok(page)
    shoot(page, "stats-5-auditor-english")


def test_manager_lifts_a_restriction_and_the_person_is_found_by_name_again(restricted, page, server, demo_store):
    person = restricted
    name = f"{person.first_name} {person.last_name}"
    load(page, server.url)
    sign_in(page, "demo-manager", demo_store.passwords["demo-manager"])
    expect(page.get_by_role("button", name="Kirjaudu ulos")).to_be_visible()
    open_page(page, "Asiakkaat")
    search = page.locator('input[aria-label^="Hae nimellä"]')
    results = page.locator(DATAFRAME).first

    # While restricted: not found by name, found by id only, with the marker and no name.
    search.fill(name)
    search.press("Enter")
    settle(page)
    expect(page.get_by_text("Ei osumia.", exact=True)).to_be_visible()
    search.fill(str(person.id))
    search.press("Enter")
    settle(page)
    row_id = results.locator(CELLS).filter(has_text=re.compile(rf"^{person.id}$"))
    expect(row_id).to_be_attached()
    expect(results.locator(CELLS).filter(has_text=RESTRICTED_MARK).first).to_be_attached()
    expect(results.locator(CELLS).filter(has_text=person.last_name)).to_have_count(0)

    click_row(page, results, str(person.id))  # a click on the row opens the record
    expect(page.locator("h2", has_text=f"{name} · #{person.id}")).to_be_visible()
    expect(page.get_by_text(RESTRICTED_WARNING)).to_be_visible()
    lift = page.get_by_role("button", name=LIFT)
    expect(lift).to_be_visible()
    shoot(page, "restriction-1-before-lift")

    press(page, lift)
    settle(page)
    expect(page.get_by_text(RESTRICTED_WARNING)).to_have_count(0)
    expect(page.get_by_role("button", name=LIFT)).to_have_count(0)
    expect(page.locator("h2", has_text=f"{name} · #{person.id}")).to_be_visible()
    expect(page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')).to_have_count(0)

    # Lifted: found by name, with the name shown and no marker.
    search.fill(name)
    search.press("Enter")
    settle(page)
    expect(results.locator(CELLS).filter(has_text=re.compile(rf"^{person.id}$"))).to_be_attached()
    expect(results.locator(CELLS).filter(has_text=re.compile(rf"^{re.escape(name)}$"))).to_be_attached()
    expect(results.locator(CELLS).filter(has_text=RESTRICTED_MARK)).to_have_count(0)
    shoot(page, "restriction-2-after-lift")

    settle(page)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REGISTRY_BUSY_TIMEOUT", "60")
        with connect(demo_store.path) as conn:
            assert conn.execute("SELECT restricted_on FROM customers WHERE id = ?", [person.id]).fetchone() == (None,)
            lifted = conn.execute("SELECT actor FROM audit_log WHERE action = 'restriction_lifted' "
                                  "AND json_extract(details, '$.customer_id')::BIGINT = ?", [person.id]).fetchall()
    assert lifted == [("demo-manager",)]

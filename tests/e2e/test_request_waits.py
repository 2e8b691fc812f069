"""End-to-end (issue #23): a manager records a second access request from a person whose first,
identity-verified one is still open. The page says at once that it duplicates the first; the
duplicate shows its earliest request and offers nothing to carry out alone; the earliest names
the duplicate its letter answers too, and carrying it out closes both by ONE letter that names
both receipt days. The store agrees. Each screen is kept as a screenshot."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pypdf
import pytest
from playwright.sync_api import expect

from registry.clock import finnish_today
from registry.store.db import connect
from registry.users import demo_credentials
from tests.conftest import Contract, run_cli
from tests.e2e.test_browser import (CHROMIUM, browser, load, new_tab, open_page, press, running_server,  # noqa: F401
                                    settle, shoot, sign_in)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
PERSON_ID = 90101
PERSON = "Tuomas Toistaja"
FIRST_ID = 9101
FIRST_DAYS_AGO = 5
LETTER = f"access-{FIRST_ID}.pdf"


def fi_day(day: date) -> str:
    """A day as the Finnish page and letter write it: d.m.yyyy."""
    return f"{day.day}.{day.month}.{day.year}"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A demo register, and one more person, still a customer, with an identity-verified access
    request (a letter) received a few days ago and still open."""
    path = tmp_path_factory.mktemp("e2e-duplicates") / "registry.duckdb"
    done = run_cli("demo", "--db", path, "--customers", 300, "--seed", 4)
    assert done.returncode == 0, done.stderr
    first_on = finnish_today() - timedelta(days=FIRST_DAYS_AGO)
    with connect(path) as conn:  # closed before the server starts: one DuckDB process at a time
        c = Contract(conn)
        c.customer(id=PERSON_ID, first_name="Tuomas", last_name="Toistaja", postal_street="Toistokatu 2",
                   postal_postcode="00200", postal_city="Helsinki", email="tuomas.toistaja@example.fi")
        c.request(PERSON_ID, kind="access", received_on=first_on, verified_on=first_on, id=FIRST_ID,
                  channel="letter")
        passwords = {u: p for u, p, _ in demo_credentials(conn)}
    return path, passwords, first_on


def test_a_second_access_request_is_a_duplicate_answered_and_closed_by_the_first_ones_letter(  # noqa: F811
        browser, store, tmp_path):  # noqa: F811
    path, passwords, first_on = store
    today = finnish_today()
    log = tmp_path / "streamlit.log"
    with running_server(path, browser, log) as server:
        page = new_tab(browser)
        load(page, server.url)
        sign_in(page, "demo-manager", passwords["demo-manager"])
        open_page(page, "Pyynnöt")

        # 1. The person writes again: a second access request, recorded with the person's id, verified.
        record = page.locator('[data-testid="stExpander"]', has_text="Kirjaa uusi pyyntö")
        record.get_by_text("Kirjaa uusi pyyntö", exact=True).click()
        form = record.locator('[data-testid="stForm"]')
        expect(form).to_be_visible()
        expect(form.get_by_role("combobox", name="Laji")).to_have_value("tarkastus")  # the first kind
        person_box = form.get_by_label("Henkilön tunnus (jos tiedossa)", exact=True)
        person_box.fill(str(PERSON_ID))
        person_box.press("Tab")  # a number input keeps what was typed on leaving it (Enter would submit the form)
        form.get_by_text("Henkilöllisyys varmennettu", exact=True).click()
        form.get_by_label("Pyynnön sisältö", exact=True).fill("Pyydän uudelleen tietoja, joita minusta on rekisterissänne.")
        expect(person_box).to_have_value(str(PERSON_ID))
        press(page, form.get_by_role("button", name="Kirjaa pyyntö"))

        # 2. The page says at once that it duplicates the open request 9101.
        notice = page.get_by_text(re.compile(
            rf"^Pyyntö (\d+) kirjattu\. Sama henkilö on jo esittänyt saman pyynnön \(pyyntö {FIRST_ID}\), "
            r"joka on yhä avoin: niihin vastataan yhdellä kirjeellä"))
        expect(notice).to_be_visible()
        second_id = int(re.match(r"Pyyntö (\d+) kirjattu", notice.inner_text()).group(1))
        assert second_id != FIRST_ID
        chooser = page.locator('[data-testid="stSelectbox"]', has_text="Valitse pyyntö")
        expect(chooser.get_by_role("combobox")).to_have_value(re.compile(rf"^Pyyntö {second_id}: tarkastus · "))
        shoot(page, "i23-duplicate-1-recorded")  # the request just recorded is the one chosen

        # 3. The duplicate, chosen: its earliest request named, nothing to carry out on its own.
        chooser.click()
        page.keyboard.type(f"Pyyntö {second_id}:")  # filter the (virtualised) option list
        page.get_by_role("option", name=re.compile(rf"^Pyyntö {second_id}: tarkastus · {PERSON}")).click()
        settle(page)
        expect(page.get_by_text(f"Pyyntö {second_id}: tarkastus", exact=True)).to_be_visible()
        expect(page.get_by_text(f"Tämä on saman henkilön aiemman pyynnön {FIRST_ID} (saapunut {fi_day(first_on)}) "
                                "kaksoiskappale.", exact=False)).to_be_visible()
        expect(page.get_by_text("Kaksoiskappaleesta päätetään aiemman pyynnön kanssa.")).to_be_visible()
        expect(page.get_by_role("tab", name="Toteuta")).to_have_count(0)
        expect(page.get_by_role("button", name="Esikatsele kirje")).to_have_count(0)
        shoot(page, "i23-duplicate-2-the-duplicate")

        # 4. The earliest, chosen: it names the duplicate its letter answers; carried out, letter read first.
        chooser.click()
        page.keyboard.type(f"Pyyntö {FIRST_ID}:")
        page.get_by_role("option", name=re.compile(rf"^Pyyntö {FIRST_ID}: tarkastus · {PERSON}")).click()
        settle(page)
        expect(page.get_by_text(f"Pyyntö {FIRST_ID}: tarkastus", exact=True)).to_be_visible()
        expect(page.get_by_text(f"Samalla kirjeellä vastataan myös 1 kaksoiskappaleeseen: pyyntö {second_id} "
                                f"(saapunut {fi_day(today)}).", exact=True)).to_be_visible()
        expect(page.get_by_text("Tämä on saman henkilön aiemman pyynnön", exact=False)).to_have_count(0)
        expect(page.get_by_role("tab", name="Toteuta")).to_have_attribute("aria-selected", "true")
        press(page, page.get_by_role("button", name="Esikatsele kirje"))
        expect(page.get_by_text("Kirjeen esikatselu")).to_be_visible()
        both_days = f"Olette pyytäneet {fi_day(first_on)} ja {fi_day(today)} saada tietää"
        expect(page.get_by_text(both_days, exact=False)).to_be_visible()
        carry_out = page.get_by_role("button", name="Toteuta ja laadi asiakirjat")
        expect(carry_out).to_be_disabled()
        page.get_by_text("Olen lukenut kirjeen.", exact=True).click()
        expect(carry_out).to_be_enabled()
        shoot(page, "i23-duplicate-3-earliest-letter-preview")
        press(page, carry_out)
        expect(page.get_by_text(f"Pyyntö {FIRST_ID}: valmis. Asiakirjat voi ladata alta.")).to_be_visible(
            timeout=60_000)
        expect(page.get_by_text(f"Pyynnön {FIRST_ID} asiakirjat", exact=True)).to_be_visible()
        letter_button = page.get_by_role("button", name=LETTER)
        expect(letter_button).to_be_visible()
        shoot(page, "i23-duplicate-4-carried-out")
        # Both left the open list: neither is offered any more (the chooser's options, filtered as typed; the
        # grid draws only the rows in view, so its cells cannot say what is not there).
        for rid in (FIRST_ID, second_id):
            chooser.click()
            page.keyboard.type(f"Pyyntö {rid}:")
            expect(page.get_by_role("option", name=re.compile(rf"^Pyyntö {rid}:"))).to_have_count(0)
            page.keyboard.press("Escape")
        with page.expect_download() as download:
            letter_button.click()
        assert download.value.suggested_filename == LETTER
        letter = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(download.value.path()).pages).split())
        assert f"Olette pyytäneet {fi_day(first_on)} ja {fi_day(today)} saada tietää" in letter, letter[:600]
        assert PERSON in letter and "Toistokatu 2" in letter

        # The closed list: the duplicate closed with request 9101, by the same letter.
        page.get_by_text("suljetut (30 pv)", exact=True).click()
        settle(page)
        expect(page.locator('[role="gridcell"]', has_text=f"valmis (suljettu pyynnön {FIRST_ID} kanssa)")
               ).to_have_count(1)
        expect(page.locator('[role="gridcell"]', has_text=LETTER)).to_have_count(2)
        shoot(page, "i23-duplicate-5-closed-list")
        page.context.close()
    logged = log.read_text(errors="replace")
    assert "Traceback" not in logged, logged

    # 5. The store: both completed today by the one letter; the duplicate closed with the earliest.
    with connect(path) as conn:
        rows = {rid: rest for rid, *rest in conn.execute(
            "SELECT id, status, closed_on, closing_reason, duplicate_of, customer_id, identity_verified_on "
            "FROM requests WHERE id IN (?, ?)", [FIRST_ID, second_id]).fetchall()}
        documents = {rid: sorted(conn.execute("SELECT file_name, sha256 FROM request_documents WHERE request_id = ?",
                                              [rid]).fetchall()) for rid in (FIRST_ID, second_id)}
    assert rows[FIRST_ID] == ["completed", today, None, None, PERSON_ID, first_on]
    assert rows[second_id] == ["completed", today, f"closed with request {FIRST_ID}", FIRST_ID, PERSON_ID, today]
    assert LETTER in [name for name, _ in documents[FIRST_ID]]
    assert documents[second_id] == documents[FIRST_ID]  # the same letter (name and digest) for both

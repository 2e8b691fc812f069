"""The letters a data subject receives: dates and euros as the reader writes them, tables that
read as tables. The machine-readable files keep ISO dates and plain numbers."""

import json
import re
from datetime import date, datetime
from decimal import Decimal

import pypdf
import pytest

from registry.store import db
from registry.access import Actor
from registry.documents import letter_date, letter_money
from registry.requests.rights import complete_request
from tests.conftest import Contract

TODAY = date(2026, 11, 25)
MANAGER = Actor("mika", "manager")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture
def access_letter(store, tmp_path):
    """Complete an access request in `language` for a person with an order, an invoice, a
    collection case, a disclosure and imported data; return the letter's text per page."""
    def build(language: str) -> list[str]:
        with db.connect(store) as conn:
            c = Contract(conn)
            c.customer(id=1, first_name="Äijä", last_name="Öhman", postal_street="Kätkäläntie 3 A 5",
                       postal_postcode="80400", postal_city="Ylämylly", until=date(2026, 10, 1), language=language)
            c.order(1, id=1, ordered_on=date(2026, 3, 5), amount=Decimal("1234.5"), product="Näyttö")
            c.invoice(1, id=1, order_id=1, issued_on=date(2026, 3, 5), paid_on=date(2026, 3, 20),
                      amount=Decimal("1234.5"))
            c.collection(1, id=1, opened_on=date(2025, 2, 1), closed_on=date(2025, 4, 30))
            conn.execute("INSERT INTO disclosures VALUES (1, 1, DATE '2025-01-01', 'Luottotieto Oy', "
                         "'credit_decision', false)")
            conn.execute("INSERT INTO person_sources VALUES (1, 'update_service', DATE '2025-06-07', "
                         "DATE '2025-08-09')")
            c.request(1, kind="access", received_on=date(2026, 11, 20), verified_on=date(2026, 11, 21), id=10)
            conn.execute("UPDATE requests SET language = ? WHERE id = 10", [language])
        with db.connect(store, exclusive=True) as conn:
            complete_request(conn, MANAGER, 10, TODAY, tmp_path / "out")
        reader = pypdf.PdfReader(tmp_path / "out" / "access-10.pdf")
        # The amounts hold no-break spaces; the PDF's text may give them back as either space.
        return [page.extract_text().replace("\u00a0", " ") for page in reader.pages]
    return build


def test_finnish_access_letter_writes_dates_and_euros_the_finnish_way(access_letter):
    text = "\n".join(access_letter("fi"))
    assert "5.3.2026" in text and "20.3.2026" in text and "1.2.2025" in text and "1.1.2025" in text
    assert "1 234,50 €" in text and "1234.5" not in text
    assert "25.11.2026" in text and "Olette pyytäneet 20.11.2026" in text  # letter date, received on
    assert "7.6.2025" in text and "9.8.2025" in text and "luottopäätös" in text and "päivityspalvelu" in text
    # Art. 15(1)(g): the sources recorded for this person, not the notice's general list
    assert "Tietonne on saatu: oma rekisteröityminen, päivityspalvelu." in text
    assert not ISO_DATE.search(text), ISO_DATE.findall(text)


def test_english_access_letter_writes_dates_and_euros_the_english_way(access_letter):
    text = "\n".join(access_letter("en"))
    assert "5 March 2026" in text and "20 March 2026" in text and "1 January 2025" in text
    assert "€1,234.50" in text and "1234.5" not in text and "EUR" not in text
    assert "25 November 2026" in text and "On 20 November 2026 you asked" in text
    assert "Amount" in text and "Outside the EU" in text and "credit decision" in text
    assert not ISO_DATE.search(text), ISO_DATE.findall(text)


def test_the_json_beside_the_letter_keeps_iso_dates_and_plain_amounts(access_letter, tmp_path):
    access_letter("fi")
    data = json.loads((tmp_path / "out" / "access-10.json").read_text())
    assert data["orders"][0]["ordered_on"] == "2026-03-05" and data["orders"][0]["amount_eur"] == "1234.50"
    assert data["request"]["received_on"] == "2026-11-20" and data["person"]["customer_until"] == "2026-10-01"


def _top(page, words: set[str]) -> dict[str, float]:
    """The height on the page of each of `words` drawn on its own (the first time it is drawn)."""
    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        if text.strip() in words:
            found.setdefault(text.strip(), tm[5])
    page.extract_text(visitor_text=visit)
    return found


def test_the_person_table_starts_right_under_its_caption_without_an_empty_heading_row(access_letter, tmp_path):
    text = access_letter("fi")[0]
    assert "Nro Tilattu Tuote Summa" in text  # the orders table has its column headings
    y = _top(pypdf.PdfReader(tmp_path / "out" / "access-10.pdf").pages[0],
             {"Tietonne", "Etunimi", "Sukunimi", "Tilaukset", "Nro"})
    row = y["Etunimi"] - y["Sukunimi"]
    # An empty heading row would push the first field one row further from the caption than the
    # orders table's heading row is from its caption.
    assert abs((y["Tietonne"] - y["Etunimi"]) - (y["Tilaukset"] - y["Nro"])) < row / 2


@pytest.mark.parametrize(("amount", "fi", "en"), [
    (Decimal("1234.5"), "1\u00a0234,50\u00a0€", "€1,234.50"),
    (Decimal("0"), "0,00\u00a0€", "€0.00"),
    (Decimal("-12.345"), "-12,35\u00a0€", "-€12.35"),
    (Decimal("1000000"), "1\u00a0000\u00a0000,00\u00a0€", "€1,000,000.00"),
    (99.995, "100,00\u00a0€", "€100.00"),
])
def test_letter_money_writes_euros_to_the_cent_per_language(amount, fi, en):
    assert letter_money(amount, "fi") == fi and letter_money(amount, "en") == en


def test_letter_date_writes_day_month_year_per_language_whatever_the_locale():
    assert letter_date(date(2026, 3, 5), "fi") == "5.3.2026"
    assert letter_date(date(2026, 12, 31), "en") == "31 December 2026"
    assert letter_date(datetime(2025, 6, 7, 9, 5), "fi") == "7.6.2025 klo 09.05"
    assert letter_date(datetime(2025, 6, 7, 9, 5), "en") == "7 June 2025, 09:05"


# The polite plural ("te") throughout a Finnish letter: no "sinä" form beside it.
SINA = re.compile(r"\b(Voit|voit|tietosi|toimit|sinun|Sinun|sinua|ilmoituksesi|rekisteröitymisesi|pyyntösi)\b")


def test_finnish_letters_keep_one_register_throughout():
    from registry import letters, notice
    from registry.settings import DEFAULTS

    words = [*(v for v in letters.TEXT["fi"].values() if isinstance(v, str)), *letters.SOURCES_INTRO.values(),
             *(v for v in notice.TEXTS["fi"].values() if isinstance(v, str)), *notice.TEXTS["fi"]["rights"],
             *(v["fi"] for v in DEFAULTS.values() if isinstance(v, dict))]
    assert [w for w in words if SINA.search(w)] == []
    assert any("Olette" in w for w in words)  # the register the letters use

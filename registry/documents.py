"""The documents a data-subject request produces: letters (PDF, letter quality, Finnish or
English), data exports (JSON, CSV in a zip), and their metadata (file name, SHA-256, date).

fpdf2 renders the PDFs; its core Helvetica font, written as Windows-1252 (WinAnsi), covers ä, ö,
å and €, so no font file has to be shipped. The letters' words are in registry/letters.py, beside
the privacy notice's (registry/notice.py); the letterhead comes from the settings.
Dates and amounts in a letter are written as its reader writes them (`letter_date`,
`letter_money`); the machine-readable files keep ISO dates and plain numbers.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfReader

from .bilingual import by_language
from .spreadsheet import neutralise


@dataclass(frozen=True)
class Letterhead:
    """Who writes: the controller's name, address and business id at the top of every page, and the
    contact person's line under a letter. Made from the settings (`notice.letterhead`)."""
    name: str
    business_id: str
    address: str
    contact: str


@dataclass(frozen=True)
class Document:
    file_name: str
    sha256: str
    size: int


MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
# Helvetica has no narrow no-break space (U+202F); a no-break space keeps "1 234,50 €" on one line.
NBSP = "\u00a0"
YES_NO = by_language({"yes": ("kyllä", "yes"), "no": ("ei", "no")})


def letter_date(day: date, language: str) -> str:
    """5.3.2026 in Finnish, 5 March 2026 in English; a timestamp adds its time (klo 14.05 / 14:05).
    No locale is consulted, so a server's settings never change a letter."""
    if language == "fi":
        text = f"{day.day}.{day.month}.{day.year}"
        return text + (f" klo {day:%H.%M}" if isinstance(day, datetime) else "")
    text = f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return text + (f", {day:%H:%M}" if isinstance(day, datetime) else "")


def letter_money(amount, language: str) -> str:
    """An amount in euros to the cent: 1 234,50 € in Finnish, €1,234.50 in English."""
    cents = Decimal(str(amount)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    sign, digits = "-" if cents < 0 else "", f"{abs(cents):,.2f}"
    if language == "fi":
        return f"{sign}{digits.replace(',', NBSP).replace('.', ',')}{NBSP}€"
    return f"{sign}€{digits}"


def letter_value(value, language: str) -> str:
    """A table cell as the letter shows it: dates by `letter_date`, yes/no, empty for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES_NO[language]["yes" if value else "no"]
    if isinstance(value, date):
        return letter_date(value, language)
    return str(value)


def _winansi(text: str) -> str:
    """Core PDF fonts are written as Windows-1252: ä, ö, å, €, dashes fit; anything else becomes '?'."""
    text = text.replace("\u202f", NBSP).replace("\u2212", "-")
    return text.encode("cp1252", "replace").decode("cp1252")


@dataclass(frozen=True)
class Table:
    """A table in a letter: no heading row when `headings` is empty; `right` lists the columns
    aligned right (amounts)."""
    caption: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right: frozenset[int] = frozenset()


class Letter(FPDF):
    """An A4 letter with the controller's letterhead and a page number."""

    CELL_PADDING = (0.8, 1.5)  # mm above and below, left and right of a table cell's text
    TABLE_SIZE = 8.5

    def __init__(self, language: str, letterhead: Letterhead):
        super().__init__(format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.language, self.letterhead = language, letterhead
        self.set_margins(22, 20, 22)
        self.set_auto_page_break(True, margin=20)
        self.add_page()

    def header(self):
        self.set_font("Helvetica", "B", 13)
        head = self.letterhead
        self.cell(0, 7, _winansi(head.name), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 9)
        business_id = "Y-tunnus" if self.language == "fi" else "Business ID"
        self.cell(0, 5, _winansi(f"{head.address} · {business_id} {head.business_id}"),
                  new_x="LMARGIN", new_y="NEXT")
        self.ln(6)

    def footer(self):
        self.set_y(-14)
        self.set_font("Helvetica", "", 8)
        page = "Sivu" if self.language == "fi" else "Page"
        self.cell(0, 6, _winansi(f"{page} {self.page_no()}/{{nb}}"), align="R")

    KEEP_WITH_NEXT = 25  # mm: a heading this close to the page's end starts the next page, with its text

    def heading(self, text: str, size: int = 14):
        if self.get_y() > self.page_break_trigger - self.KEEP_WITH_NEXT:
            self.add_page()
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, 7, _winansi(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def paragraph(self, text: str, bold: bool = False, size: float = 10.5):
        self.set_font("Helvetica", "B" if bold else "", size)
        self.multi_cell(0, 5.5, _winansi(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def bullet(self, text: str, size: float = 10):
        """One item of a list: a dash, the text indented beside it, the items close together."""
        self.set_font("Helvetica", "", size)
        self.cell(5, 5.5, "\u2013")
        self.multi_cell(0, 5.5, _winansi(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(0.8)

    def address(self, lines: list[str]):
        """The recipient's block, its lines close together as on an envelope."""
        self.set_font("Helvetica", "", 10)
        for line in lines:
            self.multi_cell(0, 5, _winansi(line), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def table(self, table: Table):
        """Draw `table` across the text width, each column as wide as its text needs (see
        `_column_widths`); a heading row only when the table has headings."""
        if not table.rows:
            return
        cells = [[_winansi(letter_value(v, self.language)) for v in row] for row in table.rows]
        headings = [_winansi(h) for h in table.headings]
        align = tuple("RIGHT" if i in table.right else "LEFT" for i in range(len(cells[0])))
        widths = self._column_widths(headings, cells)
        self.set_font("Helvetica", "", self.TABLE_SIZE)
        with super().table(text_align=align, line_height=4.2, col_widths=widths, width=self.epw,
                           padding=self.CELL_PADDING, first_row_as_headings=bool(headings)) as grid:
            for row in ([headings] if headings else []) + cells:
                grid.row(row)
        self.ln(3)

    def _column_widths(self, headings: list[str], cells: list[list[str]]) -> tuple[float, ...]:
        """Widths that fill the text width: a column whose longest text fits its fair share gets
        that; the others share what is left; spare room is spread in proportion."""
        pad = 2 * self.CELL_PADDING[1] + 0.5
        self.set_font("Helvetica", "B", self.TABLE_SIZE)
        natural = [self.get_string_width(h) + pad for h in headings] or [0.0] * len(cells[0])
        self.set_font("Helvetica", "", self.TABLE_SIZE)
        for row in cells:
            natural = [max(n, self.get_string_width(t) + pad) for n, t in zip(natural, row, strict=True)]
        widths, free, open_ = list(natural), self.epw, set(range(len(natural)))
        while open_:
            share = free / len(open_)
            fits = {i for i in open_ if natural[i] <= share}
            if not fits:
                for i in open_:
                    widths[i] = share
                return tuple(widths)
            free -= sum(natural[i] for i in fits)
            open_ -= fits
        return tuple(w * self.epw / sum(natural) for w in natural)


def letter_pdf(language: str, letterhead: Letterhead, day: date, recipient: list[str], title: str,
               paragraphs: list[str], tables: tuple[Table, ...] = (),
               about: tuple[str, tuple[tuple[str, str], ...]] | None = None) -> bytes:
    """A dated letter: recipient block, title, paragraphs, optional tables, and an optional
    section `about` = (heading, ((subheading, text), ...)) such as the Art. 15 information."""
    pdf = Letter(language, letterhead)
    pdf.paragraph(letter_date(day, language))
    pdf.address(recipient)
    pdf.ln(4)
    pdf.heading(title)
    for text in paragraphs:
        pdf.paragraph(text)
    for table in tables:
        pdf.heading(table.caption, size=11)
        pdf.table(table)
    if about:
        heading, parts = about
        pdf.heading(heading, size=11)
        for subheading, text in parts:
            pdf.paragraph(subheading, bold=True, size=10)
            pdf.paragraph(text, size=10)
    pdf.paragraph(f"{letterhead.name} · {letterhead.contact}", size=9)
    return bytes(pdf.output())


def pdf_text(pdf: bytes) -> str:
    """A PDF's words, page by page (a letter's preview on the page before it is sent)."""
    reader = PdfReader(io.BytesIO(pdf))
    return "\n\n".join((page.extract_text() or "").strip() for page in reader.pages)


def json_bytes(document) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")


def csv_bytes(rows: list[dict]) -> bytes:
    """CSV, UTF-8 with BOM for spreadsheets; formula-looking cells neutralised (registry/spreadsheet.py)."""
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _safe_cell(v) for k, v in row.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _safe_cell(value):
    return neutralise("" if value is None else str(value))


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def write_document(out_dir: Path, file_name: str, content: bytes) -> Document:
    """Write one document into `out_dir` (which must exist) and return its metadata."""
    path = Path(out_dir) / file_name
    path.write_bytes(content)
    return Document(file_name, hashlib.sha256(content).hexdigest(), len(content))


RECEIPT_TEXT = by_language({
    "title": ("Poistokuitti", "Purge receipt"),
    "intro": ("Henkilötiedot poistettiin asiakasrekisteristä. Tilaukset ja laskut säilyvät nimettöminä, jotta tilastojen "
              "summat pysyvät ennallaan. Kuitti ei sisällä poistettuja tietoja, vain tunnisteet.",
              "Personal data was erased from the customer register. Orders and invoices are kept anonymous so that the "
              "statistics keep their totals. The receipt holds no erased values, only ids."),
    "facts": ("Poisto", "Purge"),
    "at": ("Aika (Suomen aikaa)", "Time (Finnish time)"),
    "today": ("Rekisteripäivä", "Register day"),
    "actor": ("Suorittaja", "Carried out by"),
    "proposed_by": ("Ehdottaja", "Proposed by"),
    "approved_by": ("Hyväksyjä", "Approved by"),
    "proposal": ("Ehdotus", "Proposal"),
    "audit": ("Lokimerkintä", "Audit entry"),
    "rewritten": ("Tiedosto kirjoitettu uudelleen", "Store file rewritten"),
    "counts": ("Määrät", "Counts"),
    "ids": ("Poistettujen henkilöiden tunnisteet", "Ids of the persons purged"),
    "count": {
        "persons_purged": ("Poistetut henkilöt", "Persons purged"),
        "orders_kept_anonymous": ("Nimettöminä säilyvät tilaukset", "Orders kept anonymous"),
        "invoices_kept": ("Säilyvät laskut", "Invoices kept"),
        "notes_removed": ("Poistetut muistiinpanot", "Notes removed"),
        "visits_removed": ("Poistetut käyntitiedot", "Visit log entries removed"),
        "import_rows_removed": ("Poistetut tuontirivit", "Import rows removed"),
        "sources_removed": ("Poistetut tietolähdemerkinnät", "Source records removed"),
        "field_changes_removed": ("Poistetut muutospäivät", "Field change dates removed"),
        "request_texts_erased": ("Poistetut pyyntötekstit", "Request texts erased"),
        "legal_hold_reasons_erased": ("Poistetut lukitusperusteet", "Legal hold reasons erased"),
        "erasure_requests_completed": ("Toteutetut poistopyynnöt", "Erasure requests carried out"),
        "blocked_skipped": ("Estettyinä ohitetut", "Skipped as blocked"),
        "already_purged": ("Jo aiemmin poistetut", "Purged before"),
    },
})


def _grouped(n: int, language: str) -> str:
    return f"{n:,}".replace(",", NBSP if language == "fi" else ",")


def purge_receipt_pdf(receipt, language: str, local_at: datetime, letterhead: Letterhead) -> bytes:
    """The purge receipt as a PDF in the manager's language: time, actor (and approver), audit
    entry, counts and the ids; never an erased value. `local_at` is the receipt's time in Finland."""
    text = RECEIPT_TEXT[language]
    pdf = Letter(language, letterhead)
    pdf.heading(text["title"])
    pdf.paragraph(text["intro"])
    facts = [(text["at"], letter_date(local_at, language)), (text["today"], letter_date(receipt.today, language))]
    if receipt.proposal_id is not None:
        facts += [(text["proposal"], f"#{receipt.proposal_id}"), (text["proposed_by"], receipt.proposed_by),
                  (text["approved_by"], receipt.actor)]
    else:
        facts.append((text["actor"], receipt.actor))
    facts += [(text["audit"], f"#{receipt.audit_seq} · {receipt.audit_hash or ''}"),
              (text["rewritten"], YES_NO[language]["yes" if receipt.store_rewritten else "no"])]
    pdf.heading(text["facts"], size=11)
    pdf.table(Table(text["facts"], (), tuple(facts)))
    pdf.heading(text["counts"], size=11)
    pdf.table(Table(text["counts"], (), tuple((text["count"].get(k, k), _grouped(v, language))
                                             for k, v in receipt.counts.items()), right=frozenset({1})))
    pdf.heading(text["ids"], size=11)
    pdf.paragraph(", ".join(str(i) for i in receipt.customer_ids) or "-", size=8.5)
    return bytes(pdf.output())

"""The documents a data-subject request produces: letters (PDF, letter quality, Finnish or
English), data exports (JSON, CSV in a zip), and their metadata (file name, SHA-256, date).

fpdf2 renders the PDFs; its core Helvetica font covers ä, ö and å (Latin-1), so no font file
has to be shipped. Texts come from the privacy notice of Molentum Oy.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fpdf import FPDF

CONTROLLER = {
    "name": "Molentum Oy",
    "business_id": "1813720-8",
    "address": "Lautasuontie 2 A 4, 80400 Ylämylly",
    "contact": "Mika Lähteenmäki, mika.lahteenmaki@molentum.fi, 0400 273 150",
}
OMBUDSMAN = {
    "fi": "Tietosuojavaltuutetun toimisto, PL 800, 00531 Helsinki (käyntiosoite Lintulahdenkuja 4, "
          "00530 Helsinki), puh. 029 566 6700, tietosuoja@om.fi, www.tietosuoja.fi",
    "en": "Office of the Data Protection Ombudsman (Tietosuojavaltuutetun toimisto), P.O. Box 800, "
          "FI-00531 Helsinki (visiting address Lintulahdenkuja 4, 00530 Helsinki), tel. +358 29 566 6700, "
          "tietosuoja@om.fi, www.tietosuoja.fi",
}

# The Art. 15 information, from the privacy notice.
ART15 = {
    "fi": {
        "purposes": "Asiakasrekisterin ylläpito, tilausten hallinnointi, arkistointi ja käsittely, asiakassuhteen "
                    "hoitaminen, toiminnan kehittäminen ja tilastointi.",
        "legal_basis": "Sopimus.",
        "categories": "Nimi, edustettu organisaatio, yhteystiedot (sähköposti, posti- ja laskutusosoite, puhelin, "
                      "www-osoite, IP-numero) ja tiedot aiemmista tilauksista.",
        "recipients": "Rekisterinpitäjän henkilöstö ja ulkoistuskumppanit soveltuvin osin; luottopäätöksiin, "
                      "perintään ja laskutukseen liittyvissä asioissa sekä lainsäädännön velvoittaessa.",
        "transfers": "Tietoja ei siirretä EU:n ulkopuolelle, ellei se ole teknisen toteutuksen varmistamiseksi "
                     "tarpeellista.",
        "retention": "90 päivää asiakkuuden päättymisestä. Poistoa voivat estää lainsäädäntö, avoimet laskut, "
                     "perintätoimet tai se, että toimit asiakasorganisaation yhteyshenkilönä.",
        "source": "Omat rekisteröitymisesi ja ilmoituksesi, päivityspalvelut (viranomaiset ja yritykset) ja "
                  "alihankkijat.",
        "rights": "Oikeus tarkastaa tietosi, oikaista ne, poistaa ne, rajoittaa käsittelyä, vastustaa käsittelyä "
                  "suoramarkkinointiin ja siirtää tietosi järjestelmästä toiseen.",
        "complaint": "Voit tehdä kantelun valvontaviranomaiselle: ",
    },
    "en": {
        "purposes": "Keeping the customer register, managing, archiving and processing orders, managing the "
                    "customer relationship, developing the business, and statistics.",
        "legal_basis": "Contract.",
        "categories": "Name, organisation represented, contact data (e-mail, postal and billing address, phone, "
                      "website, IP address) and previous orders.",
        "recipients": "The controller's staff and outsourcing partners where relevant; credit decisions, "
                      "collection and billing, and where the law requires it.",
        "transfers": "No transfers outside the EU unless technically necessary for the service.",
        "retention": "90 days after the customer relationship ends. Deletion can be blocked by law, open "
                     "invoices, collection, or your being the contact person of a customer organisation.",
        "source": "Your own registration and notices, update services (authorities and companies), "
                  "subcontractors.",
        "rights": "The right of access, rectification, erasure, restriction of processing, objection to direct "
                  "marketing, and data portability.",
        "complaint": "You may lodge a complaint with the supervisory authority: ",
    },
}
ART15_HEADINGS = {
    "fi": {"purposes": "Käsittelyn tarkoitukset", "legal_basis": "Oikeusperuste", "categories": "Tietoryhmät",
           "recipients": "Vastaanottajat", "transfers": "Siirrot EU:n ulkopuolelle", "retention": "Säilytysaika",
           "source": "Tietolähteet", "rights": "Oikeutesi", "complaint": "Valitusoikeus"},
    "en": {"purposes": "Purposes", "legal_basis": "Legal basis", "categories": "Categories of data",
           "recipients": "Recipients", "transfers": "Transfers outside the EU", "retention": "Retention",
           "source": "Sources", "rights": "Your rights", "complaint": "Right to complain"},
}


@dataclass(frozen=True)
class Document:
    file_name: str
    sha256: str
    size: int


def fmt_day(day: date, language: str) -> str:
    return f"{day.day}.{day.month}.{day.year}" if language == "fi" else day.strftime("%-d %B %Y")


def _latin1(text: str) -> str:
    """Core PDF fonts are Latin-1: ä, ö, å fit; the euro sign and dashes are spelled out."""
    return (text.replace("€", "EUR").replace("–", "-").replace("—", "-").replace("…", "...")
            .encode("latin-1", "replace").decode("latin-1"))


class Letter(FPDF):
    """An A4 letter with the controller's letterhead and a page number."""

    def __init__(self, language: str):
        super().__init__(format="A4")
        self.language = language
        self.set_margins(22, 20, 22)
        self.set_auto_page_break(True, margin=20)
        self.add_page()

    def header(self):
        self.set_font("Helvetica", "B", 13)
        self.cell(0, 7, _latin1(CONTROLLER["name"]), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 9)
        self.cell(0, 5, _latin1(f"{CONTROLLER['address']} · Y-tunnus {CONTROLLER['business_id']}"),
                  new_x="LMARGIN", new_y="NEXT")
        self.ln(6)

    def footer(self):
        self.set_y(-14)
        self.set_font("Helvetica", "", 8)
        page = "Sivu" if self.language == "fi" else "Page"
        self.cell(0, 6, _latin1(f"{page} {self.page_no()}/{{nb}}"), align="R")

    def heading(self, text: str, size: int = 14):
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, 7, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def paragraph(self, text: str, bold: bool = False, size: int = 10.5):
        self.set_font("Helvetica", "B" if bold else "", size)
        self.multi_cell(0, 5.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def table(self, headings: list[str], rows: list[list]):
        if not rows:
            return
        self.set_font("Helvetica", "", 8.5)
        with super().table(text_align="LEFT", line_height=5) as grid:
            grid.row([_latin1(str(h)) for h in headings])
            for row in rows:
                grid.row([_latin1("" if v is None else str(v)) for v in row])
        self.ln(3)


def letter_pdf(language: str, day: date, recipient: list[str], title: str, paragraphs: list[str],
               tables: list[tuple[str, list[str], list[list]]] = (), art15: bool = False) -> bytes:
    """A dated letter: recipient block, title, paragraphs, optional tables and Art. 15 section."""
    pdf = Letter(language)
    pdf.paragraph(fmt_day(day, language))
    for line in recipient:
        pdf.paragraph(line, size=10)
    pdf.ln(4)
    pdf.heading(title)
    for text in paragraphs:
        pdf.paragraph(text)
    for caption, headings, rows in tables:
        pdf.heading(caption, size=11)
        pdf.table(headings, rows)
    if art15:
        heading = "Tietoja käsittelystä (EU:n tietosuoja-asetus 15 art.)" if language == "fi" else \
            "Information on the processing (GDPR Article 15)"
        pdf.heading(heading, size=11)
        for key, text in ART15[language].items():
            pdf.paragraph(ART15_HEADINGS[language][key], bold=True, size=10)
            pdf.paragraph(text + (OMBUDSMAN[language] if key == "complaint" else ""), size=10)
    pdf.paragraph(f"{CONTROLLER['name']} · {CONTROLLER['contact']}", size=9)
    return bytes(pdf.output())


def json_bytes(document) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")


def csv_bytes(rows: list[dict]) -> bytes:
    """CSV, UTF-8 with BOM for spreadsheets; cells starting with = + - @ are neutralised."""
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _safe_cell(v) for k, v in row.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _safe_cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


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

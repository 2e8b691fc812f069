"""The privacy notice (tietosuojaseloste) and the Art. 30 record of processing activities, written
from the register's settings (REGISTER.md section 10) in Finnish or English, as Markdown, HTML or
PDF, in the order of the published notice. The data categories are the personal columns the
register actually holds; "last updated" is the day of the last settings change."""

from __future__ import annotations

import html
from dataclasses import dataclass

from . import documents as docs
from .bilingual import by_language
from .clock import finnish_time
from .fields import FIELD_LABELS
from .fields import PERSONAL_COLUMNS
from .settings import current_settings, last_changed_on

FORMATS = ("md", "html", "pdf")
KINDS = ("privacy", "processing")

HEADINGS = by_language({
    "privacy": ("Tietosuojaseloste", "Privacy notice"),
    "processing": ("Seloste käsittelytoimista (EU:n tietosuoja-asetus 30 art.)",
                   "Record of processing activities (GDPR Article 30)"),
    "register": ("Asiakasrekisteri", "Customer register"),
    "updated": ("Viimeksi päivitetty", "Last updated"),
    "controller": ("Rekisterinpitäjä", "Controller"),
    "contact": ("Yhteyshenkilö rekisteriä koskevissa asioissa", "Contact person for matters concerning the register"),
    "legal_basis": ("Käsittelyn oikeusperuste", "Legal basis"),
    "purposes": ("Henkilötietojen käsittelyn tarkoitus", "Purposes of the processing"),
    "data_categories": ("Kyseessä olevat henkilötietoryhmät", "Categories of personal data"),
    "recipients": ("Vastaanottajat ja vastaanottajaryhmät", "Recipients and categories of recipients"),
    "content": ("Rekisterin tietosisältö", "What the register holds"),
    "sources": ("Säännönmukaiset tietolähteet", "Regular sources of data"),
    "disclosures": ("Tietojen säännönmukaiset luovutukset", "Regular disclosures of data"),
    "transfers": ("Tietojen siirto EU:n tai ETA:n ulkopuolelle", "Transfers outside the EU or the EEA"),
    "retention": ("Henkilötietojen säilyttämisaika", "How long personal data is kept"),
    "security": ("Rekisterin suojauksen periaatteet", "How the register is protected"),
    "cookies": ("Evästeet", "Cookies"),
    "automated": ("Automaattinen käsittely ja profilointi", "Automated decisions and profiling"),
    "rights": ("Rekisteröidyn oikeudet", "Your rights"),
    "authority": ("Oikeus tehdä valitus valvontaviranomaiselle", "The right to lodge a complaint with the supervisory authority"),
    "subjects": ("Rekisteröityjen ryhmät", "Categories of data subjects"),
})
TEXTS = by_language({
    "retention": ("{days} päivää asiakkuuden päättymisestä lukien. Rekisteröityneen henkilötiedot hävitetään hänen "
                  "pyynnöstään, ellei lainsäädäntö, avoimet laskut tai perintätoimet estä tietojen poistamista. "
                  "Asiakasorganisaation yhteyshenkilön tiedot säilytetään niin kauan kuin organisaatio on asiakkaamme.",
                  "{days} days after the customer relationship ends. A person's data is erased at their request unless the "
                  "law, open invoices or collection prevent it. The data of a customer organisation's contact person is "
                  "kept while the organisation is our customer."),
    "orders": ("Tiedot aikaisemmista tilauksista", "Previous orders"),
    "automated": ("Ei tehdä.", "None."),
    "organisation": ("Edustettu organisaatio", "The organisation represented"),
    "subjects": ("Asiakkaat ja asiakasorganisaatioiden yhteyshenkilöt.",
                 "Customers and the contact persons of customer organisations."),
    "authority_intro": ("Jos katsotte, että henkilötietojenne käsittelyssä on rikottu tietosuoja-asetusta, voitte tehdä "
                        "kantelun valvontaviranomaiselle. Kantelun voitte tehdä myös siinä jäsenvaltiossa, jossa teillä on "
                        "vakinainen asuinpaikka tai työpaikka. Kansallisen valvontaviranomaisen yhteystiedot:",
                        "If you consider that the processing of your personal data infringes the GDPR, you may lodge a "
                        "complaint with the supervisory authority, also in the member state where you live or work. The "
                        "national supervisory authority:"),
    "rights": [
        ("Tarkastusoikeus: oikeus saada pääsy henkilötietoihinne. Pyyntö tehdään kirjallisena, allekirjoitettuna tai "
         "todisteellisesti tunnistettavasta sähköpostiosoitteesta.",
         "The right of access to your personal data. A request is made in writing, signed or from an e-mail address that "
         "identifies you."),
        ("Oikeus vaatia tiedon korjaamista: virheellinen, tarpeeton, puutteellinen tai vanhentunut tieto oikaistaan, "
         "poistetaan tai täydennetään viivytyksettä.",
         "The right to rectification: wrong, unnecessary, incomplete or outdated data is corrected, erased or completed "
         "without delay."),
        ("Oikeus tietojen poistamiseen, ellei lainsäädäntö, avoimet laskut tai perintätoimet estä sitä.",
         "The right to erasure, unless the law, open invoices or collection prevent it."),
        ("Rajoittamisoikeus: oikeus pyytää käsittelyn rajoittamista.", "The right to restriction of processing."),
        ("Vastustamisoikeus: oikeus kieltää tietojen käsittely suoramarkkinointia varten.",
         "The right to object to processing for direct marketing."),
        ("Oikeus siirtää tiedot järjestelmästä toiseen.", "The right to data portability."),
    ],
})
ADDRESS_LABELS = {"postal": ("Postiosoite", "Postal address"), "billing": ("Laskutusosoite", "Billing address")}
HELD_SQL = """SELECT column_name FROM duckdb_columns()
WHERE database_name = current_database() AND table_name = 'customers' ORDER BY column_index"""


def letterhead(settings: dict) -> docs.Letterhead:
    """The controller as the settings name it, for the top of every document the register writes."""
    s = settings
    return docs.Letterhead(s["controller.name"], s["controller.business_id"], s["controller.address"],
                           f"{s['contact.name']}, {s['contact.email']}, {s['contact.phone']}")


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()


def notice_sections(conn, lang: str, kind: str = "privacy") -> tuple[str, str, list[Section]]:
    """(title, last updated as the reader writes it, sections) from the settings as they are now."""
    s, h, x = current_settings(conn), HEADINGS[lang], TEXTS[lang]
    columns = [c for (c,) in conn.execute(HELD_SQL).fetchall()]
    index = 0 if lang == "fi" else 1
    content = list(dict.fromkeys(ADDRESS_LABELS[c.split("_")[0]][index] if c.startswith(("postal_", "billing_"))
                                 else FIELD_LABELS[c][index]
                                 for c in columns if c in PERSONAL_COLUMNS and c in FIELD_LABELS))
    if "organisation_id" in columns:  # the organisation a person represents
        content.insert(2, x["organisation"])
    content.append(x["orders"])
    updated = docs.letter_date(last_changed_on(conn, lambda at: finnish_time(at).date()), lang)
    controller = Section(h["controller"], (f"{s['controller.name']} ({s['controller.business_id']})",
                                           s["controller.address"]))
    contact = Section(h["contact"], (s["contact.name"], s["contact.email"], s["contact.address"], s["contact.phone"]))
    retention = Section(h["retention"], (x["retention"].format(days=s["retention_days"]),))
    authority = Section(h["authority"], (x["authority_intro"], s["authority"][lang]))
    if kind == "processing":
        sections = [controller, contact, Section(h["purposes"], (s["purposes"][lang],)),
                    Section(h["legal_basis"], (s["legal_basis"][lang],)), Section(h["subjects"], (x["subjects"],)),
                    Section(h["data_categories"], (s["data_categories"][lang],), tuple(content)),
                    Section(h["recipients"], (s["recipients"][lang], s["disclosures"][lang])),
                    Section(h["transfers"], (s["transfers"][lang],)), retention,
                    Section(h["security"], (s["security"][lang],))]
        return h["processing"], updated, sections
    sections = [controller, contact, Section(h["legal_basis"], (s["legal_basis"][lang],)),
                Section(h["purposes"], (s["purposes"][lang],)),
                Section(h["data_categories"], (s["data_categories"][lang],)),
                Section(h["recipients"], (s["recipients"][lang],)), Section(h["content"], (), tuple(content)),
                Section(h["sources"], (s["sources"][lang],)), Section(h["disclosures"], (s["disclosures"][lang],)),
                Section(h["transfers"], (s["transfers"][lang],)), retention,
                Section(h["security"], (s["security"][lang],)), Section(h["cookies"], (s["cookies"][lang],)),
                Section(h["automated"], (x["automated"],)), Section(h["rights"], (), tuple(x["rights"])), authority]
    return f"{h['register']} · {h['privacy']}", updated, sections


def notice_bytes(conn, lang: str, kind: str = "privacy", fmt: str = "md") -> bytes:
    title, updated, sections = notice_sections(conn, lang, kind)
    updated_line = f"{HEADINGS[lang]['updated']} {updated}"
    if fmt == "md":
        lines = [f"# {title}", "", f"*{updated_line}*", ""]
        for section in sections:
            lines += [f"## {section.heading}", ""]
            lines += [line for p in section.paragraphs for line in (p, "")]
            lines += [f"- {b}" for b in section.bullets] + ([""] if section.bullets else [])
        return "\n".join(lines).encode("utf-8")
    if fmt == "html":
        e = html.escape
        parts = [f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{e(title)}</title></head>'
                 f"<body><h1>{e(title)}</h1><p><em>{e(updated_line)}</em></p>"]
        for section in sections:
            parts.append(f"<h2>{e(section.heading)}</h2>")
            parts += [f"<p>{e(p)}</p>" for p in section.paragraphs]
            if section.bullets:
                parts.append("<ul>" + "".join(f"<li>{e(b)}</li>" for b in section.bullets) + "</ul>")
        parts.append("</body></html>\n")
        return "\n".join(parts).encode("utf-8")
    pdf = docs.Letter(lang, letterhead(current_settings(conn)))
    pdf.heading(title)
    pdf.paragraph(updated_line, size=9.5)
    for section in sections:
        pdf.heading(section.heading, size=11)
        for p in section.paragraphs:
            pdf.paragraph(p, size=10)
        for b in section.bullets:
            pdf.bullet(b)
        if section.bullets:
            pdf.ln(1.2)
    return bytes(pdf.output())
